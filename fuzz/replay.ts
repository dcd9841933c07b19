/**
 * `npm run replay -- FILE [--timeout S]`: replays a saved trace (fuzz/trace.ts) exactly and shows
 * the failing step: the trace's summary, its shrunk command list, the tree before and after the
 * failing command, the error, then `reproduced` (exit 0) or `did not reproduce: why` (exit 1).
 * A file that is not a usable trace, or bad options, exit 2 with the reason.
 *
 * Invariants:
 * - a 'failed' trace is replayed in this thread with runOne({target, variant, seed, path,
 *   replayPath, observe}): the same run fast-check failed on, not a new search; it reproduces when
 *   the replay fails with the trace's signature;
 * - a 'hung' or 'crashed' trace has no counterexample path (the run never finished): it is rerun
 *   from its seed in a child process (fuzz/replay-child.ts), after a warning, and killed after the
 *   timeout (default 10 s), because a hang cannot be interrupted in this thread and a crash would
 *   take the replayer with it; it reproduces when the child hangs again, or dies again;
 * - replaying never writes anything.
 */
import { spawnSync } from 'node:child_process';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { findTarget } from './targets.js';
import { findVariant } from '../properties/variants.js';
import { findBug } from '../impl/bugs/catalogue.js';
import { namedRunRequest, runOne } from './run-one.js';
import { isMain } from './is-main.js';
import { TraceError, loadTrace, resolveTrace, type Trace } from './trace.js';

export const DEFAULT_TIMEOUT_MS = 10_000;

/** The failing command and the system's picture around it. */
export interface ReplayStep {
  index: number;
  command: string;
  /** The picture just before the command ran. */
  before: string;
  /** The picture as the command failed; null when the run hung or died in it. */
  after: string | null;
}

export interface ReplayResult {
  reproduced: boolean;
  /** What the replay did: an oracle failed, everything passed, the run hung, or its process died. */
  outcome: 'failed' | 'passed' | 'hung' | 'crashed';
  /** Why it did not reproduce (null when it did). */
  reason: string | null;
  /** The replay's own failure, when it failed. */
  signature: string | null;
  errorMessage: string | null;
  /** The replay's shrunk command list, when it failed. */
  commands: string[] | null;
  /** The commands the first run executed (the trace's counterexample, replayed). */
  firstRunCommands: string[];
  step: ReplayStep | null;
}

export interface ReplayOptions {
  /** For hung and crashed traces: how long the child may run. */
  timeoutMs?: number;
}

function indent(text: string, by = '    '): string {
  return text
    .split('\n')
    .map((l) => by + l)
    .join('\n');
}

/** The trace's summary and shrunk command list, as printed before replaying it. */
export function describeTrace(trace: Trace): string[] {
  const target = findTarget(trace.target);
  const variant = trace.variant === null ? undefined : findVariant(trace.variant);
  const lines = [
    `target     ${trace.target}${target !== undefined ? ` (${target.description})` : ''}`,
    `variant    ${trace.variant === null ? 'none: the real code' : `${trace.variant}${variant !== undefined ? ` (${variant.description})` : ''}`}`,
    ...(trace.bug !== null ? [`bug        ${trace.bug} switched on (${findBug(trace.bug)?.title ?? 'not in the catalogue'})`] : []),
    `kind       ${trace.kind}`,
    `seed       ${trace.seed}`,
    `path       ${trace.path ?? '(none)'}`,
    `replayPath ${trace.replayPath ?? '(none)'}`,
    `found by   campaign base seed ${trace.campaign.baseSeed}, run ${trace.campaign.run}; saved ${trace.savedAt}`,
    `signature  ${trace.signature}`,
    `error      ${trace.errorName}: ${trace.errorMessage.split('\n')[0]}`,
    trace.commands.length === 0
      ? 'shrunk command list: none (the run never finished, so nothing was shrunk)'
      : `shrunk command list (${trace.commands.length} command${trace.commands.length === 1 ? '' : 's'}):`,
  ];
  trace.commands.forEach((c, i) => lines.push(`  ${String(i).padStart(3)}  ${c}`));
  return lines;
}

