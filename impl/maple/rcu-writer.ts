/**
 * A writer under the scheduler: runs one write through the normal API and publishes it to
 * concurrent RCU readers one single-word store per scheduler step (publish.ts).
 *
 * Invariants:
 * - The caller serialises writers (holds the writers' mutex across the whole generator, as the
 *   kernel's writers hold the tree lock across the write): the write's private work and the
 *   publication must not interleave with another writer.
 * - The write itself (planning, allocation, building new nodes) is one step; readers see nothing of
 *   it until the first published store. A write that fails (-ENOMEM, -EEXIST, ...) publishes
 *   nothing, because it changed nothing.
 * - `onStep` runs inside the step that applied the store, so a history of "when did readers first
 *   and last see which state" is exact.
 */
import type { Yield } from '../sched/actor.js';
import { Publication, takePublication, type PublishStep } from './publish.js';
import type { MapleTree } from './tree.js';

export interface PublishedWrite<T> {
  readonly result: T;
  readonly steps: readonly PublishStep[];
}

export function* publishedWrite<T>(
  mt: MapleTree,
  write: () => T,
  onStep: (step: PublishStep, index: number) => void = () => {},
): Generator<Yield, PublishedWrite<T>, void> {
  if (mt.publication !== null) throw new Error('BUG: a write started while another was being published');
  mt.publication = new Publication();
  let result: T;
  try {
    result = write();
  } catch (e) {
    mt.publication = null;
    throw e;
  }
  const steps = takePublication(mt);
  for (let i = 0; i < steps.length; i++) {
    yield `publish ${steps[i].label}`;
    steps[i].apply();
    onStep(steps[i], i);
  }
  return { result, steps };
}
