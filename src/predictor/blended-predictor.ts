import { InvalidInputError } from '../core/index.js';
import type { Candidate } from '../core/index.js';
import type { FitOptions, FitReport, Prediction, Predictor } from './predictor.js';
import { checkTargets, fitTargetScaler, scaleTargets, unscale, unscaleDeviation } from './target-scaler.js';
import type { TargetScalerState } from './target-scaler.js';

/**
 * Several predictors averaged. Each member fits the same rank-gauss scores of the targets (normal
 * quantiles of their ranks), so members whose outputs live on other scales (a ranking-loss network,
 * a forest bounded by the values it saw) are averaged on one. The mean is the members' average,
 * mapped back to target units; the deviation is that of the mixture of the members' predictions.
 */
export class BlendedPredictor<C extends Candidate = Candidate> implements Predictor<C> {
  readonly name: string;
  private readonly members: readonly Predictor<C>[];
  private scaler: TargetScalerState | undefined;

  constructor(members: readonly Predictor<C>[]) {
    if (members.length === 0) throw new InvalidInputError('a blended predictor needs at least one member');
    this.members = members;
    this.name = members.map((m) => m.name).join('+');
  }

  async fit(candidates: readonly C[], targets: readonly (readonly number[])[], options?: FitOptions): Promise<FitReport> {
    const start = performance.now();
    const clean = checkTargets(candidates.length, targets);
    const scaler = fitTargetScaler('rank-gauss', clean);
    const scores = scaleTargets(scaler, clean);
    const losses: Record<string, number> = {};
    for (const [i, member] of this.members.entries()) {
      const report = await member.fit(candidates, scores, options);
      for (const [name, value] of Object.entries(report.losses)) losses[`${member.name}${i}.${name}`] = value;
    }
    this.scaler = scaler;
    return { samples: candidates.length, objectives: scaler.mean.length, seconds: (performance.now() - start) / 1000, losses };
  }

  async predict(candidates: readonly C[]): Promise<Prediction> {
    const scaler = this.scaler;
    if (!scaler) throw new Error('BlendedPredictor.predict called before fit');
    const parts: Prediction[] = [];
    for (const member of this.members) parts.push(await member.predict(candidates));
    const m = parts.length;
    const mean: number[][] = [];
    const std: number[][] = [];
    candidates.forEach((_, c) => {
      const mu: number[] = [];
      const sd: number[] = [];
      for (let o = 0; o < scaler.mean.length; o++) {
        let sum = 0;
        let second = 0;
        for (const p of parts) {
          const pm = (p.mean[c] as number[])[o] as number;
          const ps = (p.std[c] as number[])[o] as number;
          sum += pm;
          second += ps * ps + pm * pm;
        }
        const z = sum / m;
        const s = Math.sqrt(Math.max(0, second / m - z * z));
        mu.push(unscale(scaler, z, o));
        sd.push(unscaleDeviation(scaler, z, s, o));
      }
      mean.push(mu);
      std.push(sd);
    });
    return { mean, std };
  }

  dispose(): void {
    for (const member of this.members) member.dispose();
    this.scaler = undefined;
  }
}
