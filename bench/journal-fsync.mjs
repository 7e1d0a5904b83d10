// How fast the run journal takes evaluations: every append is written whole and fsync'd, and the
// coordinator of a distributed run is the only writer, so this is one ceiling on evaluations per
// second for any number of workers. Appends `n` candidate-evaluated events (one per append, as the
// engine does) to a journal in a temporary folder on the disk of `dir` (default: the OS temp dir).
//   node bench/journal-fsync.mjs [n=2000] [dir]
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { JsonlRunJournal } from '../dist/run/index.js';

const n = Number(process.argv[2] ?? 2000);
const dir = mkdtempSync(path.join(process.argv[3] ?? os.tmpdir(), 'jars-fsync-'));
const journal = new JsonlRunJournal(path.join(dir, 'journal.jsonl'));
const evaluation = { metrics: { validAcc: 0.9312, flopsM: 12.4, paramsM: 0.31, trainSeconds: 41.2 }, cost: 1, seconds: 41.2, info: { worker: 'host:123:0', deliveries: 1 } };
const started = performance.now();
for (let id = 0; id < n; id++) await journal.append([{ type: 'candidate-evaluated', id, key: `candidate-${id}`, evaluation }]);
const seconds = (performance.now() - started) / 1000;
await journal.close();
rmSync(dir, { recursive: true, force: true });
console.log(`${n} appends in ${seconds.toFixed(2)} s: ${(n / seconds).toFixed(0)} evaluations/s journalled (${((seconds / n) * 1000).toFixed(2)} ms each, write + fsync) on ${path.dirname(dir)}`);
