/**
 * The vitest configuration Stryker runs for each mutant (stryker.conf.json): the tests of impl/
 * from `npm test`, made cheap per mutant without touching the default suite.
 *
 * Invariants:
 * - the same test files as `npm test` minus those that test no impl/ code: model/ tests (the
 *   model is not mutated), bench/ (measurements), fuzz/ campaign and CLI tests (they run impl/ in
 *   worker threads, where Stryker's active mutant is not visible, or test the fuzzer itself) and
 *   the oracle tests that judge a property's own checks against a deliberately broken variant
 *   (they test properties/, and the sound tree they also run is the property suites' job; the
 *   oracle tests of impl/'s validators, mt_validate, mm_validate and the rb-tree's, stay).
 *   fuzz/regressions.test.ts
 *   stays: it replays promoted counterexamples against impl/ in-process;
 * - property run counts are scaled down through the environment (MAPLE_RUNS_SCALE, read by
 *   properties/seed.ts), never by editing the properties; the defaults stay what `npm test` runs;
 * - files that failed on the previous mutant run first, then the quickest: a mutant is usually
 *   killed by the test file that killed its neighbour, and otherwise by a fast example sooner than
 *   by a property (Stryker bails at the first failure);
 * - no JSON report (only CI reads it).
 */
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { defineConfig } from 'vitest/config';
import base from './vitest.config.js';

class KillFastSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const cache = this.ctx.cache;
    const key = (f: TestSpecification): string => `${f.project.name}:${f.moduleId.slice(this.ctx.config.root.length + 1)}`;
    const rank = (f: TestSpecification): [number, number] => {
      const last = cache.getFileTestResults(key(f));
      // Unknown files (not run yet) go after the failed ones and before the known slow ones.
      if (last === undefined) return [1, 0];
      return [last.failed ? 0 : 1, last.duration];
    };
    return [...files].sort((a, b) => {
      const [fa, da] = rank(a);
      const [fb, db] = rank(b);
      return fa - fb || da - db;
    });
  }
}

export default defineConfig({
  test: {
    ...base.test,
    include: ['{impl,properties}/**/*.test.ts', 'fuzz/regressions.test.ts'],
    exclude: [
      ...(base.test?.exclude ?? []),
      'impl/bugs/**',
      'properties/oracles/agreement-oracle.test.ts',
      'properties/oracles/property-oracle.test.ts',
      'properties/alloc/broken-variants.test.ts',
      'properties/rcu/rcu-broken-variants.test.ts',
    ],
    // Instrumented code counting coverage runs several times slower in Stryker's dry run; Stryker's
    // own timeout (timeoutMS, timeoutFactor) judges the mutant runs.
    testTimeout: 300_000,
    reporters: ['default'],
    outputFile: undefined,
    sequence: { sequencer: KillFastSequencer },
    // One module graph for all test files of a mutant run: Stryker switches mutants at run time
    // (static mutants are ignored), and no test depends on fresh module state.
    isolate: false,
    env: { MAPLE_RUNS_SCALE: process.env.MAPLE_RUNS_SCALE ?? '0.05', MAPLE_COMMANDS_SCALE: process.env.MAPLE_COMMANDS_SCALE ?? '0.25' },
  },
});
