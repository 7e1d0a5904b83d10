import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createControls, runSession } from '../../src/cli/run-session.js';
import { RunDirectory, runSeconds, runStateFromEvents } from '../../src/run/index.js';
import type { RunEvent } from '../../src/run/index.js';
import { buildRunParts, parseRunConfig, runStateConfig } from '../../src/setup/index.js';

describe('runSession pause', () => {
  it('journals pause and unpause, so the run clock leaves the pause out', async () => {
    const config = parseRunConfig({
      version: 1,
      evaluator: { kind: 'benchmark', benchmark: 'nb201-cifar10' },
      strategy: 'random',
      objectives: [{ metric: 'validAcc', direction: 'max' }],
      budget: { queries: 5 },
      seed: 1,
    });
    const run = RunDirectory.create(path.join(mkdtempSync(path.join(tmpdir(), 'jars-pause-')), 'p'), config);
    const controls = createControls();
    const seen: RunEvent[] = [];
    const output = {
      onEvent(e: RunEvent) {
        seen.push(e);
        // pause at the first evaluation for 0.4 s
        if (e.type === 'candidate-evaluated' && e.id === 0) {
          controls.togglePause();
          setTimeout(() => controls.togglePause(), 400);
        }
      },
    };
    const started = Date.now();
    const result = await runSession(run, config, output, controls, buildRunParts(config));
    const wallSeconds = (Date.now() - started) / 1000;
    expect(result.evaluated).toBe(5);
    const events = run.events();
    expect(events.map((e) => e.type).filter((t) => t.startsWith('run-'))).toEqual(['run-started', 'run-paused', 'run-unpaused', 'run-finished']);
    expect(seen.map((e) => e.type)).toContain('run-paused');
    const clock = runStateFromEvents(runStateConfig(config), events).clock;
    expect(wallSeconds).toBeGreaterThan(0.38);
    expect(runSeconds(clock)).toBeLessThan(wallSeconds - 0.35);
  });
});
