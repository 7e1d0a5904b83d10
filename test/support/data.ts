import path from 'node:path';
import { resolveDataDir } from '../../src/data/index.js';

export const dataDir = resolveDataDir();
export const nb201Dir = path.join(dataDir, 'nb201');
