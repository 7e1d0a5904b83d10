import type { Candidate, Observation } from '../core/index.js';
import { fromLoss } from '../core/index.js';
import { DEFAULT_GP_OPTIONS } from '../predictor/gaussian-process.js';
import { DEFAULT_GP_PREDICTOR_OPTIONS, GP_FEATURES, GaussianProcessPredictor } from '../predictor/gp-predictor.js';
import { normalCdf, normalPdf } from '../predictor/normal.js';
import { TARGET_SCALINGS } from '../predictor/target-scaler.js';
import { Acquisition } from './acquisition.js';
import { atFidelity, fidelityLevels, neighbours } from './neighbours.js';
import { ProposalSet, sampleNew } from './proposals.js';
import { QuasiRandomSampler } from './quasi-random.js';
import { withinLimits } from './resource-limits.js';
import type { Strategy, StrategyContext } from './strategy.js';
import { OptionReader } from './strategy-options.js';

const OPTION_NAMES = ['initial', 'pool', 'starts', 'localSteps', 'beta', 'targetScaling', 'gp'] as const;

/**
 * Gaussian-process Bayesian optimisation (Snoek et al., NeurIPS 2012): after a quasi-random start,
 * each proposal maximises expected improvement under a GP fitted on everything measured (ARD
 * Matérn 5/2 over the encodings, hyperparameters by marginal likelihood, noise learned, so one
 * lucky training run does not pin the model). Candidates come from a Sobol pool, then the best of
 * them climb by one-dimension moves while the acquisition improves (the local search of SMAC,
 * Hutter et al. 2011). Several proposals at once, and proposals still being measured, count as
 * measured at the GP's mean ("kriging believer", Ginsbourger et al. 2010), so a batch spreads out.
 * With several objectives: a GP per learned objective (free statistics such as FLOPs are exact)
 * and the optimistic hypervolume improvement of `Acquisition`.
 *
 * Every query is at full fidelity. On FCNet parkinsons, with one random repetition per query,
 * this is what finds the few configurations within reach of the optimum (bench/results/bo.md).
 */
