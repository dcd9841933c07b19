/**
 * The deterministic scheduler for simulated concurrency: actors, strategies (seeded random, PCT,
 * replay), exhaustive exploration, a mutex. Re-exports only; each module states its invariants.
 */
export { actor, DONE_LABEL, isBlockOn, type Actor, type ActorBody, type BlockOn, type StepRecord, type Yield } from './actor.js';
export { explore, NondeterministicScenarioError, DEFAULT_MAX_SCHEDULES, type ExploreFailure, type ExploreOptions, type ExploreResult } from './explore.js';
export { SchedulerInputError } from './input-error.js';
export { Mutex, MutexMisuseError } from './mutex.js';
export { PctStrategy, type PctOptions } from './pct-strategy.js';
export { Sfc32 } from './prng.js';
export { RandomStrategy } from './random-strategy.js';
export { ReplayStrategy } from './replay-strategy.js';
export { ActorError, DeadlockError, ReplayDivergedError, RunFailure, StepLimitError, StrategyError, type BlockedActor } from './run-errors.js';
export {
  CheckFailedError,
  replayScenario,
  runScenario,
  sampleSchedules,
  type Outcome,
  type SampleFailure,
  type SampleOptions,
  type SampleResult,
  type Scenario,
  type ScenarioFactory,
} from './scenario.js';
export { formatSchedule, parseSchedule } from './schedule-format.js';
export { DEFAULT_MAX_STEPS, runActors, Scheduler, type RunOptions, type RunResult } from './scheduler.js';
export type { Strategy } from './strategy.js';
