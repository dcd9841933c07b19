/**
 * Section "prealloc" of `npm run bench`: nodes allocated per store type under worst-case vs
 * refined preallocation (prealloc-counts.ts measures and checks; this file prints). Counts, not
 * times.
 *
 * Invariant: a table is printed only for runs whose both policies' trees were checked to end with
 * identical contents, pass mt_validate, and did the same writes (prealloc-counts.ts).
 */
import type { Output } from './output.js';
import { preallocCounts, type PreallocCountsResult, type TreeKind } from './prealloc-counts.js';
import type { Settings } from './settings.js';
import { fmtInt, fmtRatio, renderTable, type Column } from './table.js';

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

export function preallocSection(s: Settings, out: Output, number: number): unknown {
  out.line(`\n${number}. Node allocation per store type: worst-case vs refined preallocation\n`);
  const prealloc: PreallocCountsResult[] = [];
  for (const n of s.prealloc.sizes) {
    for (const tree of ['plain', 'alloc-range'] as TreeKind[]) {
      const r = preallocCounts(tree, n, s.seed);
      prealloc.push(r);
      out.line(
        `${tree} tree, n = ${fmtInt(n)}: ${fmtInt(r.ops)} ops, ${fmtInt(r.writes)} writes, peak ${fmtInt(r.maxEntries)} entries, ` +
          `${fmtInt(r.entriesAfter[r.entriesAfter.length - 1].entries)} at the end, final height ${r.heightAfter} (${fmtInt(r.ms)} ms)`,
      );
      out.line(renderTable(preallocColumns, preallocRows(r)));
      if (r.missing.length > 0) out.line(`store types this workload never produced: ${r.missing.join(', ')}`);
      out.line('');
    }
  }
  out.line('allocator totals at the end of each run (impl/alloc NodeAllocator counters)\n');
  out.line(renderTable(allocatorColumns, prealloc.flatMap(allocatorRows)));
  out.line(
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

  return prealloc;
}