export function createBayesianOptimisation<C extends Candidate>(context: StrategyContext<C>): Strategy<C> {
  const { space, objectives, rng, constraints } = context;
  const read = new OptionReader('bo', context.options, OPTION_NAMES);
  const initial = read.int('initial', 10, 1);
  const poolSize = read.int('pool', 2048, 1);
  const starts = read.int('starts', 10, 1);
  const localSteps = read.int('localSteps', 20, 0);
  const beta = read.number('beta', 0.5);
  const targetScaling = read.choice('targetScaling', TARGET_SCALINGS, 'rank-gauss');
  const full = fidelityLevels(space)?.full;
  const at = (c: C) => atFidelity(space, c, full);
  const feasible = (c: C) => withinLimits(space, constraints, c);
  const seen = new ProposalSet(space, { byFunction: true });
  const sampler = new QuasiRandomSampler(space, rng.fork('initial'), seen.keyOf);
  const exact = objectives.map((o) => space.statisticNames.includes(o.metric));
  const learned = objectives.map((_, i) => i).filter((i) => !exact[i]);
  const fitting = new OptionReader('bo.gp', read.record('gp'), ['steps', 'warmSteps', 'fullFitEvery', 'retuneAfter', 'retuneGrowth', 'features']);
  const gp = new GaussianProcessPredictor(space, {
    targetScaling,
    features: fitting.choice('features', GP_FEATURES, DEFAULT_GP_PREDICTOR_OPTIONS.features),
    fullFitEvery: fitting.int('fullFitEvery', DEFAULT_GP_PREDICTOR_OPTIONS.fullFitEvery, 1),
    warmSteps: fitting.int('warmSteps', DEFAULT_GP_PREDICTOR_OPTIONS.warmSteps, 0),
    retuneAfter: fitting.int('retuneAfter', DEFAULT_GP_PREDICTOR_OPTIONS.retuneAfter, 0),
    retuneGrowth: fitting.number('retuneGrowth', DEFAULT_GP_PREDICTOR_OPTIONS.retuneGrowth, 0),
    gp: { ...DEFAULT_GP_OPTIONS, steps: fitting.int('steps', DEFAULT_GP_OPTIONS.steps, 0) },
  });
  const observations: Observation<C>[] = [];
  /** Proposed and not yet measured, by key. */
  const pending = new Map<string, C>();
  const predictions = new Map<string, number[]>();
  let fittedOn = -1;
  let stage = `bo: quasi-random start (${initial})`;
  let fits: { samples: number; seconds: number }[] = [];

  /** Observations the GP learns from: full fidelity, not pruned part-way. */
  const fittable = () => observations.filter((o) => !o.pruned);

  async function refit(): Promise<boolean> {
    const data = fittable();
    if (learned.length === 0) return true;
    if (data.filter((o) => !o.failed).length < 3) return false;
    if (data.length === fittedOn) return true;
    const started = performance.now();
    await gp.refit(
      data.map((o) => o.candidate),
      data.map((o) => learned.map((i) => (o.failed ? Number.POSITIVE_INFINITY : (o.losses[i] as number)))),
    );
    fittedOn = data.length;
    fits.push({ samples: data.length, seconds: (performance.now() - started) / 1000 });
    return true;
  }

  /** Minimised losses per objective: GP posterior for learned ones (metric units), exact for free statistics. */
  function predictLosses(cands: readonly C[]): { mean: number[][]; std: number[][] } {
    const p = learned.length > 0 ? gp.predictNow(cands) : undefined;
    const mean: number[][] = [];
    const std: number[][] = [];
    cands.forEach((c, i) => {
      const stats = exact.some(Boolean) ? space.statistics(c) : {};
      const mu: number[] = [];
      const sd: number[] = [];
      objectives.forEach((o, k) => {
        if (exact[k]) {
          const v = stats[o.metric] as number;
          mu.push(o.direction === 'max' ? -v : v);
          sd.push(0);
        } else {
          const j = learned.indexOf(k);
          mu.push((p?.mean[i] as number[])[j] as number);
          sd.push((p?.std[i] as number[])[j] as number);
        }
      });
      mean.push(mu);
      std.push(sd);
    });
    return { mean, std };
  }

  /** Unmeasured, feasible, full-fidelity candidates: a Sobol pool and the neighbours of the best measured. */
  function candidatePool(): C[] {
    const fresh = (c: C) => feasible(c) && !seen.has(c);
    const measured = fittable().filter((o) => !o.failed);
    const best = [...measured].sort((a, b) => (a.losses[0] as number) - (b.losses[0] as number)).slice(0, 5);
    const near = best.flatMap((o) => neighbours(space, o.candidate, rng).map(at)).filter(fresh);
    return seen.distinct([...sampler.draw(poolSize, fresh, at), ...near]);
  }

  /**
   * Climbs from each start by the best one-dimension move while `score` improves, at most
   * `localSteps` moves; returns every candidate scored on the way.
   */
  function climb(startsAt: readonly C[], score: (cands: readonly C[]) => number[]): { candidate: C; score: number }[] {
    const visited = new Map<string, { candidate: C; score: number }>();
    const fresh = (c: C) => feasible(c) && !seen.has(c) && !visited.has(seen.keyOf(c));
    for (const s of startsAt) {
      let current = s;
      let value = score([s])[0] as number;
      visited.set(seen.keyOf(s), { candidate: s, score: value });
      for (let step = 0; step < localSteps; step++) {
        const moves = seen.distinct(neighbours(space, current, rng).map(at).filter(fresh));
        if (moves.length === 0) break;
        const scores = score(moves);
        moves.forEach((m, i) => visited.set(seen.keyOf(m), { candidate: m, score: scores[i] as number }));
        let best = -1;
        for (let i = 0; i < moves.length; i++) if ((scores[i] as number) > value && (best < 0 || (scores[i] as number) > (scores[best] as number))) best = i;
        if (best < 0) break;
        current = moves[best] as C;
        value = scores[best] as number;
      }
    }
    return [...visited.values()];
  }

  /** One objective: expected improvement on the GP's scaled axis, proposals in flight as fantasies. */
  function chooseByImprovement(n: number): C[] {
    const measured = fittable().map((o) => o.candidate);
    const inFlight = [...pending.values()];
    const believed = inFlight.length > 0 ? gp.posterior()(inFlight).mean : [];
    const fantasies = inFlight.map((candidate, i) => ({ candidate, value: believed[i] as number }));
    const pool = candidatePool();
    const out: C[] = [];
    for (let k = 0; k < n; k++) {
      const posterior = gp.posterior(0, fantasies);
      // The incumbent is the best posterior mean among the measured, not the luckiest single run.
      const incumbent = Math.min(...posterior([...measured, ...fantasies.map((f) => f.candidate)]).mean);
      const taken = new Set(out.map((c) => seen.keyOf(c)));
      const ei = (cands: readonly C[]) => {
        const p = posterior(cands);
        return p.mean.map((mu, i) => (taken.has(seen.keyOf(cands[i] as C)) ? Number.NEGATIVE_INFINITY : expectedImprovement(incumbent, mu, p.std[i] as number)));
      };
      const scores = ei(pool);
      const top = order(scores).slice(0, starts).map((i) => pool[i] as C);
      const scored = [...climb(top, ei), ...pool.map((c, i) => ({ candidate: c, score: scores[i] as number }))];
      let best: { candidate: C; score: number } | undefined;
      for (const s of scored) if (s.score > Number.NEGATIVE_INFINITY && (!best || s.score > best.score)) best = s;
      if (!best) break;
      out.push(best.candidate);
      // Believe the GP's mean for it, so the next pick of this batch looks elsewhere.
      fantasies.push({ candidate: best.candidate, value: posterior([best.candidate]).mean[0] as number });
    }
    return out;
  }

  /** Several objectives: optimistic hypervolume improvement over the measured front, greedy batch. */
  function chooseByHypervolume(n: number): C[] {
    const data = fittable().filter((o) => !o.failed);
    const acquisition = new Acquisition(
      data.map((o) => o.losses.slice()),
      objectives.length,
      beta,
    );
    const utility = (cands: readonly C[]) => {
      const p = predictLosses(cands);
      return p.mean.map((m, i) => acquisition.utility(m, p.std[i] as number[]));
    };
    const pool = candidatePool();
    const top = order(utility(pool)).slice(0, starts).map((i) => pool[i] as C);
    const all = seen.distinct([...climb(top, utility).map((s) => s.candidate), ...pool]);
    const p = predictLosses(all);
    return acquisition.selectBatch(p.mean, p.std, n).map((i) => all[i] as C);
  }

  function rememberPredictions(chosen: readonly C[]): void {
    if (learned.length > 0 && fittedOn < 0) return;
    const p = predictLosses(chosen);
    chosen.forEach((c, i) => predictions.set(space.key(c), objectives.map((o, j) => fromLoss((p.mean[i] as number[])[j] as number, o))));
  }

  return {
    name: 'bo',
    async ask(n) {
      let chosen: C[] = [];
      if (observations.length + pending.size >= initial && (await refit())) {
        const single = objectives.length === 1 && learned.length === 1;
        stage = single ? 'bo: expected improvement' : 'bo: hypervolume improvement';
        chosen = single ? chooseByImprovement(n) : chooseByHypervolume(n);
        rememberPredictions(chosen);
      } else {
        chosen = sampler.draw(n, (c) => feasible(c) && !seen.has(c), at);
      }
      chosen = chosen.filter((c) => seen.add(c));
      if (chosen.length < n) {
        // The pool ran dry (a small or tightly constrained space): fill up at random.
        for (let i = chosen.length; i < n; i++) {
          const extra = sampleNew(space, seen, rng);
          if (!extra) break;
          chosen.push(extra);
        }
      }
      for (const c of chosen) pending.set(space.key(c), c);
      return chosen;
    },
    tell(told) {
      for (const o of told) pending.delete(space.key(o.candidate));
      observations.push(...told);
    },
    progress: () => ({ stage }),
    predicted: (c) => predictions.get(space.key(c)),
    takeFitReports() {
      const out = fits;
      fits = [];
      return out;
    },
  };
}

/** E[max(0, incumbent − f)] for f ~ N(mu, sd²) (minimisation). */
export function expectedImprovement(incumbent: number, mu: number, sd: number): number {
  const gap = incumbent - mu;
  if (!(sd > 1e-12)) return Math.max(0, gap);
  const z = gap / sd;
  return gap * normalCdf(z) + sd * normalPdf(z);
}

/** Indices by descending score. */
function order(scores: readonly number[]): number[] {
  return scores.map((_, i) => i).sort((a, b) => (scores[b] as number) - (scores[a] as number) || a - b);
}
