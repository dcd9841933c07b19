/**
 * Saved traces: a failure a fuzz run found, as a self-contained JSON file that replays it exactly
 * (`npm run replay -- FILE`) and can be promoted into a regression test (`npm run promote`).
 *
 * Invariants:
 * - a trace holds everything a replay needs (target, variant, catalogued bug, the run's seed,
 *   fast-check's path and fc.commands' replay path) plus what it showed (shrunk commands, error,
 *   signature), and nothing that depends on the machine that found it; a trace written before
 *   the bug catalogue existed has no "bug" field and reads as bug null;
 * - a trace's file name is `<target>-<first 12 hex of sha1(signature)>.json`: stable, so the same
 *   bug found again (same signature) maps to the same file and is saved once (duplicate: true);
 * - files are written atomically and never replaced (fuzz/atomic-file.ts);
 * - loadTrace accepts only a well-formed version-1 trace naming a known target, variant and bug, and
 *   otherwise throws a TraceError naming the file and the problem; it never changes anything.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUG_NAMES, findBug } from '../impl/bugs/catalogue.js';
import { VARIANTS, findVariant, type Variant } from '../properties/variants.js';
import { publishFile } from './atomic-file.js';
import type { FoundFailure } from './campaign-data.js';
import { UnknownNameError, resolveNames } from './run-one.js';
import { TARGETS, findTarget, type FuzzTarget } from './targets.js';

export const TRACE_FORMAT = 'maple-fuzz-trace';
export const TRACE_VERSION = 1;

export type TraceKind = FoundFailure['kind'];
const KINDS: readonly TraceKind[] = ['failed', 'hung', 'crashed'];

/** A trace as stored (plain JSON: absent values are null, never undefined). */
export interface Trace {
  format: typeof TRACE_FORMAT;
  version: typeof TRACE_VERSION;
  target: string;
  variant: string | null;
  /** The catalogued bug (impl/bugs) switched on when it failed, or null. */
  bug: string | null;
  seed: number;
  path: string | null;
  replayPath: string | null;
  commands: string[];
  errorName: string;
  errorMessage: string;
  signature: string;
  kind: TraceKind;
  campaign: { baseSeed: number; run: number };
  savedAt: string;
}

/** A trace file (or a failure to be saved) that cannot be used; says which and why. */
export class TraceError extends Error {
  constructor(
    readonly file: string,
    readonly problem: string,
  ) {
    super(`${file}: ${problem}`);
    this.name = 'TraceError';
  }
}

export function traceFromFailure(failure: FoundFailure, savedAt: Date = new Date()): Trace {
  return {
    format: TRACE_FORMAT,
    version: TRACE_VERSION,
    target: failure.target,
    variant: failure.variant ?? null,
    bug: failure.bug ?? null,
    seed: failure.seed,
    path: failure.path ?? null,
    replayPath: failure.replayPath ?? null,
    commands: failure.commands,
    errorName: failure.errorName,
    errorMessage: failure.errorMessage,
    signature: failure.signature,
    kind: failure.kind,
    campaign: { baseSeed: failure.campaign.baseSeed, run: failure.campaign.run },
    savedAt: savedAt.toISOString(),
  };
}

/** The stable file name of a failure's trace: the target and a short hash of the signature. */
export function traceFileName(target: string, signature: string): string {
  return `${target}-${createHash('sha1').update(signature).digest('hex').slice(0, 12)}.json`;
}

/** The trace as written to disk: fields in the order above, two-space indented. */
export function traceText(trace: Trace): string {
  return `${JSON.stringify(trace, null, 2)}\n`;
}

/**
 * Saves a failure's trace in `dir` (created if needed) unless a trace with its signature is
 * already there. A failure that would not make a valid trace throws a TraceError and writes nothing.
 */
export function saveTrace(dir: string, failure: FoundFailure): { file: string; duplicate: boolean } {
  const file = join(dir, traceFileName(failure.target, failure.signature));
  const trace = validateTrace(traceFromFailure(failure), `trace for ${file}`);
  return { file, duplicate: !publishFile(file, traceText(trace)) };
}

/** Reads and checks a trace file; every problem is a TraceError naming the file. */
export function loadTrace(file: string): Trace {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new TraceError(file, `cannot read the trace: ${(error as Error).message}`);
  }
  return parseTrace(text, file);
}

export function parseTrace(text: string, file: string): Trace {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new TraceError(file, `not a trace: not JSON (${(error as Error).message})`);
  }
  return validateTrace(value, file);
}

