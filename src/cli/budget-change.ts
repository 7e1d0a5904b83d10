import { InvalidInputError } from '../core/index.js';
import type { Budget } from '../core/index.js';
import { runSeconds, runStateFromEvents } from '../run/index.js';
import type { RunEvent, RunStateConfig } from '../run/index.js';
import { budgetText, sig } from './format.js';

/** The limits `jars resume --budget/--cost-budget/--time-budget` asks for (each a new total for the whole run). */
export type BudgetChange = Partial<Record<keyof Budget, number>>;

const FLAG: Record<keyof Budget, string> = { queries: '--budget', cost: '--cost-budget', seconds: '--time-budget' };

/**
 * What the run has spent of each limit, from its journal: evaluations recorded, their cost, and
 * its running time over all sessions (the same measures the engine's budget counts).
 */
export function spentOf(state: ReturnType<typeof runStateFromEvents>): Required<Budget> {
  return { queries: state.points.length, cost: state.costSpent, seconds: runSeconds(state.clock) };
}

/**
 * The run's budget with `change` laid over the one in force. Each limit given is a new total for
 * the whole run and must exceed what the run has spent of it; a limit kept from before that is
 * spent already must be raised too, or the run would end at once. Throws an InvalidInputError
 * naming the flag, the rule, the value and what is spent.
 */
export function changedBudget(current: Budget, spent: Required<Budget>, change: BudgetChange): Budget {
  const next: Budget = { ...current, ...change };
  for (const key of ['queries', 'cost', 'seconds'] as const) {
    const limit = next[key];
    if (limit === undefined || limit > spent[key]) continue;
    const used = key === 'queries' ? `${spent.queries} evaluations` : key === 'cost' ? `${sig(spent.cost, 4)} full trainings` : `${sig(spent.seconds, 4)} s of running time`;
    if (change[key] !== undefined) {
      throw new InvalidInputError(`${FLAG[key]} is the run's new total and must exceed what it has spent (${used}), but got ${change[key]}`);
    }
    throw new InvalidInputError(`the run's budget ${budgetText(current)} is spent (${used}): give ${FLAG[key]} above that too, or the run ends at once`);
  }
  return next;
}

/**
 * The budget change `jars resume` asks for, checked against what the run's journal says is spent:
 * the `budget-changed` event's fields for the engine to journal when the session starts, or
 * undefined when the budget stays the same. Call it with the run's lock held.
 */
export function budgetChangeFor(events: readonly RunEvent[], config: RunStateConfig, change: BudgetChange): { budget: Budget; previous: Budget } | undefined {
  const state = runStateFromEvents(config, events);
  const budget = changedBudget(state.budget, spentOf(state), change);
  const same = (['queries', 'cost', 'seconds'] as const).every((k) => budget[k] === state.budget[k]);
  return same ? undefined : { budget, previous: state.budget };
}
