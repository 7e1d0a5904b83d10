import { InvalidInputError, oneOfMessage, show } from '../core/index.js';
import type { Objective } from '../core/index.js';

/** Decimal digits only: Number() would also read 0x10, 0b11, 1e3 and " 7 ". */
const DECIMAL_INT = /^\d+$/;

/** Flag parsers for commander: each names the flag and the rule in its error. */
export function positiveInt(flag: string): (value: string) => number {
  return (value) => {
    const n = DECIMAL_INT.test(value) ? Number(value) : Number.NaN;
    if (!Number.isSafeInteger(n) || n < 1) throw new InvalidInputError(`${flag} must be a positive integer, but got ${show(value)}`);
    return n;
  };
}

export function nonNegativeInt(flag: string): (value: string) => number {
  return (value) => {
    const n = DECIMAL_INT.test(value) ? Number(value) : Number.NaN;
    if (!Number.isSafeInteger(n) || n < 0) throw new InvalidInputError(`${flag} must be a non-negative integer, but got ${show(value)}`);
    return n;
  };
}

export function positiveNumber(flag: string): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!Number.isFinite(n) || n <= 0) throw new InvalidInputError(`${flag} must be a positive number, but got ${show(value)}`);
    return n;
  };
}

/** A running time: seconds, or a number with s, m or h (90s, 5m, 2h). */
export function duration(flag: string): (value: string) => number {
  return (value) => {
    const m = /^(\d+(?:\.\d+)?)(s|m|h)?$/.exec(value.trim());
    if (!m) throw new InvalidInputError(`${flag} must be seconds or a duration like 90s, 5m, 2h, but got ${show(value)}`);
    const n = Number(m[1]);
    const seconds = m[2] === 'h' ? n * 3600 : m[2] === 'm' ? n * 60 : n;
    if (!(seconds > 0)) throw new InvalidInputError(`${flag} must be positive, but got ${show(value)}`);
    return seconds;
  };
}

export function positiveNumberList(flag: string): (value: string) => number[] {
  return (value) => {
    const parts = value.split(',').map((s) => s.trim());
    const out = parts.map(Number);
    if (parts.length === 0 || out.some((n, i) => parts[i] === '' || !Number.isFinite(n) || n <= 0)) {
      throw new InvalidInputError(`${flag} must be a comma-separated list of positive numbers, but got ${show(value)}`);
    }
    return out;
  };
}

export function nameList(flag: string, valid: readonly string[]): (value: string) => string[] {
  return (value) => {
    const names = value.split(',').map((s) => s.trim()).filter((s) => s !== '');
    if (names.length === 0) throw new InvalidInputError(`${flag} needs at least one of ${valid.join(', ')}`);
    for (const n of names) if (!valid.includes(n)) throw new InvalidInputError(oneOfMessage(flag, valid, n));
    const twice = names.find((n, i) => names.indexOf(n) !== i);
    if (twice !== undefined) throw new InvalidInputError(`${flag} names ${show(twice)} twice`);
    return names;
  };
}

export function oneOf<T extends string>(flag: string, valid: readonly T[]): (value: string) => T {
  return (value) => {
    if (!(valid as readonly string[]).includes(value)) throw new InvalidInputError(oneOfMessage(flag, valid, value));
    return value as T;
  };
}

/** `validAcc:max,flopsM:min` → objectives; a bare name takes `defaultDirection(name)`. */
/**
 * `metric:max,metric:min,…`. The direction is required: minimising an accuracy by default would
 * quietly search for the worst models.
 */
export function objectiveList(flag: string): (value: string) => Objective[] {
  return (value) =>
    value
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '')
      .map((item) => {
        const [metric, direction, extra] = item.split(':');
        if (!metric || extra !== undefined || (direction !== 'max' && direction !== 'min')) {
          throw new InvalidInputError(`${flag} items must be metric:max or metric:min, but got ${show(item)}${metric && direction === undefined ? ` (say ${metric}:max or ${metric}:min)` : ''}`);
        }
        return { metric, direction };
      });
}

/** A CSV label column: an index (negative counts from the end) or a header name. */
export function labelColumn(value: string): string | number {
  return /^-?\d+$/.test(value) ? Number(value) : value;
}

/** `key=value,key=value` with keys from `valid`, e.g. NB201 column names: valid200=my_valid_acc. */
export function keyValueList(flag: string, valid: readonly string[]): (value: string) => Record<string, string> {
  return (value) => {
    const out: Record<string, string> = {};
    for (const item of value.split(',').map((s) => s.trim()).filter((s) => s !== '')) {
      const [key, column, extra] = item.split('=');
      if (!key || !column || extra !== undefined) throw new InvalidInputError(`${flag} items must be key=column, but got ${show(item)}`);
      if (!valid.includes(key)) throw new InvalidInputError(oneOfMessage(`${flag} key`, valid, key));
      out[key] = column;
    }
    return out;
  };
}

/** A comma-separated list of GPU ids (digits, letters, - or _), e.g. 0,1: each worker slot's CUDA_VISIBLE_DEVICES. */
export function gpuList(flag: string): (value: string) => string[] {
  return (value) => {
    const ids = value.split(',').map((s) => s.trim());
    if (ids.some((id) => !/^[\w-]+$/.test(id))) {
      throw new InvalidInputError(`${flag} must be a comma-separated list of GPU ids such as 0,1, but got ${show(value)}`);
    }
    return ids;
  };
}

/**
 * A JSON object of options per strategy, e.g. {"bo":{"gp":{"fullFitEvery":1}}}: each key one of
 * `valid`, each value an object (the strategy itself checks the option names and values).
 */
export function strategyOptionsJson(flag: string, valid: readonly string[]): (value: string) => Record<string, Record<string, unknown>> {
  return (value) => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(value);
    } catch (error) {
      throw new InvalidInputError(`${flag} must be a JSON object such as {"bo":{"beta":1}}, but ${show(value)} is not JSON (${(error as Error).message})`);
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new InvalidInputError(`${flag} must be a JSON object keyed by strategy, such as {"bo":{"beta":1}}, but got ${show(value)}`);
    }
    const out: Record<string, Record<string, unknown>> = {};
    for (const [name, options] of Object.entries(parsed)) {
      if (!valid.includes(name)) throw new InvalidInputError(oneOfMessage(`${flag} key`, valid, name));
      if (typeof options !== 'object' || options === null || Array.isArray(options)) {
        throw new InvalidInputError(`${flag}.${name} must be an object of options, but got ${JSON.stringify(options)}`);
      }
      out[name] = options as Record<string, unknown>;
    }
    return out;
  };
}
