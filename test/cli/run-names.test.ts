import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { jars } from '../support/cli.js';

// `jars ls` prints run ids; every command that takes a run accepts one (looked up under --runs-dir).
describe('run ids in place of run folders (real binary)', () => {
  let cwd: string;
  beforeAll(() => {
    cwd = mkdtempSync(path.join(tmpdir(), 'jars-names-'));
    const r = jars(['search', '--benchmark', 'fcnet-naval', '--budget', '4', '--seed', '1', '--name', 'named', '--no-tui'], { cwd });
    expect(r.status, r.stderr).toBe(0);
  });

  it('status takes a run id from the default runs/ folder', () => {
    const r = jars(['status', 'named'], { cwd });
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^run named: finished \(budget\)$/m);
  });

  it('status and resume take a run id under --runs-dir', () => {
    const runsDir = path.join(cwd, 'runs');
    const s = jars(['status', 'named', '--runs-dir', runsDir]);
    expect(s.status).toBe(0);
    expect(s.stdout).toMatch(/evaluated 4 \(failed 0\)/);
    const r = jars(['resume', 'named', '--runs-dir', runsDir, '--no-tui']);
    expect(r.status).toBe(0);
    expect(r.stderr).toContain(`resuming ${path.join(runsDir, 'named')} (4 evaluations recorded)`);
  });

  it('an unknown id still names what was typed', () => {
    const r = jars(['status', 'nope'], { cwd });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/\bnope is not a run folder/);
  });
});
