import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Two cores on CI: CLI tests spawn node processes, so keep the pool small.
    maxWorkers: 2,
    testTimeout: 30_000,
    // Set-up hooks start engines and run the built CLI; on a shared 2-core runner that takes time.
    hookTimeout: 60_000,
    globalSetup: ['test/global-setup.ts'],
    // GitHub's action.yml parser imports its schema JSON without an import attribute, which
    // only a bundler accepts: Vite transforms it instead of Node loading it.
    server: { deps: { inline: ['@actions/workflow-parser'] } },
    // Under CI a JSON summary is written too, so .ci/run can print a plain "N passed, N failed".
    reporters: process.env.CI ? ['default', 'json'] : ['default'],
    outputFile: { json: '.ci/results/vitest.json' },
  },
});
