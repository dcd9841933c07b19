/**
 * A fuzz campaign: runs the chosen targets in turn, one fast-check run per seed, until the time
 * budget or run count is spent, and reports every failure with the command that replays it.
 *
 * Invariants:
 * - run k of a campaign uses seed runSeed(base, k): the whole campaign is reproducible from its
 *   base seed, and any single run from its own seed (printed on failure);
 * - a failing run is shrunk by fast-check; its report carries the shrunk command list and the
 *   paths, and the replay command reruns exactly that case (`--seed=S --runs 1 --path P
 *   --commands-path C`);
 * - a campaign never stops at the first failure unless asked to: it keeps searching and counts.
 */
import { runOne } from './run-one.js';
import type { FuzzTarget, TargetCoverage } from './targets.js';

export interface CampaignOptions {
  targets: readonly FuzzTarget[];
  baseSeed: number;
  /** Stop after this many milliseconds (checked between runs). */
  budgetMs: number;
  /** Stop after this many runs (Infinity for none). */
  maxRuns: number;
  /** Replay one case: fast-check path of the counterexample (needs maxRuns 1 and the run's seed). */
  path?: string;
  /** With `path`: fc.commands' replay path, printed with the counterexample. */
  commandsPath?: string;
  stopOnFailure: boolean;
  onProgress?: (progress: CampaignProgress) => void;
}

export interface CampaignFailure {
  target: string;
  seed: number;
  path: string | undefined;
  commandsPath: string | undefined;
  report: string;
  replay: string;
}

export interface CampaignProgress {
  runs: number;
  commands: number;
  failures: number;
  elapsedMs: number;
  budgetMs: number;
}

export interface CampaignResult extends CampaignProgress {
  perTarget: Record<string, TargetCoverage>;
  failureList: CampaignFailure[];
}

/** The seed of run k: a 32-bit mix of the base seed and k, so neighbouring runs differ widely. */
export function runSeed(base: number, k: number): number {
  let h = Math.imul((base ^ 0x85ebca6b) >>> 0, 0x9e3779b1) ^ Math.imul(k + 1, 0xc2b2ae35);
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  return h | 0;
}

export function replayLine(target: string, seed: number, path: string | undefined, commandsPath?: string): string {
  let pathPart = path === undefined ? '' : ` --path ${path}`;
  if (path !== undefined && commandsPath !== undefined) pathPart += ` --commands-path ${commandsPath}`;
  return `npm run fuzz -- --target ${target} --seed=${seed} --runs 1${pathPart}`;
}

export function runCampaign(options: CampaignOptions): CampaignResult {
  const t0 = Date.now();
  const perTarget: Record<string, TargetCoverage> = {};
  for (const t of options.targets) perTarget[t.name] = t.newCoverage();
  const result: CampaignResult = { runs: 0, commands: 0, failures: 0, elapsedMs: 0, budgetMs: options.budgetMs, perTarget, failureList: [] };
  for (let k = 0; k < options.maxRuns; k++) {
    result.elapsedMs = Date.now() - t0;
    if (result.elapsedMs >= options.budgetMs) break;
    const target = options.targets[k % options.targets.length];
    // A single-run replay uses the given seed as is; a campaign derives one per run.
    const seed = options.maxRuns === 1 ? options.baseSeed : runSeed(options.baseSeed, k);
    const coverage = perTarget[target.name];
    const outcome = runOne(
      {
        target,
        seed,
        ...(options.path !== undefined ? { path: options.path } : {}),
        ...(options.commandsPath !== undefined ? { replayPath: options.commandsPath } : {}),
      },
      coverage,
    );
    result.runs++;
    result.commands += outcome.commands;
    const f = outcome.failure;
    if (f !== null) {
      result.failures++;
      result.failureList.push({
        target: target.name,
        seed,
        path: f.path,
        commandsPath: f.replayPath,
        report: f.report,
        replay: replayLine(target.name, seed, f.path, f.replayPath),
      });
    }
    result.elapsedMs = Date.now() - t0;
    options.onProgress?.(result);
    if (f !== null && options.stopOnFailure) break;
  }
  result.elapsedMs = Date.now() - t0;
  return result;
}
