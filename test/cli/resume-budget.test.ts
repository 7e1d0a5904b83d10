import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { changedBudget } from '../../src/cli/budget-change.js';
import { initialRunState, reduceRunState } from '../../src/run/index.js';
import type { RunEvent } from '../../src/run/index.js';
import { jars } from '../support/cli.js';

const lines = (file: string): RunEvent[] =>
  readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as RunEvent);
const keysOf = (file: string): string[] => lines(file).flatMap((e) => (e.type === 'candidate-evaluated' ? [e.key] : []));
const search = (runs: string, name: string, budget: number) =>
  jars(['search', '--benchmark', 'fcnet-naval', '--strategy', 'rea', '--budget', String(budget), '--seed', '4', '--runs-dir', runs, '--name', name, '--quiet']);

describe('jars resume --budget: extending a run', () => {
  it('continues a finished run to the new total, as a run with that budget from the start would have gone', () => {
    const runs = mkdtempSync(path.join(tmpdir(), 'jars-extend-'));
    expect(search(runs, 'whole', 12).status).toBe(0);
    expect(search(runs, 'ext', 5).status).toBe(0);
    const r = jars(['resume', 'ext', '--budget', '12', '--runs-dir', runs, '--no-tui']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain('jars: budget now 12 evaluations (was 5 evaluations)');
    const journal = path.join(runs, 'ext', 'journal.jsonl');
    expect(keysOf(journal)).toEqual(keysOf(path.join(runs, 'whole', 'journal.jsonl')));
    const changed = lines(journal).filter((e) => e.type === 'budget-changed');
    expect(changed).toMatchObject([{ budget: { queries: 12 }, previous: { queries: 5 } }]);
    const status = jars(['status', 'ext', '--runs-dir', runs]);
    expect(status.stdout).toContain('budget 12 evaluations (changed by jars resume; 5 evaluations at start)');
    expect(status.stdout).toMatch(/^evaluated 12 /m);
  });

  it('refuses a new total not above what is spent, in one line, writing nothing', () => {
    const runs = mkdtempSync(path.join(tmpdir(), 'jars-extend-'));
    expect(search(runs, 'r', 4).status).toBe(0);
    const journal = path.join(runs, 'r', 'journal.jsonl');
    const before = readFileSync(journal);
    const same = jars(['resume', 'r', '--budget', '4', '--runs-dir', runs, '--no-tui']);
    expect(same.status).toBe(2);
    expect(same.stderr).toContain("jars: --budget is the run's new total and must exceed what it has spent (4 evaluations), but got 4");
    // A time budget alone leaves the spent query budget in force: that is refused too.
    const timeOnly = jars(['resume', 'r', '--time-budget', '5m', '--runs-dir', runs, '--no-tui']);
    expect(timeOnly.status).toBe(2);
    expect(timeOnly.stderr).toMatch(/budget 4 evaluations is spent \(4 evaluations\): give --budget above that too/);
    expect(readFileSync(journal).equals(before)).toBe(true);
    expect(jars(['resume', 'r', '--budget', 'x', '--runs-dir', runs]).status).toBe(2);
  });

  it('resumes an interrupted run with a lower limit, not below what is spent', () => {
    const runs = mkdtempSync(path.join(tmpdir(), 'jars-extend-'));
    expect(search(runs, 'r', 10).status).toBe(0);
    const journal = path.join(runs, 'r', 'journal.jsonl');
    const all = readFileSync(journal, 'utf8').trim().split('\n');
    const whole = keysOf(journal);
    // Cut the journal after its 6th evaluation: the run looks interrupted (killed).
    const sixth = all.findIndex((l, i) => all.slice(0, i + 1).filter((x) => x.includes('"candidate-evaluated"')).length === 6);
    writeFileSync(journal, all.slice(0, sixth + 1).join('\n') + '\n');
    expect(jars(['resume', 'r', '--budget', '5', '--runs-dir', runs, '--no-tui']).status).toBe(2);
    const r = jars(['resume', 'r', '--budget', '8', '--runs-dir', runs, '--no-tui']);
    expect(r.status, r.stderr).toBe(0);
    expect(keysOf(journal)).toEqual(whole.slice(0, 8));
  });

  it('checks each limit against what is spent', () => {
    const spent = { queries: 10, cost: 2.5, seconds: 60 };
    expect(changedBudget({ queries: 10 }, spent, { queries: 20 })).toEqual({ queries: 20 });
    expect(changedBudget({ queries: 10, seconds: 100 }, spent, { queries: 20 })).toEqual({ queries: 20, seconds: 100 });
    expect(changedBudget({ seconds: 60 }, spent, { seconds: 120, cost: 3 })).toEqual({ seconds: 120, cost: 3 });
    expect(() => changedBudget({ queries: 20 }, spent, { cost: 2 })).toThrowError(/--cost-budget is the run's new total and must exceed what it has spent \(2.5 full trainings\), but got 2/);
    expect(() => changedBudget({ queries: 20, seconds: 60 }, spent, { queries: 30 })).toThrowError(/is spent \(60 s of running time\): give --time-budget above that too/);
  });

  it('the run state takes the budget of the latest budget-changed event', () => {
    let state = initialRunState({ objectives: [{ metric: 'a', direction: 'max' }], budget: { queries: 5 } });
    const time = new Date().toISOString();
    state = reduceRunState(state, { type: 'run-started', seq: 0, time, seed: 0, resumedFrom: 0 });
    state = reduceRunState(state, { type: 'budget-changed', seq: 1, time, budget: { queries: 9, seconds: 30 }, previous: { queries: 5 } });
    expect(state.budget).toEqual({ queries: 9, seconds: 30 });
  });
});
