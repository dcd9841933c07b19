/**
 * The order in which a mutant run tries its test files (stryker/kill-fast-sequencer.ts): first the
 * files that killed a mutant numbered near this one, the nearest kill first, then the files that
 * kill most per second.
 *
 * Why: Stryker bails at a run's first failing test, so a killed mutant costs the time of the files
 * tried before its killer. Mutants are numbered file by file, in source order, so the mutants with
 * the nearest numbers sit in the same function and usually die to the same file; a validator's
 * mutants, say, die only in the oracle tests, which a global kill rate puts last (they are slow).
 * Stryker tests the files of impl/maple interleaved, so "the file that failed last" is not enough.
 *
 * Invariants: only the order changes, never which files run (the result of a run is the same in
 * any order); files with equal standing keep their given order (the sort is stable); a run with no
 * mutant (the dry run) is ordered by kill rate alone.
 */

export interface FileRecord {
  /** Runs of the file that failed: the mutants it killed. */
  kills: number;
  /** Milliseconds the file ran for, over all its runs. */
  spent: number;
}

export interface Kill {
  mutant: number;
  file: string;
}

/** For each file that killed a mutant, how far (in mutant numbers) its nearest kill is from `mutant`. */
export function killDistances(kills: readonly Kill[], mutant: number): Map<string, number> {
  const distances = new Map<string, number>();
  for (const k of kills) distances.set(k.file, Math.min(distances.get(k.file) ?? Infinity, Math.abs(k.mutant - mutant)));
  return distances;
}

/** Kills per second spent, with a prior of one kill in one second for a file not seen yet. */
export function killRate(record: FileRecord | undefined): number {
  return ((record?.kills ?? 0) + 1) / ((record?.spent ?? 0) + 1000);
}

/** `files` in the order to try them for `mutant` (undefined: no mutant active). */
export function killOrder<F>(files: readonly F[], keyOf: (f: F) => string, records: ReadonlyMap<string, FileRecord>, kills: readonly Kill[], mutant: number | undefined): F[] {
  const distances = mutant === undefined ? new Map<string, number>() : killDistances(kills, mutant);
  const standing = new Map(files.map((f) => [f, [distances.get(keyOf(f)) ?? Infinity, killRate(records.get(keyOf(f)))] as const]));
  return [...files].sort((a, b) => {
    const [da, ra] = standing.get(a)!;
    const [db, rb] = standing.get(b)!;
    // Infinity - Infinity is NaN: two files that never killed compare by rate alone.
    return (da === db ? 0 : da - db) || rb - ra;
  });
}
