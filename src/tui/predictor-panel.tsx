import { Box, Text } from 'ink';
import { formatDuration, formatMetric, truncate } from './format.js';
import type { PredictorFit } from '../run/index.js';

export interface PredictorPanelProps {
  readonly fits: readonly PredictorFit[];
  readonly width: number;
}

const QUALITY_NAMES: Record<string, string> = { kendallTau: 'Kendall τ', spearman: 'Spearman ρ', spearmanRho: 'Spearman ρ' };

/** Quality of the latest predictor fit (rank correlation on the latest batch), its time and sample count. */
export function PredictorPanel({ fits, width }: PredictorPanelProps) {
  const last = fits[fits.length - 1];
  const previous = fits[fits.length - 2];
  return (
    <Box flexDirection="column" width={width}>
      <Text bold wrap="truncate">
        {truncate(`Predictor${fits.length > 0 ? ` · ${fits.length} fit${fits.length === 1 ? '' : 's'}` : ''}`, width)}
      </Text>
      {last === undefined ? (
        <Text dimColor>{truncate(' no fit yet', width)}</Text>
      ) : (
        <>
          {Object.entries(last.quality).map(([name, value]) => {
            const before = previous?.quality[name];
            const trend = before === undefined ? '' : ` (was ${formatMetric(before)})`;
            return (
              <Text key={name} wrap="truncate">
                {truncate(` ${QUALITY_NAMES[name] ?? name} ${formatMetric(value)}${trend}`, width)}
              </Text>
            );
          })}
          <Text dimColor wrap="truncate">
            {truncate(` ${last.samples} samples · fit ${fitTime(last.seconds)}`, width)}
          </Text>
        </>
      )}
    </Box>
  );
}

/** Fits of the GP take milliseconds; "0.0s" would read as if nothing were fitted. */
export function fitTime(seconds: number): string {
  return seconds >= 0 && seconds < 0.1 ? `${Math.max(1, Math.round(seconds * 1000))}ms` : formatDuration(seconds);
}
