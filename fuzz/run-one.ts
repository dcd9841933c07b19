/**
 * One fuzz run: a single fast-check run of a target's property from one seed (or the replay of a
 * saved counterexample from seed, path and command replay path), shrunk on failure.
 *
 * Invariants: the outcome depends only on (target, variant, bug, seed, path, replay path): the
 * catalogued bug (impl/bugs) is switched on for the run alone and switched back afterwards; a
 * failure carries everything needed to save it as a trace and to replay it, including a signature
 * that identifies the failure (target, variant, bug, error class and message with numbers masked)
 * so the same bug found twice is recognised as one, and how far the run got before it first failed
 * (commands and milliseconds, before shrinking).
 */
import fc from 'fast-check';
import { parseBugName, UnknownBugError, withBug } from '../impl/bugs/switch.js';
import type { BugName } from '../impl/bugs/catalogue.js';
import { commandsReplayPath } from '../properties/seed.js';
import type { StepObserver } from '../properties/model-run.js';
import { findVariant, type Variant } from '../properties/variants.js';
import { findTarget, type FuzzTarget, type TargetCoverage } from './targets.js';

export interface RunRequest {
  target: FuzzTarget;
  seed: number;
  variant?: Variant;
  /** A catalogued bug switched into impl/ for this run. */
  bug?: BugName;
  /** Replay: fast-check's counterexample path and fc.commands' replay path. */
  path?: string;
  replayPath?: string;
  observe?: StepObserver;
}

/** A run named by its target and variant names, as jobs, traces and replay requests carry it. */
export interface NamedRun {
  target: string;
  variant?: string | null;
  bug?: string | null;
  seed: number;
  path?: string | null;
  replayPath?: string | null;
}

export class UnknownNameError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnknownNameError';
  }
}

/** The target and variant a run names; UnknownNameError if either is not in the catalogue. */
export function resolveNames(target: string, variant: string | null | undefined): { target: FuzzTarget; variant: Variant | undefined } {
  const t = findTarget(target);
  if (t === undefined) throw new UnknownNameError(`unknown target "${target}"`);
  if (variant === null || variant === undefined) return { target: t, variant: undefined };
  const v = findVariant(variant);
  if (v === undefined) throw new UnknownNameError(`unknown variant "${variant}"`);
  return { target: t, variant: v };
}

/** The catalogued bug a run names (null for none); UnknownNameError if it is not catalogued. */
export function resolveBug(bug: string | null | undefined): BugName | null {
  try {
    return parseBugName(bug);
  } catch (error) {
    if (error instanceof UnknownBugError) throw new UnknownNameError(error.message);
    throw error;
  }
}

/** The request for a named run (absent path, replay path, variant and bug left out). */
export function namedRunRequest(run: NamedRun, observe?: StepObserver): RunRequest {
  const { target, variant } = resolveNames(run.target, run.variant);
  const bug = resolveBug(run.bug);
  return {
    target,
    seed: run.seed,
    ...(variant !== undefined ? { variant } : {}),
    ...(bug !== null ? { bug } : {}),
    ...(run.path !== null && run.path !== undefined ? { path: run.path } : {}),
    ...(run.replayPath !== null && run.replayPath !== undefined ? { replayPath: run.replayPath } : {}),
    ...(observe !== undefined ? { observe } : {}),
  };
}

export interface RunFailure {
  /** fast-check's report: the shrunk counterexample and the error. */
  report: string;
  errorName: string;
  errorMessage: string;
  path: string | undefined;
  replayPath: string | undefined;
  /** The shrunk command list, one command per element, as the commands print themselves. */
  commands: string[];
  signature: string;
  /** The first failing execution, before shrinking: commands run (the failing one included) and milliseconds since the run started. */
  firstFailure: { commands: number; ms: number };
}

export interface RunOutcome {
  commands: number;
  failure: RunFailure | null;
}

/** Masks numbers so one bug at different addresses has one signature. */
export function failureSignature(target: string, variant: string | undefined, errorName: string, errorMessage: string, bug?: string): string {
  const firstLine = errorMessage.split('\n')[0].replace(/0x[0-9a-f]+|\d+/gi, 'N');
  return `${target}${variant !== undefined ? `+${variant}` : ''}${bug !== undefined ? `+bug:${bug}` : ''}: ${errorName}: ${firstLine}`;
}

/** The command list of a shrunk fc.commands counterexample, one string per command. */
export function counterexampleCommands(counterexample: unknown): string[] {
  const shown = fc.stringify(counterexample).replace(/\s*\/\*replayPath="[^"]*"\*\/\s*/, '');
  // fc.stringify gives [[cmd1,cmd2,...]]: the property's single argument, a command list.
  const inner = shown.replace(/^\[\[?/, '').replace(/\]?\]$/, '');
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < inner.length; i++) {
    const ch = inner[i];
    if (ch === '(' || ch === '[' || ch === '{') depth++;
    else if (ch === ')' || ch === ']' || ch === '}') depth--;
    else if (ch === ',' && depth === 0) {
      out.push(inner.slice(start, i).trim());
      start = i + 1;
    }
  }
  if (inner.trim() !== '') out.push(inner.slice(start).trim());
  return out;
}

/**
 * The property, noting when its first execution that fails ends: fast-check's own executions are
 * unchanged (same generation, same shrinking), only counted.
 */
function noteFirstFailure<T>(property: fc.IProperty<T>, coverage: TargetCoverage, seen: { at: { commands: number; ms: number } | null }): fc.IProperty<T> {
  const before = coverage.commands;
  const started = performance.now();
  return {
    isAsync: () => property.isAsync(),
    generate: (mrng, runId) => property.generate(mrng, runId),
    shrink: (value) => property.shrink(value),
    runBeforeEach: () => property.runBeforeEach(),
    runAfterEach: () => property.runAfterEach(),
    run: (value) => {
      const out = property.run(value);
      // A failing command is not counted by the property (it never completed): hence the + 1.
      if (out !== null && seen.at === null) seen.at = { commands: coverage.commands - before + 1, ms: performance.now() - started };
      return out;
    },
  };
}

export function runOne(request: RunRequest, coverage: TargetCoverage): RunOutcome {
  const before = coverage.commands;
  const property = request.target.property(coverage, {
    ...(request.replayPath !== undefined ? { replayPath: request.replayPath } : {}),
    ...(request.variant !== undefined ? { variant: request.variant } : {}),
    ...(request.observe !== undefined ? { observe: request.observe } : {}),
  });
  const seen: { at: { commands: number; ms: number } | null } = { at: null };
  const details = withBug(request.bug ?? null, () =>
    fc.check(noteFirstFailure(property, coverage, seen), {
      seed: request.seed,
      numRuns: 1,
      includeErrorInReport: true,
      ...(request.path !== undefined ? { path: request.path } : {}),
    }),
  );
  const commands = coverage.commands - before;
  if (!details.failed) return { commands, failure: null };
  const error = details.errorInstance as Error | undefined;
  const errorName = error?.name ?? 'Error';
  const errorMessage = error?.message ?? String(details.errorInstance);
  return {
    commands,
    failure: {
      report: fc.defaultReportMessage(details) ?? 'property failed',
      errorName,
      errorMessage,
      path: details.counterexamplePath ?? undefined,
      replayPath: commandsReplayPath(details.counterexample),
      commands: counterexampleCommands(details.counterexample),
      signature: failureSignature(request.target.name, request.variant?.name, errorName, errorMessage, request.bug),
      firstFailure: seen.at ?? { commands, ms: 0 },
    },
  };
}
