// Pruning on the default search: `jars search` (fbnetv3, CNN + recipe on the mnist package's digits)
// with the same seed and evaluation budget, without a pruner and with each one. Prints wall time,
// evaluations pruned, the cost spent (full-training equivalents) and the front's best validAcc.
//   node bench/pruning.mjs [budget=40] [seed=0] [pruners=none,median,asha]     (after npm run build)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const budget = process.argv[2] ?? '40';
const seed = process.argv[3] ?? '0';
const pruners = (process.argv[4] ?? 'none,median,asha').split(',');
const dir = mkdtempSync(path.join(os.tmpdir(), 'jars-pruning-'));
const rows = [];
try {
  for (const pruner of pruners) {
    const started = Date.now();
    const args = [path.join(root, 'bin', 'jars.js'), 'search', '--budget', budget, '--seed', seed, '--runs-dir', dir, '--name', pruner, '--no-tui', '--quiet', ...(pruner === 'none' ? [] : ['--prune', pruner])];
    const r = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${pruner}: exit ${r.status}: ${r.stderr}`);
    const seconds = (Date.now() - started) / 1000;
    const evaluated = readFileSync(path.join(dir, pruner, 'journal.jsonl'), 'utf8')
      .split('\n')
      .filter((l) => l.includes('"candidate-evaluated"'))
      .map((l) => JSON.parse(l).evaluation);
    const full = evaluated.filter((e) => !e.failure && !e.pruned);
    const best = Math.max(...full.map((e) => e.metrics.validAcc));
    const cost = evaluated.reduce((a, e) => a + e.cost, 0);
    rows.push({ pruner, seconds, evaluated: evaluated.length, pruned: evaluated.length - full.length, cost, best });
    console.log(`${pruner.padEnd(6)} ${seconds.toFixed(1).padStart(6)} s  ${String(evaluated.length).padStart(3)} evaluations, ${String(evaluated.length - full.length).padStart(2)} pruned or failed, cost ${cost.toFixed(2)} full trainings, front best validAcc ${best.toFixed(4)}`);
  }
  const base = rows.find((r) => r.pruner === 'none');
  if (base) {
    for (const r of rows.filter((x) => x !== base)) {
      console.log(`${r.pruner}: ${((100 * r.seconds) / base.seconds).toFixed(0)}% of the time, front best ${(100 * (r.best - base.best)).toFixed(2)} points against no pruning`);
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