function shown(value: unknown): string {
  const text = value === undefined ? 'nothing' : JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** Checks a parsed value field by field and returns it as a Trace (a fresh object). */
export function validateTrace(value: unknown, file: string): Trace {
  const fail = (problem: string): never => {
    throw new TraceError(file, problem);
  };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return fail(`not a trace: expected a JSON object, got ${Array.isArray(value) ? 'an array' : shown(value)}`);
  }
  const v = value as Record<string, unknown>;
  if (!('format' in v)) fail(`not a maple fuzz trace: no "format" field (expected "${TRACE_FORMAT}")`);
  if (v.format !== TRACE_FORMAT) fail(`not a maple fuzz trace: format is ${shown(v.format)}, expected "${TRACE_FORMAT}"`);
  if (v.version !== TRACE_VERSION) fail(`unsupported trace version ${shown(v.version)} (this code reads version ${TRACE_VERSION})`);

  const field = (name: string, ok: boolean, expected: string): void => {
    if (!ok) fail(`field "${name}" must be ${expected}, got ${shown(v[name])}`);
  };
  const isString = (x: unknown): x is string => typeof x === 'string';
  const isInt = (x: unknown): x is number => typeof x === 'number' && Number.isSafeInteger(x);
  const nonEmpty = (name: string): string => {
    field(name, isString(v[name]) && v[name] !== '', 'a non-empty string');
    return v[name] as string;
  };
  const stringOrNull = (name: string): string | null => {
    field(name, v[name] === null || isString(v[name]), 'a string or null');
    return v[name] as string | null;
  };

  const target = nonEmpty('target');
  const variant = stringOrNull('variant');
  const bug = v.bug === undefined ? null : stringOrNull('bug');
  field('seed', isInt(v.seed) && (v.seed as number) >= -(2 ** 31) && (v.seed as number) < 2 ** 31, 'a 32-bit integer');
  const path = stringOrNull('path');
  if (path !== null) field('path', /^\d+(:\d+)*$/.test(path), 'a fast-check path like "3:1:0"');
  const replayPath = stringOrNull('replayPath');
  field('commands', Array.isArray(v.commands) && (v.commands as unknown[]).every(isString), 'an array of strings');
  const errorName = nonEmpty('errorName');
  field('errorMessage', isString(v.errorMessage), 'a string');
  const signature = nonEmpty('signature');
  field('kind', KINDS.includes(v.kind as TraceKind), `one of ${KINDS.join(', ')}`);
  const c = v.campaign as Record<string, unknown> | null;
  field('campaign', typeof c === 'object' && c !== null && isInt(c.baseSeed) && isInt(c.run) && (c.run as number) >= 0, 'an object {baseSeed: integer, run: integer >= 0}');
  const savedAt = nonEmpty('savedAt');
  field('savedAt', !Number.isNaN(Date.parse(savedAt)), 'an ISO date');

  const t = findTarget(target);
  if (t === undefined) fail(`unknown target "${target}" (targets: ${TARGETS.map((x) => x.name).join(', ')})`);
  if (variant !== null) {
    const found = findVariant(variant);
    if (found === undefined) fail(`unknown variant "${variant}" (variants: ${VARIANTS.map((x) => x.name).join(', ')})`);
    if (!found!.kinds.includes(t!.kind)) fail(`variant "${variant}" does not apply to target "${target}" (it applies to ${found!.kinds.join(', ')} targets)`);
  }
  if (bug !== null && findBug(bug) === undefined) fail(`unknown bug "${bug}" (bugs: ${BUG_NAMES.join(', ')})`);
  return {
    format: TRACE_FORMAT,
    version: TRACE_VERSION,
    target,
    variant,
    bug,
    seed: v.seed as number,
    path,
    replayPath,
    commands: [...(v.commands as string[])],
    errorName,
    errorMessage: v.errorMessage as string,
    signature,
    kind: v.kind as TraceKind,
    campaign: { baseSeed: c!.baseSeed as number, run: c!.run as number },
    savedAt,
  };
}

/** The target and variant a (validated) trace names. */
export function resolveTrace(trace: Trace): { target: FuzzTarget; variant: Variant | undefined } {
  try {
    return resolveNames(trace.target, trace.variant);
  } catch (error) {
    if (error instanceof UnknownNameError) throw new TraceError('trace', error.message);
    throw error;
  }
}
