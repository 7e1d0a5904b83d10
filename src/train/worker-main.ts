/**
 * Entry point of a trainer worker process (started by LocalProcessQueue): receives `init` once,
 * then evaluates one candidate at a time. Each process has its own wasm heap, so memory a
 * model grew is returned to the OS when the pool recycles the process.
 */
import { Worker } from 'node:worker_threads';
import { Rng } from '../core/index.js';
import type { IntermediateReport, PruneDecision } from '../core/index.js';
import { createSpace } from '../space/index.js';
import type { ArchSpecSource } from './candidate-job.js';
import { TrainerEvaluator } from './trainer.js';
import type { TrainerContext } from './trainer.js';
import type { FromWorker, ToWorker } from './worker-protocol.js';

let evaluator: TrainerEvaluator | undefined;
/** Why the dataset could not be prepared at init, if it could not. */
let dataError: Error | undefined;
const aborts = new Map<number, AbortController>();
const decisions = new Map<number, (decision: PruneDecision) => void>();
let chain: Promise<void> = Promise.resolve();

/**
 * Replies to the parent. When the parent died (kill -9) mid-evaluation the channel is gone: the
 * result has nowhere to go, so the worker exits quietly instead of printing an EPIPE error.
 */
function send(message: FromWorker): void {
  if (!process.connected) process.exit(0);
  process.send?.(message, undefined, {}, (error) => {
    if (error) process.exit(0);
  });
}

process.on('message', (message: ToWorker) => {
  if (message.type === 'init') {
    const { spaceName, ...options } = message.options;
    const space = spaceName === undefined ? undefined : (createSpace(spaceName, {}, 'trainer') as unknown as ArchSpecSource);
    evaluator = new TrainerEvaluator({ ...options, ...(space ? { space } : {}) });
    chain = chain.then(async () => {
      const { initTrainingBackend } = await import('../native/index.js');
      const backend = await initTrainingBackend(message.options.backend);
      // Data that cannot be loaded or split (changed since the run started) is every evaluation's
      // error, with its code (the run stops on it), not a crash with a stack trace.
      try {
        evaluator?.data();
      } catch (error) {
        dataError = error as Error;
      }
      send({ type: 'ready', backend });
    });
  } else if (message.type === 'abort') {
    aborts.get(message.id)?.abort();
  } else if (message.type === 'decision') {
    decisions.get(message.id)?.(message.decision);
    decisions.delete(message.id);
  } else {
    const controller = new AbortController();
    aborts.set(message.id, controller);
    chain = chain.then(async () => {
      try {
        if (!evaluator) throw new Error('worker received a candidate before init');
        if (dataError) throw dataError;
        const id = message.id;
        // Between epochs the training loop awaits the parent's decision (a pruner there decides).
        const reportAsync = (report: IntermediateReport) =>
          new Promise<PruneDecision>((resolve) => {
            decisions.set(id, resolve);
            send({ type: 'progress', id, report });
          });
        const context: TrainerContext = { rng: new Rng(message.seed), signal: controller.signal, ...(message.reports ? { reportAsync } : {}) };
        const evaluation = await evaluator.evaluate(message.candidate, context);
        send({ type: 'result', id: message.id, evaluation });
      } catch (error) {
        const e = error as Error & { code?: string };
        send({ type: 'error', id: message.id, message: e.message, ...(e.code ? { code: e.code } : {}) });
      } finally {
        aborts.delete(message.id);
      }
    });
  }
});

process.on('disconnect', () => process.exit(0));

/**
 * Training runs synchronously for seconds at a time, during which this thread never sees the
 * parent's channel close. A watchdog thread notices the parent is gone (this process was handed to
 * another parent) and ends the process at once: an orphan's result has nowhere to go.
 */
function watchParent(parentPid: number): void {
  const source = `
    const { parentPid } = require('node:worker_threads').workerData;
    setInterval(() => { if (process.ppid !== parentPid) process.kill(process.pid, 'SIGKILL'); }, 100);
  `;
  new Worker(source, { eval: true, workerData: { parentPid } }).unref();
}

// The pool passes its pid: if it died before this line ran, process.ppid is already another.
const parentPid = Number(process.argv[2] ?? process.ppid);
if (Number.isInteger(parentPid) && parentPid > 0) watchParent(parentPid);
