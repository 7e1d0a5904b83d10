import { Box, Text } from 'ink';
import { formatDuration, truncate } from './format.js';
import type { PendingCandidate, RunState } from '../run/index.js';
import { describeSafely } from './view-model.js';
import type { RemoteQueueReading, RemoteWorkerView } from './remote-queue.js';

export interface WorkerPanelProps {
  readonly state: RunState;
  readonly describe: (candidate: unknown) => string;
  /** Wall-clock now, for how long each candidate has run; undefined hides ages. */
  readonly nowMs: number | undefined;
  readonly width: number;
  /** Lines available, title included. */
  readonly rows: number;
  /** A queued run: its remote workers replace the local slots (undefined: a local run). */
  readonly remote?: RemoteQueueReading | 'reading';
}

/** One line per worker slot: the candidate it runs and for how long; queued proposals counted below. */
export function WorkerPanel({ state, describe, nowMs, width, rows, remote }: WorkerPanelProps) {
  if (remote !== undefined) return <RemoteWorkerPanel state={state} describe={describe} nowMs={nowMs} width={width} rows={rows} remote={remote} />;
  const byId = new Map(state.pending.map((p) => [p.id, p]));
  // After the run ends nothing runs: leftovers are reported by the stage line.
  const slots = state.finished ? state.slots.map(() => null) : state.slots;
  const busy = slots.filter((s) => s !== null).length;
  const queued = state.finished ? 0 : state.pending.length - busy;
  const slotRows = Math.max(0, rows - 1 - (queued > 0 ? 1 : 0));
  const shown = slots.slice(0, slots.length > slotRows ? Math.max(0, slotRows - 1) : slotRows);
  const hidden = slots.length - shown.length;
  return (
    <Box flexDirection="column" width={width}>
      <Text bold wrap="truncate">
        {truncate(`Workers · ${busy}/${state.workers} busy`, width)}
      </Text>
      {shown.map((id, w) => (
        <Text key={w} wrap="truncate" {...(id === null ? { dimColor: true } : {})}>
          {truncate(slotText(w, id === null ? undefined : byId.get(id), describe, nowMs), width)}
        </Text>
      ))}
      {hidden > 0 ? <Text dimColor>{truncate(` … ${hidden} more worker(s)`, width)}</Text> : null}
      {queued > 0 ? <Text dimColor>{truncate(` ${queued} queued`, width)}</Text> : null}
    </Box>
  );
}

function slotText(
  slot: number,
  pending: PendingCandidate | undefined,
  describe: (candidate: unknown) => string,
  nowMs: number | undefined,
): string {
  const name = ` w${slot + 1} `;
  if (!pending) return `${name}idle`;
  const age = nowMs !== undefined && Number.isFinite(pending.proposedAtMs) ? ` ${formatDuration((nowMs - pending.proposedAtMs) / 1000)}` : '';
  return `${name}#${pending.id}${age} ${describeSafely(describe, pending.candidate, pending.key)}`;
}

/**
 * A queued run: the queue's depth in the title, then one line per remote worker (host and pid, last
 * heartbeat, then each candidate it runs, or idle). Only the coordinator's reading of Redis is shown:
 * a worker that died shows until its heartbeat entry expires.
 */
function RemoteWorkerPanel({ state, describe, nowMs, width, rows, remote }: WorkerPanelProps & { remote: RemoteQueueReading | 'reading' }) {
  const byId = new Map(state.pending.map((p) => [p.id, p]));
  let title: string;
  let lines: { text: string; dim: boolean }[];
  if (remote === 'reading') {
    title = 'Queue · reading…';
    lines = [];
  } else if ('error' in remote) {
    title = 'Queue · unreadable';
    lines = [{ text: ` ${remote.error}`, dim: true }];
  } else {
    const { view } = remote;
    title = `Queue · ${view.waiting} waiting · ${view.active} running`;
    lines = view.workers.length === 0 && !state.finished
      ? [{ text: ' no worker yet: run `jars worker`', dim: true }]
      : view.workers.flatMap((w) => remoteLines(w, byId, describe, nowMs ?? remote.atMs));
  }
  const shown = lines.length > rows - 1 ? lines.slice(0, Math.max(0, rows - 2)) : lines;
  const hidden = lines.length - shown.length;
  return (
    <Box flexDirection="column" width={width}>
      <Text bold wrap="truncate">
        {truncate(title, width)}
      </Text>
      {shown.map((line, i) => (
        <Text key={i} wrap="truncate" {...(line.dim ? { dimColor: true } : {})}>
          {truncate(line.text, width)}
        </Text>
      ))}
      {hidden > 0 ? <Text dimColor>{truncate(` … ${hidden} more line(s)`, width)}</Text> : null}
    </Box>
  );
}

function remoteLines(
  worker: RemoteWorkerView,
  byId: ReadonlyMap<number, PendingCandidate>,
  describe: (candidate: unknown) => string,
  nowMs: number,
): { text: string; dim: boolean }[] {
  const beat = `hb ${formatDuration(Math.max(0, (nowMs - worker.lastHeartbeatMs) / 1000))}`;
  const gpus = worker.gpus.length > 0 ? ` gpu ${worker.gpus.join(',')}` : '';
  const others = worker.otherJobs > 0 ? ` · ${worker.otherJobs} job(s) of other runs` : '';
  const head = { text: ` ${worker.host}:${worker.pid}${gpus} · ${beat} · ${worker.busy ? 'busy' : 'idle'}${others}`, dim: !worker.busy };
  return [
    head,
    // Its job list is as of its last heartbeat: a candidate journalled since then is done.
    ...worker.candidateIds.flatMap((id) => {
      const pending = byId.get(id);
      return pending ? [{ text: `   #${id} ${describeSafely(describe, pending.candidate, pending.key)}`, dim: false }] : [];
    }),
  ];
}
