/**
 * Each RCU guarantee's property catches its deliberately broken variant (the RCU issue's "done
 * when"): a writer that frees a replaced node without call_rcu (a reader still inside touches it:
 * UseAfterFreeError), a writer that publishes an in-place slot store's pivot before its slot (a
 * reader sees NULL or another range's entry for an index that never held it), and a reader that
 * ignores dead nodes (it reads the pivots call_rcu has overwritten). The correct tree and reader
 * pass the same runs, so what catches each variant is the variant.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { propertySeed } from '../seed.js';
import { emptyRcuStats, rcuProperty } from './rcu-property.js';
import type { BrokenRcu } from './rcu-scenario.js';

const RUNS = 400;

function hunt(broken: BrokenRcu | undefined): fc.RunDetails<unknown> {
  const stats = emptyRcuStats();
  return fc.check(rcuProperty({ broken, schedulesPerCase: 8, stats, busy: true }), {
    seed: propertySeed(`rcu broken ${broken ?? 'none'}`),
    numRuns: RUNS,
    includeErrorInReport: true,
  }) as fc.RunDetails<unknown>;
}

describe('RCU broken variants are caught', () => {
  const expected: Record<BrokenRcu, RegExp> = {
    'free-without-call-rcu': /UseAfterFreeError|use.after.free/i,
    'pivot-before-slot': /HistoryViolation|never held|never empty/,
    'reader-ignores-dead': /HistoryViolation|never held|never empty|reader confused|overlap|outside/,
  };
  for (const broken of Object.keys(expected) as BrokenRcu[]) {
    it(`catches ${broken}`, () => {
      const details = hunt(broken);
      expect(details.failed).toBe(true);
      const message = String(details.errorInstance instanceof Error ? (details.errorInstance.cause ?? details.errorInstance.message) : details.errorInstance);
      const full = details.errorInstance instanceof Error ? details.errorInstance.message : message;
      console.log(`${broken}: caught after ${details.numRuns} of ${RUNS} cases (${details.numShrinks} shrinks)\n  ${full.split('\n')[0]}\n  counterexample: ${JSON.stringify(details.counterexample)}`);
      expect(full).toMatch(expected[broken]);
    }, 120_000);
  }

  it('the correct tree and reader pass the same hunt', () => {
    expect(hunt(undefined).failed).toBe(false);
  }, 120_000);
});
