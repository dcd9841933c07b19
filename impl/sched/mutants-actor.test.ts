/**
 * What a yield may be (found open by mutation testing): a label, or a BlockOn, which is an object
 * (not null, not a function) with an `until` function and a string `label`. Anything else an actor
 * yields is refused with a SchedulerInputError at that step, never half-accepted as a wait, since
 * a malformed wait would block or crash the run somewhere far from the actor that yielded it.
 */
import { describe, expect, it } from 'vitest';
import { actor, isBlockOn, type Actor } from './actor.js';
import { SchedulerInputError } from './input-error.js';
import { ReplayStrategy } from './replay-strategy.js';
import { runActors } from './scheduler.js';

const yielding = (value: unknown): Actor =>
  actor('y', function* () {
    yield value as string;
  });

const functionWithFields = Object.assign(() => true, { until: () => true, label: 'f' });
const malformed: [string, unknown][] = [
  ['null', null],
  ['a number', 42],
  ['an object without until', { label: 'x' }],
  ['an object whose until is not a function', { until: true, label: 'x' }],
  ['an object without a label', { until: () => true }],
  ['an object whose label is not a string', { until: () => true, label: 3 }],
  ['a function carrying until and label', functionWithFields],
];

describe('BlockOn shape', () => {
  it.each(malformed)('isBlockOn refuses %s', (_, value) => expect(isBlockOn(value)).toBe(false));

  it.each(malformed)('a yielded %s is refused with SchedulerInputError', (_, value) => {
    let error: unknown;
    try {
      runActors([yielding(value)], new ReplayStrategy([0]));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SchedulerInputError);
    expect((error as Error).name).toBe('SchedulerInputError');
  });

  it('a well-formed BlockOn is accepted and waits', () => {
    let open = false;
    const wait = { until: () => open, label: 'open' };
    expect(isBlockOn(wait)).toBe(true);
    const opener = actor('o', function* () {
      yield 'about to open';
      open = true;
    });
    const result = runActors([yielding(wait), opener], new ReplayStrategy([0, 1, 1, 0]));
    expect(result.trace.map((s) => `${s.name}: ${s.label}`)).toEqual(['y: open', 'o: about to open', 'o: (done)', 'y: (done)']);
  });
});
