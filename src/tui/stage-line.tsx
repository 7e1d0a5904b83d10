import { Text } from 'ink';
import { truncate } from './format.js';

export interface StageLineProps {
  readonly stage: string | undefined;
  readonly finished: { readonly reason: string; readonly message?: string } | undefined;
  readonly pending: number;
  readonly width: number;
}

/** The strategy's current stage, or how the run ended. */
export function StageLine({ stage, finished, pending, width }: StageLineProps) {
  if (finished) {
    const left = pending > 0 ? ` · ${pending} unfinished evaluation(s) re-run on resume` : '';
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
