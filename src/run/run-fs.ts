import * as fs from 'node:fs';
import path from 'node:path';
import { InvalidInputError, JarsError } from '../core/index.js';

/**
 * The file-system calls a run folder's writers make (journal, lock, config.json, reports): the
 * seam tests use to simulate short writes, a full disk or failing hardware. `node:fs` is one.
 */
export interface RunFileSystem {
  openSync(file: string, flags: number, mode?: number): number;
  writeSync(fd: number, buffer: Uint8Array, offset: number, length: number, position: number | null): number;
  readFileSync(fd: number): Buffer;
  fstatSync(fd: number): { size: number };
  fsyncSync(fd: number): void;
  ftruncateSync(fd: number, length: number): void;
  closeSync(fd: number): void;
  lstatSync(file: string, options: { throwIfNoEntry: false }): fs.Stats | undefined;
  mkdirSync(dir: string): void;
  linkSync(existing: string, created: string): void;
  renameSync(from: string, to: string): void;
  unlinkSync(file: string): void;
}

export const nodeFileSystem: RunFileSystem = fs;

const { O_RDONLY, O_RDWR, O_WRONLY, O_CREAT, O_EXCL, O_TRUNC } = fs.constants;
/** Not on Windows, where planted links need privileges anyway. */
const O_NOFOLLOW = fs.constants.O_NOFOLLOW ?? 0;

/** Open flags for run files: never through a symbolic link. */
export const OPEN = {
  read: O_RDONLY | O_NOFOLLOW,
  readWrite: O_RDWR | O_CREAT | O_NOFOLLOW,
  /** Fails when the file (or a link by that name) exists. */
  createNew: O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW,
  replace: O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW,
} as const;

/** Writing failed for want of space or a failing device: the run stops, nothing written is lost. */
export class RunIoError extends JarsError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('E_IO', message, options);
    this.name = 'RunIoError';
  }
}

const errno = (error: unknown): string | undefined => (error as NodeJS.ErrnoException | undefined)?.code;

/** Opens a run file, turning a planted symbolic link or a folder in its place into a one-line refusal. */
export function openRunFile(fsys: RunFileSystem, file: string, flags: number, mode = 0o644): number {
  // Reading a folder opens fine and fails later with EISDIR, which names no path: say it here.
  if (fsys.lstatSync(file, { throwIfNoEntry: false })?.isDirectory()) throw folderRefusal(file);
  try {
    return fsys.openSync(file, flags, mode);
  } catch (error) {
    // O_NOFOLLOW on a link gives ELOOP; O_EXCL on a link gives EEXIST (checked by the caller).
    if (errno(error) === 'ELOOP' || isSymlink(fsys, file)) throw symlinkRefusal(file, error);
    if (errno(error) === 'EISDIR') throw folderRefusal(file, error);
    throw error;
  }
}

export function folderRefusal(file: string, cause?: unknown): InvalidInputError {
  return new InvalidInputError(`${file} is a folder, but a run keeps it as a file; move the folder away (jars leaves it as it is)`, { cause });
}

/** A run file's whole text, read without following links (a planted link is a one-line refusal). */
export function readRunFile(fsys: RunFileSystem, file: string): string {
  const fd = openRunFile(fsys, file, OPEN.read);
  try {
    return fsys.readFileSync(fd).toString('utf8');
  } finally {
    fsys.closeSync(fd);
  }
}

export function isSymlink(fsys: RunFileSystem, file: string): boolean {
  return fsys.lstatSync(file, { throwIfNoEntry: false })?.isSymbolicLink() ?? false;
}

export function symlinkRefusal(file: string, cause?: unknown): InvalidInputError {
  return new InvalidInputError(`${file} is a symbolic link; jars does not follow links inside a run folder (remove it, or copy the file it points to in its place)`, { cause });
}

/** Writes all of `bytes` at `position` (a short write is continued, no progress is an error). */
export function writeFully(fsys: RunFileSystem, fd: number, bytes: Uint8Array, position: number): void {
  let done = 0;
  while (done < bytes.length) {
    const n = fsys.writeSync(fd, bytes, done, bytes.length - done, position + done);
    if (!(n > 0)) throw Object.assign(new Error('the device accepted no bytes'), { code: 'EIO', syscall: 'write' });
    done += n;
  }
}

