import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataError } from '../../src/core/index.js';
import { FCNET_LAYOUT, GridBenchmark, Nb201Benchmark } from '../../src/bench/index.js';
import { FcnetSpace } from '../../src/space/index.js';
import { dataFile } from '../../src/data/index.js';

/** The NB201 CIFAR-10 table without its 12-epoch columns (a layout some exports have). */
function tableWithout12Epochs(): string {
  const lines = readFileSync(dataFile('nb201/nb201_cifar10.csv', ''), 'utf8').trim().split(/\r?\n/);
  const header = (lines[0] as string).split(',');
  const keep = header.map((c, i) => (/_12$/.test(c) ? -1 : i)).filter((i) => i >= 0);
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'jars-nb201-')), 'no12.csv');
  writeFileSync(file, lines.map((l) => keep.map((i) => l.split(',')[i]).join(',')).join('\n') + '\n');
  return file;
}

describe('an NB201-layout table without 12-epoch columns', () => {
  it('serves full-fidelity queries and refuses a 12-epoch one naming the columns', () => {
    const benchmark = new Nb201Benchmark({ table: tableWithout12Epochs(), name: 'no12' });
    const full = benchmark.candidateAt(7);
    expect(benchmark.truth(full).validAcc).toBeGreaterThan(0);
    const cheap = { ...full, recipe: { ...full.recipe, epochs: 12 } };
    expect(() => benchmark.truth(cheap)).toThrow(DataError);
    expect(() => benchmark.truth(cheap)).toThrow(/has no 12-epoch columns "c10valid_valid_acc_12", "c10_test_acc_12", which --fidelity multi queries; add them or run with --fidelity full/);
  });
});

describe('a table whose metric columns hold no number', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'jars-nan-'));
  const nb201Rows = () => readFileSync(dataFile('nb201/nb201_cifar10.csv', ''), 'utf8').trim().split(/\r?\n/).slice(0, 4);

  it('refuses an NB201 table whose objective column is all NaN when it loads, naming the file, the column and the rule', () => {
    const [header, ...rows] = nb201Rows() as [string, ...string[]];
    const at = header.split(',').indexOf('c10valid_valid_acc_200');
    const file = path.join(dir, 'nan.csv');
    writeFileSync(file, [header, ...rows.map((r) => r.split(',').map((c, i) => (i === at ? 'NaN' : c)).join(','))].join('\n') + '\n');
    expect(() => new Nb201Benchmark({ table: file })).toThrowError(
      `benchmark table ${file}: column "c10valid_valid_acc_200" has no finite number in 3 rows (all empty, NaN or text), but the 200-epoch validation accuracies (the objective) must be numbers`,
    );
  });

  it('refuses an FCNet-layout table whose repetitions are all empty or NaN, and takes one with a finite repetition', () => {
    const header = 'activation_fn_1,activation_fn_2,batch_size,dropout_1,dropout_2,init_lr,lr_schedule,n_units_1,n_units_2,valid_mse_seed0,valid_mse_seed1';
    const row = (a: string, b: string) => `relu,relu,8,0.0,0.0,0.0005,cosine,16,16,${a},${b}`;
    const file = path.join(dir, 'fcnet_nan.csv');
    writeFileSync(file, [header, row('nan', ''), row('', 'NaN')].join('\n') + '\n');
    const load = () => new GridBenchmark({ name: 'fcnet-nan', table: file, space: new FcnetSpace(), layout: FCNET_LAYOUT });
    expect(load).toThrowError(
      `benchmark table ${file}: columns "valid_mse_seed0", "valid_mse_seed1" have no finite number in 2 rows (all empty, NaN or text), but the repetitions of validMse (the objective) must be numbers`,
    );
    writeFileSync(file, [header, row('nan', '0.5'), row('', 'NaN')].join('\n') + '\n');
    expect(load().rowCount).toBe(2);
  });
});
