import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { jars } from '../support/cli.js';

/** 40 rows of 8×8 "pixels" and a 0/1 label, no header: the layout of sklearn's digits CSV. */
function pixelCsv(dir: string): string {
  const rows = Array.from({ length: 40 }, (_, i) => [...Array.from({ length: 64 }, (_, j) => ((i * 7 + j * 3) % 9) + (i % 2 && j % 8 < 4 ? 8 : 0)), i % 2].join(','));
  const file = path.join(dir, 'pixels.csv');
  writeFileSync(file, rows.join('\n') + '\n');
  return file;
}

describe('image spaces on CSV datasets (real binary)', () => {
  it('the default cnn space on flat rows fails with a hint at --input-shape and --space mlp', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'jars-shape-'));
    const r = jars(['search', '--dataset', pixelCsv(dir), '--budget', '1', '--runs-dir', path.join(dir, 'runs'), '--no-tui']);
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toMatch(/has samples of shape \[64\]: if its rows are images, pass --input-shape HxWxC \(evaluator\.inputShape; e\.g\. 8x8x1\), else use --space mlp$/);
  });

  it('--input-shape 8x8x1 trains the cnn space on them and records the shape', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'jars-shape-'));
    const runs = path.join(dir, 'runs');
    const r = jars(['search', '--dataset', pixelCsv(dir), '--input-shape', '8x8x1', '--budget', '1', '--runs-dir', runs, '--name', 'img', '--no-tui']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/finished \(budget\): 1 evaluated \(0 failed\)/);
    const config = JSON.parse(readFileSync(path.join(runs, 'img', 'config.json'), 'utf8')) as { evaluator: Record<string, unknown> };
    expect(config.evaluator).toMatchObject({ inputShape: [8, 8, 1], space: 'cnn', dataShape: { sampleShape: [8, 8, 1], classes: 2 } });
  });
});
