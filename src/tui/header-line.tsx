import { Text } from 'ink';
import { truncate } from './format.js';

export interface HeaderLineProps {
  readonly strategy: string | undefined;
  readonly evaluator: string | undefined;
  readonly seed: number | undefined;
  readonly sessions: number;
  readonly paused: boolean;
  readonly stopping: boolean;
  readonly width: number;
}

/** `jars search · rea · nb201-cifar10 · seed 1 · resumed (session 2)` with a PAUSED / STOPPING badge. */
export function HeaderLine({ strategy, evaluator, seed, sessions, paused, stopping, width }: HeaderLineProps) {
  const badge = stopping ? ' STOPPING… ' : paused ? ' PAUSED ' : '';
  const parts = ['jars search', ...(strategy ? [strategy] : []), ...(evaluator ? [evaluator] : []), ...(seed !== undefined ? [`seed ${seed}`] : [])];
  if (sessions > 1) parts.push(`resumed (session ${sessions})`);
  return (
    <Text wrap="truncate">
      <Text bold>{truncate(parts.join(' · '), width - badge.length - 1)}</Text>
      {badge ? ' ' : ''}
      {badge ? (
        <Text inverse color={stopping ? 'red' : 'yellow'}>
          {badge}
        </Text>
      ) : null}
    </Text>
  );
}
