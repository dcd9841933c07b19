/**
 * What the schedule-text tests in strategies.test.ts leave open, found by mutation testing (npm run
 * mutate): multi-digit actors and counts, blank text as the empty schedule, and the exact cap on a
 * run length (1e7 is accepted, one more is refused before anything is allocated).
 */
import { describe, expect, it } from 'vitest';
import { SchedulerInputError } from './input-error.js';
import { formatSchedule, parseSchedule } from './schedule-format.js';

describe('schedule text', () => {
  it('multi-digit actors and counts round-trip', () => {
    const schedule = [12, ...Array<number>(12).fill(0), 3];
    expect(formatSchedule(schedule)).toBe('12,0*12,3');
    expect(parseSchedule('12,0*12,3')).toEqual(schedule);
  });

  it('blank text is the empty schedule; spaces around a part are allowed', () => {
    expect(parseSchedule('   ')).toEqual([]);
    expect(parseSchedule(' 1*2 , 0 ')).toEqual([1, 1, 0]);
  });

  it('a run of exactly 1e7 is accepted, a longer one refused', () => {
    expect(parseSchedule('0*10000000')).toHaveLength(1e7);
    expect(() => parseSchedule('0*10000001')).toThrow(SchedulerInputError);
  });
});

describe('formatSchedule refuses what is not an actor index', () => {
  it.each([[[0, Number.NaN]], [[-1]], [[0.5]], [[2 ** 53]], [[Infinity]]])('%j', (schedule) => {
    expect(() => formatSchedule(schedule)).toThrow(SchedulerInputError);
    expect(() => formatSchedule(schedule)).toThrow(`schedule step ${schedule.length - 1} is `);
  });

  it('0 and the largest safe integer are actor indices', () => {
    expect(formatSchedule([0, Number.MAX_SAFE_INTEGER])).toBe(`0,${Number.MAX_SAFE_INTEGER}`);
  });
});
