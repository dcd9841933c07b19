/**
 * The vitest sequencer of Stryker's runs (vitest.stryker.config.ts): learns, over the runs of one
 * runner process, which test file killed which mutant and how long each file takes, and orders
 * each run's files by stryker/kill-order.ts.
 *
 * Invariants: only the order of the files changes; what is learnt comes from vitest's own results
 * cache (a file's entry is replaced each time the file runs), read before each run: an entry that
 * changed since the last look is a run of that file, and a failed one killed the mutant of the
 * previous run (Stryker bails at the first failure, so at most one file fails per run). The active
 * mutant is the number Stryker's vitest runner provides as `activeMutant`; none in the dry run.
 */
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { killOrder, type FileRecord, type Kill } from './kill-order.js';

interface SeenRecord extends FileRecord {
  /** The cache entry seen last; vitest stores a new object each time the file runs. */
  seen: unknown;
}

export class KillFastSequencer extends BaseSequencer {
  private readonly records = new Map<string, SeenRecord>();
  private readonly kills: Kill[] = [];
  private previousMutant: number | undefined;

  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const key = (f: TestSpecification): string => `${f.project.name}:${f.moduleId.slice(this.ctx.config.root.length + 1)}`;
    this.learn();
    for (const f of files) {
      if (this.records.has(key(f))) continue;
      // First sight: the file's last known duration is a prior for its cost; its last result
      // belongs to no run of this process, so it is no kill.
      const last = this.ctx.cache.getFileTestResults(key(f));
      this.records.set(key(f), { seen: last, kills: 0, spent: last?.duration ?? 0 });
    }
    const raw = (this.ctx.getProvidedContext() as Record<string, unknown>).activeMutant;
    const mutant = raw === undefined ? undefined : Number(raw);
    this.previousMutant = mutant !== undefined && Number.isFinite(mutant) ? mutant : undefined;
    return killOrder(files, key, this.records, this.kills, this.previousMutant);
  }

  /** Reads what the previous run did to each known file from vitest's results cache. */
  private learn(): void {
    for (const [key, record] of this.records) {
      const last = this.ctx.cache.getFileTestResults(key);
      if (last === undefined || last === record.seen) continue;
      record.seen = last;
      record.spent += last.duration;
      if (!last.failed) continue;
      record.kills++;
      if (this.previousMutant !== undefined) this.kills.push({ mutant: this.previousMutant, file: key });
    }
  }
}
