import { Box, Text } from 'ink';
import { formatDuration, truncate } from './format.js';
import type { PendingCandidate, RunState } from '../run/index.js';
import { describeSafely } from './view-model.js';

export interface WorkerPanelProps {
  readonly state: RunState;
  readonly describe: (candidate: unknown) => string;
  /** Wall-clock now, for how long each candidate has run; undefined hides ages. */
  readonly nowMs: number | undefined;
  readonly width: number;
  /** Lines available, title included. */
  readonly rows: number;
}

/** One line per worker slot: the candidate it runs and for how long; queued proposals counted below. */
export function WorkerPanel({ state, describe, nowMs, width, rows }: WorkerPanelProps) {
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
