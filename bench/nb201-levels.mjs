// NB201's FLOPs take one value per count of 3×3 and 1×1 convolutions: 28 levels, and the true
// (validAcc ↑, flopsM ↓) front holds at most one cell per level. Shared by the front diagnostics.

/** The level of a cell's FLOPs (a string key: FLOPs of one level agree to far below 0.001 M). */
export const flopsLevel = (flopsM) => flopsM.toFixed(3);

/**
 * Validation accuracy of every cell of `bench`, by FLOPs level, best first. `each(candidate, truth,
 * level)` sees every row on the way, for callers that group the table some other way too.
 */
export function accuraciesByLevel(bench, each = () => {}) {
  const levels = new Map();
  for (let row = 0; row < bench.rowCount; row++) {
    const candidate = bench.candidateAt(row);
    const truth = bench.truth(candidate);
    const level = flopsLevel(truth.flopsM);
    if (!levels.has(level)) levels.set(level, []);
    levels.get(level).push(truth.validAcc);
    each(candidate, truth, level);
  }
  for (const accs of levels.values()) accs.sort((a, b) => b - a);
  return levels;
}
