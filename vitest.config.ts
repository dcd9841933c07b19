/**
 * Test runner configuration for `npm test`.
 *
 * Invariants: every *.test.ts under model/, impl/, properties/, fuzz/, bench/ and stryker/ runs; results
 * also go to reports/vitest.json, which .ci/run reads for its closing `tests: N passed, N failed`
 * line; Stryker's sandbox (.stryker-tmp) is never collected as tests.
 */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{model,impl,properties,fuzz,bench,stryker}/**/*.test.ts'],
    exclude: ['**/node_modules/**', '.stryker-tmp/**', 'reports/**'],
    // Property suites set their own longer limits; examples must stay fast.
    testTimeout: 20_000,
    reporters: process.env.VITEST_JSON === '0' ? ['default'] : ['default', 'json'],
    outputFile: { json: 'reports/vitest.json' },
  },
});
