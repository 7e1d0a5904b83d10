import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createBenchmark, trueParetoFront } from '../../src/bench/index.js';
import { InvalidInputError } from '../../src/core/index.js';
import { hypervolumeRatio } from '../../src/pareto/index.js';
import { analyseEvents, analyseRun, reportMarkdown, writeReport } from '../../src/report/index.js';
import { hypervolumeTrace } from '../../src/report/traces.js';
import { EventLog, T0, config as eventsConfig, smallRun } from '../tui/events.js';
import type { ProductCandidate } from '../../src/space/index.js';
import { makeBenchmarkRun, tmp } from './make-run.js';
import { expectWellFormedSvg } from './svg-check.js';

let twoObjective: string;

beforeAll(async () => {
  twoObjective = await makeBenchmarkRun({ queries: 50, seed: 5 });
});

/** Markdown links `![alt](file)` of a report. */
const imageLinks = (md: string) => [...md.matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)].map((m) => m[1] as string);

describe('writeReport on a real benchmark run', () => {
  it('writes the front table, the best per objective, and links two SVGs that exist and are well-formed', () => {
    const written = writeReport(twoObjective, { now: new Date('2026-11-24T12:00:00Z') });
    const md = readFileSync(path.join(twoObjective, 'report.md'), 'utf8');
    expect(written.reportPath).toBe(path.join(twoObjective, 'report.md'));
    expect(md).toContain('| id | architecture | recipe | validAcc ↑ | flopsM ↓ | testAcc (hidden) | cost | seconds |');
    const analysis = analyseRun(twoObjective);
    // One table row per front member, in the table's order.
    const section = md.slice(md.indexOf('## Pareto front'), md.indexOf('## Best candidate'));
    const rowIds = [...section.matchAll(/^\| (\d+) \| /gm)].map((m) => Number(m[1]));
    expect(rowIds).toEqual(analysis.front.map((e) => e.id));
    expect(rowIds.length).toBeGreaterThan(1);
    expect(md).toMatch(/^\| validAcc ↑ \| [\d.]+ \| \d+ \| /m);
    expect(md).toMatch(/^\| flopsM ↓ \| [\d.]+ \| \d+ \| /m);
    expect(md).toContain('No predictor in this run');
    expect(md).toContain('No evaluation failed.');
    const links = imageLinks(md);
    expect(links).toEqual(['front.svg', 'hypervolume.svg']);
    for (const link of links) {
      const file = path.join(twoObjective, link);
      expect(existsSync(file)).toBe(true);
      expectWellFormedSvg(readFileSync(file, 'utf8'));
    }
    // The front plot draws each front member once, highlighted, and every other evaluation.
    const svg = readFileSync(path.join(twoObjective, 'front.svg'), 'utf8');
    expect(svg.match(/<title>#\d+<\/title>/g)).toHaveLength(analysis.front.length);
    expect(svg.match(/<circle /g)).toHaveLength(analysis.evaluated.length + 2); // + the two legend swatches
  });

  it('prints the final HV ratio, equal to the ratio computed directly against the true front', () => {
    const written = writeReport(twoObjective);
    const md = readFileSync(written.reportPath, 'utf8');
    const shown = Number(/Final hypervolume ratio to the benchmark's true front: \*\*([\d.]+)\*\*/.exec(md)?.[1]);
    const nb201 = createBenchmark('nb201-cifar10');
    const objectives = analyseRun(twoObjective).objectives;
    const truth = trueParetoFront(nb201, objectives);
    const found = analyseRun(twoObjective).evaluated.map((e) => {
      const t = nb201.truth(e.candidate as unknown as ProductCandidate);
      return [-(t.validAcc as number), t.flopsM as number];
    });
    const direct = hypervolumeRatio(found, truth);
    expect(shown).toBeCloseTo(direct, 4);
    expect(written.hypervolume!.values.at(-1)).toBeCloseTo(direct, 12);
    // Hypervolume never decreases as evaluations accumulate.
    const values = written.hypervolume!.values;
    for (let i = 1; i < values.length; i++) expect(values[i]).toBeGreaterThanOrEqual(values[i - 1] as number);
  });

  it('finds the same front as a brute-force dominance check', () => {
    const analysis = analyseRun(twoObjective);
    const pts = analysis.evaluated.map((e) => e.losses);
    const dominated = (i: number) => pts.some((q, j) => j !== i && q.every((v, k) => v <= (pts[i]![k] as number)) && q.some((v, k) => v < (pts[i]![k] as number)));
    const brute = analysis.evaluated.filter((_, i) => !dominated(i)).map((e) => e.id).sort((a, b) => a - b);
    expect(analysis.front.map((e) => e.id).sort((a, b) => a - b)).toEqual(brute);
  });
});

describe('writeReport on other runs', () => {
  it('plots best-so-far for a single-objective run, with the benchmark best as reference', async () => {
    const dir = await makeBenchmarkRun({ queries: 30, seed: 2, objectives: [{ metric: 'validAcc', direction: 'max' }] });
    const written = writeReport(dir);
    const md = readFileSync(written.reportPath, 'utf8');
    expect(imageLinks(md)).toEqual(['front.svg', 'best-so-far.svg']);
    const svg = readFileSync(path.join(dir, 'best-so-far.svg'), 'utf8');
    expectWellFormedSvg(svg);
    expect(svg).toContain('benchmark best 91.61'); // NB201 CIFAR-10 valid: the table's best 200-epoch mean
    expect(md).not.toContain('Hypervolume');
  });

  it('reports a crashed run with a torn journal tail, in-flight proposals, failures and predictor rounds', async () => {
    const dir = await makeBenchmarkRun({ queries: 12, seed: 9 });
    const journal = path.join(dir, 'journal.jsonl');
    const lines = readFileSync(journal, 'utf8').trim().split('\n');
    // Drop `run-finished` and the last evaluation; add a failure, predictor fits and a torn line.
    const kept = lines.filter((l) => !l.includes('"run-finished"'));
    const lastEval = kept.map((l) => JSON.parse(l) as { type: string; id?: number }).filter((e) => e.type === 'candidate-evaluated').at(-1)!;
    const body = kept.filter((l) => !(l.includes('"candidate-evaluated"') && l.includes(`"id":${lastEval.id},`)));
    const seq = body.length + 10;
    const extra = [
      { type: 'predictor-fitted', seq, time: '2026-11-24T12:00:00.000Z', samples: 8, seconds: 1.25, quality: { kendallTau: 0.41 } },
      { type: 'predictor-fitted', seq: seq + 1, time: '2026-11-24T12:00:01.000Z', samples: 11, seconds: 1.5, quality: { kendallTau: 0.57, spearman: 0.7 } },
      { type: 'candidates-proposed', seq: seq + 2, time: '2026-11-24T12:00:02.000Z', requested: 1, ids: [500], keys: ['k'], candidates: [{ arch: { e01: 'none', e02: 'none', e12: 'none', e03: 'none', e13: 'none', e23: 'none' }, recipe: { epochs: 200 } }] },
      { type: 'candidate-evaluated', seq: seq + 3, time: '2026-11-24T12:00:03.000Z', id: 500, key: 'k', evaluation: { metrics: {}, cost: 0, seconds: 0, failure: 'worker | crashed' } },
    ];
    writeFileSync(journal, [...body, ...extra.map((e) => JSON.stringify(e))].join('\n') + '\n');
    appendFileSync(journal, '{"type":"candidate-evaluated","seq":99'); // torn: the process died mid-write
    const md = readFileSync(writeReport(dir).reportPath, 'utf8');
    expect(md).toContain('The run stopped without finishing (killed or crashed)');
    // 12 evaluations (the failure included) spend the 12-evaluation budget: resume runs nothing
    expect(md).toContain(`1 proposed candidate was not evaluated (id ${lastEval.id}): the budget is spent, so \`jars resume\` does not evaluate it.`);
    expect(md).toContain('| round | after evaluations | training samples | fit seconds | kendallTau | spearman |');
    expect(md).toContain('| 1 | 11 | 8 | 1.25 | 0.41 | n/a |');
    expect(md).toContain('| 2 | 11 | 11 | 1.5 | 0.57 | 0.7 |');
    expect(md).toMatch(/^\| 500 \| `.*` \| `epochs=200` \| worker \\\| crashed \|$/m);
    for (const link of imageLinks(md)) expectWellFormedSvg(readFileSync(path.join(dir, link), 'utf8'));
  });

  it('reports a run that has not evaluated anything yet', async () => {
    const dir = await makeBenchmarkRun({ queries: 5 });
    writeFileSync(path.join(dir, 'journal.jsonl'), '');
    const written = writeReport(dir);
    const md = readFileSync(written.reportPath, 'utf8');
    expect(md).toContain('The run has not started yet.');
    expect(md).toContain('No candidate has been measured at full fidelity yet.');
    expect(imageLinks(md)).toEqual([]);
  });

  it('refuses a folder that is not a run, naming it', () => {
    const dir = tmp();
    expect(() => writeReport(dir)).toThrow(new InvalidInputError(`run-dir must be a run folder (runs/<run-id> with config.json and journal.jsonl), but got ${JSON.stringify(dir)}: it has no config.json`));
  });

  it('takes the front among candidates that meet the constraints', async () => {
    const dir = await makeBenchmarkRun({ queries: 40, seed: 4, constraints: [{ metric: 'flopsM', max: 50 }] });
    const analysis = analyseRun(dir);
    expect(analysis.evaluated.some((e) => (e.evaluation.metrics.flopsM as number) > 50)).toBe(true);
    expect(analysis.front.length).toBeGreaterThan(0);
    expect(analysis.front.every((e) => (e.evaluation.metrics.flopsM as number) <= 50)).toBe(true);
    const md = readFileSync(writeReport(dir).reportPath, 'utf8');
    expect(md).toContain('| constraints | flopsM ≤ 50 |');
    expect(md).toContain('(among those meeting the constraints)');
  });

  it('keeps low-fidelity evaluations off the front', async () => {
    const dir = await makeBenchmarkRun({ queries: 40, seed: 1, fidelity: 'multi' });
    const analysis = analyseRun(dir);
    expect(analysis.evaluated.some((e) => !e.full)).toBe(true);
    expect(analysis.front.length).toBeGreaterThan(0);
    expect(analysis.front.every((e) => e.full && (e.candidate.recipe as { epochs: number }).epochs === 200)).toBe(true);
  });
});

describe('report on proposals never evaluated', () => {
  const markdown = (budget: { queries: number }, reason: 'budget' | 'stopped') =>
    reportMarkdown({
      analysis: analyseEvents({ dir: 'runs/r', runId: 'r', config: { ...eventsConfig, budget }, events: smallRun().finished(50, reason).events }),
      figures: {},
      generatedAt: new Date(T0),
    });

  it('gives their count and ids, and says whether jars resume evaluates them', () => {
    const stopped = markdown({ queries: 10 }, 'stopped');
    expect(stopped).toContain('| evaluations | 5 (1 failed, 2 more proposed but not evaluated) |');
    expect(stopped).toContain('2 proposed candidates were not evaluated (ids 5, 6): they were in flight when the run stopped; `jars resume` evaluates them.');
    const spent = markdown({ queries: 5 }, 'budget');
    expect(spent).toContain("2 proposed candidates were not evaluated (ids 5, 6): the budget is spent, so `jars resume` does not evaluate them.");
  });
});

describe('report: several objectives, hypervolume scale, a single predictor fit', () => {
  it('draws every pair of three objectives with labelled front points and says what a projection hides', async () => {
    const dir = await makeBenchmarkRun({
      queries: 25,
      seed: 4,
      objectives: [
        { metric: 'validAcc', direction: 'max' },
        { metric: 'flopsM', direction: 'min' },
        { metric: 'paramsM', direction: 'min' },
      ],
    });
    const written = writeReport(dir);
    const names = written.files.map((f) => path.basename(f));
    expect(names).toEqual(expect.arrayContaining(['front.svg', 'front-validAcc-paramsM.svg', 'front-flopsM-paramsM.svg']));
    const md = readFileSync(written.reportPath, 'utf8');
    expect(md).toContain('The front is over all 3 objectives; each plot below projects it onto two of them');
    expect(md).toContain('![Pareto front: flopsM against paramsM](front-flopsM-paramsM.svg)');
    const svg = readFileSync(path.join(dir, 'front-flopsM-paramsM.svg'), 'utf8');
    expectWellFormedSvg(svg);
    for (const e of written.analysis.front) expect(svg).toContain(`>#${e.id}</text>`);
  });

  it('keeps the run-normalised hypervolume in [0, 1]: a point at the ideal scores exactly 1', () => {
    // #1 is best on both objectives: the ideal, which dominates the whole reference box
    const events = new EventLog()
      .started(0)
      .proposed(0, [0, 1])
      .evaluated(1, 0, { validAcc: 80, paramsM: 3 })
      .evaluated(2, 1, { validAcc: 95, paramsM: 1 })
      .finished(3, 'budget').events;
    const analysis = analyseEvents({ dir: 'runs/r', runId: 'r', config: { ...eventsConfig, budget: { queries: 2 } }, events });
    const hv = hypervolumeTrace(analysis);
    expect(hv?.basis).toBe('run');
    expect(hv?.values.at(-1)).toBeCloseTo(1, 12);
    expect(Math.max(...(hv?.values ?? []))).toBeLessThanOrEqual(1 + 1e-12);
  });

  it('explains a predictor section with one fit and no quality figure', () => {
    const events = new EventLog().started(0).proposed(0, [0]).evaluated(1, 0, { validAcc: 80, paramsM: 3 }).fitted(2, 1, 0.5, {}).finished(3, 'budget').events;
    const md = reportMarkdown({ analysis: analyseEvents({ dir: 'runs/r', runId: 'r', config: eventsConfig, events }), figures: {}, generatedAt: new Date(T0) });
    expect(md).toContain('No quality figure yet: quality is measured when the predictor is refitted, from how well the previous fit ranked the evaluations it chose, and this run fitted it once');
  });
});
