import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CorruptJournalError, JsonlRunJournal, RunDirectory, readJournal } from '../../src/run/index.js';

const tmp = () => mkdtempSync(path.join(tmpdir(), 'jars-journal-'));

const evaluated = (id: number) => ({
  type: 'candidate-evaluated' as const,
  id,
  key: `k${id}`,
  evaluation: { metrics: { validAcc: 90 + id }, cost: 1, seconds: 0 },
});

describe('JsonlRunJournal', () => {
  it('appends numbered events and replays them after reopening', async () => {
    const file = path.join(tmp(), 'journal.jsonl');
    const j = new JsonlRunJournal(file);
    await j.append([{ type: 'run-started', seed: 1, resumedFrom: 0 }]);
    await j.append([evaluated(0), evaluated(1)]);
    await j.close();
    const again = new JsonlRunJournal(file);
    const events = again.replay();
    expect(events.map((e) => [e.seq, e.type])).toEqual([
      [0, 'run-started'],
      [1, 'candidate-evaluated'],
      [2, 'candidate-evaluated'],
    ]);
    const [written] = await again.append([evaluated(2)]);
    expect(written!.seq).toBe(3);
    await again.close();
    expect(readFileSync(file, 'utf8').trim().split('\n')).toHaveLength(4);
  });

  it('keeps non-finite metrics readable (JSON null comes back as NaN)', async () => {
    const file = path.join(tmp(), 'journal.jsonl');
    const j = new JsonlRunJournal(file);
    await j.append([{ type: 'candidate-evaluated', id: 0, key: 'k', evaluation: { metrics: { loss: Number.NaN }, cost: 1, seconds: 0, failure: 'diverged' } }]);
    await j.close();
    const [e] = readJournal(file).events;
    expect(e?.type === 'candidate-evaluated' && Number.isNaN(e.evaluation.metrics.loss)).toBe(true);
  });

  it('ignores a torn last line and cuts it off before the next append', async () => {
    const file = path.join(tmp(), 'journal.jsonl');
    const j = new JsonlRunJournal(file);
    await j.append([evaluated(0), evaluated(1)]);
    await j.close();
    appendFileSync(file, '{"type":"candidate-evaluated","seq":2,"time":"x","id":2,"key":"k2","evalu');
    expect(readJournal(file).events).toHaveLength(2);
    const again = new JsonlRunJournal(file);
    await again.append([evaluated(2)]);
    await again.close();
    const events = readJournal(file).events;
    expect(events.map((e) => e.seq)).toEqual([0, 1, 2]);
    expect(readFileSync(file, 'utf8').endsWith('}\n')).toBe(true);
  });

  it('refuses a corrupt line in the middle, naming the line', async () => {
    const file = path.join(tmp(), 'journal.jsonl');
    const j = new JsonlRunJournal(file);
    await j.append([evaluated(0)]);
    await j.close();
    appendFileSync(file, 'not json at all\n');
    appendFileSync(file, JSON.stringify({ ...evaluated(1), seq: 2, time: 't' }) + '\n');
    expect(() => readJournal(file)).toThrowError(CorruptJournalError);
    expect(() => readJournal(file)).toThrowError(/line 2 is corrupt/);
  });

  describe('refuses lines moved or copied, naming the file and the line', () => {
    const proposed = (id: number) => ({ type: 'candidates-proposed' as const, requested: 1, ids: [id], keys: [`k${id}`], candidates: [{ arch: id, recipe: null }] });
    const lines = async () => {
      const file = path.join(tmp(), 'journal.jsonl');
      const j = new JsonlRunJournal(file);
      await j.append([{ type: 'run-started', seed: 1, resumedFrom: 0 }, proposed(0), evaluated(0), proposed(1), evaluated(1)]);
      await j.close();
      return { file, lines: readFileSync(file, 'utf8').trim().split('\n') };
    };
    const write = (file: string, lines: string[]) => writeFileSync(file, lines.join('\n') + '\n');

    it('two lines swapped', async () => {
      const { file, lines: l } = await lines();
      write(file, [l[0]!, l[2]!, l[1]!, ...l.slice(3)]);
      expect(() => readJournal(file)).toThrowError(CorruptJournalError);
      expect(() => readJournal(file)).toThrowError(`journal ${file} line 3 is out of order: seq 1 comes after seq 2 (line 2)`);
      expect(() => new JsonlRunJournal(file)).toThrowError(/line 3 is out of order/);
    });

    it('an evaluation line copied', async () => {
      const { file, lines: l } = await lines();
      write(file, [...l.slice(0, 3), l[2]!, ...l.slice(3)]);
      expect(() => readJournal(file)).toThrowError(`journal ${file} line 4 repeats seq 2 of line 3`);
    });

    it('an evaluation copied under a new seq, or a proposal repeated', async () => {
      const { file, lines: l } = await lines();
      const again = JSON.stringify({ ...JSON.parse(l[2]!), seq: 9 });
      write(file, [...l, again]);
      expect(() => readJournal(file)).toThrowError(`journal ${file} line 6 evaluates candidate 0 a second time (line 3 did already)`);
      write(file, [...l, JSON.stringify({ ...JSON.parse(l[1]!), seq: 9 })]);
      expect(() => readJournal(file)).toThrowError(`journal ${file} line 6 proposes candidate 0 again (line 2 proposed it)`);
    });
  });

  it('refuses a well-formed line that is not a valid event', () => {
    const file = path.join(tmp(), 'journal.jsonl');
    writeFileSync(file, JSON.stringify({ type: 'candidate-evaluated', seq: 0, time: 't', id: 'zero' }) + '\n' + JSON.stringify({ type: 'run-started', seq: 1, time: 't', seed: 1, resumedFrom: 0 }) + '\n');
    expect(() => readJournal(file)).toThrowError(/line 1 is corrupt/);
  });
});

describe('RunDirectory', () => {
  it('freezes config.json and refuses to overwrite a run', () => {
    const dir = path.join(tmp(), 'run-a');
    RunDirectory.create(dir, { seed: 1 });
    expect(RunDirectory.open(dir).config).toEqual({ seed: 1 });
    expect(() => RunDirectory.create(dir, { seed: 2 })).toThrowError(/already holds a run/);
    expect(RunDirectory.open(dir).config).toEqual({ seed: 1 });
  });
});
