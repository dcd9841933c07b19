/**
 * A setup file of Stryker's runs (vitest.stryker.config.ts): at the end of each test file the
 * active mutant is switched off, so the next file is collected (its module and describe bodies
 * run) without it; Stryker's own setup switches it on again in a beforeAll, before any test or
 * hook of that file.
 *
 * Why: with isolate false every file of a mutant run shares one global, and Stryker switches the
 * mutant on in the first file's beforeAll and never off, so every later file was collected with
 * the mutant on; a describe body that builds a fixture through impl/ then failed to load, which
 * crashed the runner (stryker/module-load-guard.ts) and counted the mutant as a runtime error
 * instead of a test's kill.
 *
 * Invariant: collection never runs a mutant; every test and hook does (Stryker's beforeAll comes
 * first). The dry run has no active mutant, so nothing changes there.
 */
import { afterAll, inject } from 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    globalNamespace: string;
  }
}

afterAll(() => {
  const ns = (globalThis as Record<string, unknown>)[inject('globalNamespace')] as { activeMutant?: unknown } | undefined;
  if (ns !== undefined) ns.activeMutant = undefined;
});
