import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { jars } from '../support/cli.js';

describe('jars trials (real binary)', () => {
  let runs: string;
  beforeAll(() => {
    runs = mkdtempSync(path.join(tmpdir(), 'jars-trials-'));
    const r = jars(['search', '--benchmark', 'fcnet-naval', '--budget', '5', '--seed', '3', '--runs-dir', runs, '--name', 't', '--quiet']);
    expect(r.status, r.stderr).toBe(0);
  });

  it('prints every evaluation as CSV: id, status, metrics, fidelity and the candidate fields', () => {
    const r = jars(['trials', 't', '--runs-dir', runs]);
    expect(r.status).toBe(0);
    const [header, ...rows] = r.stdout.trim().split('\n');
    const columns = header!.split(',');
    expect(columns.slice(0, 6)).toEqual(['id', 'status', 'fullFidelity', 'cost', 'seconds', 'time']);
    expect(columns).toEqual(expect.arrayContaining(['validMse', 'arch.n_units_1', 'recipe.init_lr', 'failure']));
    expect(rows).toHaveLength(5);
    expect(rows.map((l) => l.split(',')[0])).toEqual(['0', '1', '2', '3', '4']);
    expect(rows.every((l) => l.split(',')[1] === 'complete')).toBe(true);
  });

  it('prints the same as JSON with --format json', () => {
    const r = jars(['trials', path.join(runs, 't'), '--format', 'json']);
    const rows = JSON.parse(r.stdout) as Record<string, unknown>[];
    expect(rows).toHaveLength(5);
    expect(rows[0]).toMatchObject({ id: 0, status: 'complete', fullFidelity: true });
    expect(typeof rows[0]!.validMse).toBe('number');
  });

  it('status describes candidates by their fields, not raw keys', () => {
    const r = jars(['status', 't', '--runs-dir', runs]);
    expect(r.stdout).toMatch(/^best validMse \(min\): \S+ +#\d+ activation_fn_1=\w+ .* \| batch_size=\d+ /m);
  });

  it('refuses an unknown format in one line', () => {
    const r = jars(['trials', 't', '--runs-dir', runs, '--format', 'xlsx']);
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toBe('jars: --format must be one of csv, json, but got "xlsx"');
  });
});
