/**
 * Whether a module is the program being run (`tsx fuzz/replay.ts`) rather than imported (by a
 * test or another tool), so a file can both export its functions and be a command.
 *
 * Invariants: compares real paths, so symlinks and relative argv paths do not matter; false when
 * there is no script path (a REPL, `node -e`).
 */
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export function isMain(moduleUrl: string): boolean {
  const script = process.argv[1];
  if (script === undefined) return false;
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(moduleUrl));
  } catch {
    return false;
  }
}
