import path from 'node:path';
import type { Command } from 'commander';
import { startQueueWorker } from '../../setup/index.js';
import { gpuList, positiveInt, positiveNumber } from '../flags.js';
import { sayIfNativeOff } from '../native-line.js';
import { exitWhenFlushed } from '../exit.js';

interface WorkerFlags {
  queue: string;
  queueName?: string;
  concurrency: number;
  gpus?: string[];
  command?: string;
  space?: string;
  dataset?: string;
  workDir: string;
  lockSeconds: number;
}

export function registerWorkerCommand(program: Command): void {
  program
    .command('worker')
    .description('evaluate candidates of runs on a Redis queue (jars search --queue): any machine, joining and leaving at will')
    .requiredOption('--queue <url>', 'redis://[:password@]host:6379[/db] or rediss://… (the runs\' --queue)')
    .option('--queue-name <name>', 'the queue, if runs name one (default jars-evaluations)')
    .option('--concurrency <n>', 'evaluations at once on this machine', positiveInt('--concurrency'), 1)
    .option('--gpus <ids>', 'GPU ids for the slots, e.g. 0,1 (CUDA_VISIBLE_DEVICES of command trials)', gpuList('--gpus'))
    .option('--command <cmd>', 'the training command for runs that train with one (never taken from the queue)')
    .option('--space <name>', 'refuse jobs of runs on another space')
    .option('--dataset <name|path>', 'refuse jobs of runs on another dataset')
    .option('--work-dir <dir>', 'trial folders and split files, one folder per run', path.join('runs', 'worker'))
    .option('--lock-seconds <s>', 'a job of a worker that died goes to another worker after about twice this (about 11 times this if it died while first loading a run\'s data)', positiveNumber('--lock-seconds'), 30)
    .action(async (flags: WorkerFlags) => {
      const say = (text: string) => process.stderr.write(`jars worker: ${text}\n`);
      sayIfNativeOff('jars worker'); // it may train runs of the tfjs trainer
      const handle = await startQueueWorker({
        url: flags.queue,
        ...(flags.queueName ? { queueName: flags.queueName } : {}),
        concurrency: flags.concurrency,
        ...(flags.gpus ? { gpus: flags.gpus } : {}),
        ...(flags.command ? { command: flags.command } : {}),
        ...(flags.space ? { space: flags.space } : {}),
        ...(flags.dataset ? { dataset: flags.dataset } : {}),
        workDir: path.resolve(flags.workDir),
        lockSeconds: flags.lockSeconds,
        onNotice: say,
      });
      say(`${handle.id} waiting for jobs (concurrency ${flags.concurrency}); Ctrl-C or SIGTERM finishes the jobs in hand, a second one hands them back`);
      await new Promise<void>((resolve) => {
        let stops = 0;
        const stop = (signal: NodeJS.Signals) => {
          stops++;
          say(stops === 1 ? `${signal}: finishing ${handle.activeJobs().length} job(s) in hand` : `${signal}: handing jobs back to the queue`);
          void handle.stop({ returnJobs: stops > 1 }).then(() => resolve());
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
        process.on('SIGHUP', stop);
      });
      say('stopped');
      exitWhenFlushed(0);
    });
}
