/**
 * The range-map section's tables and JSON: medians over repetitions, ratios of the maple tree to
 * each alternative, the operations each figure was timed on, and the memory table.
 *
 * Invariants: a rate is ops over the milliseconds they took, per repetition, and the figure shown
 * is the median over repetitions; "maple / X" is the maple tree's median rate on the same
 * operations as X (for the model: the model's window, timed separately inside the maple tree's
 * run) over X's median rate, so above 1 means the maple tree is faster; nothing is rounded before
 * a division; missing figures print as n/a, never as a number.
 */
import type { MemoryResult, RangeCellResult, RangeSizeResult, StructureReps } from './range-session.js';
import { median, rate } from './stats.js';
import { fmtInt, fmtRatio, fmtShort, renderTable, type Column } from './table.js';

const MAPLE_NAME = 'maple';
const MODEL_NAME = 'model';

function repsOf(cell: RangeCellResult, name: string): StructureReps | undefined {
  return cell.structures.find((s) => s.structure === name);
}

/** Median ops/s of a structure's repetitions (its whole runs; the model's are its windows). */
export function medianRate(reps: StructureReps | undefined): number {
  return reps === undefined ? NaN : median(reps.reps.map((r) => rate(r.total)));
}

/** maple / X on the same operations (see the header). */
export function mapleRatio(cell: RangeCellResult, other: string): number {
  const maple = repsOf(cell, MAPLE_NAME);
  const alt = repsOf(cell, other);
  if (maple === undefined || alt === undefined) return NaN;
  const mapleRate = other === MODEL_NAME ? median(maple.reps.map((r) => rate(r.window))) : medianRate(maple);
  return mapleRate / medianRate(alt);
}

function shortName(name: string): string {
  return name === 'functional-rbtree' ? 'frbt' : name === 'sorted-btree' ? 'btree' : name;
}

/** The throughput table: one row per size and workload. */
export function throughputTable(sizes: RangeSizeResult[], structures: readonly string[]): string {
  const alternatives = structures.filter((s) => s !== MAPLE_NAME);
  const columns: Column[] = [
    { title: 'entries', align: 'right' },
    { title: 'workload', align: 'left' },
    { title: 'ops/run', align: 'right' },
    ...structures.map((s): Column => ({ title: shortName(s), align: 'right' })),
    ...(structures.includes(MAPLE_NAME) ? alternatives.map((s): Column => ({ title: `m/${shortName(s)}`, align: 'right' })) : []),
  ];
  const rows = sizes.flatMap((size) =>
    size.cells.map((cell) => [
      fmtInt(cell.n),
      cell.workload,
      fmtInt(cell.opsPerRun),
      ...structures.map((s) => fmtShort(medianRate(repsOf(cell, s)))),
      ...(structures.includes(MAPLE_NAME) ? alternatives.map((s) => fmtRatio(mapleRatio(cell, s))) : []),
    ]),
  );
  return renderTable(columns, rows);
}

function sizeSpan(from: number, to: number): string {
  return from === to ? fmtShort(from) : `${fmtShort(from)}..${fmtShort(to)}`;
}

/** What every figure was timed on: per structure the ops over all repetitions and the runs. */
export function opsTable(sizes: RangeSizeResult[], structures: readonly string[]): string {
  const columns: Column[] = [
    { title: 'entries', align: 'right' },
    { title: 'workload', align: 'left' },
    { title: 'reps', align: 'right' },
    ...structures.map((s): Column => ({ title: `${shortName(s)} ops (runs)`, align: 'right' })),
    ...(structures.includes(MODEL_NAME) ? [{ title: 'model at size', align: 'left' } as Column] : []),
  ];
  const rows = sizes.flatMap((size) =>
    size.cells.map((cell) => {
      const reps = repsOf(cell, structures[0])?.reps.length ?? 0;
      const cells = structures.map((s) => {
        const r = repsOf(cell, s)?.reps ?? [];
        const ops = r.reduce((a, x) => a + x.total.ops, 0);
        const runs = r.reduce((a, x) => a + x.runs, 0);
        return `${fmtShort(ops)} (${runs})${r.some((x) => x.capped) ? ' capped' : ''}`;
      });
      const windows = cell.modelWindows;
      const model = windows.length === 0 ? [] : [sizeSpan(Math.min(...windows.map((w) => w.sizeFrom)), Math.max(...windows.map((w) => w.sizeTo)))];
      return [fmtInt(cell.n), cell.workload, String(reps), ...cells, ...model];
    }),
  );
  return renderTable(columns, rows);
}

/** Bytes per stored range, and nodes per entry for the maple tree; rows by size, then table order. */
export function memoryTable(unsorted: MemoryResult[], structures: readonly string[]): string {
  const memory = [...unsorted].sort((a, b) => a.n - b.n || structures.indexOf(a.structure) - structures.indexOf(b.structure) || a.filledBy.localeCompare(b.filledBy));
  const columns: Column[] = [
    { title: 'entries', align: 'right' },
    { title: 'structure', align: 'left' },
    { title: 'filled by', align: 'left' },
    { title: 'heap MB', align: 'right' },
    { title: 'bytes/range', align: 'right' },
    { title: 'x maple', align: 'right' },
    { title: 'nodes', align: 'right' },
    { title: 'nodes/entry', align: 'right' },
  ];
  // The model is compared with the maple tree filled the same way as its prefill: in order.
  const baseline = (m: MemoryResult): MemoryResult | undefined =>
    memory.find((x) => x.structure === MAPLE_NAME && x.n === m.n && x.filledBy === (m.filledBy === 'prefill' ? 'seq-store' : m.filledBy));
  const rows = memory.map((m) => {
    const perRange = m.bytes === null ? NaN : m.bytes / m.entries;
    const base = baseline(m);
    const basePerRange = base === undefined || base.bytes === null ? NaN : base.bytes / base.entries;
    return [
      fmtInt(m.n),
      m.structure,
      m.filledBy,
      m.bytes === null ? 'n/a' : (m.bytes / 1e6).toFixed(1),
      Number.isNaN(perRange) ? 'n/a' : perRange.toFixed(1),
      m.structure === MAPLE_NAME ? '' : fmtRatio(perRange / basePerRange),
      m.nodes === null ? '' : fmtInt(m.nodes),
      m.nodes === null ? '' : (m.nodes / m.entries).toFixed(3),
    ];
  });
  return renderTable(columns, rows);
}

/** The section's JSON: every repetition of every cell, the medians and ratios, the memory. */
export function rangeJson(sizes: RangeSizeResult[], structures: readonly string[]): unknown {
  return {
    cells: sizes.flatMap((size) =>
      size.cells.map((cell) => ({
        n: cell.n,
        workload: cell.workload,
        opsPerPhase: cell.length,
        opsPerRun: cell.opsPerRun,
        modelWindows: cell.modelWindows,
        structures: Object.fromEntries(
          cell.structures.map((s) => [
            s.structure,
            { medianOpsPerSec: medianRate(s), reps: s.reps },
          ]),
        ),
        mapleRatio: structures.includes(MAPLE_NAME)
          ? Object.fromEntries(structures.filter((s) => s !== MAPLE_NAME).map((s) => [s, mapleRatio(cell, s)]))
          : null,
      })),
    ),
    memory: sizes.flatMap((size) =>
      size.memory.map((m) => ({ ...m, bytesPerRange: m.bytes === null ? null : m.bytes / m.entries, nodesPerEntry: m.nodes === null ? null : m.nodes / m.entries })),
    ),
  };
}
