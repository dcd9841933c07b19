/**
 * Forced garbage collection and the heap in use, for the memory figures and for starting timed
 * phases on a clean heap.
 *
 * Invariants: `forceGc` runs a full collection when it can (node started with --expose-gc, or the
 * flag set at run time through v8.setFlagsFromString, which works on Node 20) and says whether it
 * could; nothing is measured when it could not (memory figures are then reported as missing,
 * never estimated). A caller must keep the structure it measures referenced after the second
 * reading, or V8 may collect it early.
 */
import v8 from 'node:v8';
import vm from 'node:vm';

type Gc = () => void;

function findGc(): Gc | null {
  const exposed = (globalThis as { gc?: Gc }).gc;
  if (typeof exposed === 'function') return exposed;
  try {
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as unknown;
    return typeof gc === 'function' ? (gc as Gc) : null;
  } catch {
    return null;
  }
}

const gc: Gc | null = findGc();

export function gcAvailable(): boolean {
  return gc !== null;
}

/** A full collection (twice, so objects freed by finalizers of the first go too); false if none. */
export function forceGc(): boolean {
  if (gc === null) return false;
  gc();
  gc();
  return true;
}

/** Bytes of JavaScript heap in use now. */
export function heapUsed(): number {
  return process.memoryUsage().heapUsed;
}

/** Heap growth from `before` after a forced collection, or null when no collection is possible. */
export function heapGrowthSince(before: number): number | null {
  return forceGc() ? heapUsed() - before : null;
}
