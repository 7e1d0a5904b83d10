#!/usr/bin/env node
// Computes the data-free zero-cost proxies (synflow, zen, naswot; src/train/proxies.ts) of every
// NAS-Bench-201 cell on the benchmark's CIFAR-10 network at initialisation and writes them to
// predictors/nb201-proxies.json, which the nb201 space reads as free statistics.
//
//   npx tsc -p tsconfig.build.json && node scripts/nb201-proxies.mjs [--workers 2] [--cells N] [--out FILE]
//
// --cells N computes only the first N cells of a seeded shuffle (a quick look); the default is all
// 15,625. Each worker is a child process with its own tfjs; the file records the run time.
// Progress is saved to <out>.partial every 250 cells: a run that stops goes on from there.
import { fork } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const flag = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};

if (process.env.JARS_PROXY_SHARD) {
  // Child: compute the cells it is sent, one message per cell.
  const { initTrainingBackend } = await import(path.join(root, 'dist/native/index.js'));
  const { nb201ZeroCostProxies } = await import(path.join(root, 'dist/train/index.js'));
  const { nb201CellAt, formatNb201 } = await import(path.join(root, 'dist/space/index.js'));
  const backend = await initTrainingBackend();
  process.send({ backend });
  process.on('message', (indices) => {
    for (const index of indices) {
      const start = performance.now();
      const scores = nb201ZeroCostProxies(formatNb201(nb201CellAt(index)));
      process.send({ index, scores, seconds: (performance.now() - start) / 1000 });
    }
    process.send({ done: true });
  });
} else {
  const { NB201_CELLS } = await import(path.join(root, 'dist/space/index.js'));
  const { DATA_FREE_PROXIES, NB201_PROXY_NETWORK } = await import(path.join(root, 'dist/train/index.js'));
  const { Rng } = await import(path.join(root, 'dist/core/index.js'));
  const workers = Number(flag('--workers', String(Math.max(1, Math.min(2, os.availableParallelism())))));
  const count = Number(flag('--cells', String(NB201_CELLS)));
  const out = path.resolve(flag('--out', path.join(root, 'predictors/nb201-proxies.json')));
  if (!(Number.isInteger(workers) && workers >= 1)) throw new Error(`--workers must be a positive integer, but got ${flag('--workers')}`);
  if (!(Number.isInteger(count) && count >= 1 && count <= NB201_CELLS)) throw new Error(`--cells must be an integer in 1…${NB201_CELLS}, but got ${flag('--cells')}`);
  const all = Array.from({ length: NB201_CELLS }, (_, i) => i);
  const indices = count === NB201_CELLS ? all : new Rng('nb201-proxies:sample').shuffle(all).slice(0, count);
  const partialFile = `${out}.partial`;
  const partial = existsSync(partialFile) ? JSON.parse(readFileSync(partialFile, 'utf8')) : undefined;
  const values = partial?.values ?? Object.fromEntries(DATA_FREE_PROXIES.map((p) => [p, new Array(NB201_CELLS).fill(null)]));
  const computed = new Set(partial?.computed ?? []);
  let cellSeconds = partial?.cellSeconds ?? 0;
  const priorWall = partial?.wallSeconds ?? 0;
  if (partial) console.log(`going on from ${partialFile}: ${computed.size} cells done`);
  const todo = indices.filter((i) => !computed.has(i));
  const start = performance.now();
  let done = computed.size;
  let backend = '';
  const save = () => {
    const wallSeconds = priorWall + (performance.now() - start) / 1000;
    writeFileSync(`${partialFile}.tmp`, JSON.stringify({ values, computed: [...computed], cellSeconds, wallSeconds }));
    renameSync(`${partialFile}.tmp`, partialFile);
  };
  await Promise.all(
    Array.from({ length: workers }, (_, w) =>
      new Promise((resolve, reject) => {
        const child = fork(fileURLToPath(import.meta.url), [], { env: { ...process.env, JARS_PROXY_SHARD: String(w) } });
        child.on('message', (m) => {
          if (m.backend) {
            backend = m.backend;
            child.send(todo.filter((_, i) => i % workers === w));
          } else if (m.done) {
            child.kill();
            resolve();
          } else {
            for (const p of DATA_FREE_PROXIES) {
              const v = m.scores[p];
              values[p][m.index] = Number.isFinite(v) ? Math.round(v * 1e6) / 1e6 : null;
            }
            cellSeconds += m.seconds;
            computed.add(m.index);
            if (++done % 250 === 0) save();
            if (done % 500 === 0 || done === indices.length) {
              const elapsed = priorWall + (performance.now() - start) / 1000;
              console.log(`${done}/${indices.length} cells, ${elapsed.toFixed(0)} s, ${(cellSeconds / done).toFixed(3)} s per cell in a worker`);
            }
          }
        });
        child.on('exit', (code) => (code && code !== 0 ? reject(new Error(`worker ${w} exited with ${code}`)) : resolve()));
      }),
    ),
  );
  const wall = priorWall + (performance.now() - start) / 1000;
  const file = {
    format: 1,
    description:
      'Data-free zero-cost proxies of every NAS-Bench-201 cell, natural logs; null where the network output does not depend on its input. Index: edge 0 (0→1) is the most significant base-5 digit, each digit an op index in none, skip_connect, nor_conv_1x1, nor_conv_3x3, avg_pool_3x3.',
    generator: 'node scripts/nb201-proxies.mjs',
    network: NB201_PROXY_NETWORK,
    backend,
    workers,
    cells: indices.length,
    wallSeconds: Math.round(wall),
    secondsPerCell: Math.round((cellSeconds / indices.length) * 1000) / 1000,
    proxies: Object.fromEntries(DATA_FREE_PROXIES.map((p) => [p, values[p]])),
  };
  writeFileSync(`${out}.tmp`, `${JSON.stringify(file)}\n`);
  renameSync(`${out}.tmp`, out);
  rmSync(partialFile, { force: true });
  console.log(`wrote ${path.relative(process.cwd(), out)}: ${indices.length} cells in ${wall.toFixed(0)} s wall (${workers} workers, ${file.secondsPerCell} s per cell, backend ${backend})`);
}
