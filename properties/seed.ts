/**
 * One seed for every property in a run, taken from the environment, and the replay line printed
 * with every failure.
 *
 * Invariants:
 * - MAPLE_SEED (default: a fixed seed, so `npm test` is deterministic) seeds every property.
 *   Each property derives its own fast-check seed from it and its name, so adding a property
 *   does not change what the others generate.
 * - MAPLE_PATH replays one failing case (fast-check's counterexample path) without searching;
 *   MAPLE_COMMANDS_PATH is the command list's own replay path, printed with it.
 * - MAPLE_RUNS_SCALE (default 1) scales run counts down, for mutation testing; never up in CI.
 * - MAPLE_COMMANDS_SCALE (default 1) scales the longest command list of the npm test properties
 *   down the same way (mutation testing); fuzz campaigns and replays never read it.
 * - MAPLE_SHRINK=0 (mutation testing only) ends a failing checkProperty at its first
 *   counterexample without shrinking it: a mutant is killed as soon as the property fails, and
 *   nobody reads the counterexample. Unset or 1: fast-check shrinks, as `npm test` always does.
 * - A failing property throws an error whose message holds the counterexample and the exact
 *   command that replays it.
 */
import fc from 'fast-check';

export const DEFAULT_SEED = 20261123;

function intFromEnv(name: string): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isSafeInteger(value)) throw new Error(`${name}=${raw} is not an integer`);
  return value;
}

export const BASE_SEED: number = intFromEnv('MAPLE_SEED') ?? DEFAULT_SEED;
export const REPLAY_PATH: string | undefined = process.env.MAPLE_PATH || undefined;
/**
 * fc.commands' own replay path (the `replayPath` fast-check prints inside a shrunk command list):
 * without it a stateful counterexample cannot be replayed from MAPLE_PATH alone.
 */
export const COMMANDS_REPLAY_PATH: string | undefined = process.env.MAPLE_COMMANDS_PATH || undefined;

/** The commands replay path fast-check printed in a counterexample, if there is one. */
export function commandsReplayPath(counterexample: unknown): string | undefined {
  const match = /replayPath="([^"]*)"/.exec(fc.stringify(counterexample));
  return match === null ? undefined : match[1];
}

/** A run count from the environment (a positive integer), or `fallback` when unset. */
export function runsFromEnv(name: string, fallback: number): number {
  const runs = intFromEnv(name);
  if (runs === undefined) return fallback;
  if (runs < 1) throw new Error(`${name}=${runs} must be a positive integer`);
  return runs;
}

/** A scale factor in (0, 1] from the environment variable `name`; 1 when unset or empty. */
function scaleFromEnv(name: string): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return 1;
  const scale = Number(raw);
  if (!(scale > 0 && scale <= 1)) throw new Error(`${name}=${raw} must be in (0, 1]`);
  return scale;
}

/** Whether checkProperty shrinks a counterexample: MAPLE_SHRINK unset or 1 yes, 0 no. */
export function shrinkFromEnv(): boolean {
  const raw = process.env.MAPLE_SHRINK;
  if (raw === undefined || raw === '' || raw === '1') return true;
  if (raw === '0') return false;
  throw new Error(`MAPLE_SHRINK=${raw} must be 0 or 1`);
}

export function runsScale(): number {
  return scaleFromEnv('MAPLE_RUNS_SCALE');
}

/** Scales a run count by MAPLE_RUNS_SCALE, never below 1. */
export function scaledRuns(runs: number): number {
  return Math.max(1, Math.round(runs * runsScale()));
}

/** Scales a property's longest command list by MAPLE_COMMANDS_SCALE (in (0, 1]), never below 1. */
export function scaledCommands(maxCommands: number): number {
  return Math.max(1, Math.round(maxCommands * scaleFromEnv('MAPLE_COMMANDS_SCALE')));
}

/** A 32-bit seed for one property: a hash of the base seed and the property's name. */
export function propertySeed(name: string, base: number = BASE_SEED): number {
  let h = (base ^ 0x9e3779b9) >>> 0;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193) >>> 0;
  return h | 0;
}

export interface CheckOptions {
  numRuns: number;
  /** The file that holds the property, for the replay line. */
  file: string;
  /** The test name, for the replay line's -t filter. */
  testName: string;
  /** fast-check's own parameters beyond seed/path/numRuns. */
  extra?: Omit<fc.Parameters<unknown>, 'seed' | 'path' | 'numRuns'>;
}

/** The command that reruns exactly one property run. */
export function replayCommand(file: string, testName: string, base: number, path?: string, commandsPath?: string): string {
  const env = [`MAPLE_SEED=${base}`];
  if (path !== undefined) env.push(`MAPLE_PATH=${path}`);
  if (commandsPath !== undefined) env.push(`MAPLE_COMMANDS_PATH=${commandsPath}`);
  return `${env.join(' ')} npx vitest run ${file} -t ${JSON.stringify(testName)}`;
}

/**
 * Runs a property with the run's seed; on failure throws with fast-check's report (shrunk
 * counterexample) and the replay command.
 */
export function checkProperty<Ts>(name: string, property: fc.IProperty<Ts>, options: CheckOptions): fc.RunDetails<Ts> {
  const details = fc.check(property, {
    ...(options.extra as object),
    // The error (which oracle failed, and how) belongs in the report, not only the inputs.
    includeErrorInReport: true,
    seed: propertySeed(name),
    numRuns: scaledRuns(options.numRuns),
    ...(REPLAY_PATH !== undefined ? { path: REPLAY_PATH } : {}),
    ...(shrinkFromEnv() ? {} : { endOnFailure: true }),
  } as fc.Parameters<Ts>);
  if (details.failed) {
    const report = fc.defaultReportMessage(details) ?? 'property failed';
    const path = details.counterexamplePath ?? undefined;
    const replay = replayCommand(options.file, options.testName, BASE_SEED, path, commandsReplayPath(details.counterexample));
    throw new Error(`${report}\n\nReplay with:\n  ${replay}`, { cause: details.errorInstance });
  }
  return details;
}
