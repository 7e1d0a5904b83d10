/**
 * Errors that reach a user carry a stable `code` so the CLI can map them to exit codes and tests
 * can pin them. Messages name the field, the rule, the value received and what is valid.
 */
export class JarsError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = 'JarsError';
  }
}

/** Bad flags, config files, recipe files or candidate specs. */
export class InvalidInputError extends JarsError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('E_INVALID_INPUT', message, options);
    this.name = 'InvalidInputError';
  }
}

/** A data file (benchmark table, dataset) is missing or malformed. */
export class DataError extends JarsError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('E_DATA', message, options);
    this.name = 'DataError';
  }
}

/** A run folder or its journal cannot be read as a run. */
export class RunError extends JarsError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('E_RUN', message, options);
    this.name = 'RunError';
  }
}

/** Formats a value for an error message: strings quoted, others as JSON. */
export function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === undefined) return 'undefined';
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value); // JSON would say null
  try {
    const text = JSON.stringify(value);
    return text.length > 80 ? `${text.slice(0, 77)}...` : text;
  } catch {
    return String(value);
  }
}

/** `name must be one of a, b, c, but got "x"` */
export function oneOfMessage(field: string, valid: readonly unknown[], got: unknown): string {
  return `${field} must be one of ${valid.map(String).join(', ')}, but got ${show(got)}`;
}

/** Names that become one file or folder name (run ids, recipe names): no separators, no dot first. */
export const SAFE_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
export const SAFE_NAME_RULE = 'must start with a letter or digit and hold only letters, digits, ".", "_" and "-"';

/** Throws an `InvalidInputError` naming `field` unless `value` is a safe file or folder name. */
export function checkSafeName(field: string, value: string): void {
  if (!SAFE_NAME_PATTERN.test(value)) throw new InvalidInputError(`${field} ${SAFE_NAME_RULE}, but got ${show(value)}`);
}
