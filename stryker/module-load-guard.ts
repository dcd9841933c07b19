/**
 * A vitest reporter for the runs Stryker makes (vitest.stryker.config.ts): a test file that fails
 * to load fails the whole run loudly.
 *
 * Why: Stryker's vitest runner judges a run by its tests' results, and a file that cannot be
 * imported has no tests, so its failure went unseen: a labelled `continue` in impl/maple/rcu-reader.ts
 * became a SyntaxError once instrumented, and the three files testing the RCU readers silently
 * dropped out of the dry run (their mutants showed as "no coverage", others as survivors).
 *
 * Invariant: a run in which any test module has errors of its own (outside every test) throws,
 * naming the files and the first error of each; Stryker then stops with that message. Mutants are
 * switched at run time, static ones are ignored, and files are collected with the mutant off
 * (stryker/collect-without-mutant.ts), so a mutant can never be what breaks an import.
 */
import type { Reporter, TestModule } from 'vitest/node';

export class ModuleLoadGuard implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const broken = testModules.filter((m) => m.errors().length > 0);
    if (broken.length === 0) return;
    const lines = broken.map((m) => `  ${m.moduleId}: ${m.errors()[0].name ?? 'Error'}: ${m.errors()[0].message}`);
    throw new Error(`test files failed to load, so their tests did not run:\n${lines.join('\n')}`);
  }
}
