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
 *   oracle tests of impl/'s validators, mt_validate, mm_validate and the rb-tree's, stay), and
 *   the tests of the Stryker ignorers (impl/bugs, impl/error-message-ignorer.test.ts: they parse
 *   impl/'s sources, which in Stryker's sandbox are the instrumented ones), and the test file
 *   that mocks an impl/ module (mt-for-each-progress). fuzz/regressions.test.ts
 *   stays: it replays promoted counterexamples against impl/ in-process;
 * - property run counts are scaled down through the environment (MAPLE_RUNS_SCALE, read by
 *   properties/seed.ts), never by editing the properties, and a failing property is not shrunk
 *   (MAPLE_SHRINK=0); the defaults stay what `npm test` runs;
 * - the files that killed the mutants numbered nearest to this one go first, then those that
 *   killed most per second spent (stryker/kill-fast-sequencer.ts, stryker/kill-order.ts): a
 *   mutant is usually killed by the file that killed its neighbours, and Stryker bails at the
 *   first failure;
 * - a test file is collected with the mutant off and tested with it on
 *   (stryker/collect-without-mutant.ts), so a fixture built in a describe body cannot fail to load;
 * - a test that runs past 3x its dry-run time + 10 s under a mutant is stopped and the mutant
 *   reported as a timeout, as Stryker's hit limit would (stryker/runaway-guard.ts);
 * - no JSON report (only CI reads it); a test file that fails to load fails the run
 *   (stryker/module-load-guard.ts) rather than silently leaving its tests out.
 */
import { defineConfig } from 'vitest/config';
import base from './vitest.config.js';
import { KillFastSequencer } from './stryker/kill-fast-sequencer.js';
import { ModuleLoadGuard } from './stryker/module-load-guard.js';

export default defineConfig({
  test: {
    ...base.test,
    include: ['{impl,properties}/**/*.test.ts', 'fuzz/regressions.test.ts'],
    exclude: [
      ...(base.test?.exclude ?? []),
      'impl/bugs/**',
      // Tests of the Stryker ignorers parse impl/'s sources, which in the sandbox are instrumented.
      'impl/error-message-ignorer.test.ts',
      'properties/oracles/agreement-oracle.test.ts',
      'properties/oracles/property-oracle.test.ts',
      'properties/alloc/broken-variants.test.ts',
      'properties/rcu/rcu-broken-variants.test.ts',
      'properties/rcu/rcu-exhaustive-broken.test.ts',
      // It mocks an impl/ module to test a guard: with isolate false the mock would be seen by the
      // files that run after it in the same module graph, and re-importing impl/maple inside a
      // test makes its load-time (static, ignored) mutants look covered.
      'impl/maple/mt-for-each-progress.test.ts',
    ],
    // Instrumented code counting coverage runs several times slower in Stryker's dry run; Stryker's
    // own timeout (timeoutMS, timeoutFactor) judges the mutant runs.
    testTimeout: 300_000,
    // A test file that cannot load fails the run instead of dropping out unseen.
    reporters: ['default', new ModuleLoadGuard()],
    outputFile: undefined,
    sequence: { sequencer: KillFastSequencer },
    // Test files are collected with no mutant on, and tested with it (stryker/collect-without-mutant.ts);
    // a test looping past 3x its dry-run time + 10 s is stopped as a timeout (stryker/runaway-guard.ts).
    setupFiles: ['./stryker/collect-without-mutant.ts', './stryker/runaway-guard.ts'],
    // One module graph for all test files of a mutant run: Stryker switches mutants at run time
    // (static mutants are ignored), and no test depends on fresh module state.
    isolate: false,
    // MAPLE_SHRINK=0: a failing property kills the mutant at its first counterexample, unshrunk.
    env: {
      MAPLE_RUNS_SCALE: process.env.MAPLE_RUNS_SCALE ?? '0.05',
      MAPLE_COMMANDS_SCALE: process.env.MAPLE_COMMANDS_SCALE ?? '0.25',
      MAPLE_SHRINK: process.env.MAPLE_SHRINK ?? '0',
    },
  },
});
