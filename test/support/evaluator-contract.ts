import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { JarsError, Rng, evaluationRng } from '../../src/core/index.js';
import type { Candidate, Evaluation } from '../../src/core/index.js';
import { SearchEngine } from '../../src/engine/index.js';
import { MemoryRunJournal } from '../../src/run/index.js';
import { buildRunParts, parseRunConfig, prepareRunConfig } from '../../src/setup/index.js';
import type { RunConfig, RunParts } from '../../src/setup/index.js';
import type { Strategy } from '../../src/search/index.js';

/** How the contract suite runs one evaluator kind: a small, quick config and its failure case. */
export interface EvaluatorFixture {
  /** The `evaluator` part of a run config (small: a few seconds per evaluation at most). */
  readonly evaluator: Record<string, unknown>;
  readonly objectives: RunConfig['objectives'];
  /** A candidate of the space whose evaluation fails, or why the kind cannot fail. */
  readonly failing:
    | ((space: RunParts['space'], rng: Rng) => Candidate)
    | { readonly cannotFail: string }
    /** An evaluator config under which every evaluation fails (e.g. a trainer command that exits 3). */
    | { readonly failingEvaluator: Record<string, unknown> };
  /** Evaluations long enough to stop midway: an evaluator config where one takes ≥ 1 s. */
  readonly slow: Record<string, unknown>;
}

function configOf(fixture: EvaluatorFixture, evaluator: Record<string, unknown>, workers: number): RunConfig {
  return prepareRunConfig(parseRunConfig({ version: 1, evaluator, strategy: 'random', objectives: fixture.objectives, budget: { queries: 4 }, seed: 3, workers }));
}

/** Parts built as `jars search` builds them: inside a (temporary) run folder. */
function partsOf(config: RunConfig): RunParts {
  return buildRunParts(config, { runDir: mkdtempSync(path.join(tmpdir(), 'jars-contract-')) });
}

/** Evaluates like the engine: a thrown non-JarsError is this candidate's failure. */
async function evaluateAsEngine(parts: RunParts, candidate: Candidate, id: number, signal?: AbortSignal): Promise<Evaluation> {
  try {
    return await parts.evaluator.evaluate(candidate, { rng: evaluationRng(3, id), candidateId: id, ...(signal ? { signal } : {}) });
  } catch (error) {
    if (error instanceof JarsError) throw error;
    return { metrics: {}, cost: 0, seconds: 0, failure: String(error) };
  }
}

/** A strategy that proposes fixed candidates in order (no search logic in the way). */
function fixedStrategy(candidates: readonly Candidate[]): Strategy<Candidate> {
  let next = 0;
  return {
    name: 'fixed',
    ask: async (n: number) => candidates.slice(next, (next += n)),
    tell: async () => {},
  } as unknown as Strategy<Candidate>;
}

/**
 * The contract every registered evaluator kind meets (call inside a describe() per kind): it
 * evaluates the space's candidates into the metrics it declares, `costOf` (when given) predicts
 * the cost, it runs `workers` evaluations at once, a failing candidate is a failed evaluation
 * (never a crashed run), and an aborted evaluation settles promptly.
 */
export function evaluatorContract(fixture: EvaluatorFixture): void {
  it('evaluates sampled candidates into finite declared metrics, a positive cost and seconds', async () => {
    const parts = partsOf(configOf(fixture, fixture.evaluator, 1));
    try {
      const rng = new Rng('contract');
      for (let i = 0; i < 2; i++) {
        const candidate = parts.space.sample(rng);
        const e = await evaluateAsEngine(parts, candidate, i);
        expect(e.failure).toBeUndefined();
        for (const o of fixture.objectives) expect(Number.isFinite(e.metrics[o.metric])).toBe(true);
        for (const name of Object.keys(e.metrics)) expect(parts.metricNames).toContain(name);
        expect(e.cost).toBeGreaterThan(0);
        expect(e.seconds).toBeGreaterThanOrEqual(0);
        if (parts.evaluator.costOf) expect(parts.evaluator.costOf(candidate)).toBeCloseTo(e.cost, 9);
      }
    } finally {
      await parts.evaluator.close?.();
    }
  });

  it('runs `workers` evaluations at once under the engine', async () => {
    const config = configOf(fixture, fixture.slow, 2);
    const parts = partsOf(config);
    let running = 0;
    let most = 0;
    const evaluator = {
      ...parts.evaluator,
      name: parts.evaluator.name,
      metricNames: parts.evaluator.metricNames,
      evaluate: async (c: Candidate, ctx: Parameters<typeof parts.evaluator.evaluate>[1]) => {
        most = Math.max(most, ++running);
        try {
          return await parts.evaluator.evaluate(c, ctx);
        } finally {
          running--;
        }
      },
    };
    expect(parts.evaluator.concurrency ?? config.workers).toBe(2);
    const rng = new Rng('concurrency');
    const candidates = Array.from({ length: 4 }, () => parts.space.sample(rng));
    try {
      const engine = new SearchEngine({
        space: parts.space,
        evaluator,
        strategy: fixedStrategy(candidates),
        objectives: parts.objectives,
        budget: { queries: 4 },
        seed: 3,
        journal: new MemoryRunJournal(),
        concurrency: 2,
      });
      const result = await engine.run();
      expect(result.observations).toHaveLength(4);
      expect(most).toBe(2);
    } finally {
      await parts.evaluator.close?.();
    }
  });

  it('records a failing candidate as a failed evaluation, not a crash', async () => {
    const failing = fixture.failing;
    if ('cannotFail' in failing) {
      expect(failing.cannotFail.length).toBeGreaterThan(0);
      return;
    }
    const parts = partsOf(configOf(fixture, 'failingEvaluator' in failing ? failing.failingEvaluator : fixture.evaluator, 1));
    try {
      const rng = new Rng('failing');
      const candidate = 'failingEvaluator' in failing ? parts.space.sample(rng) : failing(parts.space, rng);
      const e = await evaluateAsEngine(parts, candidate, 0);
      expect(e.failure).toEqual(expect.any(String));
    } finally {
      await parts.evaluator.close?.();
    }
  });

  it('settles an evaluation promptly when the run stops (its signal aborts)', async () => {
    const parts = partsOf(configOf(fixture, fixture.slow, 1));
    try {
      const candidate = parts.space.sample(new Rng('stop'));
      const stop = new AbortController();
      const started = performance.now();
      const pending = evaluateAsEngine(parts, candidate, 0, stop.signal).catch((error: unknown) => error);
      setTimeout(() => stop.abort(), 300);
      await pending;
      const settledMs = performance.now() - started;
      const full = await evaluateAsEngine(parts, candidate, 1);
      // Stopping takes far less than the evaluation it cut short.
      expect(full.seconds).toBeGreaterThan(1);
      expect(settledMs).toBeLessThan(300 + Math.max(500, full.seconds * 1000 * 0.25));
    } finally {
      await parts.evaluator.close?.();
    }
  });
}
