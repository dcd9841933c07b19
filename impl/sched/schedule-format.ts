/**
 * A schedule (the actor index run at each step) as a short, copyable string for replay lines:
 * run-length encoded, `0*3,1*2,0` for [0, 0, 0, 1, 1, 0].
 *
 * Invariants: parseSchedule(formatSchedule(s)) equals s for every schedule of non-negative
 * integer actor indices; any other text is refused with a SchedulerInputError naming the bad part
 * (a replay line with a typo must not silently replay a different interleaving).
 */
import { SchedulerInputError } from './input-error.js';

export function formatSchedule(schedule: readonly number[]): string {
  // A NaN would never equal itself and stall the run-length loop; anything else would print a
  // replay line parseSchedule refuses. The scheduler never makes one: this guards callers' bugs.
  const bad = schedule.findIndex((actor) => !Number.isSafeInteger(actor) || actor < 0);
  if (bad !== -1) throw new SchedulerInputError(`schedule step ${bad} is ${schedule[bad]}, not an actor index`);
  const parts: string[] = [];
  let i = 0;
  while (i < schedule.length) {
    let j = i;
    // Stryker disable next-line ConditionalExpression,EqualityOperator: past the end schedule[j] is undefined, which never equals an actor index, so the loop stops at schedule.length without the bound
    while (j < schedule.length && schedule[j] === schedule[i]) j++;
    parts.push(j - i === 1 ? `${schedule[i]}` : `${schedule[i]}*${j - i}`);
    i = j;
  }
  return parts.join(',');
}

export function parseSchedule(text: string): number[] {
  if (text.trim() === '') return [];
  const schedule: number[] = [];
  for (const part of text.split(',')) {
    const match = /^\s*(\d+)(?:\*(\d+))?\s*$/.exec(part);
    const count = match?.[2] === undefined ? 1 : Number(match[2]);
    if (match === null || !Number.isSafeInteger(Number(match[1])) || !(count >= 1 && count <= 1e7)) {
      throw new SchedulerInputError(`bad schedule part "${part}" in "${text}" (expected actor or actor*count)`);
    }
    for (let k = 0; k < count; k++) schedule.push(Number(match[1]));
  }
  return schedule;
}
