/**
 * Section "range-map" of `npm run bench`: range-map workloads on the maple tree, the ordered maps
 * from npm used as range maps, and the model, at every size, several repetitions each; then the
 * memory each structure holds (range-session.ts measures, range-report.ts prints).
 *
 * Invariant: the tables are printed only after every size was measured and checked; the JSON
 * holds every repetition, not only the medians.
 */
import type { Output } from './output.js';
import { STRUCTURES } from './range-map/structures.js';
import { memoryTable, opsTable, rangeJson, throughputTable } from './range-report.js';
import { rangeMapSize, type RangeSizeResult } from './range-session.js';
import type { Settings } from './settings.js';
import { SPAN_SLOTS } from './workloads.js';
import { fmtInt, fmtSeconds } from './table.js';

export function rangeMapSection(s: Settings, out: Output, number: number): unknown {
  const names = STRUCTURES.map((x) => x.name);
  out.line(`\n${number}. Range maps: the maple tree vs ordered maps from npm and the model, same operations\n`);
  const sizes: RangeSizeResult[] = [];
  for (const n of s.sizes) {
    sizes.push(
      rangeMapSize(n, { ...s.range, seed: s.seed, stream: '', structures: STRUCTURES, reps: s.range.reps(n), memory: n >= s.range.memoryMinN }, (line) =>
        out.progress(line),
      ),
    );
  }
  out.line('median ops/s over the repetitions, and maple / X (above 1: the maple tree is faster)\n');
  out.line(throughputTable(sizes, names));
  out.line('\noperations timed per structure, summed over the repetitions (runs of the phase in brackets)\n');
  out.line(opsTable(sizes, names));
  out.line(
    [
      '',
      'structures:',
      ...STRUCTURES.map((x) => `  ${x.name}: ${x.label}`),
      'workloads: slot p is the range [10p, 10p+5] = p+1 (n slots). seq-store stores slots 0..n-1 in order into',
      'an empty map; rand-store in a random order; load reads n random indices in [0, 10n) of the full map',
      '(60% hit); next / prev walk the full map with a cursor, one entry per op; span-store stores over blocks',
      `of ${SPAN_SLOTS} slots of the map rand-store built (each store trims 2 entries and replaces ${SPAN_SLOTS - 2}); erase`,
      'erases all slots in a random order (at a random index inside each range) from the map seq-store built.',
      'rates: ops / time per repetition; the median over the repetitions is shown. A repetition reruns a',
      `phase on fresh inputs (built untimed) until ${fmtInt(s.range.minRepMs)} ms of timed work ("runs"); the model runs`,
      `first, on a window (grow phases above ${fmtInt(s.range.modelFullPhaseMax)} entries: their last tenth) stopped at ${fmtSeconds(s.range.modelBudgetMs)},`,
      'and m/model compares the maple tree\'s time on exactly those ops (timed inside its run). Grow phases run',
      `whole; read and write phases their first ${fmtInt(s.range.maxOps)} ops (capped at ${fmtSeconds(s.range.capMs)}: "capped" marks a`,
      'cut). No GC is forced between timed phases (a forced full GC throws optimized code away); the memory',
      'probes force it in the last repetition only. Every result is checked by checksum, and the contents',
      'after every writing phase entry by entry, before any figure is kept.',
    ].join('\n'),
  );
  const memory = sizes.flatMap((x) => x.memory);
  if (memory.length > 0) {
    out.line('\nmemory: heap growth after a forced GC, per stored range (last repetition)\n');
    out.line(memoryTable(memory, names));
    out.line(
      [
        '',
        'bytes/range: heap used after a forced GC once the map was filled, minus the heap used before it was',
        'created, over the ranges it holds (keys, values or RangeValue objects, nodes, and for the maple tree',
        'its node allocator\'s live-node set too). x maple: this structure\'s bytes per range / the maple tree\'s,',
        'filled the same way. nodes/entry: maple nodes (mt_validate) per stored range.',
      ].join('\n'),
    );
  } else {
    out.line(`\nmemory: not measured (sizes below ${fmtInt(s.range.memoryMinN)} entries only)`);
  }
  return rangeJson(sizes, names);
}
