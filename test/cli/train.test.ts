import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readJournal } from '../../src/run/index.js';
import { jars } from '../support/cli.js';

const tmp = () => mkdtempSync(path.join(tmpdir(), 'jars-train-'));

describe('jars train (real binary)', () => {
  it('trains one candidate on sklearn digits and prints its metrics', () => {
    const r = jars(['train', '--arch', 'mlp:64', '--recipe', '{"epochs":10,"optimizer":"adam","lr":0.003}', '--dataset', 'sklearn-digits', '--json']);
    expect(r.status).toBe(0);
    const report = JSON.parse(r.stdout) as { evaluation: { metrics: { validAcc: number }; info: { backend: string } } };
    expect(report.evaluation.metrics.validAcc).toBeGreaterThan(0.85);
    expect(report.evaluation.info.backend).toBe('wasm');
  });

  it.each([
    [['train', '--arch', 'cnn:8', '--recipe', '{"optimizer":"adagrad"}'], 'jars: recipe.optimizer must be one of sgd, adam, adamw, rmsprop, but got "adagrad"'],
    [['train', '--recipe', '{"epochs":1}'], 'jars: --arch is required unless the --recipe file names an architecture'],
    [['train', '--arch', 'mlp:64', '--dataset', '/nonexistent/data.csv'], 'jars: '],
    [['train', '--recipe', 'nope.json'], 'jars: --recipe must be a recipe file (e.g. runs/<id>/exports/<name>.recipe.json or recipes/nb201-cifar.recipe.json) or an inline JSON object, but file "nope.json" does not exist'],
  ])('rejects bad input %j with one line and exit code 2', (args, message) => {
    const r = jars(args);
    expect(r.status).toBe(2);
    expect(r.stderr.startsWith(message)).toBe(true);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('exits 1 when the training fails (diverges)', () => {
    const r = jars(['train', '--arch', 'mlp:512,512,512', '--dataset', 'sklearn-digits', '--recipe', '{"epochs":5,"lr":10,"optimizer":"sgd","momentum":0.99,"warmupEpochs":0,"weightDecay":0}']);
    expect(r.stdout + r.stderr).toMatch(/diverged/);
    expect(r.status).toBe(1);
  });

  it('retrains an exported recipe from a real trainer search to its recorded accuracy', () => {
    const dir = tmp();
    const search = jars([
      'search', '--dataset', 'sklearn-digits', '--space', 'mlp', '--strategy', 'random', '--budget', '2', '--seed', '1',
      '--objectives', 'validAcc:max', '--runs-dir', dir, '--name', 'r', '--no-tui',
    ], { timeoutMs: 300_000 });
    expect(search.status).toBe(0);
    // the run is frozen with the data's shape, so resume/report/export need not load the data
    const frozen = JSON.parse(readFileSync(path.join(dir, 'r', 'config.json'), 'utf8')) as { evaluator: { dataShape?: unknown } };
    expect(frozen.evaluator.dataShape).toEqual({ sampleShape: [8, 8, 1], classes: 10 });
    const out = path.join(dir, 'recipes');
    const exported = jars(['export', path.join(dir, 'r'), '--pick', 'best', '--format', 'json', '--out-dir', out]);
    expect(exported.status).toBe(0);
    const [file] = readdirSync(out);
    const retrained = jars(['train', '--recipe', path.join(out, file!), '--json'], { timeoutMs: 300_000 });
    expect(retrained.status).toBe(0);
    const report = JSON.parse(retrained.stdout) as { dataset: string; evaluation: { metrics: { validAcc: number } } };
    expect(report.dataset).toBe('sklearn-digits');
    // without --seed, retraining repeats the run's own training of that candidate: same split,
    // same initialisation and shuffles, so the same validation accuracy
    const exportedFile = JSON.parse(readFileSync(path.join(out, file!), 'utf8')) as { provenance: { candidateId: number } };
    const recorded = readJournal(path.join(dir, 'r', 'journal.jsonl')).events.find(
      (e) => e.type === 'candidate-evaluated' && e.id === exportedFile.provenance.candidateId,
    );
    expect(recorded?.type).toBe('candidate-evaluated');
    const recordedAcc = recorded?.type === 'candidate-evaluated' ? recorded.evaluation.metrics.validAcc : undefined;
    expect(report.evaluation.metrics.validAcc).toBeCloseTo(recordedAcc as number, 9);
  });
});
