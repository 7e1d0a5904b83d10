import type { Evaluation, Json, Metrics } from '../core/index.js';
import type { TrainerLine } from './protocol.js';
import type { TrialExit } from './trial-process.js';

export type ObjectLine = Extract<TrainerLine, { kind: 'object' }>;

/** Why jars ended a trial before its command did. */
export type StopReason = 'prune' | 'timeout' | 'abort';

/** What one trial produced, as seen from outside the trainer. */
export interface TrialRecord {
  readonly exit: TrialExit;
  readonly stoppedFor?: StopReason;
  /** The last JSON object printed: the result, when the command exits 0. */
  readonly last?: ObjectLine;
  /** The last intermediate report (a JSON object with `epoch`). */
  readonly lastReport?: ObjectLine & { readonly epoch: number };
  readonly seconds: number;
  /** The end of trainer.log, for failure texts. */
  readonly logTail: string;
}

export interface OutcomeSettings {
  readonly requiredMetrics: readonly string[];
  /** Reported as hidden metrics, never shown to strategies (e.g. testAcc). */
  readonly hiddenMetrics: readonly string[];
  /** Statistics jars computes itself (flopsM, paramsM); the trainer's own values win. */
  readonly statistics: Metrics;
  /** The recipe's full epochs: cost is epochs trained over these, as for jars' own trainer. */
  readonly fullEpochs: number;
  /** Epochs asked for (candidate.json "epochs"). */
  readonly askedEpochs: number;
  readonly timeoutSeconds?: number;
  readonly info: Readonly<Record<string, Json>>;
}

/** Turns a finished trial into the evaluation the engine records: success, pruned or failed. */
export function trialEvaluation(record: TrialRecord, settings: OutcomeSettings): Evaluation {
  const { exit } = record;
  const info: Record<string, Json> = { ...settings.info, exitCode: exit.code, ...(exit.signal ? { exitSignal: exit.signal } : {}) };
  // A trainer that runs past the epochs asked for is not charged for them.
  const cost = (epochs: number) => Math.min(epochs, settings.askedEpochs) / settings.fullEpochs;
  const reportedEpochs = record.lastReport?.epoch ?? 0;
  const failed = (reason: string): Evaluation => ({
    metrics: settings.statistics,
    cost: cost(reportedEpochs),
    seconds: record.seconds,
    failure: withLogTail(reason, record.logTail),
    info: { ...info, epochs: reportedEpochs },
  });

  if (record.stoppedFor === 'abort') {
    return { metrics: settings.statistics, cost: cost(reportedEpochs), seconds: record.seconds, failure: 'aborted', info: { ...info, epochs: reportedEpochs } };
  }
  if (record.stoppedFor === 'prune' && record.lastReport) {
    const epoch = record.lastReport.epoch;
    return {
      ...splitMetrics(record.lastReport, settings),
      cost: cost(epoch),
      seconds: record.seconds,
      pruned: { epoch, epochs: settings.askedEpochs },
      info: { ...info, epochs: epoch },
    };
  }
  if (record.stoppedFor === 'timeout') {
    return failed(`the command timed out after ${String(settings.timeoutSeconds)} s (timeoutSeconds)`);
  }
  if (exit.error !== undefined) return failed(exit.error);
  if (exit.signal !== null) return failed(`the command was killed by ${exit.signal}`);
  if (exit.code !== 0) return failed(`the command exited with code ${String(exit.code)}`);
  const result = record.last;
  if (!result) return failed('the command exited 0 but printed no JSON result line on stdout');
  for (const name of settings.requiredMetrics) {
    const value = result.numbers[name];
    if (value === undefined) {
      const has = Object.keys(result.numbers);
      return failed(`the result line lacks required metric "${name}" (it has ${has.length > 0 ? has.join(', ') : 'no numeric fields'})`);
    }
    if (!Number.isFinite(value)) return failed(`the result line's "${name}" must be a finite number, but got ${String(value)}`);
  }
  const epochs = result.epoch ?? record.lastReport?.epoch ?? settings.askedEpochs;
  const extra: Record<string, Json> = Object.keys(result.others).length > 0 ? { trainer: result.others } : {};
  return { ...splitMetrics(result, settings), cost: cost(epochs), seconds: record.seconds, info: { ...info, epochs, ...extra } };
}

function splitMetrics(line: ObjectLine, settings: OutcomeSettings): Pick<Evaluation, 'metrics' | 'hiddenMetrics'> {
  const visible: Record<string, number> = { ...settings.statistics };
  const hidden: Record<string, number> = {};
  for (const [name, value] of Object.entries(line.numbers)) {
    if (!Number.isFinite(value)) continue;
    if (settings.hiddenMetrics.includes(name)) hidden[name] = value;
    else visible[name] = value;
  }
  return { metrics: visible, ...(Object.keys(hidden).length > 0 ? { hiddenMetrics: hidden } : {}) };
}

/** The failure text: the reason, then the end of trainer.log. */
export function withLogTail(reason: string, tail: string): string {
  return tail === '' ? `${reason}; trainer.log is empty` : `${reason}; trainer.log ends with:\n${tail}`;
}
