import { readFileSync } from 'node:fs';

let cached: string | undefined;

/** This package's version (package.json sits two levels above both src/setup and dist/setup). */
export function jarsVersion(): string {
  cached ??= (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  return cached;
}
