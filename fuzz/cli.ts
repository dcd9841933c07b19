/**
 * `npm run fuzz`: the command-line front of a fuzz campaign. Without options it runs the default
 * campaign (every target, about one minute, fixed base seed, one worker thread per core) and
 * exits 0 when nothing failed.
 *
 * Exit codes: 0 nothing failed, 1 failures found, 2 bad options, 130 interrupted (SIGINT or
 * SIGTERM; a second signal exits at once), 3 the campaign broke (a worker thread could not start,
 * or saving a trace or the report failed; the summary is printed first when it can be).
 *
 * Invariants: bad options print a clear message and the usage, and run nothing; every distinct
 * failure is printed as it arrives, with its replay command (repeats of it only now and then,
 * see printsHit; the summary counts them all); the summary always ends the output, also
 * after an interruption; saving traces and writing the report happen only through
 * INTEGRATIONS below.
 */
import type { CampaignReportData, FoundFailure } from './campaign-data.js';
import { campaignExitCode, runCampaign } from './campaign.js';
import { USAGE, UsageError, campaignOptions, parseCli, type CliOptions } from './options.js';
import { ProgressDisplay } from './progress.js';
import { writeReport } from './report.js';
import { saveTrace } from './trace.js';
import { formatFailure, formatSummary, printsHit } from './summary.js';

// ==== INTEGRATION POINT: the trace store (fuzz/trace.ts) and the report (fuzz/report.ts) =====
// This is the one place they plug in. saveTrace is called for every failing run as it arrives
// and returns the file it wrote (recorded as the failure's traceFile in the report data);
// writeReport is called once at the end, interrupted or not, and returns where the report is.
// Either may be left out; the campaign then only prints.
export interface Integrations {
  saveTrace?(failure: FoundFailure, corpusDir: string): string | Promise<string>;
  writeReport?(data: CampaignReportData, reportDir: string): string | Promise<string>;
}
const INTEGRATIONS: Integrations = {
  saveTrace: (failure, corpusDir) => saveTrace(corpusDir, failure).file,
  writeReport: (data, reportDir) => {
    const written = writeReport(reportDir, data);
    return `${written.html} (and ${written.json})`;
  },
};
// ==============================================================================================

function describe(o: CliOptions): string {
  const runs = o.runs === Infinity ? '' : `, ${o.runs} runs`;
  const workers = o.workers === 0 ? 'in this thread' : `${o.workers} worker(s), run timeout ${o.runTimeout}s`;
  const shard = o.shard.count > 1 ? `; shard ${o.shard.index}/${o.shard.count}` : '';
  const variant = o.variant !== undefined ? `; variant ${o.variant.name}` : '';
  const bug = o.bug !== undefined ? `; bug ${o.bug.name} switched on` : '';
  return `fuzz: targets ${o.targets.map((t) => t.name).join(', ')}; base seed ${o.seed}; budget ${o.seconds}s${runs}; ${workers}${shard}${variant}${bug}`;
}

export async function main(argv: string[], integrations: Integrations = INTEGRATIONS): Promise<number> {
  let options: CliOptions;
  try {
    options = parseCli(argv);
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`fuzz: ${error.message}\n${USAGE}`);
      return 2;
    }
    throw error;
  }
  if (options.help) {
    console.log(USAGE);
    return 0;
  }
  console.log(describe(options));

  const progress = new ProgressDisplay(process.stdout);
  const controller = new AbortController();
  let firstSignalAt = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted) {
      // A wrapper (tsx, npm) may pass on the same Ctrl-C the terminal already sent us: a repeat
      // within a second is that echo; a later one is the user insisting, so quit at once.
      if (Date.now() - firstSignalAt > 1000) process.exit(130);
      return;
    }
    firstSignalAt = Date.now();
    progress.log(`fuzz: ${signal}: stopping (runs in flight are dropped; ${signal} again to quit at once)`);
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  const hits = new Map<string, number>();
  try {
    const data = await runCampaign(
      campaignOptions(options, controller.signal),
      {
        onProgress: (p) => progress.update(p),
        onFailure: async (f) => {
          const n = (hits.get(f.signature) ?? 0) + 1;
          hits.set(f.signature, n);
          if (printsHit(n)) progress.log(`\n${formatFailure(f, n, options.runTimeout)}`);
          // Replaying one case: show fast-check's whole report (counterexample, error, stack).
          if (options.runs === 1) progress.log(f.report);
          if (integrations.saveTrace === undefined) return null;
          const file = await integrations.saveTrace(f, options.corpus);
          if (printsHit(n)) progress.log(`  trace: ${file} (npm run replay -- ${file})`);
          return file;
        },
        onEnd: async (data) => {
          progress.stop();
          // The report first, so the summary's verdict stays the closing line.
          if (integrations.writeReport !== undefined) console.log(`fuzz: report ${await integrations.writeReport(data, options.report)}`);
          console.log(`\n${formatSummary(data)}`);
        },
      },
    );
    return campaignExitCode(data);
  } catch (error) {
    progress.stop();
    console.error(`fuzz: ${(error as Error).message}`);
    return 3;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

process.exitCode = await main(process.argv.slice(2));
