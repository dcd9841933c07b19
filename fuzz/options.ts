/**
 * The fuzz CLI's options: parsing and checking, apart from running, so they can be tested.
 *
 * Invariants: unknown options, positionals, non-integer or out-of-range numbers, unknown targets
 * or variants, a variant that fits none of the selected targets, a malformed shard, an empty
 * directory name, and a --path without --runs 1 and exactly one --target are UsageErrors naming
 * the problem; nothing is defaulted silently from a bad value. With --variant, only the selected
 * targets the variant applies to are kept, so every run the campaign makes is of that variant.
 * --bug (or MAPLE_BUG) switches a catalogued bug (impl/bugs) into impl/ in every run; an unknown
 * name is a UsageError listing the catalogue.
 */
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { BUG_NAMES, findBug, type BugEntry } from '../impl/bugs/catalogue.js';
import { VARIANTS, findVariant, type Variant } from '../properties/variants.js';
import type { CampaignOptions } from './campaign.js';
import { TARGETS, findTarget, type FuzzTarget } from './targets.js';

const DEFAULT_SECONDS = 60;
const DEFAULT_SEED = 20261123;
const DEFAULT_RUN_TIMEOUT = 60;
/** More worker threads than this is a typo, not a plan: each one holds a full module graph. */
const MAX_WORKERS = 64;

export const USAGE = `usage: npm run fuzz -- [options]
  --seconds N      time budget (default ${DEFAULT_SECONDS}); runs already started finish after it
  --runs N         the campaign's number of runs (default: no limit); --runs 1 takes --seed as the
                   run's own seed, so it replays one run
  --seed=N         base seed (default ${DEFAULT_SEED}; use the = form for negative seeds)
  --target NAME    run only this target (repeatable); targets: ${TARGETS.map((t) => t.name).join(', ')}
  --variant NAME   run against a deliberately broken variant (only the targets it applies to);
                   variants: ${VARIANTS.map((v) => v.name).join(', ')}
  --bug NAME       switch a catalogued historical bug into impl/ in every run (default: MAPLE_BUG);
                   bugs: ${BUG_NAMES.join(', ')}
  --workers N      worker threads (default: ${availableParallelism()}, one per core); 0 runs in this
                   thread, without watchdog (replay of one case, debugging)
  --shard I/N      run only runs k with k mod N = I (0 <= I < N), to split one campaign across
                   machines; the shards of a campaign together make exactly the unsharded one
  --run-timeout S  watchdog: a run taking longer than S seconds is recorded as hung (default ${DEFAULT_RUN_TIMEOUT})
  --corpus DIR     where failing runs' traces are saved (default corpus)
  --report DIR     where the campaign report is written (default reports/fuzz)
  --path P         fast-check path of a counterexample to replay (with --seed, --runs 1, one --target)
  --commands-path C  the command list's replayPath printed with that counterexample
  --stop           stop handing out runs at the first failure
  --help           this text`;

export class UsageError extends Error {
  override name = 'UsageError';
}

export interface Shard {
  index: number;
  count: number;
}

export interface CliOptions {
  seconds: number;
  runs: number;
  seed: number;
  targets: FuzzTarget[];
  variant: Variant | undefined;
  bug: BugEntry | undefined;
  workers: number;
  shard: Shard;
  /** Watchdog limit per run, in seconds. */
  runTimeout: number;
  corpus: string;
  report: string;
  path: string | undefined;
  commandsPath: string | undefined;
  stop: boolean;
  help: boolean;
}

/** An integer option in [min, max], or `fallback` when absent; anything else is a UsageError. */
export function integer(name: string, raw: string | undefined, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isSafeInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `from ${min} to ${max}`;
    throw new UsageError(`--${name} must be an integer ${range}, got ${JSON.stringify(raw)}`);
  }
  return value;
}

function shard(raw: string | undefined): Shard {
  if (raw === undefined) return { index: 0, count: 1 };
  const match = /^(\d+)\/(\d+)$/.exec(raw.trim());
  const index = match === null ? NaN : Number(match[1]);
  const count = match === null ? NaN : Number(match[2]);
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(count) || count < 1 || index >= count) {
    throw new UsageError(`--shard must be I/N with 0 <= I < N (e.g. 0/4), got ${JSON.stringify(raw)}`);
  }
  return { index, count };
}

