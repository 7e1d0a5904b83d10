#!/usr/bin/env node
// Thin launcher: the CLI is compiled to dist/ by `npm run build` (run by `npm ci` through `prepare`).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  process.stderr.write('jars: dist/ is missing; run `npm run build` (npm ci does it for you)\n');
  process.exit(2);
}
// React's development build costs ~2x CPU per TUI repaint.
process.env.NODE_ENV ??= 'production';
await import(entry.href);