/** Replays a trace, printing what it shows through `out`, one line (or block) per call. */
export function replayTrace(trace: Trace, out: (line: string) => void, options: ReplayOptions = {}): ReplayResult {
  for (const l of describeTrace(trace)) out(l);
  const result = trace.kind === 'failed' ? replayInThread(trace) : replayInChild(trace, out, options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  printResult(trace, result, out);
  return result;
}

function replayInThread(trace: Trace): ReplayResult {
  resolveTrace(trace); // a trace naming an unknown target or variant is a TraceError
  // Held in an object: assignments inside the observer are invisible to TypeScript's narrowing.
  const seen = {
    lastBefore: null as { index: number; command: string; picture: string } | null,
    step: null as (ReplayStep & { error: unknown }) | null,
    runs: 0,
    firstRun: [] as string[],
  };
  const request = namedRunRequest(trace, (s) => {
    if (s.phase === 'before') {
      // A new run starts when the command index does not go up (shrinking reruns the property).
      if (seen.lastBefore === null || s.index <= seen.lastBefore.index) seen.runs++;
      if (seen.runs === 1) seen.firstRun.push(s.command);
      // Taken now: the picture is live, and the command is about to change it.
      seen.lastBefore = { index: s.index, command: s.command, picture: s.picture() };
    } else if (s.phase === 'failed') {
      // The last failing run is fast-check's final (smallest) counterexample.
      const before = seen.lastBefore !== null && seen.lastBefore.index === s.index ? seen.lastBefore.picture : '(not seen)';
      seen.step = { index: s.index, command: s.command, before, after: s.picture(), error: s.error };
    }
  });
  const outcome = runOne(request, request.target.newCoverage());
  const f = outcome.failure;
  if (f === null) {
    return {
      reproduced: false,
      outcome: 'passed',
      reason: 'the run passed: the failure is gone (fixed?), or the trace no longer matches the code',
      signature: null,
      errorMessage: null,
      commands: null,
      firstRunCommands: seen.firstRun,
      step: null,
    };
  }
  // A failure raised outside any command (a check after the last one) has no failing step.
  const stepError = seen.step?.error;
  const step = seen.step !== null && stepError instanceof Error && stepError.message === f.errorMessage ? seen.step : null;
  return {
    reproduced: f.signature === trace.signature,
    outcome: 'failed',
    reason: f.signature === trace.signature ? null : `it failed differently: ${f.signature}`,
    signature: f.signature,
    errorMessage: `${f.errorName}: ${f.errorMessage}`,
    commands: f.commands,
    firstRunCommands: seen.firstRun,
    step: step === null ? null : { index: step.index, command: step.command, before: step.before, after: step.after },
  };
}

const CHILD = fileURLToPath(new URL('./replay-child.ts', import.meta.url));
const ROOT = dirname(dirname(CHILD));

function replayInChild(trace: Trace, out: (line: string) => void, timeoutMs: number): ReplayResult {
  resolveTrace(trace);
  const what = trace.kind === 'hung' ? 'hung (the watchdog killed it)' : 'crashed its worker';
  out(`warning: this run ${what}; it has no counterexample path, so it is rerun from its seed in a child process, stopped after ${timeoutMs / 1000} s`);
  const request = { target: trace.target, variant: trace.variant, bug: trace.bug, seed: trace.seed, path: trace.path, replayPath: trace.replayPath };
  const r = spawnSync(process.execPath, ['--import', 'tsx', CHILD, JSON.stringify(request)], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: timeoutMs,
    killSignal: 'SIGKILL',
    maxBuffer: 512 * 1024 * 1024,
  });
  const lines = (r.stdout ?? '').split('\n');
  const firstRun: string[] = [];
  let runs = 0;
  let last: { index: number; command: string; picture: string } | null = null;
  let result: { failure: { signature: string; errorName: string; errorMessage: string; commands: string[] } | null } | null = null;
  for (const l of lines) {
    const tab = l.indexOf('\t');
    if (tab < 0) continue;
    const tag = l.slice(0, tab);
    const value = JSON.parse(l.slice(tab + 1));
    if (tag === 'before') {
      // As in replayInThread: a new run starts when the index does not go up.
      if (last === null || value.index <= last.index) runs++;
      if (runs === 1) firstRun.push(value.command);
      last = value;
    } else if (tag === 'result') result = value;
  }
  const step: ReplayStep | null = last === null ? null : { index: last.index, command: last.command, before: last.picture, after: null };
  const base = { signature: null, errorMessage: null, commands: null, firstRunCommands: firstRun };
  const errorCode = (r.error as NodeJS.ErrnoException | undefined)?.code;
  if (errorCode === 'ETIMEDOUT') {
    return { ...base, reproduced: trace.kind === 'hung', outcome: 'hung', reason: trace.kind === 'hung' ? null : `it hung (no result in ${timeoutMs / 1000} s)`, step };
  }
  if (r.error !== undefined) throw new Error(`replay: the child process failed: ${r.error.message}`);
  if (r.status !== 0 || result === null) {
    const how = r.signal !== null ? `signal ${r.signal}` : `exit code ${r.status}`;
    const tail = (r.stderr ?? '').trim().split('\n').slice(-8).join('\n');
    return {
      ...base,
      errorMessage: `process died (${how})${tail !== '' ? `\n${tail}` : ''}`,
      reproduced: trace.kind === 'crashed',
      outcome: 'crashed',
      reason: trace.kind === 'crashed' ? null : `its process died (${how})`,
      step,
    };
  }
  const f = result.failure;
  const neither = trace.kind === 'hung' ? 'it finished without hanging' : 'it finished without crashing';
  if (f === null) return { ...base, reproduced: false, outcome: 'passed', reason: `${neither}, and passed`, step: null };
  return { ...base, reproduced: false, outcome: 'failed', reason: `${neither}, failing instead: ${f.signature}`, signature: f.signature, errorMessage: `${f.errorName}: ${f.errorMessage}`, commands: f.commands, step: null };
}

