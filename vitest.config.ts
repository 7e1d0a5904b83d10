import { defineConfig } from 'vitest/config';

const ALL = ['test/**/*.test.ts', 'test/**/*.test.tsx'];
// Files that set tfjs state themselves (tf.setBackend, kernel registrations, loading or unloading
// the native kernels): each gets a fresh process. The rest reach tfjs only through initBackend(),
// which picks one backend per process as a jars process does, so they share one process per worker
// and skip re-importing the module graph (tfjs included). On the 2-core VM with 3 workers the suite
// took 250–278 s all isolated and 208 s all shared.
const ISOLATED = ['test/native/**/*.test.ts', 'test/train/**/*.test.ts', 'test/space/cnn.test.ts', 'test/space/mbconv.test.ts'];

export default defineConfig({
  test: {
    reporters: ['default', './test/support/summary-reporter.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Three test files at a time, even on two cores: many wait on child processes (CLI runs,
    // workers, trainers), and the third slot fills those waits (310 s with 2 workers, all isolated).
    maxWorkers: 3,
    projects: [
      { extends: true, test: { name: 'isolated', include: ISOLATED, isolate: true } },
      { extends: true, test: { name: 'shared', include: ALL, exclude: ISOLATED, isolate: false } },
    ],
  },
});
