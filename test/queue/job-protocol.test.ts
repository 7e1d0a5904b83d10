import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../src/core/index.js';
import { jobIdFor, queueNameForRun } from '../../src/queue/index.js';
import { decodeEvaluation, parseStoppingReason, stoppingReason } from '../../src/queue/job-protocol.js';

describe('queue job protocol', () => {
  it('names jobs <runId>/<candidateId>: no ":" and never all digits, as BullMQ requires of custom ids', () => {
    expect(jobIdFor('20261205-a1', 17)).toBe('20261205-a1/17');
    expect(jobIdFor('7', 0)).not.toMatch(/^\d+$/);
    expect(queueNameForRun('20261205-a1')).toBe('jars-20261205-a1');
    expect(() => queueNameForRun('a:b')).toThrow(InvalidInputError);
  });

  it('reads results back: null metrics as NaN (as the journal does), malformed ones as a failure', () => {
    const sent = { metrics: { validAcc: Number.NaN, flopsM: 3 }, cost: 1, seconds: 2.5, info: { worker: 'w' } };
    expect(decodeEvaluation(JSON.parse(JSON.stringify(sent)), 'r/1')).toEqual(sent);
    expect(decodeEvaluation(JSON.stringify(sent), 'r/1')).toEqual(sent);
    expect(decodeEvaluation({ metrics: { a: 'x' }, cost: 1, seconds: 0 }, 'r/2')).toEqual({
      metrics: {},
      cost: 0,
      seconds: 0,
      failure: expect.stringMatching(/^queue job r\/2 returned a malformed evaluation: metrics\.a /),
    });
  });

  it('marks failures that stop the run so the coordinator can tell them from a crashed evaluation', () => {
    const reason = stoppingReason('refused', 'worker w refused the job: dataset fingerprint differs');
    expect(parseStoppingReason(reason)).toEqual({ kind: 'refused', message: 'worker w refused the job: dataset fingerprint differs' });
    expect(parseStoppingReason('trainer exited with code 1')).toBeUndefined();
    expect(parseStoppingReason('[jars] looks alike')).toBeUndefined();
  });
});
