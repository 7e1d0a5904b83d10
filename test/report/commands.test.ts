import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { registerExportCommand } from '../../src/cli/commands/export.js';
import { registerReportCommand } from '../../src/cli/commands/report.js';
import { InvalidInputError } from '../../src/core/index.js';
import { makeBenchmarkRun, tmp } from './make-run.js';
import { compileRecipeSchema } from '../export/validator.js';
import { projectRoot } from '../support/cli.js';

// The commands as main.ts will register them, driven in-process (the binary's wiring is the lead's).
async function jars(args: string[]): Promise<string> {
  const program = new Command().exitOverride().configureOutput({ writeErr: () => undefined, writeOut: () => undefined });
  registerReportCommand(program);
  registerExportCommand(program);
  const out: string[] = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out.push(String(chunk));
    return true;
  });
  try {
    await program.parseAsync(args, { from: 'user' });
  } finally {
    spy.mockRestore();
  }
  return out.join('');
}

let runDir: string;
beforeAll(async () => {
  runDir = await makeBenchmarkRun({ queries: 30, seed: 8 });
});
afterEach(() => vi.restoreAllMocks());

describe('jars report / jars export commands', () => {
  it('report writes report.md and says where', async () => {
    const out = await jars(['report', runDir]);
    expect(out).toMatch(new RegExp(`^${path.join(runDir, 'report.md').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: 30 evaluations, \\d+ on the front, HV ratio to the true front 0\\.\\d+\nplots: front\\.svg, hypervolume\\.svg\n$`));
    expect(existsSync(path.join(runDir, 'report.md'))).toBe(true);
  });

  it('export --pick front --format yaml writes one valid file per front member', async () => {
    const outDir = tmp('jars-export-cmd-');
    const out = await jars(['export', runDir, '--pick', 'front', '--format', 'yaml', '--out-dir', outDir, '--name', 'n']);
    const files = readdirSync(outDir).sort();
    expect(out.trim().split('\n').map((p) => path.basename(p)).sort()).toEqual(files);
    expect(files.every((f) => /^n-c\d+\.recipe\.yaml$/.test(f))).toBe(true);
  });

  it("export writes into the run's own exports/ folder unless --out-dir says otherwise", async () => {
    const out = await jars(['export', runDir, '--name', 'default-dir']);
    expect(out.trim()).toBe(path.join(runDir, 'exports', 'default-dir.recipe.json'));
    const validate = compileRecipeSchema();
    expect(validate(JSON.parse(readFileSync(out.trim(), 'utf8')))).toBe(true);
    expect(existsSync(path.join(projectRoot, 'recipes', 'default-dir.recipe.json'))).toBe(false);
  });

  it('export defaults to the best on the first objective, as JSON', async () => {
    const outDir = tmp('jars-export-cmd-');
    const out = await jars(['export', runDir, '--out-dir', outDir]);
    expect(path.basename(out.trim())).toBe('run-1-best-validAcc.recipe.json');
    const validate = compileRecipeSchema();
    expect(validate(JSON.parse(readFileSync(out.trim(), 'utf8')))).toBe(true);
  });

  it.each([
    [['export', 'RUN', '--pick', 'worst'], '--pick must be best, front or a candidate id (a non-negative integer), but got "worst"'],
    [['export', 'RUN', '--format', 'toml'], '--format must be one of json, yaml, ts, but got "toml"'],
    [['export', 'RUN', '--pick', '12345'], '--pick candidate 12345 is not in the run; evaluated ids of run-1: 0–29'],
    [['export', 'RUN', '--objective', 'params'], `--objective must be one of validAcc, flopsM, but got "params" (the run's objectives)`],
    [['report', '/nonexistent/run'], 'run-dir must be a run folder (runs/<run-id> with config.json and journal.jsonl), but got "/nonexistent/run": it does not exist'],
    [['export', '/nonexistent/run'], 'run-dir must be a run folder (runs/<run-id> with config.json and journal.jsonl), but got "/nonexistent/run": it does not exist'],
  ])('%j fails with one InvalidInputError line', async (args, message) => {
    const argv = args.map((a) => (a === 'RUN' ? runDir : a));
    const error = await jars(argv).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as Error).message).toBe(message);
  });
});
