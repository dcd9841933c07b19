/**
 * `npm run bench`: the benchmark, section by section (settings.ts lists the options):
 *   range-map   range-map workloads on the maple tree, ordered maps from npm and the model, with
 *               medians over repetitions, ratios, and the memory per stored range
 *   checking    the cost of checking: raw vs model-checked commands per second
 *   property    the fast-check property loop's commands per second
 *   prealloc    nodes allocated per store type, worst-case vs refined preallocation (counts)
 *   gap-search  lowest-fit gap search, maple alloc-range tree vs the augmented rb-tree
 *   vmalloc     lib/test_vmalloc.c subtests, maple vmalloc designs vs the rb-tree baseline
 *
 * Invariants: every random choice comes from one seed (printed first); the selected sections'
 * code is warmed up before anything is timed; every figure is printed only after the work it timed
 * was checked, and any disagreement aborts the run (exit 1); timings are never asserted anywhere.
 * With --json, stdout carries exactly one JSON document (written at the end) and the human report
 * goes to stderr.
 */
import os from 'node:os';
import { gcAvailable } from './heap.js';
import { Output } from './output.js';
import { checkingSection } from './section-checking.js';
import { gapSearchSection } from './section-gap-search.js';
import { preallocSection } from './section-prealloc.js';
import { propertySection } from './section-property.js';
import { rangeMapSection } from './section-range-map.js';
import { rcuSection } from './section-rcu.js';
import { vmallocSection } from './section-vmalloc.js';
import { USAGE, parseSettings, type SectionName, type Settings } from './settings.js';
import { fmtInt, fmtSeconds } from './table.js';
import { warmUp } from './warm-up.js';

type SectionRunner = (s: Settings, out: Output, number: number) => unknown;

const RUNNERS: Record<SectionName, SectionRunner> = {
  'range-map': rangeMapSection,
  checking: checkingSection,
  property: propertySection,
  prealloc: preallocSection,
  'gap-search': gapSearchSection,
  vmalloc: vmallocSection,
  rcu: rcuSection,
};

function machine(): { node: string; cpus: number; cpuModel: string; platform: string; memoryGiB: number; gc: boolean } {
  const cpus = os.cpus();
  return {
    node: process.version,
    cpus: cpus.length,
    cpuModel: cpus[0]?.model ?? 'unknown',
    platform: `${os.platform()} ${os.arch()}`,
    memoryGiB: Math.round((10 * os.totalmem()) / 2 ** 30) / 10,
    gc: gcAvailable(),
  };
}

/** The 1-minute load average: other processes sharing the cores slow every figure down. */
function load(): number {
  return Math.round(os.loadavg()[0] * 100) / 100;
}

function main(): void {
  let s: Settings | null;
  try {
    s = parseSettings(process.argv.slice(2));
  } catch (error) {
    console.error(`bench: ${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  if (s === null) {
    console.log(USAGE);
    return;
  }
  const out = new Output(s.json);
  const started = performance.now();
  const m = machine();
  out.line(`maple tree benchmark${s.quick ? ' (--quick)' : ''}: sections ${s.sections.join(', ')}; sizes ${s.sizes.map(fmtInt).join(', ')}`);
  out.line(`seed ${s.seed} (${s.seedSource}; override with --seed N or BENCH_SEED=N)`);
  out.line(`node ${m.node}, ${m.cpus} x ${m.cpuModel}, ${m.memoryGiB} GiB, ${m.platform}; forced GC ${m.gc ? 'available' : 'NOT available (no memory figures)'}`);
  const loadAtStart = load();
  out.line(`load average at the start: ${loadAtStart} (other processes on these ${m.cpus} cores slow every figure)`);
  const w0 = performance.now();
  const rounds = warmUp(s);
  out.line(`warm-up: ${rounds} rounds, ${fmtSeconds(performance.now() - w0)}`);

  const sections: Record<string, unknown> = {};
  s.sections.forEach((name, i) => {
    const t0 = performance.now();
    sections[name] = RUNNERS[name](s, out, i + 1);
    out.progress(`section ${name} took ${fmtSeconds(performance.now() - t0)}`);
  });
  const wallMs = performance.now() - started;
  const loadAtEnd = load();
  out.line(`\ntotal wall time ${fmtSeconds(wallMs)} (seed ${s.seed}); load average at the end: ${loadAtEnd}`);
  out.document({ benchmark: 'maple-vmalloc-suite', seed: s.seed, quick: s.quick, sizes: s.sizes, machine: m, loadAverage: { start: loadAtStart, end: loadAtEnd }, settings: { ...s, range: { ...s.range, reps: s.sizes.map((n) => [n, s.range.reps(n)]) } }, sections, wallMs });
}

main();
