import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataError } from '../../src/core/index.js';
import { Nb201Benchmark } from '../../src/bench/index.js';
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
