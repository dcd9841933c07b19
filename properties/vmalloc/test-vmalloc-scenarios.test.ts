/**
 * The lib/test_vmalloc.c subtests on every registered design, with small loop counts: each ends
 * with the kernel's expected outcome (passed, or xfailed for align_shift, which fails at the first
 * shift no address in the space can meet), leaves no busy area behind, and every design returns
 * the same addresses as the model (equal traces). Then the failure accounting: a space too small
 * for the subtest counts failed, and no_block counts xfailed when GFP_NOWAIT finds only lazy space.
 */
import { describe, expect, it } from 'vitest';
import type { VmallocConfig } from '../../impl/vmalloc/surface.js';
import { VMALLOC_DESIGNS, designNamed } from './designs.js';
import { TEST_VMALLOC_SCENARIOS, runScenario, scenarioNamed, summaryLine, type ScenarioParams, type ScenarioResult } from './test-vmalloc-scenarios.js';

const CONFIG: VmallocConfig = { pageSize: 4096, start: 2 ** 44, end: 2 ** 44 + 2 ** 45, cpus: 2, lazyMaxPages: 64 };
const PARAMS: ScenarioParams = { loops: 200, seed: 20261123, longBusyCount: 300, nrPcpuObjects: 1500 };

/** The first shift at which no page-plus-guard area above the space's first address is aligned inside it. */
function firstImpossibleShift(config: VmallocConfig): number {
  for (let shift = 0; shift < 64; shift++) {
    const a = 2 ** shift;
    if (Math.ceil((config.start + 1) / a) * a + 2 * config.pageSize > config.end) return shift;
  }
  return 64;
}

const modelTraces = new Map<string, string>();
function modelResult(name: string): string {
  if (!modelTraces.has(name)) modelTraces.set(name, runScenario(designNamed('model').make(CONFIG), scenarioNamed(name), PARAMS).trace);
  return modelTraces.get(name) as string;
}

for (const design of VMALLOC_DESIGNS) {
  describe(`test_vmalloc subtests on ${design.name}`, () => {
    for (const scenario of TEST_VMALLOC_SCENARIOS) {
      it(`${scenario.name} (id ${scenario.id})`, () => {
        const a = design.make(CONFIG);
        const r: ScenarioResult = runScenario(a, scenario, PARAMS);
        console.log(`${design.name}: ${summaryLine(r)} calls: ${r.calls} nulls: ${r.nulls}`);
        if (scenario.name === 'align_shift_alloc_test') {
          expect([r.passed, r.failed, r.xfailed]).toEqual([0, 0, 1]);
          expect(r.failedAtShift).toBe(firstImpossibleShift(CONFIG));
        } else {
          expect([r.passed, r.failed, r.xfailed]).toEqual([1, 0, 0]);
          expect(r.nulls).toBe(0);
        }
        expect(r.calls).toBeGreaterThan(0);
        a.validate();
        expect(a.busyAreas()).toEqual([]);
        a.purge_vmap_area_lazy();
        expect(a.freeBlocks()).toEqual([{ start: CONFIG.start, end: CONFIG.end }]);
        if (design.name !== 'model') expect(r.trace).toBe(modelResult(scenario.name));
      });
    }
  });
}

describe('failure accounting', () => {
  const rbtree = designNamed('rbtree');
  const tiny = (pages: number, lazyMaxPages: number): VmallocConfig => ({ pageSize: 4096, start: 2 ** 30, end: 2 ** 30 + pages * 4096, cpus: 1, lazyMaxPages });

  it('a subtest whose allocation cannot be met counts failed, once a repeat', () => {
    const r = runScenario(rbtree.make(tiny(64, 8)), scenarioNamed('random_size_alloc_test'), { ...PARAMS, repeat: 3 });
    expect([r.passed, r.failed, r.xfailed]).toEqual([0, 3, 0]);
    expect(r.nulls).toBe(3);
  });

  it('no_block counts xfailed when only lazy space is left (GFP_NOWAIT never purges)', () => {
    // 8 pages of space, lazy_max 16: four 1-page vmallocs (2 pages with guard) fill it with lazy areas.
    const r = runScenario(rbtree.make(tiny(8, 16)), scenarioNamed('no_block_alloc_test'), PARAMS);
    expect([r.passed, r.failed, r.xfailed]).toEqual([0, 0, 1]);
    expect(r.calls).toBe(5);
    const blocking = runScenario(rbtree.make(tiny(8, 16)), scenarioNamed('fix_size_alloc_test'), PARAMS);
    expect([blocking.passed, blocking.failed]).toEqual([1, 0]); // GFP_KERNEL purges and goes on
  });
});
