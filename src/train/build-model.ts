import type * as tf from '@tensorflow/tfjs';
import type { Rng } from '../core/index.js';
import type { ArchSpec } from './arch-spec.js';
import { BuildContext } from './build-context.js';
import type { BuildOptions, ModelInput } from './build-context.js';
import { buildMbconv } from './build-mbconv.js';
import { buildNb201 } from './build-nb201.js';
import { buildPnas } from './build-pnas.js';
import { buildCnn, buildMlp } from './build-simple.js';

/** Builds the tfjs model (logits output) for an architecture; weights seeded from `rng`. */
export function buildModel(spec: ArchSpec, input: ModelInput, rng: Rng, options: BuildOptions = {}): tf.LayersModel {
  const ctx = new BuildContext(rng, options);
  switch (spec.kind) {
    case 'mlp':
      return buildMlp(spec, input, ctx);
    case 'cnn':
      return buildCnn(spec, input, ctx);
    case 'nb201':
      return buildNb201(spec, input, ctx);
    case 'mbconv':
      return buildMbconv(spec, input, ctx);
    case 'pnas':
      return buildPnas(spec, input, ctx);
  }
}
