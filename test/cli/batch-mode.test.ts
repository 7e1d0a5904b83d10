import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { jars } from '../support/cli.js';

const tmp = () => mkdtempSync(path.join(tmpdir(), 'jars-batch-'));
const args = (runs: string) => ['search', '--benchmark', 'fcnet-naval', '--budget', '6', '--seed', '2', '--runs-dir', runs, '--name', 'b', '--no-tui', '--json'];

describe('batch mode: JSON on stdout, people on stderr (real binary)', () => {
  it('--json keeps stdout pure JSON lines and still prints progress and a summary on stderr', () => {
    const r = jars(args(tmp()));
    expect(r.status).toBe(0);
    const events = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { type: string });
    expect(events.filter((e) => e.type === 'candidate-evaluated')).toHaveLength(6);
    expect(r.stderr).toMatch(/^\[6\/6 evals · 100% · finished: budget\]/m);
    expect(r.stderr).toMatch(/^finished \(budget\): 6 evaluated \(0 failed\), 1 on the front/m);
    expect(r.stderr).toMatch(/^best validMse \(min\) [\d.]+: #\d+ activation_fn_1=/m);
    expect(r.stderr).toMatch(/^next: jars report b · jars trials b · jars export b$/m);
  });

  it('--quiet silences stderr and leaves the JSON alone', () => {
    const r = jars([...args(tmp()), '--quiet']);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout.trim().split('\n').map((l) => (JSON.parse(l) as { type: string }).type).at(-1)).toBe('run-finished');
  });
});
