/**
 * The data a campaign produces, shared by the runner (fuzz/campaign.ts and its workers), the trace
 * store (fuzz/trace.ts) and the report (fuzz/report.ts), so each can be built and tested alone.
 *
 * Invariants: everything here is plain JSON (no classes, no functions), so it crosses worker
 * threads and is written to disk as is.
 */

/** What one failing run found, enough to save it as a trace and replay it exactly. */
export interface FoundFailure {
  target: string;
  variant: string | undefined;
  /** The catalogued bug (impl/bugs) the run had switched on, if any. */
  bug?: string;
  /** The run's own seed (fast-check's seed for this single run). */
  seed: number;
  /** fast-check's counterexample path, and fc.commands' replay path. */
  path: string | undefined;
  replayPath: string | undefined;
  /** The shrunk command list, one command per element. */
  commands: string[];
  errorName: string;
  errorMessage: string;
  /** fast-check's full report. */
  report: string;
  signature: string;
  /** 'failed': an oracle caught it; 'hung': the watchdog killed the run; 'crashed': its worker died. */
  kind: 'failed' | 'hung' | 'crashed';
  /** The base seed and run number of the campaign that found it. */
  campaign: { baseSeed: number; run: number };
  /** How far the run got before it first failed (before shrinking); absent for hung and crashed runs. */
  firstFailure?: { commands: number; ms: number };
}

/** A progress sample, taken about once a second. */
export interface CampaignSample {
  elapsedMs: number;
  runs: number;
  commands: number;
  failures: number;
}

export interface TargetSummary {
  runs: number;
  commands: number;
  /** Commands run by name. */
  mix: Record<string, number>;
  /** The target's figures (heights, sizes, counts), by name. */
  figures: Record<string, number>;
  /** One line, for the terminal. */
  line: string;
}

export interface CampaignReportData {
  format: 'maple-fuzz-campaign';
  version: 1;
  startedAt: string;
  options: {
    targets: string[];
    variant: string | undefined;
    bug?: string;
    baseSeed: number;
    seconds: number;
    runs: number | null;
    workers: number;
    shard: { index: number; count: number };
  };
  elapsedMs: number;
  runs: number;
  commands: number;
  interrupted: boolean;
  samples: CampaignSample[];
  perTarget: Record<string, TargetSummary>;
  /** Distinct failures (by signature), with how often each was hit and where its trace is. */
  failures: { signature: string; kind: FoundFailure['kind']; count: number; first: FoundFailure; traceFile: string | null; replay: string }[];
}
