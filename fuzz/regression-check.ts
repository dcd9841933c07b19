/**
 * What a promoted trace (fuzz/regressions/*.json) must do on every test run, decided apart from
 * the test so the decision itself can be tested, including that it fails when it should.
 *
 * Invariants:
 * - a trace WITH a variant (or a catalogued bug switched on) records a deliberately broken
 *   implementation the oracles catch: its replay must still fail, with the trace's signature (the
 *   oracle has not gone blind to that bug);
 * - a trace WITHOUT a variant records a real bug, promoted once fixed: its replay must pass, and
 *   the replayed run must still execute the trace's command list (else the generators changed,
 *   the path now leads somewhere else, and the regression would check nothing);
 * - judging never runs anything: it reads a ReplayResult.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { replayTrace, type ReplayOptions, type ReplayResult } from './replay.js';
import type { Trace } from './trace.js';

export const REGRESSIONS_DIR = fileURLToPath(new URL('./regressions/', import.meta.url));

/** The trace files in a regressions directory, sorted (README.md and other files are not traces; no directory, none). */
export function regressionFiles(dir: string = REGRESSIONS_DIR): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => join(dir, f));
}

/** Why the replay breaks the trace's regression, or null when it holds. */
export function judgeRegression(trace: Trace, result: ReplayResult): string | null {
  if (trace.variant !== null || trace.bug !== null) {
    const what = trace.variant !== null ? `variant "${trace.variant}"` : `bug "${trace.bug}"`;
    if (!result.reproduced) return `the oracles no longer catch ${what}: ${result.reason ?? 'not reproduced'}`;
    if (trace.kind === 'failed' && result.signature !== trace.signature) return `${what} fails with another signature: ${result.signature}`;
    return null;
  }
  if (result.outcome !== 'passed') {
    return `the bug is back: the replay ${result.outcome}${result.signature !== null ? ` (${result.signature})` : ''}`;
  }
  const ran = result.firstRunCommands.slice(0, trace.commands.length);
  if (JSON.stringify(ran) !== JSON.stringify(trace.commands)) {
    return `the trace's path no longer generates its command list (did the command generators change?), so it checks nothing: first command run ${JSON.stringify(ran[0] ?? null)}, expected ${JSON.stringify(trace.commands[0] ?? null)}`;
  }
  return null;
}

/** Replays a trace quietly and judges it; the replay's printed lines come back for diagnostics. */
export function checkRegression(trace: Trace, options: ReplayOptions = {}): { result: ReplayResult; problem: string | null; lines: string[] } {
  const lines: string[] = [];
  const result = replayTrace(trace, (l) => lines.push(l), options);
  return { result, problem: judgeRegression(trace, result), lines };
}
