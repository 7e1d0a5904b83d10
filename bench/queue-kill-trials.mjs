// Kill trials for distributed runs: a coordinator (`jars search --queue`) and worker processes
// (`jars worker`) on a private loopback redis-server, with SIGKILLs of a worker and of the
// coordinator at random moments, then `jars resume`. Each trial checks against an uninterrupted
// local run of the same seed: no evaluation lost, none journalled twice, the same final result.
//
//   node bench/queue-kill-trials.mjs [trials=30] [seed=1] [busy=0]   (needs npm run build and redis-server)
//
// busy: that many processes spinning on the CPU throughout, as on a loaded CI machine (a worker
// then takes seconds, not 0.3 s, to load the NB201 table for its first job).
//
// The test suite runs two trials through `killTrial` (test/cli/queue.test.ts).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { startRedis } from './redis-server.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const jarsBin = path.join(root, 'bin', 'jars.js');

/** The run every trial makes: REA on NB201 replayed in scaled real time, one job in flight (deterministic). */
export const TRIAL_RUN = ['--benchmark', 'nb201-cifar10', '--simulate-seconds', '0.15', '--strategy', 'rea', '--budget', '24', '--no-tui'];

function jars(args, options = {}) {
  return spawn(process.execPath, [jarsBin, ...args], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'], ...options });
}

function exited(child) {
  return child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((resolve) => child.once('exit', resolve));
}

/**
 * A journal's evaluations (candidate id → "key validAcc"), how many were delivered more than once,
 * and the failed ones; throws on an evaluation journalled twice.
 */
function readJournal(journalFile) {
  const out = new Map();
  let redelivered = 0;
  const failed = [];
  for (const line of readFileSync(journalFile, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const e = JSON.parse(line);
    if (e.type !== 'candidate-evaluated') continue;
    if (out.has(e.id)) throw new Error(`${journalFile}: candidate ${e.id} journalled twice`);
    out.set(e.id, `${e.key} ${e.evaluation.metrics.validAcc}`);
    if ((e.evaluation.info?.deliveries ?? 1) > 1) redelivered++;
    if (e.evaluation.failure !== undefined) failed.push(`candidate ${e.id} failed: ${e.evaluation.failure}`);
  }
  return { evaluations: out, redelivered, failed };
}

/** candidate id → "key validAcc" of a journal; throws on an evaluation journalled twice. */
export function evaluations(journalFile) {
  return readJournal(journalFile).evaluations;
}

/** The uninterrupted local run of `seed` (no queue): the reference each trial must equal. */
export function referenceRun(runsDir, seed) {
  const r = spawnSync(process.execPath, [jarsBin, 'search', ...TRIAL_RUN, '--seed', String(seed), '--runs-dir', runsDir, '--name', `ref-${seed}`], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`reference run failed: ${r.stderr}`);
  return evaluations(path.join(runsDir, `ref-${seed}`, 'journal.jsonl'));
}

/**
 * One trial: 3 workers (lock 1 s), a coordinator; SIGKILL worker `killWorkerAtMs` after start and
 * the coordinator at `killCoordinatorAtMs` (either may be undefined), start a fresh worker for the
 * dead one, resume until finished, and compare with the reference.
 */
export async function killTrial({ redisUrl, runsDir, seed, queueName, killWorkerAtMs, killCoordinatorAtMs, reference }) {
  const workerArgs = ['worker', '--queue', redisUrl, '--queue-name', queueName, '--lock-seconds', '1', '--work-dir', path.join(runsDir, 'w')];
  const workers = [jars(workerArgs), jars(workerArgs), jars(workerArgs)];
  const name = `q-${seed}-${queueName}`;
  const runArgs = ['search', ...TRIAL_RUN, '--seed', String(seed), '--queue', redisUrl, '--queue-name', queueName, '--runs-dir', runsDir, '--name', name];
  let coordinator = jars(runArgs);
  const stderr = [];
  coordinator.stderr.on('data', (d) => stderr.push(String(d)));
  const started = Date.now();
  const events = [
    ...(killWorkerAtMs !== undefined ? [{ at: killWorkerAtMs, what: 'worker' }] : []),
    ...(killCoordinatorAtMs !== undefined ? [{ at: killCoordinatorAtMs, what: 'coordinator' }] : []),
  ].sort((a, b) => a.at - b.at);
  const killed = [];
  try {
    for (const event of events) {
      await Promise.race([sleep(Math.max(0, event.at - (Date.now() - started))), exited(coordinator)]);
      if (coordinator.exitCode !== null) break;
      if (event.what === 'worker') {
        // Two of the three: with one job in flight, the busy worker is among them 2 times in 3
        // (the journal's info.deliveries > 1 shows a job delivered again: taken over from a dead
        // worker, or from a live one whose lock expired).
        for (const i of [seed % 3, (seed + 1) % 3]) {
          workers[i].kill('SIGKILL');
          await exited(workers[i]);
          workers[i] = jars(workerArgs);
        }
        killed.push('workers');
      } else {
        coordinator.kill('SIGKILL');
        await exited(coordinator);
        killed.push('coordinator');
      }
    }
    await exited(coordinator);
    // Resume until the run says it finished (a kill may have hit it at any point).
    for (let i = 0; i < 3; i++) {
      const journalFile = path.join(runsDir, name, 'journal.jsonl');
      const last = existsSync(journalFile) ? (readFileSync(journalFile, 'utf8').trim().split('\n').at(-1) ?? '') : '';
      if (last.includes('"run-finished"')) break;
      // Killed before its run folder existed: the user starts the search again.
      coordinator = jars(existsSync(path.join(runsDir, name, 'config.json')) ? ['resume', path.join(runsDir, name), '--no-tui'] : runArgs);
      coordinator.stderr.on('data', (d) => stderr.push(String(d)));
      await exited(coordinator);
    }
    const { evaluations: got, redelivered, failed } = readJournal(path.join(runsDir, name, 'journal.jsonl'));
    const lost = [...reference.keys()].filter((id) => !got.has(id)).length;
    const differ = [...reference.keys()].filter((id) => got.has(id) && got.get(id) !== reference.get(id)).length;
    return { killed, redelivered, failed, evaluated: got.size, lost, differ, extra: got.size - (reference.size - lost), seconds: (Date.now() - started) / 1000, stderr: [...failed, stderr.join('')].join('\n') };
  } finally {
    for (const w of workers) w.kill('SIGTERM');
    await Promise.all(workers.map(exited));
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const trials = Number(process.argv[2] ?? 30);
  let state = Number(process.argv[3] ?? 1);
  const busy = [];
  const random = () => ((state = (state * 1103515245 + 12345) % 2147483648) / 2147483648);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'jars-kill-'));
  const references = new Map();
  let totalLost = 0;
  let totalRepeated = 0;
  let totalDiffer = 0;
  let totalRedelivered = 0;
  let redis;
  try {
    redis = await startRedis(dir);
    for (let i = 0; i < Number(process.argv[4] ?? 0); i++) busy.push(spawn(process.execPath, ['-e', 'for (;;);'], { stdio: 'ignore' }));
    for (let t = 0; t < trials; t++) {
      const seed = t % 5;
      if (!references.has(seed)) references.set(seed, referenceRun(dir, seed));
      const kind = t % 3; // 0: worker, 1: coordinator, 2: both
      const r = await killTrial({
        redisUrl: redis.url,
        runsDir: dir,
        seed,
        queueName: `trial${t}`,
        reference: references.get(seed),
        ...(kind !== 1 ? { killWorkerAtMs: 2500 + random() * 3000 } : {}),
        ...(kind !== 0 ? { killCoordinatorAtMs: 2500 + random() * 3500 } : {}),
      });
      totalLost += r.lost;
      totalRepeated += Math.max(0, r.extra);
      totalDiffer += r.differ;
      totalRedelivered += r.redelivered;
      console.log(`trial ${t + 1}: killed ${r.killed.join('+') || 'nothing (finished first)'}; evaluated ${r.evaluated} (${r.redelivered} delivered more than once), lost ${r.lost}, differing ${r.differ}, ${r.seconds.toFixed(1)} s`);
      for (const why of r.failed) console.log(`  ${why}`);
    }
  } finally {
    for (const b of busy) b.kill('SIGKILL');
    redis?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(`${trials} trials: ${totalRedelivered} jobs delivered more than once; ${totalLost} evaluations lost, ${totalRepeated} journalled twice, ${totalDiffer} differing from the uninterrupted run`);
  process.exit(totalLost + totalRepeated + totalDiffer === 0 ? 0 : 1);
}
