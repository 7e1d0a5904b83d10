import { describe, expect, it } from 'vitest';
import { remoteQueueView } from '../../src/cli/session-output.js';

describe('remoteQueueView', () => {
  it("maps a queue reading to the TUI's view: this run's job ids become candidate ids, other runs' jobs are counted", () => {
    const view = remoteQueueView(
      {
        waiting: 4,
        active: 3,
        completed: 1,
        failed: 0,
        workers: [
          { id: 'a', host: 'gpu-a', pid: 10, concurrency: 2, gpus: ['0'], busy: true, jobs: ['run-1/12', 'run-10/3'], lastHeartbeat: new Date(5000) },
          { id: 'b', host: 'cpu-b', pid: 11, concurrency: 1, gpus: [], busy: false, jobs: [], lastHeartbeat: new Date(6000) },
        ],
      },
      'jars',
      'run-1',
    );
    expect(view).toEqual({
      queueName: 'jars',
      waiting: 4,
      active: 3,
      workers: [
        { host: 'gpu-a', pid: 10, busy: true, concurrency: 2, gpus: ['0'], candidateIds: [12], otherJobs: 1, lastHeartbeatMs: 5000 },
        { host: 'cpu-b', pid: 11, busy: false, concurrency: 1, gpus: [], candidateIds: [], otherJobs: 0, lastHeartbeatMs: 6000 },
      ],
    });
  });
});
