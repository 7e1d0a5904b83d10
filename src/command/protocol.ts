import type { Json } from '../core/index.js';

/** Version of the `command` trainer protocol written into every candidate.json. */
export const COMMAND_PROTOCOL_VERSION = 1;

/** Paths of one split's IDX files: `x` float32 samples, `y` uint8 class indices. */
export interface IdxFilePair {
  readonly x: string;
  readonly y: string;
}

export interface SplitFiles {
  readonly train: IdxFilePair;
  readonly validation: IdxFilePair;
  /** Only when the run keeps a test split. */
  readonly test?: IdxFilePair;
}

/** What a trainer reads from `$JARS_CANDIDATE_FILE` (protocol version 1). */
export interface CandidateFileV1 {
  readonly protocol: typeof COMMAND_PROTOCOL_VERSION;
  readonly run: string;
  /** The candidate's id in the run's journal; null for an evaluation outside a run. */
  readonly candidateId: number | null;
  readonly space: string;
  /** The candidate's architecture as the journal records it. */
  readonly arch: Json;
  /** The buildable ArchSpec (src/train/arch-spec.ts), defaults filled in. */
  readonly archSpec: Json;
  /** Every recipe field, defaults filled in. */
  readonly recipe: Readonly<Record<string, string | number | boolean>>;
  /** Epochs to train: the recipe's epochs at the recipe's fidelity. */
  readonly epochs: number;
  /** In [0, 2^31): weight init, shuffles and augmentation of this evaluation. */
  readonly seed: number;
  readonly dataset: {
    readonly name: string;
    readonly sampleShape: readonly number[];
    readonly classes: number;
    readonly files: SplitFiles;
    readonly source: { readonly path: string; readonly labelColumn: string | number | null };
  };
  /** Metrics the final line must hold as finite numbers. */
  readonly metrics: readonly string[];
}

/** One stdout line of a trainer, classified. */
export type TrainerLine =
  | { readonly kind: 'text' }
  | {
      readonly kind: 'object';
      /** Numeric fields, `epoch` excluded; NaN where the trainer wrote NaN, Infinity or null. */
      readonly numbers: Readonly<Record<string, number>>;
      /** Fields that are neither numbers nor null (strings, booleans, nested values). */
      readonly others: Readonly<Record<string, Json>>;
      /** Epochs completed, when the line has a numeric `epoch` (then it is an intermediate report). */
      readonly epoch?: number;
    };

// Python's json.dumps writes NaN and ±Infinity bare, which JSON.parse rejects; a trainer whose
// accuracy went NaN must still be read as a result with a non-finite metric, not as noise.
const NON_FINITE_TOKEN = /([:[,]\s*)(?:-?Infinity|NaN)(?=\s*[,}\]])/g;

/** Classifies one stdout line: a JSON object (intermediate report or result) or anything else. */
export function parseTrainerLine(line: string): TrainerLine {
  const text = line.trim();
  if (!text.startsWith('{')) return { kind: 'text' };
  const value = parseLenient(text);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return { kind: 'text' };
  const numbers: Record<string, number> = {};
  const others: Record<string, Json> = {};
  let epoch: number | undefined;
  for (const [name, v] of Object.entries(value as Record<string, Json>)) {
    if (name === 'epoch' && typeof v === 'number') epoch = v;
    else if (typeof v === 'number') numbers[name] = v;
    else if (v === null) numbers[name] = Number.NaN;
    else others[name] = v;
  }
  return { kind: 'object', numbers, others, ...(epoch === undefined ? {} : { epoch }) };
}

function parseLenient(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    try {
      return JSON.parse(text.replace(NON_FINITE_TOKEN, '$1null'));
    } catch {
      return undefined;
    }
  }
}
