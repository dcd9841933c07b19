/**
 * The fuzz CLI's options: parsing and checking, apart from running, so they can be tested.
 *
 * Invariants: unknown options, positionals, non-integer or out-of-range numbers, unknown targets
 * and a --path without --runs 1 are UsageErrors naming the problem; nothing is defaulted silently
 * from a bad value.
 */
import { parseArgs } from 'node:util';
import { TARGETS, findTarget, type FuzzTarget } from './targets.js';

const DEFAULT_SECONDS = 60;
const DEFAULT_SEED = 20261123;

export const USAGE = `usage: npm run fuzz -- [options]
  --seconds N    time budget (default ${DEFAULT_SECONDS})
  --runs N       stop after N runs (default: no limit; 1 with --path replays one case)
  --seed=N       base seed (default ${DEFAULT_SEED}; use the = form for negative seeds)
  --target NAME  run only this target (repeatable); targets: ${TARGETS.map((t) => t.name).join(', ')}
  --path P       fast-check path of a counterexample to replay (with --seed and --runs 1)
  --commands-path C  the command list's replayPath printed with that counterexample
  --stop         stop at the first failure
  --help         this text`;

export class UsageError extends Error {}

export interface CliOptions {
  seconds: number;
  runs: number;
  seed: number;
  targets: FuzzTarget[];
  path: string | undefined;
  commandsPath: string | undefined;
  stop: boolean;
  help: boolean;
}

function integer(name: string, raw: string | undefined, fallback: number, min: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isSafeInteger(value) || value < min) {
    throw new UsageError(`--${name} must be an integer >= ${min}, got ${JSON.stringify(raw)}`);
  }
  return value;
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
  const targets = (v.target ?? TARGETS.map((t) => t.name)).map((name) => {
    const t = findTarget(name);
    if (t === undefined) throw new UsageError(`unknown target ${JSON.stringify(name)}; targets: ${TARGETS.map((x) => x.name).join(', ')}`);
    return t;
  });
  const seed = integer('seed', v.seed, DEFAULT_SEED, -(2 ** 31));
  if (seed >= 2 ** 31) throw new UsageError(`--seed must fit in 32 bits, got ${v.seed}`);
  const options: CliOptions = {
    seconds: integer('seconds', v.seconds, DEFAULT_SECONDS, 1),
    runs: v.runs === undefined ? Infinity : integer('runs', v.runs, 1, 1),
    seed,
    targets,
    path: v.path,
    commandsPath: v['commands-path'],
    stop: v.stop ?? false,
    help: v.help ?? false,
  };
  if (options.commandsPath !== undefined && options.path === undefined) throw new UsageError('--commands-path goes with --path');
  if (options.path !== undefined && options.runs !== 1) throw new UsageError('--path replays one case: give --runs 1 and the failing run\'s --seed');
  return options;
}
