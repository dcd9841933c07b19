/**
 * `npm run bench`: raw store / load / erase throughput of the maple tree (impl/maple) and of the
 * reference model (model/IntervalMap) side by side on 10^3 .. 10^6 entries, the throughput of the
 * model-checked loop at those sizes, the throughput of the fast-check property loop, and the nodes
 * each store type allocates under worst-case vs refined preallocation (prealloc-counts.ts; counts,
 * not times: 10^4 and 10^5 entries, 10^3 with --quick).
 *
 *   npm run bench                      full run: 10^3, 10^4, 10^5, 10^6 entries
 *   npm run bench -- --quick           smoke run: 10^3 and 10^4 entries, short budgets
 *   npm run bench -- --seed 42         or BENCH_SEED=42 npm run bench
 *
 * Invariants: every random choice comes from one seed (printed first; --seed wins over
 * BENCH_SEED, which wins over the default); every code path is warmed up before anything is
 * timed; every cell is capped by a time budget and prints the number of operations it timed next
 * to the rate, so capped cells stay honest; a figure is printed only after the work it timed was
 * checked (results and final contents), and any disagreement aborts the run. Timings are never
 * asserted anywhere. The allocation counts of section 4 are printed only after both policies' trees
 * were checked to end with identical contents, pass mt_validate, and did the same writes.
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import type { CheckedLoopResult } from './checked-loop.js';
import { defaultCheckEvery } from './checked-loop.js';
import { preallocCounts, type PreallocCountsResult, type TreeKind } from './prealloc-counts.js';
import { deriveSeed } from './prng.js';
import { propertyLoop, type PropertyLoopResult } from './property-loop.js';
import { benchSize, warmUp, type BenchConfig } from './suite.js';
import { fmtInt, fmtRate, fmtRatio, fmtSeconds, renderHeader, renderRow, renderTable, type Column } from './table.js';
import type { CellResult } from './throughput.js';

const DEFAULT_SEED = 20261123;

interface Settings {
  seed: number;
  seedSource: string;
  quick: boolean;
  sizes: number[];
  config: BenchConfig;
  propertyRuns: number;
  propertyMaxCommands: number;
  warmUpMs: number;
  /** Sizes of the allocation-count section (section 4). */
  preallocSizes: number[];
}

function parseSeed(raw: string, where: string): number {
  const seed = Number(raw);
  if (raw.trim() === '' || !Number.isSafeInteger(seed)) throw new Error(`${where} ${JSON.stringify(raw)} is not an integer`);
  return seed;
}

