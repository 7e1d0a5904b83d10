import { describe } from 'vitest';
import { createBenchmark } from '../../src/bench/index.js';
import type { TabularBenchmark } from '../../src/bench/index.js';
import { STRATEGY_NAMES } from '../../src/search/index.js';
import { strategyContract } from '../support/strategy-contract.js';

let cached: TabularBenchmark[] | undefined;
const benchmarks = () => (cached ??= [createBenchmark('nb201-cifar10'), createBenchmark('hpobench-mlp-car')]);

for (const name of STRATEGY_NAMES) {
  describe(`strategy contract: ${name}`, () => strategyContract(name, benchmarks));
}
