/**
 * The command that replays one failing run, printed with every failure and written to reports.
 *
 * Invariants: the line parses (fuzz/options.ts) back to exactly that run: its target, its own
 * seed, `--runs 1`, its variant and its catalogued bug if any. An oracle failure replays its shrunk case in this thread
 * (`--path P --commands-path C --workers 0`, so a debugger or a step dump sees it directly); a
 * hung or crashed run has no shrunk case, so the whole run is replayed in one worker
 * (`--workers 1`), where the watchdog and crash handling report it again instead of hanging or
 * killing the replaying process.
 */
import type { FoundFailure } from './campaign-data.js';

export function replayLine(target: string, seed: number, path: string | undefined, commandsPath?: string, variant?: string, bug?: string): string {
  let line = `npm run fuzz -- --target ${target} --seed=${seed} --runs 1`;
  if (path !== undefined) line += ` --path ${path}`;
  if (path !== undefined && commandsPath !== undefined) line += ` --commands-path ${commandsPath}`;
  line += ' --workers 0';
  if (variant !== undefined) line += ` --variant ${variant}`;
  if (bug !== undefined) line += ` --bug ${bug}`;
  return line;
}

/** The replay line for a failure a campaign found; `runTimeout` (s) is the campaign's watchdog. */
export function failureReplayLine(f: FoundFailure, runTimeout: number): string {
  if (f.kind === 'failed') return replayLine(f.target, f.seed, f.path, f.replayPath, f.variant, f.bug);
  const variant = f.variant !== undefined ? ` --variant ${f.variant}` : '';
  const bug = f.bug !== undefined ? ` --bug ${f.bug}` : '';
  return `npm run fuzz -- --target ${f.target} --seed=${f.seed} --runs 1 --workers 1 --run-timeout ${runTimeout}${variant}${bug}`;
}
