import { stripVTControlCharacters } from 'node:util';
import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createBenchmark } from '../../src/bench/index.js';
import { paretoFront } from '../../src/pareto/index.js';
import type { RunEvent, RunState } from '../../src/run/index.js';
import { RunStore } from '../../src/tui/index.js';
import type { TuiControls } from '../../src/tui/index.js';
import { SearchApp } from '../../src/tui/search-app.js';
import { runOnBenchmark } from '../support/engine.js';
import { EventLog, T0, config, describeCandidate, smallRun } from './events.js';
import { runStateFromEvents } from '../../src/run/index.js';

const RIGHT = '\u001B[C';
const LEFT = '\u001B[D';

function fakeControls() {
  let paused = false;
  return {
    stop: vi.fn(),
    togglePause: vi.fn(() => (paused = !paused)),
    exportCandidate: vi.fn(async (id: number) => `wrote recipes/candidate-${id}.recipe.json`),
  } satisfies TuiControls;
}

function mount(state: RunState, size: { width: number; height: number } = { width: 100, height: 30 }, nowMs = T0 + 45_000) {
  const store = new RunStore(state, 0);
  const controls = fakeControls();
  const app = render(
    <SearchApp store={store} describe={describeCandidate} controls={controls} width={size.width} height={size.height} clock={() => nowMs} tickMs={0} />,
  );
  const frame = () => stripVTControlCharacters(app.lastFrame() ?? '');
  return { app, store, controls, frame };
}

const selectedLine = (frame: string) => frame.split('\n').find((l) => l.startsWith('› #'));