function directory(name: string, raw: string | undefined, fallback: string): string {
  if (raw === undefined) return fallback;
  if (raw.trim() === '') throw new UsageError(`--${name} needs a directory name, got ""`);
  return raw;
}

function selectTargets(names: string[] | undefined, variant: Variant | undefined): FuzzTarget[] {
  const chosen = (names ?? TARGETS.map((t) => t.name)).map((name) => {
    const t = findTarget(name);
    if (t === undefined) throw new UsageError(`unknown target ${JSON.stringify(name)}; targets: ${TARGETS.map((x) => x.name).join(', ')}`);
    return t;
  });
  if (variant === undefined) return chosen;
  const fitting = chosen.filter((t) => variant.kinds.includes(t.kind));
  if (fitting.length === 0) {
    const fit = TARGETS.filter((t) => variant.kinds.includes(t.kind)).map((t) => t.name);
    throw new UsageError(`variant ${variant.name} applies to none of the selected targets (${chosen.map((t) => t.name).join(', ')}); it applies to: ${fit.join(', ')}`);
  }
  return fitting;
}

export function parseCli(argv: string[]): CliOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        seconds: { type: 'string' },
        runs: { type: 'string' },
        seed: { type: 'string' },
        target: { type: 'string', multiple: true },
        variant: { type: 'string' },
        bug: { type: 'string' },
        workers: { type: 'string' },
        shard: { type: 'string' },
        'run-timeout': { type: 'string' },
        corpus: { type: 'string' },
        report: { type: 'string' },
        path: { type: 'string' },
        'commands-path': { type: 'string' },
        stop: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const v = parsed.values;
  let variant: Variant | undefined;
  if (v.variant !== undefined) {
    variant = findVariant(v.variant);
    if (variant === undefined) throw new UsageError(`unknown variant ${JSON.stringify(v.variant)}; variants: ${VARIANTS.map((x) => x.name).join(', ')}`);
  }
  const bugName = v.bug ?? (process.env.MAPLE_BUG || undefined);
  const bug = bugName === undefined ? undefined : findBug(bugName);
  if (bugName !== undefined && bug === undefined) {
    throw new UsageError(`unknown bug ${JSON.stringify(bugName)}${v.bug === undefined ? ' (from MAPLE_BUG)' : ''}; bugs: ${BUG_NAMES.join(', ')}`);
  }
  const seed = integer('seed', v.seed, DEFAULT_SEED, -(2 ** 31));
  if (seed >= 2 ** 31) throw new UsageError(`--seed must fit in 32 bits, got ${v.seed}`);
  const options: CliOptions = {
    seconds: integer('seconds', v.seconds, DEFAULT_SECONDS, 1),
    runs: v.runs === undefined ? Infinity : integer('runs', v.runs, 1, 1),
    seed,
    targets: selectTargets(v.target, variant),
    variant,
    bug,
    workers: integer('workers', v.workers, availableParallelism(), 0, MAX_WORKERS),
    shard: shard(v.shard),
    runTimeout: integer('run-timeout', v['run-timeout'], DEFAULT_RUN_TIMEOUT, 1),
    corpus: directory('corpus', v.corpus, 'corpus'),
    report: directory('report', v.report, 'reports/fuzz'),
    path: v.path,
    commandsPath: v['commands-path'],
    stop: v.stop ?? false,
    help: v.help ?? false,
  };
  if (options.commandsPath !== undefined && options.path === undefined) throw new UsageError('--commands-path goes with --path');
  if (options.path !== undefined && (options.runs !== 1 || v.target?.length !== 1)) {
    throw new UsageError("--path replays one case: give --runs 1, exactly one --target and the failing run's --seed");
  }
  return options;
}

/** The campaign the options describe (what `npm run fuzz` runs with them). */
export function campaignOptions(o: CliOptions, signal?: AbortSignal): CampaignOptions {
  return {
    targets: o.targets,
    variant: o.variant,
    ...(o.bug !== undefined ? { bug: o.bug.name } : {}),
    baseSeed: o.seed,
    seconds: o.seconds,
    maxRuns: o.runs,
    workers: o.workers,
    shard: o.shard,
    runTimeout: o.runTimeout,
    path: o.path,
    commandsPath: o.commandsPath,
    stopOnFailure: o.stop,
    ...(signal !== undefined ? { signal } : {}),
  };
}
