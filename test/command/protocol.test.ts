import { describe, expect, it } from 'vitest';
import { parseTrainerLine } from '../../src/command/index.js';

describe('parseTrainerLine', () => {
  it('reads an intermediate report: epoch apart, numbers as metrics, other fields kept', () => {
    expect(parseTrainerLine('{"epoch": 3, "validAcc": 0.91, "note": "ok", "lr": 1e-3}')).toEqual({
      kind: 'object',
      epoch: 3,
      numbers: { validAcc: 0.91, lr: 0.001 },
      others: { note: 'ok' },
    });
  });

  it('reads a result line without epoch, with surrounding spaces and a CR', () => {
    expect(parseTrainerLine('  {"validAcc": 0.5, "testAcc": 0.4}\r')).toEqual({ kind: 'object', numbers: { validAcc: 0.5, testAcc: 0.4 }, others: {} });
  });

  it('reads Python\'s bare NaN and ±Infinity, and null, as non-finite numbers', () => {
    const line = parseTrainerLine('{"epoch": 2, "validAcc": NaN, "loss": Infinity, "x": -Infinity, "y": null, "tag": "NaN"}');
    expect(line.kind).toBe('object');
    if (line.kind !== 'object') return;
    expect(line.numbers).toEqual({ validAcc: Number.NaN, loss: Number.NaN, x: Number.NaN, y: Number.NaN });
    expect(line.others).toEqual({ tag: 'NaN' });
  });

  it.each(['', 'epoch 3: acc 0.9', '{not json', '[1, 2]', '42', '"text"', 'null', '{"a": NaNa}'])('takes %j as text', (text) => {
    expect(parseTrainerLine(text)).toEqual({ kind: 'text' });
  });

  it('a non-numeric epoch is no report', () => {
    expect(parseTrainerLine('{"epoch": "3", "validAcc": 0.9}')).toEqual({ kind: 'object', numbers: { validAcc: 0.9 }, others: { epoch: '3' } });
  });
});
