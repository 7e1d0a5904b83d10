import { describe } from 'vitest';
import { createBenchmark } from '../../src/bench/index.js';
import type { TabularBenchmark } from '../../src/bench/index.js';
import { STRATEGY_NAMES } from '../../src/search/index.js';
import { strategyContract } from '../support/strategy-contract.js';

let cached: TabularBenchmark[] | undefined;
const benchmarks = () => (cached ??= [createBenchmark('nb201-cifar10'), createBenchmark('hpobench-mlp-car')]);

// The contract is about proposals, not quality: predictor-driven strategies run here with the
// ridge surrogate and small batches (their quality is measured by bench/strategies-sweep.mjs).
const FAST: Readonly<Record<string, Readonly<Record<string, unknown>>>> = {
  pnas: { predictor: 'ridge', pretrain: false },
  popnas: { predictor: 'ridge', pretrain: false },
  fbnetv3: { predictor: 'ridge', pretrain: false, population: 16, generations: 4 },
  bo: { pool: 128, starts: 2, localSteps: 3 },
};

for (const name of STRATEGY_NAMES) {
  describe(`strategy contract: ${name}`, () => strategyContract(name, benchmarks, FAST[name] ? 40 : 60, FAST[name]));
}
