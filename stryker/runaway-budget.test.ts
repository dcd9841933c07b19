/**
 * The runaway guard stops a loop that keeps passing mutant switches once its test is past the
 * deadline, makes Stryker see the hit limit exceeded (so the mutant is reported as a timeout), and
 * changes nothing otherwise: before the deadline, with no deadline, or with no mutant active.
 */
import { describe, expect, it } from 'vitest';
import { budgetMs, CHECK_EVERY, installRunawayGuard, RunawayMutantError, testKey, type RunawayState, type StrykerNamespace } from './runaway-budget.js';

function setup(hitLimit?: number) {
  let clock = 0;
  const ns: StrykerNamespace = { hitCount: 0, ...(hitLimit === undefined ? {} : { hitLimit }) };
  const state: RunawayState = { deadline: 0, reads: 0, running: 'a.test.ts#a test', budget: 0 };
  installRunawayGuard(ns, state, () => clock);
  // What Stryker's instrumented code does at every mutant switch: is this mutant the active one?
  const passSwitch = (id: string): boolean => {
    clock += 1; // 1 ms of work per switch
    if (ns.activeMutant === id) ns.hitCount = (ns.hitCount ?? 0) + 1;
    return ns.activeMutant === id;
  };
  const startTest = (budget: number) => {
    state.budget = budget;
    state.deadline = clock + budget;
  };
  return { ns, state, passSwitch, startTest, now: () => clock };
}

/** Passes switches of a mutant other than the active one until the guard throws, or gives up. */
function loop(passSwitch: (id: string) => boolean, limit: number): unknown {
  try {
    for (let i = 0; i < limit; i++) passSwitch('other');
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('runaway guard', () => {
  it('stops an endless loop soon after its test passes the deadline, as a hit-limit timeout', () => {
    const { ns, passSwitch, startTest, now } = setup(500);
    ns.activeMutant = '42';
    startTest(10_000);
    const error = loop(passSwitch, 1e7);
    expect(error).toBeInstanceOf(RunawayMutantError);
    expect(String((error as Error).message)).toContain('mutant 42');
    expect(now()).toBeGreaterThan(10_000);
    expect(now()).toBeLessThanOrEqual(10_000 + 2 * CHECK_EVERY);
    expect(ns.hitCount).toBeGreaterThan(500);
  });

  it('throws without touching the hit count when Stryker set no hit limit', () => {
    const { ns, passSwitch, startTest } = setup();
    ns.activeMutant = '1';
    startTest(100);
    expect(loop(passSwitch, 1e6)).toBeInstanceOf(RunawayMutantError);
    expect(ns.hitCount).toBe(0);
  });

  it('lets a test that ends within its budget run unchanged', () => {
    const { ns, passSwitch, startTest } = setup(500);
    ns.activeMutant = '42';
    startTest(100_000);
    expect(loop(passSwitch, 90_000)).toBeUndefined();
    expect(ns.activeMutant).toBe('42');
    expect(ns.hitCount).toBe(0);
  });

  it('never fires with no deadline or with no mutant active', () => {
    const noDeadline = setup(500);
    noDeadline.ns.activeMutant = '42';
    expect(loop(noDeadline.passSwitch, 1e6)).toBeUndefined();

    const noMutant = setup(500);
    noMutant.startTest(10);
    expect(loop(noMutant.passSwitch, 1e6)).toBeUndefined();
  });

  it('keeps one accessor when installed again, with the value already stored', () => {
    const { ns, state } = setup(500);
    ns.activeMutant = '9';
    installRunawayGuard(ns, state, () => 0);
    expect(ns.activeMutant).toBe('9');
    ns.activeMutant = undefined;
    expect(ns.activeMutant).toBeUndefined();
  });

  it('budgets 3x the dry-run time plus 10 s and keys tests as Stryker does', () => {
    expect(budgetMs(0)).toBe(10_000);
    expect(budgetMs(2_000)).toBe(16_000);
    expect(testKey('impl/a.test.ts', ['', 'suite', 'it works'])).toBe('impl/a.test.ts#suite it works');
  });
});
