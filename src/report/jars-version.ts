import { readFileSync } from 'node:fs';

let cached: string | undefined;

/** This package's version (package.json sits two levels above both src/report and dist/report). */
export function jarsVersion(): string {
  cached ??= (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  return cached;
}
