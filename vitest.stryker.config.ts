/**
 * The vitest configuration Stryker runs for each mutant: the same tests as `npm test`, with
 * property run counts scaled down (MAPLE_RUNS_SCALE) so thousands of mutants fit in a run, and
 * without the JSON report that only CI reads.
 */
import { defineConfig } from 'vitest/config';
import base from './vitest.config.js';

export default defineConfig({
  test: {
    ...base.test,
    reporters: ['default'],
    outputFile: undefined,
    env: { MAPLE_RUNS_SCALE: '0.1' },
  },
});
