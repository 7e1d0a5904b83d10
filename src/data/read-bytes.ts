import { existsSync, readFileSync, statSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { DataError } from '../core/index.js';

/** Reads a file, gunzipping it when it starts with the gzip magic bytes (whatever its name). */
export function readMaybeGzip(file: string, whereToGet: string): Buffer {
  if (!existsSync(file)) throw new DataError(`dataset file ${file} not found. ${whereToGet}`);
  if (!statSync(file).isFile()) throw new DataError(`dataset path ${file} is not a file. ${whereToGet}`);
  const raw = readFileSync(file);
  if (raw.length >= 2 && raw[0] === 0x1f && raw[1] === 0x8b) {
    try {
      return gunzipSync(raw);
    } catch (error) {
      throw new DataError(`dataset file ${file} looks gzipped but cannot be decompressed: ${(error as Error).message}`);
    }
  }
  return raw;
}
