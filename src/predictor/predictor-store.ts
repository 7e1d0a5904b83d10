import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { InvalidInputError } from '../core/index.js';
import type { Candidate } from '../core/index.js';
import type { SearchSpace } from '../space/index.js';
import { EnsembleNetwork } from './ensemble-network.js';
import { toLayersModel } from './layers-export.js';
import { NeuralPredictor } from './neural-predictor.js';
import type { NeuralPredictorState } from './neural-predictor.js';
import { currentBackend, initBackend } from '../native/index.js';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Bumped when meta.json or the weight layout changes incompatibly. */
export const PREDICTOR_FORMAT_VERSION = 1;

/** meta.json of a saved predictor: what the weights mean and what they were made for. */
export interface PredictorMeta {
  readonly format: 'jars-predictor';
  readonly formatVersion: number;
  readonly kind: 'neural';
  readonly space: string;
  readonly encodingVersion: number;
  readonly archFeatureCount: number;
  readonly recipeFeatureCount: number;
  readonly statisticNames: readonly string[];
  /** The space's `descriptorNames` (absent in predictors saved before descriptors existed: none). */
  readonly descriptorNames?: readonly string[];
  /** Options, input normalisation, target scaling (absent until fitted), network shape. */
  readonly state: NeuralPredictorState;
  readonly packages: Readonly<Record<string, string>>;
}

/**
 * The folder of a saved predictor: a bare name (`nb201-stats-pretrained`) means the project's
 * `predictors/<name>/`; anything with a path separator or a leading dot is a path.
 */
export function predictorDir(nameOrPath: string): string {
  const isPath = nameOrPath.includes('/') || nameOrPath.includes('\\') || nameOrPath.startsWith('.');
  return isPath ? path.resolve(nameOrPath) : path.join(projectRoot, 'predictors', nameOrPath);
}

/** Writes `model.json` (a standard tfjs LayersModel), `weights.bin` and `meta.json` into `dir`. */
export async function savePredictor(predictor: NeuralPredictor, space: SearchSpace<Candidate>, dir: string): Promise<void> {
  const network = predictor.currentModel();
  if (!network) throw new InvalidInputError('cannot save a predictor that is neither pretrained nor fitted');
  await mkdir(dir, { recursive: true });
  const model = toLayersModel(network);
  try {
    // tfjs's file:// handler needs tfjs-node; this one works on every backend.
    await model.save(
      tf.io.withSaveHandler(async (artifacts) => {
        const data = artifacts.weightData;
        const bytes = data === undefined ? new ArrayBuffer(0) : tf.io.CompositeArrayBuffer.join(data);
        const modelJson = {
          format: 'layers-model',
          generatedBy: `TensorFlow.js tfjs-layers v${tf.version_layers}`,
          convertedBy: null,
          modelTopology: artifacts.modelTopology,
          weightsManifest: [{ paths: ['weights.bin'], weights: artifacts.weightSpecs ?? [] }],
        };
        await writeFile(path.join(dir, 'model.json'), `${JSON.stringify(modelJson)}\n`);
        await writeFile(path.join(dir, 'weights.bin'), new Uint8Array(bytes));
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
      }),
    );
  } finally {
    model.dispose();
  }
  const meta: PredictorMeta = {
    format: 'jars-predictor',
    formatVersion: PREDICTOR_FORMAT_VERSION,
    kind: 'neural',
    space: space.name,
    encodingVersion: space.encodingVersion,
    archFeatureCount: space.archFeatureCount,
    recipeFeatureCount: space.recipeFeatureCount,
    statisticNames: [...space.statisticNames],
    descriptorNames: [...(space.descriptorNames ?? [])],
    state: predictor.state(),
    packages: { jars: jarsVersion(), '@tensorflow/tfjs': tf.version_core, backend: currentBackend() },
  };
  await writeFile(path.join(dir, 'meta.json'), `${JSON.stringify(meta, null, 1)}\n`);
}

