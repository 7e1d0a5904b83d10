// Builds the shipped statistics-pretrained predictor (no measured accuracy is used):
//   node bench/predictor-pretrain.mjs [space=nb201] [name=<space>-stats-pretrained]
import { Nb201Space, createSpace } from '../dist/space/index.js';
import { NeuralPredictor, predictorDir, savePredictor } from '../dist/predictor/index.js';

const spaceName = process.argv[2] ?? 'nb201';
const name = process.argv[3] ?? `${spaceName}-stats-pretrained`;
const space = spaceName === 'nb201' ? new Nb201Space() : createSpace(spaceName, {}, spaceName === 'nb201' || spaceName === 'fcnet' || spaceName === 'hpobench-mlp' ? 'benchmark' : 'trainer');
const predictor = await NeuralPredictor.create(space, { seed: 0 });
const report = await predictor.pretrain();
await savePredictor(predictor, space, predictorDir(name));
predictor.dispose();
console.log(`${name}: pretrained on ${report.samples} random ${space.name} candidates (statistics ${space.statisticNames.join(', ')}; ${space.descriptorNames?.length ?? 0} descriptors), ${report.steps} steps, final statistics MSE ${report.finalLoss.toFixed(4)} (sum over members), ${report.seconds.toFixed(1)} s`);
