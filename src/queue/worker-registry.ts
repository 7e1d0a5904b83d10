import type { RedisClient } from 'bullmq';

/** One worker as people see it in `status`. */
export interface QueueWorkerInfo {
  readonly id: string;
  readonly host: string;
  readonly pid: number;
  /** Jobs it runs at once. */
  readonly concurrency: number;
  readonly gpus: readonly string[];
  readonly busy: boolean;
  /** Ids of the jobs it is running, as of its last heartbeat. */
  readonly jobs: readonly string[];
  readonly lastHeartbeat: Date;
}

export type WorkerHeartbeat = Omit<QueueWorkerInfo, 'lastHeartbeat'>;

/*
 * BullMQ's own getWorkers() lists connections by client name (address, age, idle) but knows nothing
 * of hosts, pids, busy slots or job ids, so each worker keeps a hash that expires unless renewed,
 * plus its id in a set that readers prune. Both live outside BullMQ's key space (`jars:<queue>:*`).
 */
function setKey(queueName: string): string {
  return `jars-workers:${queueName}`;
}

function hashKey(queueName: string, id: string): string {
  return `jars-worker:${queueName}:${id}`;
}

/** Writes (or renews) a worker's entry; it disappears `ttlMs` after the last call. */
export async function publishWorker(client: RedisClient, queueName: string, beat: WorkerHeartbeat, ttlMs: number): Promise<void> {
  const key = hashKey(queueName, beat.id);
  await client
    .pipeline()
    .hset(key, {
      host: beat.host,
      pid: beat.pid,
      concurrency: beat.concurrency,
      gpus: JSON.stringify(beat.gpus),
      busy: beat.busy ? 1 : 0,
      jobs: JSON.stringify(beat.jobs),
      heartbeat: Date.now(),
    })
    .runCommand('pexpire', [key, Math.max(1, Math.round(ttlMs))])
    .runCommand('sadd', [setKey(queueName), beat.id])
    .exec();
}

export async function unpublishWorker(client: RedisClient, queueName: string, id: string): Promise<void> {
  await client.pipeline().del(hashKey(queueName, id)).runCommand('srem', [setKey(queueName), id]).exec();
}

/** Live workers of a queue, by id; entries whose heartbeat expired are dropped from the set. */
export async function listWorkers(client: RedisClient, queueName: string): Promise<QueueWorkerInfo[]> {
  const ids = (await client.smembers(setKey(queueName))).sort();
  if (ids.length === 0) return [];
  const pipeline = client.pipeline();
  for (const id of ids) pipeline.hgetall(hashKey(queueName, id));
  const replies = (await pipeline.exec()) ?? [];
  const workers: QueueWorkerInfo[] = [];
  const gone: string[] = [];
  ids.forEach((id, i) => {
    const hash = replies[i]?.[1] as Record<string, string> | undefined;
    if (!hash || hash.heartbeat === undefined) {
      gone.push(id);
      return;
    }
    workers.push({
      id,
      host: hash.host ?? '',
      pid: Number(hash.pid),
      concurrency: Number(hash.concurrency),
      gpus: parseList(hash.gpus),
      busy: hash.busy === '1',
      jobs: parseList(hash.jobs),
      lastHeartbeat: new Date(Number(hash.heartbeat)),
    });
  });
  if (gone.length > 0) await client.runCommand('srem', [setKey(queueName), ...gone]);
  return workers;
}

function parseList(text: string | undefined): string[] {
  try {
    const value: unknown = JSON.parse(text ?? '[]');
    return Array.isArray(value) ? value.map(String) : [];
  } catch {
    return [];
  }
}
