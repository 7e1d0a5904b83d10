import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import { InvalidInputError, show } from '../core/index.js';
import { parseNb201 } from '../space/index.js';

/** PNAS/POPNAS cell operations (Liu et al. 2018, §3.1). */
export const PNAS_OPS = ['identity', 'sep3x3', 'sep5x5', 'sep7x7', 'conv1x7_7x1', 'dil3x3', 'max3x3', 'avg3x3'] as const;
export type PnasOp = (typeof PNAS_OPS)[number];

const positive = z.number().int().gte(1);
const MlpSpec = z.object({
  kind: z.literal('mlp'),
  hidden: z.array(positive.lte(8192)).max(16),
  activation: z.enum(['relu', 'tanh', 'gelu']).default('relu'),
  batchNorm: z.boolean().default(false),
}).strict();
const CnnSpec = z.object({
  kind: z.literal('cnn'),
  /** One conv (3×3, ReLU, BN) per entry; a 2×2 max-pool after each but the last. */
  filters: z.array(positive.lte(1024)).min(1).max(8),
  kernel: z.number().int().gte(1).lte(7).default(3),
  dense: z.number().int().gte(0).lte(4096).default(128),
  batchNorm: z.boolean().default(true),
}).strict();
const Nb201Spec = z.object({
  kind: z.literal('nb201'),
  /** Official NB201 cell string. */
  cell: z.string(),
  channels: positive.lte(256).default(16),
  cellsPerStage: positive.lte(10).default(5),
}).strict();
const MbStage = z.object({
  channels: positive.lte(1024),
  depth: positive.lte(8),
  kernel: z.union([z.literal(3), z.literal(5)]),
  expansion: z.union([z.literal(1), z.literal(3), z.literal(4), z.literal(6)]),
  se: z.boolean(),
  stride: z.union([z.literal(1), z.literal(2)]),
}).strict();
const MbconvSpec = z.object({
  kind: z.literal('mbconv'),
  stemChannels: positive.lte(256).default(16),
  stages: z.array(MbStage).min(1).max(8),
  headChannels: positive.lte(4096).default(256),
  /** Input side the images are resized to (bilinear) before the stem; absent = as loaded. */
  resolution: positive.lte(512).optional(),
}).strict();
const PnasBlock = z.tuple([z.number().int().gte(-2), z.enum(PNAS_OPS), z.number().int().gte(-2), z.enum(PNAS_OPS)]);
const PnasSpec = z.object({
  kind: z.literal('pnas'),
  /** Blocks (in1, op1, in2, op2): inputs −2/−1 are the two previous cells' outputs, k ≥ 0 block k. */
  blocks: z.array(PnasBlock).min(1).max(8),
  filters: positive.lte(512).default(16),
  /** Normal cells per stage; stages are separated by reduction cells (same blocks, stride 2). */
  cellsPerStage: positive.lte(6).default(1),
  reductions: z.number().int().gte(0).lte(4).default(2),
}).strict();

const ArchSpecSchema = z.discriminatedUnion('kind', [MlpSpec, CnnSpec, Nb201Spec, MbconvSpec, PnasSpec]);
export type ArchSpec = z.output<typeof ArchSpecSchema>;
export type MlpArch = z.output<typeof MlpSpec>;
export type CnnArch = z.output<typeof CnnSpec>;
export type Nb201Arch = z.output<typeof Nb201Spec>;
export type MbconvArch = z.output<typeof MbconvSpec>;
export type MbconvStage = z.output<typeof MbStage>;
export type PnasArch = z.output<typeof PnasSpec>;
export type PnasBlockSpec = z.output<typeof PnasBlock>;

/** Validates an architecture spec object; errors name the field and the value. */
export function parseArchSpec(value: unknown, field = 'arch'): ArchSpec {
  const result = ArchSpecSchema.safeParse(value);
  if (result.success) {
    const spec = result.data;
    if (spec.kind === 'nb201') parseNb201(spec.cell, `${field}.cell`);
    if (spec.kind === 'pnas') checkPnasInputs(spec.blocks, field);
    return spec;
  }
  const issue = result.error.issues[0] as z.core.$ZodIssue;
  const at = [field, ...issue.path.map(String)].join('.');
  const got = issue.path.reduce<unknown>((v, k) => (v as Record<PropertyKey, unknown> | undefined)?.[k as PropertyKey], value);
  const kindIssue = issue.code === 'invalid_union' && (issue.path.length === 0 || (issue.path.length === 1 && issue.path[0] === 'kind'));
  if (kindIssue) {
    throw new InvalidInputError(`${field}.kind must be one of mlp, cnn, nb201, mbconv, pnas, but got ${show((value as { kind?: unknown } | null)?.kind)}`);
  }
  if (issue.code === 'invalid_value') throw new InvalidInputError(`${at} must be one of ${issue.values.map(String).join(', ')}, but got ${show(got)}`);
  throw new InvalidInputError(`${at}: ${issue.message}, but got ${show(got)}`);
}

function checkPnasInputs(blocks: readonly PnasBlockSpec[], field: string): void {
  blocks.forEach(([in1, , in2], b) => {
    for (const input of [in1, in2]) {
      if (input >= b) throw new InvalidInputError(`${field}.blocks.${b} input must be −2, −1 or an earlier block (< ${b}), but got ${input}`);
    }
  });
}

/**
 * `--arch` text: a JSON file path, inline JSON, an NB201 cell string, or shorthand
 * `mlp:256,128` / `cnn:32,64`.
 */
export function archSpecFromText(text: string): ArchSpec {
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) return parseArchSpec(parseJson(trimmed, 'arch'));
  if (trimmed.startsWith('|')) return parseArchSpec({ kind: 'nb201', cell: trimmed });
  const short = /^(mlp|cnn):([\d,\s]*)$/.exec(trimmed);
  if (short) {
    const sizes = (short[2] ?? '').split(',').filter((s) => s.trim() !== '').map(Number);
    return parseArchSpec(short[1] === 'mlp' ? { kind: 'mlp', hidden: sizes } : { kind: 'cnn', filters: sizes });
  }
  if (existsSync(trimmed)) return parseArchSpec(parseJson(readFileSync(trimmed, 'utf8'), trimmed));
  throw new InvalidInputError(
    `arch must be a JSON file, inline JSON, an NB201 cell string (|op~0|+…) or mlp:<units,…> / cnn:<filters,…>, but got ${show(text)}`,
  );
}

function parseJson(text: string, source: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new InvalidInputError(`${source} is not valid JSON: ${(error as Error).message}`);
  }
}
