/**
 * Replay: follows a recorded schedule step by step.
 *
 * Invariants: step i runs exactly schedule[i]; if that actor is not runnable, or the run wants
 * more steps than the schedule has, it throws ReplayDivergedError at once rather than improvise,
 * because a replay that quietly differs would report a bug that is not the one recorded.
 * `consumed` tells a caller whether the whole schedule was used (see replayScenario).
 */
import { formatSchedule } from './schedule-format.js';
import { ReplayDivergedError } from './run-errors.js';
import type { Strategy } from './strategy.js';

export class ReplayStrategy implements Strategy {
  private readonly schedule: readonly number[];
  private used = 0;

  constructor(schedule: readonly number[]) {
    this.schedule = [...schedule];
  }

  get consumed(): number {
    return this.used;
  }

  get length(): number {
    return this.schedule.length;
  }

  pick(runnable: readonly number[], stepIndex: number): number {
    // Stryker disable next-line ConditionalExpression,EqualityOperator,BlockStatement: this guard only words the message; without it schedule[stepIndex] is undefined past the end, which no runnable list includes, so the check below throws the same ReplayDivergedError
    if (stepIndex >= this.schedule.length) {
      throw new ReplayDivergedError(
        `the schedule has ${this.schedule.length} steps but actors ${runnable.join(',')} can still run`,
      );
    }
    const want = this.schedule[stepIndex];
    if (!runnable.includes(want)) {
      throw new ReplayDivergedError(
        `step ${stepIndex}: the schedule runs actor ${want}, but only ${runnable.join(',')} can run`,
      );
    }
    this.used = stepIndex + 1;
    return want;
  }

  describe(): string {
    return `replay(${formatSchedule(this.schedule)})`;
  }
}
