/**
 * The running totals of a campaign, and the report data made from them: runs, commands, each
 * target's merged coverage, distinct failures by signature, progress samples.
 *
 * Invariants:
 * - every run is counted once, whether it passed, failed, hung or crashed (cancelled runs are
 *   never given to the tally);
 * - failures are grouped by signature: one entry per distinct bug, with how many runs hit it;
 *   its `first` is the hit with the lowest run number, so the report names the same run
 *   whatever order the workers finished in;
 * - the report is plain JSON (fuzz/campaign-data.ts).
 */
import type { CampaignReportData, CampaignSample, FoundFailure, TargetSummary } from './campaign-data.js';
import { mergeCoverage } from './coverage-merge.js';
import { failureReplayLine } from './replay-line.js';
import type { RunResult } from './run-job.js';
import type { FuzzTarget, TargetCoverage } from './targets.js';

type FailureEntry = CampaignReportData['failures'][number];

export interface TallyOptions {
  targets: readonly FuzzTarget[];
  startedAt: Date;
  /** The watchdog limit in seconds, for the replay lines of hung runs. */
  runTimeout: number;
  options: CampaignReportData['options'];
}

export class CampaignTally {
  runs = 0;
  commands = 0;
  failingRuns = 0;
  private readonly coverage = new Map<string, TargetCoverage>();
  private readonly failures = new Map<string, FailureEntry>();
  private readonly traces = new Map<FoundFailure, string | null>();
  private readonly samples: CampaignSample[] = [];

  constructor(private readonly o: TallyOptions) {
    for (const t of o.targets) this.coverage.set(t.name, t.newCoverage());
  }

  get distinctFailures(): number {
    return this.failures.size;
  }

  /** Counts a run that came back, and its failure if it had one. */
  addResult(result: RunResult): void {
    this.runs++;
    this.commands += result.commands;
    const total = this.coverage.get(result.target);
    if (total !== undefined) mergeCoverage(total, result.coverage);
    if (result.failure !== null) this.addFailure(result.failure);
  }

  /** Counts a run that never came back (hung, crashed): it ran, but reached nothing we know of. */
  addLostRun(failure: FoundFailure): void {
    this.runs++;
    this.addFailure(failure);
  }

  /** How many runs have hit this failure's signature so far (1 the first time). */
  hits(signature: string): number {
    return this.failures.get(signature)?.count ?? 0;
  }

  /** Where the trace of this failure was saved (the trace hook's answer). */
  setTrace(failure: FoundFailure, file: string | null): void {
    this.traces.set(failure, file);
    const entry = this.failures.get(failure.signature);
    if (entry !== undefined && entry.first === failure) entry.traceFile = file;
  }

  sample(elapsedMs: number): void {
    this.samples.push({ elapsedMs, runs: this.runs, commands: this.commands, failures: this.failingRuns });
  }

  report(elapsedMs: number, interrupted: boolean): CampaignReportData {
    const perTarget: Record<string, TargetSummary> = {};
    for (const t of this.o.targets) {
      const c = this.coverage.get(t.name) as TargetCoverage;
      perTarget[t.name] = { runs: c.runs, commands: c.commands, mix: { ...c.mix }, figures: t.figures(c), line: t.summarise(c) };
    }
    const failures = [...this.failures.values()]
      .map((e) => ({ ...e }))
      .sort((a, b) => a.first.campaign.run - b.first.campaign.run);
    return {
      format: 'maple-fuzz-campaign',
      version: 1,
      startedAt: this.o.startedAt.toISOString(),
      options: this.o.options,
      elapsedMs,
      runs: this.runs,
      commands: this.commands,
      interrupted,
      samples: [...this.samples],
      perTarget,
      failures,
    };
  }

  private addFailure(f: FoundFailure): void {
    this.failingRuns++;
    const entry = this.failures.get(f.signature);
    if (entry === undefined) {
      this.failures.set(f.signature, { signature: f.signature, kind: f.kind, count: 1, first: f, traceFile: this.traces.get(f) ?? null, replay: failureReplayLine(f, this.o.runTimeout) });
      return;
    }
    entry.count++;
    if (f.campaign.run < entry.first.campaign.run) {
      entry.first = f;
      entry.kind = f.kind;
      entry.traceFile = this.traces.get(f) ?? null;
      entry.replay = failureReplayLine(f, this.o.runTimeout);
    }
  }
}
