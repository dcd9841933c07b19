/**
 * The runaway guard's logic (stryker/runaway-guard.ts wires it into Stryker's vitest runs): a
 * mutant that makes a test loop without end is stopped once that test has run far longer than it
 * did in Stryker's dry run, and Stryker is made to report it as a timeout, as it would have, only
 * sooner.
 *
 * Why: Stryker's timeout for a mutant is 1.5 x the dry-run time of its covering tests + timeoutMS +
 * the dry run's whole overhead (vitest starting, transforming every instrumented module once: 46 s
 * here), so every endless loop cost 50-90 s and a runner restart; with 100+ such mutants in impl/
 * that was about as much time as all the kills together. Stryker's hit limit (100 x the dry run's
 * hits) stops most of them too, but only after tens of millions of hits.
 *
 * How: instrumented code reads the active mutant's id on every mutant switch it passes, so the id
 * becomes an accessor that, every CHECK_EVERY reads while a budgeted test runs, looks at the clock.
 * Past the deadline it raises the hit count above Stryker's hit limit (Stryker's runner then
 * reports "Timeout", reason "Hit limit reached") and throws, which fails the test.
 *
 * Invariants:
 * - a test's budget is budgetMs(its dry-run time): 3x + 10 s, generous (mutant runs count no
 *   coverage, so sound tests run faster than in the dry run), so a mutant that only slows a test
 *   down is not cut short unless Stryker's own rule would also be close to calling it a timeout;
 * - no deadline (no guard) for a test the dry run did not time, outside tests, or with no mutant
 *   active: then Stryker's own timeout and hit limit apply unchanged;
 * - the accessor returns exactly what was stored: with no deadline passed, nothing changes.
 */

/** Reads of the active mutant between two looks at the clock (a clock read costs ~40 ns). */
export const CHECK_EVERY = 1024;

export function budgetMs(dryRunMs: number): number {
  return 3 * dryRunMs + 10_000;
}

/** A test's key: its file relative to the run's root and its full name, as Stryker builds test ids. */
export function testKey(file: string, names: readonly string[]): string {
  return `${file}#${names.join(' ').trim()}`;
}

/** Stryker's global namespace object, as far as the guard touches it. */
export interface StrykerNamespace {
  activeMutant?: string | undefined;
  hitCount?: number;
  hitLimit?: number;
}

/** Shared by every copy of the setup file in one worker (isolate false re-runs setup files). */
export interface RunawayState {
  /** Clock time after which the running test is a runaway; 0: no test budgeted. */
  deadline: number;
  reads: number;
  /** What to name in the error: the running test's key and its budget. */
  running: string;
  budget: number;
}

export class RunawayMutantError extends Error {
  constructor(mutant: string | undefined, test: string, budget: number) {
    super(`Stryker runaway guard: mutant ${mutant ?? '?'} ran "${test}" past its budget of ${Math.round(budget)} ms (3x its dry-run time + 10 s): taken for an endless loop`);
    this.name = 'RunawayMutantError';
  }
}

const INSTALLED = Symbol.for('maple-suite.runaway-guard');

/**
 * Makes ns.activeMutant an accessor that enforces state.deadline (see above). Installing twice is
 * a no-op, so the setup file may run once per test file.
 */
export function installRunawayGuard(ns: StrykerNamespace, state: RunawayState, now: () => number): void {
  const marked = ns as StrykerNamespace & { [INSTALLED]?: true };
  if (marked[INSTALLED]) return;
  let active = ns.activeMutant;
  Object.defineProperty(ns, 'activeMutant', {
    configurable: true,
    enumerable: true,
    get(): string | undefined {
      if (active !== undefined && state.deadline !== 0 && ++state.reads % CHECK_EVERY === 0 && now() > state.deadline) {
        if (ns.hitLimit !== undefined) ns.hitCount = Math.max(ns.hitCount ?? 0, ns.hitLimit) + 1;
        throw new RunawayMutantError(active, state.running, state.budget);
      }
      return active;
    },
    set(value: string | undefined) {
      active = value;
    },
  });
  Object.defineProperty(marked, INSTALLED, { value: true });
}
