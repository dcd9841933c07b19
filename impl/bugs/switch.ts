/**
 * The bug switch: which catalogued bug (catalogue.ts), if any, is switched into impl/ now.
 *
 * A bug site reads ACTIVE_BUG, a module-level binding, and compares it with its own name:
 * `if (ACTIVE_BUG === 'wr-walk-out-of-bounds') ...`. With no bug selected that is one load and one
 * comparison that always goes the same way, which the CPU predicts; nothing else in impl/ changes
 * (impl/bugs/README.md has the measurement).
 *
 * Invariants:
 * - ACTIVE_BUG is null or the name of a catalogued bug, never anything else: MAPLE_BUG is read
 *   once, when this module loads, and setActiveBug checks its argument; an unknown name is an
 *   UnknownBugError listing the known ones, and changes nothing;
 * - the switch is per thread (each worker thread loads its own copy): a fuzz job sets it for its
 *   run and puts back what was there (withBug), so a run's outcome depends only on its job.
 */
import { BUG_NAMES, type BugName } from './catalogue.js';

export class UnknownBugError extends Error {
  readonly known: readonly string[] = BUG_NAMES;

  constructor(
    readonly bug: string,
    /** Where the name came from, for the message (e.g. "MAPLE_BUG"). */
    from?: string,
  ) {
    super(`unknown bug ${JSON.stringify(bug)}${from !== undefined ? ` (from ${from})` : ''}; known bugs: ${BUG_NAMES.join(', ')}`);
    this.name = 'UnknownBugError';
  }
}

/** The catalogued bug a name means; null for null, undefined or ''; UnknownBugError otherwise. */
export function parseBugName(name: string | null | undefined, from?: string): BugName | null {
  if (name === null || name === undefined || name === '') return null;
  const found = BUG_NAMES.find((b) => b === name);
  if (found === undefined) throw new UnknownBugError(name, from);
  return found;
}

/** The bug switched on in this thread, or null (the fixed code). Read at every bug site. */
export let ACTIVE_BUG: BugName | null = parseBugName(process.env.MAPLE_BUG, 'MAPLE_BUG');

/** Switches `name` on (null: everything off). UnknownBugError for a name not in the catalogue. */
export function setActiveBug(name: string | null): void {
  ACTIVE_BUG = parseBugName(name);
}

/** Runs `body` with `name` switched on (or none, for null), then puts back the previous bug. */
export function withBug<T>(name: string | null, body: () => T): T {
  const previous = ACTIVE_BUG;
  setActiveBug(name);
  try {
    return body();
  } finally {
    ACTIVE_BUG = previous;
  }
}
