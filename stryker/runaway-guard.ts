/**
 * A setup file of Stryker's runs (vitest.stryker.config.ts), after Stryker's own: times every test
 * in the dry run, and in mutant runs stops a test that runs past its budget, reporting the mutant
 * as a timeout (the logic and why: stryker/runaway-budget.ts).
 *
 * Invariants:
 * - dry run: each test's time is recorded under testKey() and the table is written to
 *   TIMES_FILE in the run's directory (Stryker's sandbox) after every test file, so the mutant
 *   runners, which start after the dry run, read a complete table;
 * - mutant runs: the guard is installed once per worker, a test has a deadline only while it runs
 *   and only if the dry run timed it; no file, no deadline (Stryker's own timeout applies);
 * - outside Stryker (no mode provided) this file does nothing.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, afterEach, beforeEach, inject, type TestContext } from 'vitest';
import { budgetMs, installRunawayGuard, testKey, type RunawayState, type StrykerNamespace } from './runaway-budget.js';

declare module 'vitest' {
  export interface ProvidedContext {
    globalNamespace: string;
    mode: 'dry-run' | 'mutant';
  }
}

export const TIMES_FILE = '.stryker-test-times.json';

interface GuardGlobals {
  times?: Map<string, number>;
  state?: RunawayState;
}
const shared = ((globalThis as Record<string, unknown>)['__mapleRunawayGuard'] ??= {}) as GuardGlobals;
const timesPath = join(process.cwd(), TIMES_FILE);

function keyOf(task: TestContext['task']): string {
  const names: string[] = [task.name];
  for (let suite = task.suite; suite !== undefined; suite = suite.suite) names.unshift(suite.name);
  return testKey(relative(process.cwd(), task.file.filepath), names);
}

const mode = inject('mode');

if (mode === 'dry-run') {
  const times = (shared.times ??= new Map<string, number>());
  let started = 0;
  beforeEach(() => {
    started = performance.now();
  });
  afterEach(({ task }) => {
    const key = keyOf(task);
    times.set(key, Math.max(times.get(key) ?? 0, performance.now() - started));
  });
  afterAll(() => {
    writeFileSync(timesPath, JSON.stringify(Object.fromEntries(times)));
  });
} else if (mode === 'mutant') {
  shared.times ??= existsSync(timesPath)
    ? new Map(Object.entries(JSON.parse(readFileSync(timesPath, 'utf8')) as Record<string, number>))
    : new Map();
  const state = (shared.state ??= { deadline: 0, reads: 0, running: '', budget: 0 });
  const ns = ((globalThis as Record<string, unknown>)[inject('globalNamespace')] ??= {}) as StrykerNamespace;
  installRunawayGuard(ns, state, () => performance.now());
  const times = shared.times;
  beforeEach(({ task }) => {
    const key = keyOf(task);
    const dryRunMs = times.get(key);
    if (dryRunMs === undefined) return;
    state.running = key;
    state.budget = budgetMs(dryRunMs);
    state.deadline = performance.now() + state.budget;
  });
  afterEach(() => {
    state.deadline = 0;
  });
}