/** `ENOSPC: no space left on device` → "no space left on device (ENOSPC)". */
export function describeIoError(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  const code = errno(error);
  const text = (e?.message ?? String(error)).replace(/^[A-Z]+: /, '').replace(/, \w+( '.*')?$/, '');
  return code ? `${text} (${code})` : text;
}

/**
 * Writes a whole file or nothing: a temp file beside it, fsync'd, then moved into place. On any
 * failure the temp file is removed. `exclusive` refuses to replace an existing file (or link).
 */
export function writeFileAtomic(file: string, content: string | Uint8Array, options: { fs?: RunFileSystem; exclusive?: boolean } = {}): void {
  const fsys = options.fs ?? nodeFileSystem;
  const tmp = `${file}.tmp-${process.pid}`;
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  let fd: number | undefined;
  let placed = false;
  try {
    fd = openRunFile(fsys, tmp, OPEN.replace);
    writeFully(fsys, fd, bytes, 0);
    fsys.fsyncSync(fd);
    fsys.closeSync(fd);
    fd = undefined;
    if (options.exclusive) {
      // link() fails if the name is taken, even by a dangling link: no check-then-write race.
      linkOrMove(fsys, tmp, file);
    } else {
      fsys.renameSync(tmp, file);
    }
    placed = true;
  } catch (error) {
    if (fd !== undefined) ignore(() => fsys.closeSync(fd as number));
    if (!placed) ignore(() => fsys.unlinkSync(tmp));
    if (isIoFailure(error)) throw new RunIoError(`cannot write ${file}: ${describeIoError(error)}`, { cause: error });
    throw error;
  }
}

/** Some file systems (FUSE, SMB) have no hard links: there, check the name is free and move. */
function linkOrMove(fsys: RunFileSystem, tmp: string, file: string): void {
  try {
    fsys.linkSync(tmp, file);
  } catch (error) {
    if (!['EPERM', 'ENOTSUP', 'ENOSYS', 'EOPNOTSUPP'].includes(errno(error) ?? '')) throw error;
    if (fsys.lstatSync(file, { throwIfNoEntry: false })) throw Object.assign(new Error(`EEXIST: file already exists, link '${file}'`), { code: 'EEXIST', syscall: 'link', path: file });
    fsys.renameSync(tmp, file);
    return;
  }
  fsys.unlinkSync(tmp);
}

/** Out of space, quota or a failing device: not the user's input, and worth one clear line. */
export function isIoFailure(error: unknown): boolean {
  return ['ENOSPC', 'EDQUOT', 'EIO', 'EFBIG', 'EROFS'].includes(errno(error) ?? '');
}

/**
 * `mkdir -p` that gives up instead of spinning: Node's recursive mkdir loops forever on a parent
 * that exists but refuses children (`/proc/self`).
 */
export function makeDirectories(fsys: RunFileSystem, dir: string, depth = 0): void {
  try {
    fsys.mkdirSync(dir);
    return;
  } catch (error) {
    const code = errno(error);
    if (code === 'EEXIST') {
      if (fsys.lstatSync(dir, { throwIfNoEntry: false })?.isDirectory() || isDirectoryLink(dir)) return;
      throw new InvalidInputError(`${dir} exists and is not a folder`);
    }
    if (code !== 'ENOENT' || depth > 64) throw error;
    const parent = path.dirname(dir);
    if (parent === dir) throw error;
    makeDirectories(fsys, parent, depth + 1);
  }
  try {
    fsys.mkdirSync(dir);
  } catch (error) {
    if (errno(error) === 'ENOENT') throw new InvalidInputError(`cannot create the folder ${dir}: its parent exists but refuses new entries (ENOENT)`);
    if (errno(error) !== 'EEXIST') throw error;
  }
}

/** A user-chosen runs folder may itself be a link (runs → /data/runs); only files inside a run may not. */
function isDirectoryLink(dir: string): boolean {
  try {
    return fs.statSync(dir).isDirectory();
  } catch {
    return false;
  }
}

function ignore(f: () => void): void {
  try {
    f();
  } catch {
    // best effort while already failing
  }
}
