import { describe, expect, it, vi } from 'vitest';
import { sayIfNativeOff } from '../../src/cli/native-line.js';
import type { NativeAddon } from '../../src/native/addon.js';
import { nativeNotice } from '../../src/native/native-notice.js';
import type { NativeProbe } from '../../src/native/native-notice.js';

const notBuilt = { addon: undefined, reason: "jars-native: Cannot find module 'jars-native'; native/index.cjs: Cannot find module './build/Release/jars_native.node'" };
const probe = (over: Partial<NativeProbe> = {}): NativeProbe => ({
  env: {},
  loadAddon: () => notBuilt,
  tensorflowInstalled: () => false,
  ...over,
});

describe('the native-kernels notice', () => {
  it('says when training will run on plain wasm, what it costs and what to run', () => {
    expect(nativeNotice(probe())).toBe(
      "native kernels off (not built: libdnnl-dev was missing when npm ci ran): training runs about 6× slower (the default search's first 7 candidates: 100 s instead of 15 s); run scripts/setup.sh to build them",
    );
    const noRuntime = nativeNotice(probe({ loadAddon: () => ({ addon: undefined, reason: 'jars-native: libdnnl.so.3: cannot open shared object file: No such file or directory' }) }));
    expect(noRuntime).toMatch(/^native kernels off \(oneDNN \(libdnnl\.so\) is not installed\): training runs about 6× slower/);
    expect(nativeNotice(probe({ env: { JARS_BACKEND: 'wasm' } }))).toMatch(/^native kernels off/);
  });

  it('stays quiet when the kernels load, another backend trains, or JARS_NATIVE=0 turned them off', () => {
    const loads = vi.fn(() => ({ addon: {} as NativeAddon, from: 'jars-native' }));
    expect(nativeNotice(probe({ loadAddon: loads }))).toBeUndefined();
    expect(loads).toHaveBeenCalledOnce();
    expect(nativeNotice(probe({ tensorflowInstalled: () => true }))).toBeUndefined();
    expect(nativeNotice(probe({ env: { JARS_BACKEND: 'tensorflow' } }))).toBeUndefined();
    expect(nativeNotice(probe({ env: { JARS_BACKEND: 'cpu' } }))).toBeUndefined();
    expect(nativeNotice(probe({ env: { JARS_NATIVE: '0' } }))).toBeUndefined();
  });

  it('the CLI prints it as one line on stderr', () => {
    const write = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      sayIfNativeOff('jars', () => nativeNotice(probe()));
      sayIfNativeOff('jars', () => undefined);
      expect(write.mock.calls.map((c) => String(c[0]))).toEqual([`jars: ${nativeNotice(probe())}\n`]);
    } finally {
      write.mockRestore();
    }
  });
});
