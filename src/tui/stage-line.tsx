import { Text } from 'ink';
import { truncate } from './format.js';

export interface StageLineProps {
  readonly stage: string | undefined;
  readonly finished: { readonly reason: string; readonly message?: string } | undefined;
  /** Proposed candidates `jars resume` would evaluate (`rerunOnResume`). */
  readonly rerun: number;
  readonly width: number;
}

/** The strategy's current stage, or how the run ended. */
export function StageLine({ stage, finished, rerun, width }: StageLineProps) {
  if (finished) {
    const left = rerun > 0 ? ` · ${rerun} unfinished ${rerun === 1 ? 'evaluation' : 'evaluations'} (jars resume runs ${rerun === 1 ? 'it' : 'them'})` : '';
    const text = `finished: ${finished.reason}${finished.message ? ` (${finished.message})` : ''}${left}`;
    return (
      <Text color={finished.reason === 'failed' ? 'red' : 'green'} wrap="truncate">
        {truncate(text, width)}
      </Text>
    );
  }
  return (
    <Text wrap="truncate">
      <Text dimColor>stage </Text>
      <Text color="cyan">{truncate(stage ?? 'starting…', width - 6)}</Text>
    </Text>
  );
}
