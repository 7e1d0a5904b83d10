import type { Objective } from '../core/index.js';
import { paretoFront } from '../pareto/index.js';
import type { ProductCandidate, ProductSpace } from '../space/index.js';
import type { TabularBenchmark } from './tabular-benchmark.js';

/**
 * The space a search over a benchmark sees: at full fidelity only the full training schedule
 * (e.g. NB201's 200 epochs); with `multi` the cheap schedules too.
 */
export function benchmarkSearchSpace(space: ProductSpace, fidelity: 'full' | 'multi'): ProductSpace {
  const f = space.fidelity;
  return f && fidelity === 'full' ? space.restrict({ [f.dimension]: [f.full] }) : space;
}

/** A candidate's true objective values (the table's means, hidden metrics included), minimised. */
export function benchmarkLosses(benchmark: TabularBenchmark, candidate: ProductCandidate, objectives: readonly Objective[]): number[] {
  const truth = benchmark.truth(candidate);
  return objectives.map((o) => (o.direction === 'max' ? -(truth[o.metric] as number) : (truth[o.metric] as number)));
}

/** The benchmark's true Pareto front over all full-fidelity rows, as minimised points. */
export function trueParetoFront(benchmark: TabularBenchmark, objectives: readonly Objective[]): number[][] {
  const points: number[][] = [];
  for (let row = 0; row < benchmark.rowCount; row++) points.push(benchmarkLosses(benchmark, benchmark.candidateAt(row), objectives));
  return paretoFront(points).map((i) => points[i] as number[]);
}
