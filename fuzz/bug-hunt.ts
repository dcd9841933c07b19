/**
 * One hunt for one catalogued bug (impl/bugs): a fuzz campaign on one worker with the bug switched
 * on, against the target the catalogue names, from a fixed seed, until the first failure or the
 * time budget; then, as a control, the same runs (same target, seed and run count) with the bug
 * switched off, which must find nothing.
 *
 * Invariants:
 * - the runs are those of `npm run fuzz -- --target T --bug NAME --seed=S --workers 1 --stop`:
 *   their seeds and outcomes depend only on (target, bug, seed), so the verdict, the run count, the
 *   command count and the shrunk counterexample are the same on every machine; only times differ;
 * - "commands to the first failure" counts every command of the runs that passed before it and, of
 *   the failing run, the commands of its first failing execution (the failing one included),
 *   before any shrinking; "time to the first failure" is the campaign time until the failing
 *   run started (the previous run's return) plus that run's time to its first failing execution:
 *   worker start-up and shrinking excluded;
 * - a bug the control run also fails on is not counted as caught: the failure was not the bug's.
 */
import type { BugEntry } from '../impl/bugs/catalogue.js';
import type { FoundFailure } from './campaign-data.js';
import { runCampaign } from './campaign.js';
import { failureReplayLine } from './replay-line.js';
import { findTarget } from './targets.js';

export interface BugHuntOptions {
  bug: BugEntry;
  seed: number;
  /** Campaign time budget for the bug, in seconds. */
  seconds: number;
  /** Watchdog limit per run, in seconds. */
  runTimeout: number;
  /** Run the bug-off control over the same runs. */
  control: boolean;
  /** Saves the failure's trace; returns the file (or null when not saved). */
  saveTrace?: (failure: FoundFailure) => string | null;
  signal?: AbortSignal;
}

export interface ControlResult {
  runs: number;
  /** The signature of what the control found, or null (no false alarm). */
  falseAlarm: string | null;
  elapsedMs: number;
}

export interface BugHuntResult {
  bug: BugEntry;
  caught: boolean;
  /** The campaign was interrupted before it reached a verdict. */
  interrupted: boolean;
  /** Runs made: up to and including the failing one, or all the budget allowed. */
  runs: number;
  msToFailure: number | null;
  commandsToFailure: number | null;
  /** Commands in the shrunk counterexample. */
  shrunkCommands: number | null;
  signature: string | null;
  replay: string | null;
  traceFile: string | null;
  /** The whole campaign, shrinking included. */
  elapsedMs: number;
  control: ControlResult | null;
}

export class BugHuntError extends Error {
  override name = 'BugHuntError';
}

export async function huntBug(o: BugHuntOptions): Promise<BugHuntResult> {
  const target = findTarget(o.bug.target);
  if (target === undefined) throw new BugHuntError(`bug ${o.bug.name} names target "${o.bug.target}", which does not exist`);
  const common = { targets: [target], baseSeed: o.seed, seconds: o.seconds, workers: 1, runTimeout: o.runTimeout, stopOnFailure: true, ...(o.signal !== undefined ? { signal: o.signal } : {}) };

  const t0 = Date.now();
  let passedCommands = 0;
  let lastArrivalMs = 0;
  let runStartMs = 0;
  let first: FoundFailure | null = null;
  let firstRunStartMs = 0;
  let traceFile: string | null = null;
  const data = await runCampaign(
    { ...common, bug: o.bug.name, maxRuns: Infinity },
    {
      onRun: (record) => {
        runStartMs = lastArrivalMs;
        lastArrivalMs = Date.now() - t0;
        if (record.kind === 'passed' && first === null) passedCommands += record.commands;
      },
      onFailure: (failure) => {
        if (first !== null) return null;
        first = failure;
        firstRunStartMs = runStartMs;
        traceFile = o.saveTrace?.(failure) ?? null;
        return traceFile;
      },
    },
  );
  const found = first as FoundFailure | null;
  const result: BugHuntResult = {
    bug: o.bug,
    caught: found !== null,
    interrupted: data.interrupted,
    runs: found === null ? data.runs : found.campaign.run + 1,
    msToFailure: found === null ? null : firstRunStartMs + (found.firstFailure?.ms ?? 0),
    commandsToFailure: found === null ? null : passedCommands + (found.firstFailure?.commands ?? 0),
    shrunkCommands: found === null ? null : found.commands.length,
    signature: found?.signature ?? null,
    replay: found === null ? null : failureReplayLine(found, o.runTimeout),
    traceFile,
    elapsedMs: data.elapsedMs,
    control: null,
  };
  if (found === null || !o.control || data.interrupted) return result;

  // The control: the very runs that caught the bug, with the bug off. Generous time, since the
  // run count, not the clock, bounds it. At least two runs: a one-run campaign is a replay that
  // takes the base seed as the run's own seed (fuzz/run-plan.ts), not run 0's seed.
  const control = await runCampaign({ ...common, seconds: Math.max(o.seconds, 1) * 10, maxRuns: Math.max(result.runs, 2) });
  result.control = { runs: control.runs, falseAlarm: control.failures[0]?.signature ?? null, elapsedMs: control.elapsedMs };
  result.interrupted = control.interrupted;
  if (result.control.falseAlarm !== null) result.caught = false;
  return result;
}
