// Start-up time of light jars commands (issue 15 item 11): median wall time of N runs each of
// `node -e 0` (the floor), `jars --help`, `ls`, `status`, `trials`, `schema`.
// Usage: npm run build && node bench/cli-startup.mjs [runs=7]
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = path.join(root, 'bin', 'jars.js');
const n = Number(process.argv[2] ?? 7);
const runs = mkdtempSync(path.join(tmpdir(), 'jars-startup-'));
const made = spawnSync(process.execPath, [bin, 'search', '--benchmark', 'hpobench-mlp-car', '--budget', '5', '--runs-dir', runs, '--name', 'r', '--quiet'], { encoding: 'utf8' });
if (made.status !== 0) throw new Error(`could not make a run: ${made.stderr}`);

const cases = [
  ['node -e 0', ['-e', '0']],
  ['jars --help', [bin, '--help']],
  ['jars ls', [bin, 'ls', '--runs-dir', runs]],
  ['jars status', [bin, 'status', 'r', '--runs-dir', runs]],
  ['jars trials', [bin, 'trials', 'r', '--runs-dir', runs]],
  ['jars schema', [bin, 'schema']],
];
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
for (const [name, args] of cases) {
  const times = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    const r = spawnSync(process.execPath, args, { encoding: 'utf8' });
    times.push((performance.now() - t) / 1000);
    if (r.status !== 0) throw new Error(`${name} failed: ${r.stderr}`);
  }
  console.log(`${name.padEnd(12)} median ${median(times).toFixed(2)} s  (min ${Math.min(...times).toFixed(2)}, max ${Math.max(...times).toFixed(2)}, ${n} runs)`);
}
