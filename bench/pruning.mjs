// Pruning on the default search: `jars search` (fbnetv3, CNN + recipe on the mnist package's digits)
// with the same seed and evaluation budget, without a pruner and with each one. Prints wall time,
// evaluations pruned, the cost spent (full-training equivalents) and the front's best validAcc, per
// seed, then over all seeds: total time against no pruning, and the front best's mean and worst change.
// Pruning changes which candidates the search tries next, so one seed says little: use several.
//   node bench/pruning.mjs [budget=40] [seeds=0] [pruners=none,median,asha]     (after npm run build)
//   e.g. node bench/pruning.mjs 40 0,1,2,3
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const budget = process.argv[2] ?? '40';
const seeds = (process.argv[3] ?? '0').split(',');
const pruners = (process.argv[4] ?? 'none,median,asha').split(',');
const dir = mkdtempSync(path.join(os.tmpdir(), 'jars-pruning-'));
const rows = [];
try {
  for (const seed of seeds) {
    for (const pruner of pruners) {
      const name = `${pruner}-s${seed}`;
      const started = Date.now();
      const args = [path.join(root, 'bin', 'jars.js'), 'search', '--budget', budget, '--seed', seed, '--runs-dir', dir, '--name', name, '--no-tui', '--quiet', ...(pruner === 'none' ? [] : ['--prune', pruner])];
      const r = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`${name}: exit ${r.status}: ${r.stderr}`);
      const seconds = (Date.now() - started) / 1000;
      const evaluated = readFileSync(path.join(dir, name, 'journal.jsonl'), 'utf8')
        .split('\n')
        .filter((l) => l.includes('"candidate-evaluated"'))
        .map((l) => JSON.parse(l).evaluation);
      const full = evaluated.filter((e) => !e.failure && !e.pruned);
      const best = Math.max(...full.map((e) => e.metrics.validAcc));
      const cost = evaluated.reduce((a, e) => a + e.cost, 0);
      rows.push({ seed, pruner, seconds, best });
      console.log(`seed ${seed} ${pruner.padEnd(6)} ${seconds.toFixed(1).padStart(6)} s  ${String(evaluated.length).padStart(3)} evaluations, ${String(evaluated.length - full.length).padStart(2)} pruned or failed, cost ${cost.toFixed(2)} full trainings, front best validAcc ${best.toFixed(4)}`);
    }
  }
  if (pruners.includes('none')) {
    for (const pruner of pruners.filter((p) => p !== 'none')) {
      let time = 0;
      let baseTime = 0;
      const deltas = [];
      for (const seed of seeds) {
        const base = rows.find((r) => r.seed === seed && r.pruner === 'none');
        const row = rows.find((r) => r.seed === seed && r.pruner === pruner);
        time += row.seconds;
        baseTime += base.seconds;
        deltas.push(100 * (row.best - base.best));
      }
      const mean = deltas.reduce((a, d) => a + d, 0) / deltas.length;
      console.log(`${pruner}: ${((100 * time) / baseTime).toFixed(0)}% of the time over ${seeds.length} seed(s); front best ${mean >= 0 ? '+' : ''}${mean.toFixed(2)} points on average (worst ${Math.min(...deltas).toFixed(2)}) against no pruning`);
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
