/**
 * What the campaign CLI prints: a failure as it arrives, the progress line, the final summary.
 * Pure text formatting, so it is tested without running anything.
 *
 * Invariants: every failure printed carries the exact command that replays it; the summary
 * lists each distinct failure once (by signature) with how many runs hit it, and says whether
 * the campaign finished or was interrupted.
 */
import type { CampaignReportData, FoundFailure } from './campaign-data.js';
import type { CampaignProgress } from './campaign.js';
import { failureReplayLine } from './replay-line.js';

const MESSAGE_LINES = 12;

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)}s`;
}

/**
 * Whether the n-th hit of one signature is printed: the first in full, then the 10th, 100th, ...
 * in one line, so a bug that every run hits does not bury the progress (the summary counts them
 * all, and each hit's trace is saved).
 */
export function printsHit(n: number): boolean {
  return n === 1 || /^10+$/.test(String(n));
}

/** A failure as it arrives: in full the first time its signature is seen, in one line after. */
export function formatFailure(f: FoundFailure, hits: number, runTimeout: number): string {
  const replay = failureReplayLine(f, runTimeout);
  const where = `run ${f.campaign.run}, seed ${f.seed}`;
  if (hits > 1) return `failure again (${hits} runs so far) [${f.kind}] ${f.signature}\n  ${where}; replay: ${replay}`;
  const message = f.errorMessage.split('\n');
  const shown = message.slice(0, MESSAGE_LINES).map((l) => `    ${l}`);
  if (message.length > MESSAGE_LINES) shown.push(`    ... (${message.length - MESSAGE_LINES} more lines)`);
  const commands = f.commands.length === 0 ? ['    (none: the run never returned, so nothing was shrunk)'] : f.commands.map((c) => `    ${c}`);
  return [
    `FAILURE [${f.kind}] ${f.signature}`,
    `  target ${f.target}${f.variant !== undefined ? `, variant ${f.variant}` : ''}${f.bug !== undefined ? `, bug ${f.bug}` : ''}, ${where}`,
    `  ${f.errorName}:`,
    ...shown,
    `  shrunk commands (${f.commands.length}):`,
    ...commands,
    `  replay: ${replay}`,
  ].join('\n');
}

/** One line of progress: runs, command rate, failures, time spent and left. */
export function progressText(p: CampaignProgress, now: number): string {
  const elapsedMs = Math.max(0, now - p.startedAtMs);
  const rate = elapsedMs > 0 ? Math.round((p.commands * 1000) / elapsedMs) : 0;
  let leftMs = Math.max(0, p.budgetMs - elapsedMs);
  // With a run count, the runs may run out before the time does: estimate from the run rate.
  if (p.plannedRuns !== Infinity && p.runs > 0) leftMs = Math.min(leftMs, ((p.plannedRuns - p.runs) * elapsedMs) / p.runs);
  const runs = p.plannedRuns === Infinity ? `${p.runs}` : `${p.runs}/${p.plannedRuns}`;
  const failures = p.failures === 0 ? 'no failures' : `${p.failures} failing run(s), ${p.distinctFailures} distinct`;
  return `runs ${runs} | ${rate} commands/s | ${failures} | ${seconds(elapsedMs)} elapsed, ~${seconds(leftMs)} left`;
}

/** How far the campaign is, from 0 to 1: by time, or by runs when those run out first. */
export function progressFraction(p: CampaignProgress, now: number): number {
  const byTime = p.budgetMs > 0 ? (now - p.startedAtMs) / p.budgetMs : 1;
  const byRuns = p.plannedRuns === Infinity || p.plannedRuns === 0 ? 0 : p.runs / p.plannedRuns;
  return Math.min(1, Math.max(0, byTime, byRuns));
}

export function formatSummary(data: CampaignReportData): string {
  const o = data.options;
  const rate = data.elapsedMs > 0 ? Math.round((data.commands * 1000) / data.elapsedMs) : 0;
  const state = data.interrupted ? 'INTERRUPTED' : 'finished';
  const lines = [
    `fuzz: ${state} after ${seconds(data.elapsedMs)}: ${data.runs} runs, ${data.commands} commands (${rate}/s)`,
    `  base seed ${o.baseSeed}, ${o.workers === 0 ? 'in this thread' : `${o.workers} worker(s)`}, shard ${o.shard.index}/${o.shard.count}${o.variant !== undefined ? `, variant ${o.variant}` : ''}${o.bug !== undefined ? `, bug ${o.bug}` : ''}`,
  ];
  for (const [name, s] of Object.entries(data.perTarget)) lines.push(`  ${name}: ${s.line}`);
  const failingRuns = data.failures.reduce((n, f) => n + f.count, 0);
  if (data.failures.length > 0) {
    lines.push(`failures: ${failingRuns} failing run(s), ${data.failures.length} distinct`);
    data.failures.forEach((f, i) => {
      lines.push(`  ${i + 1}. [${f.kind}] x${f.count}  ${f.signature}`);
      lines.push(`     first: run ${f.first.campaign.run}, seed ${f.first.seed}; replay: ${f.replay}`);
      if (f.traceFile !== null) lines.push(`     trace: ${f.traceFile} (npm run replay -- ${f.traceFile})`);
    });
  }
  const verdict = data.failures.length === 0 ? 'no failures' : `${failingRuns} failing run(s), ${data.failures.length} distinct failure(s)`;
  lines.push(data.interrupted ? `fuzz: interrupted, ${verdict} so far` : `fuzz: ${verdict}`);
  return lines.join('\n');
}
