import { Text } from 'ink';
import { truncate } from './format.js';

export interface KeyBarProps {
  /** False when stdin is not a terminal: keys are then not read at all. */
  readonly keysEnabled: boolean;
  readonly axesCycle: boolean;
  readonly message: string | undefined;
  readonly width: number;
}

/** The key legend, or the latest message (an export result, "stopping…"). */
export function KeyBar({ keysEnabled, axesCycle, message, width }: KeyBarProps) {
  const keys = keysEnabled
    ? `q stop · p pause/resume · ←→ select · e export${axesCycle ? ' · o axes' : ''}`
    : 'keys off (stdin is not a terminal): stop with Ctrl+C';
  if (message) {
    return (
      <Text wrap="truncate">
        <Text color="yellow">{truncate(message, width)}</Text>
        <Text dimColor>{truncate(`  ${keys}`, Math.max(0, width - message.length))}</Text>
      </Text>
    );
  }
  return (
    <Text dimColor wrap="truncate">
      {truncate(keys, width)}
    </Text>
  );
}
