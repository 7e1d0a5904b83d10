// Queue overhead at scale (build first: `npx tsc -p tsconfig.build.json`). Starts a private
// redis-server on a free loopback port (no persistence), 16 worker processes with one slot each,
// and one in-process coordinator that issues `jobs` evaluations keeping `inFlight` jobs queued or
// running; every evaluation sleeps 0.2 s. Prints throughput against the ideal (slots / 0.2 s), the
// coordinator's CPU seconds per evaluation, Redis commands (and Redis CPU) per evaluation from
// INFO commandstats / INFO cpu, the workers' CPU per evaluation, and the load average.
// Usage: node bench/queue-scale.mjs [jobs=2000] [inFlight=16] [workers=16] [sleepMs=200]
import { spawn } from 'node:child_process';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { setTimeout } from 'node:timers';
import { fileURLToPath } from 'node:url';
import { Rng } from '../dist/core/index.js';
import { createQueueEvaluator, runQueueWorker } from '../dist/queue/index.js';
import { startRedis } from './redis-server.mjs';

const self = fileURLToPath(import.meta.url);

if (process.argv[2] === '--worker') {
  const [url, queueName, sleepMs] = process.argv.slice(3);
  const worker = await runQueueWorker({
    url,
    queueName,
    concurrency: 1,
    host: 'bench',
    buildEvaluator: () => ({
      name: 'sleep',
      metricNames: ['candidate'],
      evaluate: async (_candidate, context) => {
        await new Promise((resolve) => setTimeout(resolve, Number(sleepMs)));
        return { metrics: { candidate: context.candidateId ?? -1 }, cost: 1, seconds: Number(sleepMs) / 1000 };
      },
    }),
  });
  console.log(`ready ${worker.id}`);
  process.once('SIGTERM', async () => {
    await worker.stop();
    const cpu = process.cpuUsage();
    console.log(`cpu ${(cpu.user + cpu.system) / 1e6}`);
    process.exit(0);
  });
} else {
  await coordinate();
}

async function coordinate() {
  const jobs = Number(process.argv[2] ?? 2000);
  const inFlight = Number(process.argv[3] ?? 16);
  const workerCount = Number(process.argv[4] ?? 16);
  const sleepMs = Number(process.argv[5] ?? 200);
  const redis = await startRedis();
  const runId = `bench-${Date.now()}`;
  const queueName = `jars-${runId}`;
  const workers = [];
  const cleanup = () => {
    for (const w of workers) w.child.kill('SIGKILL');
    redis.stop();
  };
  process.once('exit', cleanup);
  try {
    for (let i = 0; i < workerCount; i++) workers.push(startWorker(redis.url, queueName, sleepMs));
    const notices = [];
    const queue = createQueueEvaluator({
      url: redis.url,
      runId,
      payload: (candidate, context) => ({ candidate, candidateId: context.candidateId, seed: 1, evaluatorConfig: { kind: 'sleep' } }),
      metricNames: ['candidate'],
      concurrency: inFlight,
      onNotice: (t) => notices.push(t),
    });
    const startedAt = Date.now();
    while ((await queue.status()).workers.length < workerCount) await sleep(100);
    console.log(`${workerCount} workers up in ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);
    await sleep(1000); // let the start-up settle before measuring

    const load = os.loadavg();
    const statsBefore = parseInfo(await redis.command('INFO', 'commandstats'));
    const cpuRedisBefore = parseInfo(await redis.command('INFO', 'cpu'));
    const cpuBefore = process.cpuUsage();
    const t0 = performance.now();
    let next = 0;
    let done = 0;
    let wrong = 0;
    await new Promise((resolve, reject) => {
      const launch = () => {
        while (next < jobs && next - done < inFlight) {
          const id = next++;
          queue
            .evaluate({ arch: { id }, recipe: {} }, { rng: new Rng(id), candidateId: id })
            .then((evaluation) => {
              if (evaluation.metrics.candidate !== id) wrong++;
              done++;
              if (done === jobs) resolve();
              else launch();
            }, reject);
        }
      };
      launch();
    });
    const seconds = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    const statsAfter = parseInfo(await redis.command('INFO', 'commandstats'));
    const cpuRedisAfter = parseInfo(await redis.command('INFO', 'cpu'));
    const loadAfter = os.loadavg();

    const calls = {};
    for (const [key, value] of Object.entries(statsAfter)) {
      const after = Number(/calls=(\d+)/.exec(value)?.[1] ?? 0);
      const before = Number(/calls=(\d+)/.exec(statsBefore[key] ?? '')?.[1] ?? 0);
      if (after > before) calls[key.replace('cmdstat_', '')] = after - before;
    }
    const totalCalls = Object.values(calls).reduce((a, b) => a + b, 0);
    const redisCpu =
      Number(cpuRedisAfter.used_cpu_user) + Number(cpuRedisAfter.used_cpu_sys) - Number(cpuRedisBefore.used_cpu_user) - Number(cpuRedisBefore.used_cpu_sys);
    const ideal = workerCount / (sleepMs / 1000);

    await queue.close();
    const workerCpu = await stopWorkers(workers);
    workers.length = 0;

    console.log(`jobs ${jobs}, in flight ${inFlight}, ${workerCount} worker processes x 1 slot, ${sleepMs} ms per evaluation, ${os.cpus().length} cores`);
    console.log(`wall ${seconds.toFixed(2)} s, throughput ${(jobs / seconds).toFixed(1)}/s vs ideal ${ideal.toFixed(1)}/s (${((100 * jobs) / seconds / ideal).toFixed(1)}%)`);
    console.log(`coordinator CPU ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s = ${((cpu.user + cpu.system) / 1e3 / jobs).toFixed(3)} ms per evaluation`);
    console.log(`workers CPU (whole life, ${workerCount} processes) ${workerCpu.toFixed(2)} s = ${((1000 * workerCpu) / jobs).toFixed(3)} ms per evaluation`);
    console.log(`redis commands ${totalCalls} = ${(totalCalls / jobs).toFixed(1)} per evaluation; redis CPU ${((1000 * redisCpu) / jobs).toFixed(3)} ms per evaluation`);
    const top = Object.entries(calls).sort((a, b) => b[1] - a[1]);
    console.log(`  per evaluation: ${top.map(([k, v]) => `${k} ${(v / jobs).toFixed(2)}`).join(', ')}`);
    console.log(`load average before ${load.map((l) => l.toFixed(2)).join(' ')}, after ${loadAfter.map((l) => l.toFixed(2)).join(' ')}`);
    if (wrong > 0) console.log(`WRONG RESULTS: ${wrong}`);
    if (notices.length > 0) console.log(`notices: ${notices.join(' | ')}`);
  } finally {
    cleanup();
  }
}

function startWorker(url, queueName, sleepMs) {
  const child = spawn(process.execPath, [self, '--worker', url, queueName, String(sleepMs)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = [];
  child.stdout.on('data', (chunk) => lines.push(...chunk.toString().split('\n').filter(Boolean)));
  return { child, lines, exited: new Promise((resolve) => child.once('exit', resolve)) };
}

async function stopWorkers(workers) {
  for (const w of workers) w.child.kill('SIGTERM');
  await Promise.all(workers.map((w) => w.exited));
  return workers.reduce((sum, w) => sum + Number(w.lines.find((l) => l.startsWith('cpu '))?.slice(4) ?? 0), 0);
}

function parseInfo(text) {
  const out = {};
  for (const line of text.split('\r\n')) {
    const at = line.indexOf(':');
    if (at > 0 && !line.startsWith('#')) out[line.slice(0, at)] = line.slice(at + 1);
  }
  return out;
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
