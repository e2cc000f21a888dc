import { defineConfig } from 'vitest/config';

// Forks, not threads: several labs load native addons (better-sqlite3, onnxruntime, DuckDB) that are safest one per process.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
