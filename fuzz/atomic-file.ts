/**
 * Atomic file writes for traces and reports: the text goes to a temporary file in the same
 * directory, is flushed to disk, and only then appears under its real name, so a reader (or a
 * campaign killed mid-write) never sees half a file.
 *
 * Invariants:
 * - publishFile never replaces an existing file: it links the finished temporary file to its name,
 *   and link(2) fails if the name exists, so two writers racing on one name (two workers finding
 *   the same bug) leave exactly one complete file and exactly one of them is told it wrote it;
 * - replaceFile renames over the name (rename(2) is atomic within a directory);
 * - the temporary file is removed whatever happens; the directory is created if needed.
 *
 * Why not the write-file-atomic package: it always renames, i.e. replaces; the trace store needs
 * the no-clobber publish above for exact deduplication, and that is the same dozen lines either way.
 */
import { closeSync, fsyncSync, linkSync, mkdirSync, openSync, renameSync, rmSync, writeSync, existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';

/** Writes `text` to a fresh temporary file beside `file`, flushed, and returns its name. */
function writeTemp(file: string, text: string): string {
  const dir = dirname(file);
  mkdirSync(dir, { recursive: true });
  const temp = join(dir, `.${basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const fd = openSync(temp, 'wx');
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return temp;
}

/** Flushes the directory entry too, where the platform allows it (not on every file system). */
function syncDir(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // Best effort: some platforms cannot open or fsync a directory; the file itself is synced.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Writes `file` atomically unless it exists; true if this call wrote it. */
export function publishFile(file: string, text: string): boolean {
  // No existsSync shortcut: link(2) is the one test for "already there", also under a race.
  const temp = writeTemp(file, text);
  try {
    try {
      linkSync(temp, file);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') return false;
      // File systems without hard links: fall back to a rename, racy only against another writer.
      if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP') throw error;
      if (existsSync(file)) return false;
      renameSync(temp, file);
    }
    syncDir(dirname(file));
    return true;
  } finally {
    rmSync(temp, { force: true });
  }
}

/** Writes `file` atomically, replacing what was there. */
export function replaceFile(file: string, text: string): void {
  const temp = writeTemp(file, text);
  try {
    renameSync(temp, file);
    syncDir(dirname(file));
  } finally {
    rmSync(temp, { force: true });
  }
}
