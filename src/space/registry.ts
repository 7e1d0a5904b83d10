import { InvalidInputError, oneOfMessage } from '../core/index.js';
import { CnnSpace } from './cnn.js';
import { MbconvSpace } from './mbconv.js';
import { MlpSpace } from './mlp.js';
import { Nb201Space } from './nb201.js';
import { PnasCellSpace } from './pnas-cell.js';
import { RecipeSpace } from './recipe.js';
import type { AnySpace } from './search-space.js';
import { FcnetSpace, HpobenchMlpSpace } from './tabular-mlp.js';

/** What a trainer space is built for: the dataset's sample shape and classes, and the epochs searched. */
export interface SpaceOptions {
  /** One sample's shape: [height, width, channels] for images, [features] for tabular rows. */
  readonly sampleShape?: readonly number[];
  readonly classes?: number;
  readonly epochs?: readonly number[];
}

/** How a space is used: searched over a tabular benchmark, searched with a trainer, or a part of other spaces. */
export type SpaceUse = 'benchmark' | 'trainer' | 'part';

export interface SpaceEntry {
  readonly use: SpaceUse;
  /** Trainer spaces: what samples they need (`images` = height × width × channels). */
  readonly input?: 'images' | 'any';
  /** Builds the space; benchmark spaces ignore the options (their tables fix everything). */
  readonly create: (options: SpaceOptions) => AnySpace;
}

/**
 * Every space by name, benchmark and trainer alike: adding one is a class plus one line here
 * (the space contract suite in test/space runs over this map).
 */
export const SPACES = {
  nb201: { use: 'benchmark', create: () => new Nb201Space() as unknown as AnySpace },
  fcnet: { use: 'benchmark', create: () => new FcnetSpace() as unknown as AnySpace },
  'hpobench-mlp': { use: 'benchmark', create: () => new HpobenchMlpSpace() as unknown as AnySpace },
  cnn: {
    use: 'trainer',
    input: 'images',
    create: ({ sampleShape, classes, epochs }) =>
      new CnnSpace({
        ...(sampleShape ? { inputShape: imageShape(sampleShape) } : {}),
        ...(classes ? { classes } : {}),
        ...(epochs ? { epochs } : {}),
      }),
  },
  mlp: {
    use: 'trainer',
    input: 'any',
    create: ({ sampleShape, classes, epochs }) =>
      new MlpSpace({
        ...(sampleShape ? { inputFeatures: sampleShape.reduce((a, b) => a * b, 1) } : {}),
        ...(classes ? { classes } : {}),
        ...(epochs ? { epochs } : {}),
      }),
  },
  mbconv: {
    use: 'trainer',
    input: 'images',
    create: ({ sampleShape, classes, epochs }) => {
      const shape = sampleShape ? imageShape(sampleShape) : undefined;
      return new MbconvSpace({
        ...(shape ? { inputChannels: shape[2], resolutions: [shape[0]] } : {}),
        ...(classes ? { classes } : {}),
        ...(epochs ? { epochs } : {}),
      }) as unknown as AnySpace;
    },
  },
  pnas: { use: 'trainer', input: 'images', create: ({ epochs }) => new PnasCellSpace({ ...(epochs ? { epochs } : {}) }) as unknown as AnySpace },
  recipe: { use: 'part', create: () => new RecipeSpace() as unknown as AnySpace },
} as const satisfies Record<string, SpaceEntry>;

export type SpaceName = keyof typeof SPACES;

/** Names of the spaces a use may pick, e.g. the trainer's `--space` values. */
export function spaceNames(use: SpaceUse): string[] {
  return Object.entries(SPACES as Record<string, SpaceEntry>)
    .filter(([, e]) => e.use === use)
    .map(([name]) => name);
}

/** The registry entry of a space of the given use; an unknown name is an error naming the valid ones. */
export function spaceEntry(name: string, use: SpaceUse, field = 'space'): SpaceEntry {
  const entry = (SPACES as Record<string, SpaceEntry | undefined>)[name];
  if (!entry || entry.use !== use) throw new InvalidInputError(oneOfMessage(field, spaceNames(use), name));
  return entry;
}

export function createSpace(name: string, options: SpaceOptions = {}, use: SpaceUse = 'benchmark'): AnySpace {
  return spaceEntry(name, use).create(options);
}

function imageShape(shape: readonly number[]): [number, number, number] {
  if (shape.length !== 3) throw new InvalidInputError(`an image space needs samples of shape [height, width, channels], but got [${shape.join(', ')}]`);
  return [shape[0] as number, shape[1] as number, shape[2] as number];
}