function settings(argv: string[]): Settings | null {
  const { values } = parseArgs({
    args: argv,
    options: {
      seed: { type: 'string' },
      quick: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    return null;
  }
  let seed = DEFAULT_SEED;
  let seedSource = 'default';
  const env = process.env.BENCH_SEED;
  if (values.seed !== undefined) {
    seed = parseSeed(values.seed, '--seed');
    seedSource = '--seed';
  } else if (env !== undefined && env !== '') {
    seed = parseSeed(env, 'BENCH_SEED');
    seedSource = 'BENCH_SEED';
  }
  const quick = values.quick === true;
  return {
    seed,
    seedSource,
    quick,
    sizes: quick ? [1_000, 10_000] : [1_000, 10_000, 100_000, 1_000_000],
    config: {
      seed,
      stream: '',
      cell: quick
        ? { modelBudgetMs: 250, treeBudgetMs: 500, modelFullPhaseMax: 10_000, repeatToOps: 10_000 }
        : { modelBudgetMs: 2_000, treeBudgetMs: 4_000, modelFullPhaseMax: 10_000, repeatToOps: 100_000 },
      checkedBudgetMs: quick ? 250 : 2_000,
      checkEvery: defaultCheckEvery,
    },
    propertyRuns: quick ? 2 : 8,
    propertyMaxCommands: 2000,
    warmUpMs: quick ? 1_000 : 3_000,
    preallocSizes: quick ? [1_000] : [10_000, 100_000],
  };
}

const throughputColumns: Column[] = [
  { title: 'entries', align: 'right', width: 9 },
  { title: 'workload', align: 'left', width: 12 },
  { title: 'reps', align: 'right', width: 4 },
  { title: 'tree ops/s', align: 'right', width: 10 },
  { title: 'tree ops', align: 'right', width: 9 },
  { title: 'model ops/s', align: 'right', width: 11 },
  { title: 'model ops', align: 'right', width: 9 },
  { title: 'model at size', align: 'left', width: 20 },
  { title: 'tree/model', align: 'right', width: 10 },
];

function sizeRange(from: number, to: number): string {
  return from === to ? fmtInt(from) : `${fmtInt(from)}..${fmtInt(to)}`;
}

function throughputRow(r: CellResult): string[] {
  const treeRate = r.treeOnModelOps.ms > 0 ? r.treeOnModelOps.ops / r.treeOnModelOps.ms : NaN;
  const modelRate = r.model.ms > 0 ? r.model.ops / r.model.ms : NaN;
  return [
    fmtInt(r.n),
    r.workload,
    fmtInt(r.repetitions),
    fmtRate(r.tree.ops, r.tree.ms),
    fmtInt(r.tree.ops),
    fmtRate(r.model.ops, r.model.ms),
    fmtInt(r.model.ops),
    sizeRange(r.modelSizeFrom, r.modelSizeTo),
    fmtRatio(treeRate / modelRate),
  ];
}

const checkedColumns: Column[] = [
  { title: 'entries', align: 'right' },
  { title: 'compared cmds/s', align: 'right' },
  { title: 'cmds', align: 'right' },
  { title: 'K', align: 'right' },
  { title: 'checked-every-K cmds/s', align: 'right' },
  { title: 'cmds', align: 'right' },
  { title: 'checks', align: 'right' },
  { title: 'entries after', align: 'right' },
];

function checkedRow(r: CheckedLoopResult): string[] {
  return [
    fmtInt(r.n),
    fmtRate(r.compared.ops, r.compared.ms),
    fmtInt(r.compared.ops),
    fmtInt(r.checkEvery),
    fmtRate(r.checked.ops, r.checked.ms),
    fmtInt(r.checked.ops),
    fmtInt(r.checked.checks),
    fmtInt(r.sizeAfter),
  ];
}

const propertyColumns: Column[] = [
  { title: 'tree', align: 'left' },
  { title: 'runs', align: 'right' },
  { title: 'commands', align: 'right' },
  { title: 'time', align: 'right' },
  { title: 'cmds/s', align: 'right' },
  { title: 'max entries', align: 'right' },
  { title: 'max height', align: 'right' },
];

function propertyRow(r: PropertyLoopResult): string[] {
  return [
    r.alloc ? 'alloc-range' : 'plain',
    fmtInt(r.runs),
    fmtInt(r.commands),
    fmtSeconds(r.ms),
    fmtRate(r.commands, r.ms),
    fmtInt(r.maxEntries),
    fmtInt(r.maxHeight),
  ];
}

const preallocColumns: Column[] = [
  { title: 'store type', align: 'left' },
  { title: 'writes', align: 'right' },
  { title: 'worst-case allocated', align: 'right' },
  { title: 'refined allocated', align: 'right' },
  { title: 'worst/refined', align: 'right' },
  { title: 'used', align: 'right' },
  { title: 'max used', align: 'right' },
  { title: 'max allocated w/r', align: 'right' },
];

/** worst / refined; 'inf' when only the worst case allocates, '-' when neither does. */
function allocRatio(worst: number, refined: number): string {
  if (refined === 0) return worst === 0 ? '-' : 'inf';
  return fmtRatio(worst / refined);
}

function preallocRows(r: PreallocCountsResult): string[][] {
  const rows = r.types.map((c) => [
    c.type,
    fmtInt(c.writes),
    fmtInt(c.worstAllocated),
    fmtInt(c.refinedAllocated),
    allocRatio(c.worstAllocated, c.refinedAllocated),
    fmtInt(c.worstUsed),
    fmtInt(c.maxUsed),
    `${c.worstMaxAllocated}/${c.refinedMaxAllocated}`,
  ]);
  const sum = (f: (c: PreallocCountsResult['types'][number]) => number): number => r.types.reduce((s, c) => s + f(c), 0);
  const max = (f: (c: PreallocCountsResult['types'][number]) => number): number => Math.max(...r.types.map(f));
  rows.push([
    'total',
    fmtInt(sum((c) => c.writes)),
    fmtInt(sum((c) => c.worstAllocated)),
    fmtInt(sum((c) => c.refinedAllocated)),
    allocRatio(sum((c) => c.worstAllocated), sum((c) => c.refinedAllocated)),
    fmtInt(sum((c) => c.worstUsed)),
    fmtInt(max((c) => c.maxUsed)),
    `${max((c) => c.worstMaxAllocated)}/${max((c) => c.refinedMaxAllocated)}`,
  ]);
  return rows;
}

const allocatorColumns: Column[] = [
  { title: 'tree', align: 'left' },
  { title: 'n', align: 'right' },
  { title: 'policy', align: 'left' },
  { title: 'writes', align: 'right' },
  { title: 'allocated', align: 'right' },
  { title: 'freed', align: 'right' },
  { title: 'live at end', align: 'right' },
  { title: 'failures', align: 'right' },
  { title: 'allocated/write', align: 'right' },
  { title: 'used/allocated', align: 'right' },
];

function allocatorRows(r: PreallocCountsResult): string[][] {
  return [r.worst, r.refined].map((p) => [
    r.tree,
    fmtInt(r.n),
    p.policy,
    fmtInt(p.writes),
    fmtInt(p.allocated),
    fmtInt(p.freed),
    fmtInt(p.live),
    fmtInt(p.failures),
    (p.allocated / p.writes).toFixed(2),
    p.allocated > 0 ? `${((100 * p.used) / p.allocated).toFixed(1)}%` : 'n/a',
  ]);
}

const USAGE = 'usage: npm run bench [-- --quick] [-- --seed N]   (or BENCH_SEED=N npm run bench)';

function main(): void {
  let s: Settings | null;
  try {
    s = settings(process.argv.slice(2));
  } catch (error) {
    console.error(`bench: ${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  if (s === null) return;
  const started = performance.now();
  const cpus = os.cpus();
  const { cell } = s.config;
  console.log(`maple tree vs model benchmark${s.quick ? ' (--quick)' : ''}`);
  console.log(`seed ${s.seed} (${s.seedSource}; override with --seed N or BENCH_SEED=N)`);
  console.log(`node ${process.version}, ${cpus.length} x ${cpus[0]?.model ?? 'unknown cpu'}`);
  console.log(
    `budgets: model ${fmtSeconds(cell.modelBudgetMs)} per cell, tree load/erase ${fmtSeconds(cell.treeBudgetMs)}, ` +
      `checked loop ${fmtSeconds(s.config.checkedBudgetMs)} per run; property loop ${s.propertyRuns} runs of up to ` +
      `${s.propertyMaxCommands} commands per tree type`,
  );
  process.stdout.write('warming up... ');
  const w0 = performance.now();
  const rounds = warmUp(s.seed, s.warmUpMs);
  console.log(`${rounds} rounds, ${fmtSeconds(performance.now() - w0)}`);

  console.log('\n1. Raw throughput, tree (impl/maple) vs model (model/IntervalMap), same operations\n');
  console.log(renderHeader(throughputColumns));
  const checked: CheckedLoopResult[] = [];
  for (const n of s.sizes) {
    benchSize(n, s.config, {
      onCell: (r) => console.log(renderRow(throughputColumns, throughputRow(r))),
      onChecked: (r) => checked.push(r),
    });
  }
  console.log(
    [
      '',
      'workloads: slot p is the range [10p, 10p+5] = p+1. append stores slots 0..n-1 in order into an empty',
      'structure; random-store stores them in a random order; load reads n random indices in [0, 10n) of a',
      'full structure; erase erases all slots in a random order (at a random index inside each range).',
      'tree ops/s: all the ops the tree ran from the start of the phase ("tree ops"; load/erase stop at the',
      'tree budget). model ops/s: the model\'s ops ("model ops"), from contents prebuilt at "model at size"',
      `(grow phases above ${fmtInt(cell.modelFullPhaseMax)} entries: their last tenth), stopped at the model budget.`,
      'tree/model: tree ops/s on exactly the model\'s ops (timed separately inside the tree\'s run) / model ops/s.',
      `reps: cells under ${fmtInt(cell.repeatToOps ?? 0)} ops run the phase again on fresh structures, up to that many`,
      'ops (no repetition starts once the model budget is spent); ops and times are sums over the reps.',
      'Every result and both final contents are checked against the expected ones before a row is printed.',
    ].join('\n'),
  );

  console.log('\n2. Checked loop at size n: random store/erase on tree and model, results compared\n');
  console.log(renderTable(checkedColumns, checked.map(checkedRow)));
  console.log(
    [
      '',
      'The tree starts with n entries (the append phase\'s tree), the model with the same; 50% stores of',
      '1..10 indices at a random index, 50% erases at a random index, over [0, 10n). compared: both results',
      'compared after every command. checked-every-K: plus checkAgreement (mt_validate + whole entry list',
      '+ maple state vs cursor, the property tests\' per-command check, O(n)) after every K commands;',
      'K = 1 (every command, as in the property loop) up to 10,000 entries, else n/1000.',
    ].join('\n'),
  );

  console.log('\n3. Property loop: fast-check model-based runs of the maple property (mapleProperty)\n');
  const props = [false, true].map((alloc) =>
    propertyLoop(alloc, deriveSeed(s.seed, `property/${alloc ? 'alloc' : 'plain'}`), s.propertyRuns, s.propertyMaxCommands),
  );
  console.log(renderTable(propertyColumns, props.map(propertyRow)));
  console.log(
    [
      '',
      'fc.check with a fixed seed (derived from the benchmark seed) and a fixed number of runs; commands',
      'counted by the property\'s coverage counter. Time includes command generation, tree + model and',
      'checkAgreement (mt_validate + full comparison) after every command.',
    ].join('\n'),
  );

  console.log('\n4. Node allocation per store type: worst-case vs refined preallocation\n');
  const prealloc: PreallocCountsResult[] = [];
  for (const n of s.preallocSizes) {
    for (const tree of ['plain', 'alloc-range'] as TreeKind[]) {
      const r = preallocCounts(tree, n, s.seed);
      prealloc.push(r);
      console.log(
        `${tree} tree, n = ${fmtInt(n)}: ${fmtInt(r.ops)} ops, ${fmtInt(r.writes)} writes, peak ${fmtInt(r.maxEntries)} entries, ` +
          `${fmtInt(r.entriesAfter[r.entriesAfter.length - 1].entries)} at the end, final height ${r.heightAfter} (${fmtInt(r.ms)} ms)`,
      );
      console.log(renderTable(preallocColumns, preallocRows(r)));
      if (r.missing.length > 0) console.log(`store types this workload never produced: ${r.missing.join(', ')}`);
      console.log('');
    }
  }
  console.log('allocator totals at the end of each run (impl/alloc NodeAllocator counters)\n');
  console.log(renderTable(allocatorColumns, prealloc.flatMap(allocatorRows)));
  console.log(
    [
      '',
      'The same seeded writes run in lockstep on two trees of each kind, mt_init_flags(flags, { prealloc:',
      'WORST_CASE_PREALLOC }) (1 + 3h nodes for every write) and mt_init_flags(flags) (REFINED_PREALLOC,',
      'mas_prealloc_calc per store type): the n slots stored in a random order with partial and exact',
      'overwrites and erases mixed in, n/4 appends, 8 long stores (half of them empty), n/2 erases; a quarter',
      'of the value stores go through mas_preallocate + mas_store_prealloc. Per store type (tree.onWrite):',
      'allocated = nodes taken from the allocator before the write (nodesRequested), used = nodes it put in',
      'the tree (nodesUsed, identical under both policies), max = largest single write. inf: only the worst',
      'case allocates. Checked before printing: same results, same store type / height / nodes used write by',
      'write, refined <= worst-case for every write, used <= allocated, allocator allocated == sum of',
      'requests with no failures, and at the end of every phase identical contents (mt_for_each) and',
      'mt_validate passing on both trees (including allocator accounting).',
    ].join('\n'),
  );

  console.log(`\ntotal wall time ${fmtSeconds(performance.now() - started)} (seed ${s.seed})`);
}

main();
