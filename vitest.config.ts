// Vitest: every test file under test/, in forked processes, with a private temp directory for the whole run
// (test/faults/global-tmp.ts) so the suite leaves nothing in the system's temp directory.
import { defineConfig } from 'vitest/config';

// Forks, not threads: several labs load native addons (better-sqlite3, onnxruntime, DuckDB), safest one per process.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    globalSetup: ['test/faults/global-tmp.ts'],
  },
});
