/**
 * Section "vmalloc" of `npm run bench`: the lib/test_vmalloc.c subtests on the maple vmalloc
 * designs vs the rb-tree baseline (vmalloc-scenarios.ts times and checks; this file prints). The
 * RFC (seeds/001) claims the maple tree is 5% to 65% faster; the table says what we measure.
 *
 * Invariant: a row is printed only when every design ended the subtest exactly as the baseline
 * did (same outcome, same addresses) and passed its own validation.
 */
import type { Output } from './output.js';
import type { Settings } from './settings.js';
import { median } from './stats.js';
import { fmtInt, fmtRatio, fmtSeconds, renderTable, type Column } from './table.js';
import { BASELINE_DESIGN, MAPLE_DESIGNS, vmallocScenarioTimes, type ScenarioTimes } from './vmalloc-scenarios.js';

function fmtMs(ms: number): string {
  return ms >= 100 ? `${fmtInt(ms)} ms` : `${ms.toFixed(1)} ms`;
}

export function vmallocSection(s: Settings, out: Output, number: number): unknown {
  out.line(`\n${number}. lib/test_vmalloc.c subtests: the maple vmalloc designs vs the rb-tree baseline\n`);
  const t0 = performance.now();
  const times = vmallocScenarioTimes({ seed: s.seed, reps: s.vmalloc.reps, params: s.vmalloc.params });
  out.progress(`  vmalloc subtests done in ${fmtSeconds(performance.now() - t0)}`);
  const designs = [BASELINE_DESIGN, ...MAPLE_DESIGNS];
  const columns: Column[] = [
    { title: 'subtest', align: 'left' },
    { title: 'outcome', align: 'left' },
    { title: 'calls', align: 'right' },
    ...designs.map((d): Column => ({ title: d, align: 'right' })),
    ...MAPLE_DESIGNS.map((d): Column => ({ title: `rb/${d}`, align: 'right' })),
  ];
  const med = (t: ScenarioTimes, d: string): number => median(t.ms[d]);
  const rows = times.map((t) => [
    t.scenario.replace(/_alloc_test$/, ''),
    t.outcome.passed > 0 ? 'passed' : t.outcome.xfailed > 0 ? 'xfailed' : 'failed',
    fmtInt(t.outcome.calls),
    ...designs.map((d) => fmtMs(med(t, d))),
    ...MAPLE_DESIGNS.map((d) => fmtRatio(med(t, BASELINE_DESIGN) / med(t, d))),
  ]);
  const total = (d: string): number => times.reduce((a, t) => a + med(t, d), 0);
  rows.push(['total', '', fmtInt(times.reduce((a, t) => a + t.outcome.calls, 0)), ...designs.map((d) => fmtMs(total(d))), ...MAPLE_DESIGNS.map((d) => fmtRatio(total(BASELINE_DESIGN) / total(d)))]);
  out.line(renderTable(columns, rows));
  const p = s.vmalloc.params;
  out.line(
    [
      '',
      `Each subtest as lib/test_vmalloc.c runs it (test_loop_count ${fmtInt(p.loops)}, the kernel's default is 1,000,000;`,
      `long_busy_list holds ${fmtInt(p.longBusyCount ?? 15000)} areas, pcpu_alloc makes ${fmtInt(p.nrPcpuObjects ?? 35000)} objects), one thread, on a fresh`,
      'allocator of each design (x86-64 sizes: 4 KiB pages, 32 TiB of space, 2 CPUs, lazy_max_pages 16,384).',
      `Times: median of ${s.vmalloc.reps} repetitions (design order rotating). rb/X: the rb-tree's time / X's (above 1: X`,
      'is faster; the RFC claims 1.05x..1.65x). Every design ended every subtest with the rb-tree\'s outcome and',
      'the same addresses in the same order (trace hash), left no busy area and passed its own validate().',
      'kvfree_rcu frees through RCU callbacks (one grace period per loop); vm_map_ram takes areas with no guard page',
      "(the kernel's vmap blocks for small counts are not modelled).",
    ].join('\n'),
  );
  return times.map((t) => ({
    ...t,
    medianMs: Object.fromEntries(designs.map((d) => [d, med(t, d)])),
    rbtreeOver: Object.fromEntries(MAPLE_DESIGNS.map((d) => [d, med(t, BASELINE_DESIGN) / med(t, d)])),
  }));
}
