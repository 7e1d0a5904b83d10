import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

/** The last `maxLines` lines of a log file, at most about `maxBytes`; '' when missing or empty. */
export function logTail(file: string, maxLines = 20, maxBytes = 2048): string {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return '';
  }
  try {
    const size = fstatSync(fd).size;
    const start = Math.max(0, size - maxBytes);
    const buffer = Buffer.alloc(size - start);
    readSync(fd, buffer, 0, buffer.length, start);
    let lines = buffer.toString('utf8').split('\n');
    // Started mid-file: the first line is a fragment.
    if (start > 0 && lines.length > 1) lines = lines.slice(1);
    while (lines.length > 0 && (lines.at(-1) as string).trim() === '') lines.pop();
    return lines.slice(-maxLines).join('\n');
  } finally {
    closeSync(fd);
  }
}
