import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { jars } from '../support/cli.js';

describe('jars predictor eval (real binary)', () => {
  it('prints Kendall τ tables for every method and writes the JSON report', () => {
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'jars-pe-')), 'pe.json');
    const r = jars(['predictor', 'eval', '--benchmark', 'nb201-cifar10', '--train-sizes', '20', '--seeds', '1', '--held-out', '100', '--out', out]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/Kendall/);
    for (const method of ['ridge-onehot', 'neural', 'neural-pretrained']) expect(r.stdout).toMatch(new RegExp(`^${method} `, 'm'));
    const json = JSON.parse(readFileSync(out, 'utf8')) as { benchmark?: string };
    expect(JSON.stringify(json)).toMatch(/nb201-cifar10/);
  });

  it('rejects bad flags with exit code 2', () => {
    const r = jars(['predictor', 'eval', '--train-sizes', '0,10']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^jars: --train-sizes must be a comma-separated list of positive numbers, but got "0,10"/);
  });
});
