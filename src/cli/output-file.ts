import { accessSync, constants, existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { InvalidInputError } from '../core/index.js';

/**
 * Checks, before a long command runs, that its results can be written to `file` (`flag` names
 * the flag): not a folder, and its nearest existing parent a folder this process may write in
 * (missing folders below it are created when the file is written).
 */
export function checkOutputFile(flag: string, file: string): void {
  const full = path.resolve(file);
  if (existsSync(full)) {
    if (statSync(full).isDirectory()) {
      throw new InvalidInputError(`${flag} must be a file path, but ${file} is a folder (e.g. ${path.join(file, 'results.json')})`);
    }
    if (!writable(full, constants.W_OK)) throw new InvalidInputError(`${flag} ${file} cannot be overwritten: no permission to write it`);
    return;
  }
  let parent = path.dirname(full);
  while (!existsSync(parent) && path.dirname(parent) !== parent) parent = path.dirname(parent);
  if (!statSync(parent).isDirectory()) {
    throw new InvalidInputError(`${flag} ${file} cannot be written: ${parent} is a file, not a folder`);
  }
  if (!writable(parent, constants.W_OK | constants.X_OK)) {
    throw new InvalidInputError(`${flag} ${file} cannot be written: no permission to create entries in the folder ${parent}`);
  }
}

function writable(file: string, mode: number): boolean {
  try {
    accessSync(file, mode);
    return true;
  } catch {
    return false;
  }
}