function printResult(trace: Trace, r: ReplayResult, out: (line: string) => void): void {
  if (r.step !== null) {
    const verb = r.outcome === 'hung' ? 'hung in' : r.outcome === 'crashed' ? 'died in' : 'failed at';
    out(`the run ${verb} step ${r.step.index}: ${r.step.command}`);
    out('  before the command:');
    out(indent(r.step.before));
    if (r.step.after !== null) {
      out('  after the command (as it stood when the error was thrown):');
      out(indent(r.step.after));
    }
  } else if (r.outcome === 'failed') {
    out('the failure was raised outside any single command (no before/after picture)');
  }
  if (r.errorMessage !== null) out(`error: ${r.errorMessage}`);
  if (r.commands !== null && r.outcome === 'failed' && JSON.stringify(r.commands) !== JSON.stringify(trace.commands)) {
    out(`note: this replay shrank to a different command list (${r.commands.length} commands):`);
    r.commands.forEach((c, i) => out(`  ${String(i).padStart(3)}  ${c}`));
  }
  out(r.reproduced ? 'reproduced' : `did not reproduce: ${r.reason}`);
}

export const USAGE = `usage: npm run replay -- FILE [--timeout SECONDS]
  FILE           a trace saved by a fuzz campaign (or one in fuzz/regressions/)
  --timeout S    hung and crashed traces only: stop the rerun after S seconds (default ${DEFAULT_TIMEOUT_MS / 1000})
exit codes: 0 reproduced, 1 did not reproduce, 2 bad file or options`;

export function main(argv: string[], out: (line: string) => void = console.log, err: (line: string) => void = console.error): number {
  let file: string;
  let timeoutMs = DEFAULT_TIMEOUT_MS;
  try {
    const { values, positionals } = parseArgs({ args: argv, strict: true, allowPositionals: true, options: { timeout: { type: 'string' }, help: { type: 'boolean' } } });
    if (values.help === true) {
      out(USAGE);
      return 0;
    }
    if (positionals.length !== 1) throw new Error(`expected one trace file, got ${positionals.length}`);
    file = positionals[0];
    if (values.timeout !== undefined) {
      const s = Number(values.timeout);
      if (!(s > 0 && s <= 3600)) throw new Error(`--timeout must be a number of seconds in (0, 3600], got ${JSON.stringify(values.timeout)}`);
      timeoutMs = s * 1000;
    }
  } catch (error) {
    err(`replay: ${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  let trace: Trace;
  try {
    trace = loadTrace(file);
  } catch (error) {
    if (error instanceof TraceError) {
      err(`replay: ${error.message}`);
      return 2;
    }
    throw error;
  }
  out(`replaying ${file}`);
  return replayTrace(trace, out, { timeoutMs }).reproduced ? 0 : 1;
}

if (isMain(import.meta.url)) process.exitCode = main(process.argv.slice(2));
