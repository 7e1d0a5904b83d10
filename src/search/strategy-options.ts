import { InvalidInputError, oneOfMessage, show } from '../core/index.js';

/** Reads a strategy's options over its defaults, rejecting unknown names and bad values with one-line messages. */
export class OptionReader {
  constructor(
    private readonly strategy: string,
    private readonly raw: Readonly<Record<string, unknown>> | undefined,
    known: readonly string[],
  ) {
    for (const key of Object.keys(raw ?? {})) {
      if (known.includes(key)) continue;
      throw new InvalidInputError(known.length === 0 ? `${strategy} takes no options, but got ${show(key)}` : oneOfMessage(`${strategy} option`, known, key));
    }
  }

  int(name: string, fallback: number, min = 1): number {
    const v = this.raw?.[name] ?? fallback;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min) {
      throw new InvalidInputError(`${this.strategy}.${name} must be an integer ≥ ${min}, but got ${show(v)}`);
    }
    return v;
  }

  bool(name: string, fallback: boolean): boolean {
    const v = this.raw?.[name] ?? fallback;
    if (typeof v !== 'boolean') throw new InvalidInputError(`${this.strategy}.${name} must be true or false, but got ${show(v)}`);
    return v;
  }

  number(name: string, fallback: number, min = 0, max = Number.POSITIVE_INFINITY): number {
    const v = this.raw?.[name] ?? fallback;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) {
      throw new InvalidInputError(`${this.strategy}.${name} must be a number in [${min}, ${max}], but got ${show(v)}`);
    }
    return v;
  }

  choice<T extends string>(name: string, valid: readonly T[], fallback: T): T {
    const v = this.raw?.[name] ?? fallback;
    if (typeof v !== 'string' || !(valid as readonly string[]).includes(v)) throw new InvalidInputError(oneOfMessage(`${this.strategy}.${name}`, valid, v));
    return v as T;
  }

  stringList(name: string, fallback: readonly string[]): string[] {
    const v = this.raw?.[name] ?? fallback;
    if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) {
      throw new InvalidInputError(`${this.strategy}.${name} must be a list of metric names, but got ${show(v)}`);
    }
    return v as string[];
  }

  record(name: string): Readonly<Record<string, unknown>> {
    const v = this.raw?.[name] ?? {};
    if (typeof v !== 'object' || v === null || Array.isArray(v)) {
      throw new InvalidInputError(`${this.strategy}.${name} must be an object of settings, but got ${show(v)}`);
    }
    return v as Record<string, unknown>;
  }
}
