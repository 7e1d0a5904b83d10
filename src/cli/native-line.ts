import { nativeNotice } from '../native/native-notice.js';

/**
 * Before tfjs training starts: one line on stderr when it will run on plain wasm because the
 * native kernels cannot load, saying what that costs and how to get them (above the TUI, which
 * draws below it). Imports no tfjs: the check loads only the addon.
 */
export function sayIfNativeOff(prefix = 'jars', notice: () => string | undefined = nativeNotice): void {
  const line = notice();
  if (line !== undefined) process.stderr.write(`${prefix}: ${line}\n`);
}
