/**
 * The benchmark's command line and the budgets of a full and of a --quick run.
 *
 *   npm run bench                                   full run (sizes 10^3 .. 10^6, every section)
 *   npm run bench -- --quick                        smoke run: 10^3 and 10^4, short budgets
 *   npm run bench -- --json                         one JSON document on stdout, the report on stderr
 *   npm run bench -- --sections range-map,checking  only those sections (names below)
 *   npm run bench -- --sizes 1000,100000            other sizes (at least 100 entries each)
 *   npm run bench -- --seed 42                      or BENCH_SEED=42 npm run bench
 *
 * Invariants: every option is checked before anything runs (a bad one is an Error naming it,
 * exit code 2 in run.ts); --seed wins over BENCH_SEED, which wins over the default; budgets are
 * fixed per mode and printed with the results, never adapted to what was measured.
 */
import { parseArgs } from 'node:util';
import type { ScenarioParams } from '../properties/vmalloc/test-vmalloc-scenarios.js';
import type { RangeBenchOptions } from './range-session.js';

export const DEFAULT_SEED = 20261123;

export const SECTION_NAMES = ['range-map', 'checking', 'property', 'prealloc', 'gap-search', 'vmalloc', 'rcu'] as const;
export type SectionName = (typeof SECTION_NAMES)[number];

export interface Settings {
  seed: number;
  seedSource: string;
  quick: boolean;
  json: boolean;
  sections: SectionName[];
  sizes: number[];
  warmUpMs: number;
  range: Omit<RangeBenchOptions, 'seed' | 'stream' | 'structures' | 'reps' | 'memory'> & {
    reps: (n: number) => number;
    /** Memory is measured at sizes from this one up (below it heap noise swamps the figure). */
    memoryMinN: number;
  };
  /** Sizes up to maxN only: above it the model's O(n) makes a checked command take milliseconds. */
  checking: { budgetMs: number; maxN: number };
  property: { runs: number; maxCommands: number };
  prealloc: { sizes: number[] };
  gapSearch: { queries: number; reps: number; maxN: number };
  vmalloc: { reps: number; params: Omit<ScenarioParams, 'seed'> };
}

export const USAGE =
  'usage: npm run bench [-- --quick] [-- --json] [-- --sections a,b] [-- --sizes n,m] [-- --seed N]\n' +
  `sections: ${SECTION_NAMES.join(', ')} (default: all); BENCH_SEED=N sets the seed too`;

function parseInteger(raw: string, where: string): number {
  const x = Number(raw);
  if (raw.trim() === '' || !Number.isSafeInteger(x)) throw new Error(`${where} ${JSON.stringify(raw)} is not an integer`);
  return x;
}

function parseSections(raw: string): SectionName[] {
  const names = raw.split(',').map((s) => s.trim());
  for (const name of names) {
    if (!(SECTION_NAMES as readonly string[]).includes(name)) throw new Error(`--sections: unknown section ${JSON.stringify(name)}`);
  }
  return SECTION_NAMES.filter((s) => names.includes(s));
}

function parseSizes(raw: string): number[] {
  const sizes = raw.split(',').map((s) => parseInteger(s, '--sizes entry'));
  for (const n of sizes) if (n < 100) throw new Error(`--sizes: ${n} is below 100 entries`);
  return sizes;
}

/** The settings for these arguments, or null when --help was asked for (USAGE is printed). */
export function parseSettings(argv: string[], env: NodeJS.ProcessEnv = process.env): Settings | null {
  const { values } = parseArgs({
    args: argv,
    options: {
      seed: { type: 'string' },
      quick: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      sections: { type: 'string' },
      sizes: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) return null;
  let seed = DEFAULT_SEED;
  let seedSource = 'default';
  if (values.seed !== undefined) {
    seed = parseInteger(values.seed, '--seed');
    seedSource = '--seed';
  } else if (env.BENCH_SEED !== undefined && env.BENCH_SEED !== '') {
    seed = parseInteger(env.BENCH_SEED, 'BENCH_SEED');
    seedSource = 'BENCH_SEED';
  }
  const quick = values.quick === true;
  return {
    seed,
    seedSource,
    quick,
    json: values.json === true,
    sections: values.sections === undefined ? [...SECTION_NAMES] : parseSections(values.sections),
    sizes: values.sizes === undefined ? (quick ? [1_000, 10_000] : [1_000, 10_000, 100_000, 1_000_000]) : parseSizes(values.sizes),
    warmUpMs: quick ? 1_000 : 3_000,
    range: {
      reps: quick ? () => 2 : (n) => (n >= 100_000 ? 3 : 5),
      minRepMs: quick ? 20 : 50,
      modelBudgetMs: quick ? 200 : 500,
      modelFullPhaseMax: 10_000,
      maxOps: 250_000,
      capMs: quick ? 2_000 : 10_000,
      memoryMinN: quick ? 10_000 : 100_000,
    },
    checking: { budgetMs: quick ? 250 : 2_000, maxN: 100_000 },
    property: quick ? { runs: 2, maxCommands: 2000 } : { runs: 8, maxCommands: 2000 },
    prealloc: { sizes: quick ? [1_000] : [10_000, 100_000] },
    gapSearch: quick ? { queries: 5_000, reps: 2, maxN: 1_000_000 } : { queries: 50_000, reps: 5, maxN: 1_000_000 },
    vmalloc: quick
      ? { reps: 1, params: { loops: 300, longBusyCount: 1_000, nrPcpuObjects: 2_000 } }
      : { reps: 3, params: { loops: 10_000, longBusyCount: 15_000, nrPcpuObjects: 35_000 } },
  };
}
