import { Text } from 'ink';
import { formatDuration } from './format.js';
import type { RunProgress } from './run-progress.js';

export interface ProgressBarProps {
  readonly progress: RunProgress;
  readonly finished: boolean;
  /** While paused the average pace means nothing: no ETA is shown. */
  readonly paused: boolean;
  readonly width: number;
}

/** `████████░░░░░░  30% · 12/40 evals · 1 failed · 1m02s elapsed · ETA 2m10s` */
export function ProgressBar({ progress, finished, paused, width }: ProgressBarProps) {
  const percent = `${Math.floor(progress.fraction * 100)}%`.padStart(4);
  const limits = progress.limits.map((l) => l.label).join(' · ');
  const when = finished ? 'done' : paused ? 'ETA – (paused)' : `ETA ${formatDuration(progress.etaSeconds)}`;
  const failed = progress.failed > 0 ? ` · ${progress.failed} failed` : '';
  // A time budget's label (`1m02s/5m00s`) already shows the elapsed time.
  const elapsed = progress.limits.some((l) => l.kind === 'seconds') ? '' : ` · ${formatDuration(progress.elapsedSeconds)} elapsed`;
  const tail = ` ${percent} · ${limits}${failed}${elapsed} · ${when}`;
  const barWidth = Math.max(10, Math.min(40, width - tail.length));
  const filled = Math.round(progress.fraction * barWidth);
  return (
    <Text wrap="truncate">
      <Text color="green">{'█'.repeat(filled)}</Text>
      <Text dimColor>{'░'.repeat(barWidth - filled)}</Text>
      {tail}
    </Text>
  );
}
