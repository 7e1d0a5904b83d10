import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { groupAlive } from '../../src/command/index.js';
import { LONG_TRIAL, processAlive, processGroupOf, scratch, TRAINERS, waitFor } from './trial-fixtures.js';

const scratches: ReturnType<typeof scratch>[] = [];
afterEach(() => {
  for (const s of scratches.splice(0)) s.remove();
});

// Needs the compiled dist/ (npm run build): the parent imports dist/command like bin/jars.js does.
describe('command trials never outlive jars', () => {
  it('ends the trial\'s whole process group within 2 s of jars being SIGKILLed', async () => {
    const s = scratch();
    scratches.push(s);
    const parent = spawn(process.execPath, [path.join(TRAINERS, 'orphan-parent.mjs'), s.runDir, s.dataset, LONG_TRIAL], { stdio: 'inherit' });
    const parentGone = new Promise((resolve) => parent.once('exit', resolve));
    try {
      const pidsFile = path.join(s.runDir, 'trials', '0', 'pids');
      const text = await waitFor(() => (existsSync(pidsFile) ? readFileSync(pidsFile, 'utf8') : undefined), 20_000, 'the trial to start');
      const [shell, sleeper] = text.trim().split(' ').map(Number) as [number, number];
      const group = processGroupOf(shell);
      expect(group).not.toBe(processGroupOf(parent.pid as number));
      expect(processGroupOf(sleeper)).toBe(group);
      expect(groupAlive(group)).toBe(true);

      parent.kill('SIGKILL');
      await parentGone;
      const killedAt = Date.now();
      await waitFor(() => (groupAlive(group) ? undefined : true), 2000, `process group ${group} to end`);
      expect(Date.now() - killedAt).toBeLessThan(2000);
      expect(processAlive(shell)).toBe(false);
      expect(processAlive(sleeper)).toBe(false);
    } finally {
      if (parent.exitCode === null && parent.signalCode === null) parent.kill('SIGKILL');
    }
  });
});