/**
 * Loads a saved predictor by name or path for `space`. A predictor saved for another space, an
 * older encoding or other statistics is refused: its inputs would mean something else.
 */
export async function loadPredictor<C extends Candidate>(nameOrPath: string, space: SearchSpace<C>): Promise<NeuralPredictor<C>> {
  await initBackend();
  const dir = predictorDir(nameOrPath);
  const metaPath = path.join(dir, 'meta.json');
  if (!existsSync(metaPath)) {
    throw new InvalidInputError(`predictor ${JSON.stringify(nameOrPath)} not found: no ${metaPath} (a name means predictors/<name>/; give a path to load from elsewhere)`);
  }
  const meta = JSON.parse(await readFile(metaPath, 'utf8')) as PredictorMeta;
  checkCompatible(meta, space, dir);
  const modelJson = JSON.parse(await readFile(path.join(dir, 'model.json'), 'utf8')) as { weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[] };
  const named = new Map<string, tf.Tensor>();
  for (const group of modelJson.weightsManifest) {
    const buffers = await Promise.all(group.paths.map((p) => readFile(path.join(dir, p))));
    const joined = Buffer.concat(buffers);
    const decoded = tf.io.decodeWeights(joined.buffer.slice(joined.byteOffset, joined.byteOffset + joined.byteLength), group.weights);
    for (const [name, t] of Object.entries(decoded)) named.set(name, t);
  }
  const shape = meta.state.shape;
  if (!shape) throw new InvalidInputError(`predictor ${dir}: meta.json has no network shape`);
  const network = new EnsembleNetwork(shape, 0);
  try {
    network.loadNamedWeights(named);
  } catch (error) {
    network.dispose();
    throw new InvalidInputError(`predictor ${dir}: model.json does not match meta.json (${(error as Error).message})`);
  } finally {
    tf.dispose([...named.values()]);
  }
  return NeuralPredictor.restore(space, meta.state, network);
}

function checkCompatible(meta: PredictorMeta, space: SearchSpace<Candidate>, dir: string): void {
  if (meta.format !== 'jars-predictor' || meta.formatVersion !== PREDICTOR_FORMAT_VERSION) {
    throw new InvalidInputError(`predictor ${dir}: meta.json format must be jars-predictor v${PREDICTOR_FORMAT_VERSION}, but got ${String(meta.format)} v${String(meta.formatVersion)}`);
  }
  const describe = (name: string, version: number, arch: number, recipe: number, statistics: readonly string[], descriptors: readonly string[]) =>
    `"${name}" (encoding v${version}, ${arch}+${recipe} features, statistics ${statistics.join(',')}${descriptors.length > 0 ? `, ${descriptors.length} descriptors` : ''})`;
  const savedDescriptors = meta.descriptorNames ?? [];
  const spaceDescriptors = space.descriptorNames ?? [];
  const saved = describe(meta.space, meta.encodingVersion, meta.archFeatureCount, meta.recipeFeatureCount, meta.statisticNames, savedDescriptors);
  const wanted = describe(space.name, space.encodingVersion, space.archFeatureCount, space.recipeFeatureCount, space.statisticNames, spaceDescriptors);
  if (
    meta.space !== space.name ||
    meta.encodingVersion !== space.encodingVersion ||
    meta.archFeatureCount !== space.archFeatureCount ||
    meta.recipeFeatureCount !== space.recipeFeatureCount ||
    meta.statisticNames.join(',') !== space.statisticNames.join(',') ||
    savedDescriptors.join(',') !== spaceDescriptors.join(',')
  ) {
    throw new InvalidInputError(`predictor ${dir} was saved for space ${saved}, but the search space is ${wanted}; retrain or pretrain one for this space`);
  }
}

function jarsVersion(): string {
  try {
    return (JSON.parse(readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as { version?: string }).version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}
