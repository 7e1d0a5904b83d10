// Predictor evaluation (issue 3), run against the build: npx tsc -p tsconfig.build.json
//   node bench/predictor-eval.mjs --benchmark nb201-cifar10 --train-sizes 25,50,100,200 --seeds 10 [--held-out 1000] [--out bench/results]
// Prints the tables and writes <out>/predictor-eval-<benchmark>.{json,txt}. `jars predictor eval` calls the same function.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { evaluatePredictors, formatPredictorEvalReport } from '../dist/lab/index.js';

const args = Object.fromEntries(
  process.argv
    .slice(2)
    .join(' ')
    .split('--')
    .filter(Boolean)
    .map((a) => a.trim().split(/\s+/)),
);
const benchmark = args.benchmark ?? 'nb201-cifar10';
const options = {
  benchmark,
  trainSizes: (args['train-sizes'] ?? '25,50,100,200').split(',').map(Number),
  seeds: Number(args.seeds ?? 10),
  heldOut: Number(args['held-out'] ?? 1000),
};
const start = Date.now();
const report = await evaluatePredictors(options, (p) =>
  process.stderr.write(`\r[${((Date.now() - start) / 1000).toFixed(0)} s] ${p.done}/${p.total} seed ${p.seed} ${p.method} N=${p.trainSize} τ=${p.kendall.toFixed(3)}      `),
);
process.stderr.write('\n');
const text = formatPredictorEvalReport(report);
console.log(text);
const out = args.out ?? 'bench/results';
mkdirSync(out, { recursive: true });
writeFileSync(path.join(out, `predictor-eval-${benchmark}.json`), `${JSON.stringify(report, null, 1)}\n`);
writeFileSync(
  path.join(out, `predictor-eval-${benchmark}.txt`),
  `$ node bench/predictor-eval.mjs ${process.argv.slice(2).join(' ')}\n\n${text}\n`,
);