describe('SearchApp', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('draws the whole screen of a small run at 100×30', () => {
    const { app, frame } = mount(runStateFromEvents(config, smallRun().events));
    expect(frame()).toMatchInlineSnapshot(`
      "jars search · rea · nb201-cifar10 · seed 7
      ████████████████████░░░░░░░░░░░░░░░░░░░░  50% · 5/10 evals · 1 failed · 45s elapsed · ETA 45s
      stage rea: evolving
      validAcc ↑   ● front · other ◆ selected                         Predictor · 1 fit
        92.0 ┤                                                     ●   Kendall τ 0.600
             │                                                         Spearman ρ 0.750
             │                                                         4 samples · fit 1.5s
             │
             │                                                        Workers · 2/2 busy
             │                                                         w1 #6 5.0s cell c6 · 200 epochs
             │◆                                                        w2 #5 15s cell c5 · 200 epochs
             │
             │
        89.0 ┤                           ·
             └──────────────────────────────────────────────────────
              1.00                  paramsM ↓                   2.00
      Pareto front · 3 of 4 measured
        id    validAcc↑ paramsM↓  candidate
      › #0         90.0     1.00  cell c0 · 200 epochs
        #1         92.0     2.00  cell c1 · 200 epochs
        #4         92.0     2.00  cell c4 · 200 epochs
      q stop · p pause/resume · ←→ select · e export"
    `);
    app.unmount();
  });

  it('still fits 80×24, every line within the width', () => {
    const { app, frame } = mount(runStateFromEvents(config, smallRun().events), { width: 80, height: 24 });
    const lines = frame().split('\n');
    expect(lines.length).toBeLessThanOrEqual(23);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(80);
    expect(lines).toContain('Pareto front · 3 of 4 measured');
    expect(lines[2]).toBe('stage rea: evolving');
    app.unmount();
  });

  it('q stops once, p pauses and resumes', async () => {
    const { app, controls, frame } = mount(runStateFromEvents(config, smallRun().events));
    app.stdin.write('p');
    await vi.waitFor(() => expect(frame().split('\n')[0]).toContain('PAUSED'));
    expect(controls.togglePause).toHaveBeenCalledTimes(1);
    expect(frame().split('\n')[1]).toContain('ETA – (paused)');
    app.stdin.write('p');
    await vi.waitFor(() => expect(frame().split('\n')[0]).not.toContain('PAUSED'));
    expect(controls.togglePause).toHaveBeenCalledTimes(2);

    app.stdin.write('q');
    await vi.waitFor(() => expect(frame().split('\n')[0]).toContain('STOPPING'));
    app.stdin.write('q');
    app.stdin.write('p');
    expect(controls.stop).toHaveBeenCalledTimes(1);
    expect(controls.togglePause).toHaveBeenCalledTimes(2); // no pausing a stopping run
    app.unmount();
  });

  it('arrows step along the front (sorted by the x axis) and e exports the selection', async () => {
    const { app, controls, frame } = mount(runStateFromEvents(config, smallRun().events));
    expect(selectedLine(frame())).toMatch(/^› #0 /);
    app.stdin.write(RIGHT);
    await vi.waitFor(() => expect(selectedLine(frame())).toMatch(/^› #1 /));
    app.stdin.write(RIGHT);
    await vi.waitFor(() => expect(selectedLine(frame())).toMatch(/^› #4 /));
    app.stdin.write(RIGHT); // stays on the last point
    app.stdin.write(LEFT);
    await vi.waitFor(() => expect(selectedLine(frame())).toMatch(/^› #1 /));
    app.stdin.write('e');
    await vi.waitFor(() => expect(frame()).toContain('wrote recipes/candidate-1.recipe.json'));
    expect(controls.exportCandidate).toHaveBeenCalledWith(1);
    app.unmount();
  });

  it('shows an export failure instead of crashing', async () => {
    const { app, controls, frame } = mount(runStateFromEvents(config, smallRun().events));
    controls.exportCandidate.mockRejectedValueOnce(new Error('recipes/ is read-only'));
    app.stdin.write('e');
    await vi.waitFor(() => expect(frame()).toContain('export of #0 failed: recipes/ is read-only'));
    app.unmount();
  });

  it('updates as events arrive and marks predicted-but-unevaluated points', async () => {
    const log = new EventLog().started(0).proposed(0, [0, 1], [
      [91, 0.5],
      [85, 0.2],
    ]);
    const { app, store, frame } = mount(runStateFromEvents(config, log.events), { width: 100, height: 30 }, T0 + 5000);
    expect(frame()).toContain('○ predicted');
    expect(frame()).toContain('waiting for the first evaluation…');
    expect(frame()).toContain('Workers · 2/2 busy');
    log.evaluated(5, 0, { validAcc: 90.5, paramsM: 0.6 });
    store.dispatch(log.events.at(-1) as RunEvent);
    await vi.waitFor(() => expect(selectedLine(frame())).toMatch(/^› #0 +90\.5 +0\.600 +cell c0 · 200 epochs/));
    expect(frame()).toContain('1/10 evals');
    app.unmount();
  });

  it('renders a real REA run on NB201: the table lists exactly the Pareto front', async () => {
    const objectives = [
      { metric: 'validAcc', direction: 'max' as const },
      { metric: 'paramsM', direction: 'min' as const },
    ];
    const { journal } = await runOnBenchmark({ benchmark: createBenchmark('nb201-cifar10'), strategy: 'rea', queries: 30, seed: 3, objectives, concurrency: 2 });
    // the memory journal leaves times empty: space the events one second apart
    const events = journal.replay().map((e) => ({ ...e, time: new Date(T0 + e.seq * 1000).toISOString() }));
    const state = runStateFromEvents({ ...config, objectives, budget: { queries: 30 } }, events);
    const { app, frame } = mount(state);
    const measured = events.flatMap((e) => (e.type === 'candidate-evaluated' ? [e] : []));
    const losses = measured.map((e) => [-(e.evaluation.metrics.validAcc as number), e.evaluation.metrics.paramsM as number]);
    const frontIds = paretoFront(losses).map((i) => measured[i]?.id);
    const tableIds = frame()
      .split('\n')
      .flatMap((l) => /^[› ] #(\d+) /.exec(l)?.[1] ?? [])
      .map(Number);
    expect(tableIds.sort((a, b) => a - b)).toEqual(frontIds.sort((a, b) => (a ?? 0) - (b ?? 0)));
    expect(frame()).toContain(`Pareto front · ${frontIds.length} of 30 measured`);
    expect(frame()).toMatch(/████████████████████████████████████████ 100% · 30\/30 evals · \S+ elapsed · done/);
    expect(frame()).toContain('finished: budget');
    app.unmount();
  });

  it('mentions unfinished evaluations of a finished run only when jars resume would run them', () => {
    const stopped = mount(runStateFromEvents(config, smallRun().finished(50, 'stopped').events));
    expect(stopped.frame()).toContain('finished: stopped · 2 unfinished evaluations (jars resume runs them)');
    stopped.app.unmount();
    // the same journal with its 5-evaluation budget spent: resume has nothing to run
    const spent = mount(runStateFromEvents({ ...config, budget: { queries: 5 } }, smallRun().finished(50, 'budget').events));
    expect(spent.frame()).toContain('finished: budget');
    expect(spent.frame()).not.toContain('unfinished');
    spent.app.unmount();
  });

  it('Ctrl-C interrupts like SIGINT (exit 130) where the session can, and again exits at once', async () => {
    const { app, controls, frame } = mount(runStateFromEvents(config, smallRun().events));
    const interrupt = vi.fn();
    (controls as TuiControls).interrupt = interrupt;
    app.stdin.write('\u0003');
    await vi.waitFor(() => expect(frame().split('\n')[0]).toContain('STOPPING'));
    expect(interrupt).toHaveBeenCalledTimes(1);
    expect(controls.stop).not.toHaveBeenCalled();
    app.stdin.write('\u0003');
    expect(interrupt).toHaveBeenCalledTimes(2);
    app.unmount();
  });

  it('shows the elapsed time once when the run has a time budget', () => {
    const { app, frame } = mount(runStateFromEvents({ ...config, budget: { queries: 10, seconds: 300 } }, smallRun().events));
    const bar = frame().split('\n')[1] ?? '';
    expect(bar).toContain('45s/5m00s');
    expect(bar).not.toContain('elapsed');
    app.unmount();
  });

  it('shows a queued run’s remote workers (host, heartbeat, candidates) and queue depth in place of local slots', async () => {
    const store = new RunStore(runStateFromEvents(config, smallRun().events), 0);
    let reads = 0;
    let fail = false;
    const remoteQueue = async () => {
      reads++;
      if (fail) throw new Error('Redis at 127.0.0.1:7001 is unreachable');
      return {
        queueName: 'jars',
        waiting: 3,
        active: 2,
        workers: [
          { host: 'gpu-a', pid: 4242, busy: true, concurrency: 2, gpus: ['0', '1'], candidateIds: [5, 3, 6], otherJobs: 0, lastHeartbeatMs: T0 + 43_800 },
          { host: 'cpu-b', pid: 77, busy: false, concurrency: 1, gpus: [], candidateIds: [], otherJobs: 0, lastHeartbeatMs: T0 + 40_000 },
        ],
      };
    };
    const app = render(
      <SearchApp store={store} describe={describeCandidate} controls={fakeControls()} width={110} height={30} clock={() => T0 + 45_000} tickMs={0} remoteQueue={remoteQueue} remotePollMs={100} />,
    );
    const frame = () => stripVTControlCharacters(app.lastFrame() ?? '');
    await vi.waitFor(() => expect(frame()).toContain('Queue · 3 waiting · 2 running'));
    const lines = frame().split('\n');
    const at = lines.findIndex((l) => l.includes('gpu-a:4242 gpu 0,1 · hb 1.2s · busy'));
    expect(at).toBeGreaterThan(0);
    expect(lines[at + 1]).toMatch(/ {3}#5 cell c5 · 200 epochs$/);
    // #3 was journalled after that heartbeat: not shown as running
    expect(lines[at + 2]).toMatch(/ {3}#6 cell c6 · 200 epochs$/);
    expect(lines[at + 3]).toMatch(/ cpu-b:77 · hb 5\.0s · idle$/);
    // local slot lines are not drawn for a queued run
    expect(frame()).not.toContain(' w1 ');
    // Redis away: the panel says so, and the next good reading replaces it
    fail = true;
    await vi.waitFor(() => expect(frame()).toContain('Redis at 127.0.0.1:7001 is unreachable'));
    expect(frame()).toContain('Queue · unreadable');
    fail = false;
    await vi.waitFor(() => expect(frame()).toContain('Queue · 3 waiting'));
    expect(reads).toBeGreaterThanOrEqual(3);
    app.unmount();
    const after = reads;
    await new Promise((r) => setTimeout(r, 250));
    expect(reads).toBe(after); // polling ends with the TUI
  });

  it('tells a queued run with no worker yet how to start one', async () => {
    const store = new RunStore(runStateFromEvents(config, smallRun().events), 0);
    const remoteQueue = async () => ({ queueName: 'jars', waiting: 2, active: 0, workers: [] });
    const app = render(
      <SearchApp store={store} describe={describeCandidate} controls={fakeControls()} width={110} height={30} clock={() => T0 + 45_000} tickMs={0} remoteQueue={remoteQueue} />,
    );
    const frame = () => stripVTControlCharacters(app.lastFrame() ?? '');
    await vi.waitFor(() => expect(frame()).toContain('no worker yet: run `jars worker`'));
    expect(frame()).toContain('Queue · 2 waiting · 0 running');
    app.unmount();
  });
});
