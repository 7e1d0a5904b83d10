import { nodeFileSystem } from '../../src/run/index.js';
import type { RunFileSystem } from '../../src/run/index.js';

/** An errno error as node:fs throws it (no path: write errors carry none). */
export function fsError(code: string, syscall = 'write'): NodeJS.ErrnoException {
  const text: Record<string, string> = { ENOSPC: 'no space left on device', EIO: 'i/o error' };
  return Object.assign(new Error(`${code}: ${text[code] ?? 'failed'}, ${syscall}`), { code, syscall, errno: -28 });
}

/**
 * The real file system with a small disk: writes succeed until `spaceBytes` bytes are used, the
 * write that crosses it lands partly (a short write), the next throws `code`. `maxChunk` makes
 * every write short. `free()` adds space back.
 */
export class FaultyFileSystem implements RunFileSystem {
  written = 0;
  writes = 0;

  constructor(
    private options: { spaceBytes?: number; maxChunk?: number; code?: string; failOn?: (file: string) => boolean } = {},
    private readonly inner: RunFileSystem = nodeFileSystem,
  ) {}

  free(): void {
    this.options = { ...this.options, spaceBytes: Number.POSITIVE_INFINITY };
  }

  private readonly names = new Map<number, string>();

  openSync(file: string, flags: number, mode?: number): number {
    const fd = this.inner.openSync(file, flags, mode);
    this.names.set(fd, file);
    return fd;
  }

  writeSync(fd: number, buffer: Uint8Array, offset: number, length: number, position: number | null): number {
    this.writes++;
    const file = this.names.get(fd) ?? '';
    const applies = this.options.failOn?.(file) ?? true;
    const left = applies ? (this.options.spaceBytes ?? Number.POSITIVE_INFINITY) - this.written : Number.POSITIVE_INFINITY;
    if (left <= 0) throw fsError(this.options.code ?? 'ENOSPC');
    const n = Math.min(length, left, this.options.maxChunk ?? length);
    const done = this.inner.writeSync(fd, buffer, offset, n, position);
    if (applies) this.written += done;
    return done;
  }

  readFileSync(fd: number): Buffer {
    return this.inner.readFileSync(fd);
  }
  fstatSync(fd: number): { size: number } {
    return this.inner.fstatSync(fd);
  }
  fsyncSync(fd: number): void {
    this.inner.fsyncSync(fd);
  }
  ftruncateSync(fd: number, length: number): void {
    this.inner.ftruncateSync(fd, length);
  }
  closeSync(fd: number): void {
    this.names.delete(fd);
    this.inner.closeSync(fd);
  }
  lstatSync(file: string, options: { throwIfNoEntry: false }) {
    return this.inner.lstatSync(file, options);
  }
  mkdirSync(dir: string): void {
    this.inner.mkdirSync(dir);
  }
  linkSync(existing: string, created: string): void {
    this.inner.linkSync(existing, created);
  }
  renameSync(from: string, to: string): void {
    this.inner.renameSync(from, to);
  }
  unlinkSync(file: string): void {
    this.inner.unlinkSync(file);
  }
}
