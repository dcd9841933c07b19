/**
 * Section "gap-search" of `npm run bench`: lowest-fit gap search, mas_empty_area on the maple
 * alloc-range tree vs lowestFit (find_vmap_lowest_match) on the augmented rb-tree of the vmalloc
 * baseline, on the same fragmented space and the same queries (gap-search.ts builds and checks).
 *
 * Invariants: both structures answer every query of every repetition, in an order that alternates
 * by repetition; their answers are compared query by query (and spot-checked against a scan)
 * before a figure is kept; the figure shown is the median over the repetitions.
 */
import { compareAnswers, gapLayout, gapQueries, mapleGapTree, mapleQueries, rbFreeTree, rbQueries } from './gap-search.js';
import type { Output } from './output.js';
import { prngFor } from './prng.js';
import type { Span } from './range-cell.js';
import type { Settings } from './settings.js';
import { median, rate } from './stats.js';
import { fmtInt, fmtRatio, fmtSeconds, fmtShort, renderTable, type Column } from './table.js';

export interface GapSearchResult {
  n: number;
  queries: number;
  found: number;
  buildMs: { maple: number; rbtree: number };
  maple: Span[];
  rbtree: Span[];
}

const columns: Column[] = [
  { title: 'busy ranges', align: 'right' },
  { title: 'queries', align: 'right' },
  { title: 'found', align: 'right' },
  { title: 'reps', align: 'right' },
  { title: 'maple q/s', align: 'right' },
  { title: 'rb-tree q/s', align: 'right' },
  { title: 'maple/rb-tree', align: 'right' },
  { title: 'build maple', align: 'right' },
  { title: 'build rb-tree', align: 'right' },
];

export function gapSearchAt(n: number, queries: number, reps: number, seed: number, stream: string): GapSearchResult {
  const layout = gapLayout(n, prngFor(seed, `${stream}gap-search/layout/${n}`));
  const q = gapQueries(queries, layout, prngFor(seed, `${stream}gap-search/queries/${n}`));
  let t0 = performance.now();
  const tree = mapleGapTree(layout);
  const mapleBuild = performance.now() - t0;
  t0 = performance.now();
  const free = rbFreeTree(layout);
  const rbBuild = performance.now() - t0;
  const mapleAnswers = new Float64Array(queries);
  const rbAnswers = new Float64Array(queries);
  const result: GapSearchResult = { n, queries, found: 0, buildMs: { maple: mapleBuild, rbtree: rbBuild }, maple: [], rbtree: [] };
  for (let rep = 0; rep < reps; rep++) {
    const runMaple = (): void => {
      result.maple.push(mapleQueries(tree, layout, q, mapleAnswers));
    };
    const runRb = (): void => {
      result.rbtree.push(rbQueries(free, q, rbAnswers));
    };
    if (rep % 2 === 0) {
      runMaple();
      runRb();
    } else {
      runRb();
      runMaple();
    }
    compareAnswers(layout, q, mapleAnswers, rbAnswers);
  }
  result.found = mapleAnswers.reduce((a, x) => a + (x >= 0 ? 1 : 0), 0);
  return result;
}

export function gapSearchSection(s: Settings, out: Output, number: number): unknown {
  out.line(`\n${number}. Lowest-fit gap search: mas_empty_area (maple alloc-range tree) vs the augmented rb-tree\n`);
  const results: GapSearchResult[] = [];
  for (const n of s.sizes.filter((x) => x <= s.gapSearch.maxN)) {
    const t0 = performance.now();
    results.push(gapSearchAt(n, s.gapSearch.queries, s.gapSearch.reps, s.seed, ''));
    out.progress(`  gap search n=${fmtInt(n)} done in ${fmtSeconds(performance.now() - t0)}`);
  }
  const rows = results.map((r) => {
    const m = median(r.maple.map(rate));
    const b = median(r.rbtree.map(rate));
    return [fmtInt(r.n), fmtInt(r.queries), fmtInt(r.found), String(r.maple.length), fmtShort(m), fmtShort(b), fmtRatio(m / b), fmtSeconds(r.buildMs.maple), fmtSeconds(r.buildMs.rbtree)];
  });
  out.line(renderTable(columns, rows));
  out.line(
    [
      '',
      'n busy ranges of 1..16 indices with free gaps of 1..4096 indices (log-uniform) before each and after the',
      'last; the maple tree (MT_FLAGS_ALLOC_RANGE) stores the busy ranges, the rb-tree (impl/rbtree FreeTree)',
      'holds the free gaps as blocks. Each query asks for the lowest window of `size` (log-uniform 1..4096)',
      'starting at or above a uniform random `min`: mas_empty_area(mas, min, space - 1, size) vs',
      'lowestFit(size, align 1, vstart = min). q/s: median over the repetitions of queries per second;',
      'maple/rb-tree above 1: the maple tree is faster. found: queries that had a window. Answers compared',
      'query by query (and every 97th against a scan of the gaps) before any figure is kept.',
    ].join('\n'),
  );
  return results.map((r) => ({ ...r, medianQps: { maple: median(r.maple.map(rate)), rbtree: median(r.rbtree.map(rate)) }, mapleOverRbtree: median(r.maple.map(rate)) / median(r.rbtree.map(rate)) }));
}
