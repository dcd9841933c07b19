/**
 * Writes a campaign's report: `<dir>/<startedAt as a safe name>/report.json` (the data as is, for
 * tools and for re-rendering) and `report.html` beside it (fuzz/report-html.ts, for people).
 *
 * Invariants:
 * - the data is checked before anything is written: data that is not a version-1 campaign report
 *   throws a ReportError saying what is wrong and creates no file or directory;
 * - the directory name comes from startedAt with every character outside [0-9A-Za-z._-]
 *   replaced by '-' (2026-11-23T13:27:23.008Z -> 2026-11-23T13-27-23.008Z), so one campaign has
 *   one directory, names sort by start time, and no name can climb out of `dir`;
 * - both files are written atomically; writing the same campaign again replaces them.
 */
import { join } from 'node:path';
import { replaceFile } from './atomic-file.js';
import type { CampaignReportData } from './campaign-data.js';
import { renderReportHtml } from './report-html.js';

export class ReportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReportError';
  }
}

export function reportDirName(startedAt: string): string {
  return startedAt.replace(/[^0-9A-Za-z._-]/g, '-');
}

const isNumber = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);

/** Checks the shape the HTML relies on; throws a ReportError naming the first problem. */
export function checkReportData(data: unknown): asserts data is CampaignReportData {
  const fail = (problem: string): never => {
    throw new ReportError(`not a campaign report: ${problem}`);
  };
  if (typeof data !== 'object' || data === null || Array.isArray(data)) fail('expected an object');
  const d = data as Record<string, unknown>;
  if (d.format !== 'maple-fuzz-campaign') fail(`format is ${JSON.stringify(d.format)}, expected "maple-fuzz-campaign"`);
  if (d.version !== 1) fail(`unsupported version ${JSON.stringify(d.version)} (this code writes version 1)`);
  if (typeof d.startedAt !== 'string' || Number.isNaN(Date.parse(d.startedAt))) fail(`startedAt must be an ISO date, got ${JSON.stringify(d.startedAt)}`);
  for (const k of ['elapsedMs', 'runs', 'commands']) if (!isNumber(d[k]) || (d[k] as number) < 0) fail(`${k} must be a number >= 0, got ${JSON.stringify(d[k])}`);
  if (typeof d.interrupted !== 'boolean') fail('interrupted must be true or false');
  const o = d.options as Record<string, unknown> | null;
  if (typeof o !== 'object' || o === null) fail('options missing');
  if (!Array.isArray(o!.targets) || !(o!.targets as unknown[]).every((t) => typeof t === 'string')) fail('options.targets must be a list of names');
  const shard = o!.shard as Record<string, unknown> | null;
  if (typeof shard !== 'object' || shard === null || !isNumber(shard.index) || !isNumber(shard.count)) fail('options.shard must be {index, count}');
  if (!Array.isArray(d.samples) || !(d.samples as unknown[]).every((s) => typeof s === 'object' && s !== null && ['elapsedMs', 'runs', 'commands', 'failures'].every((k) => isNumber((s as Record<string, unknown>)[k])))) {
    fail('samples must be a list of {elapsedMs, runs, commands, failures}');
  }
  if (typeof d.perTarget !== 'object' || d.perTarget === null || Array.isArray(d.perTarget)) fail('perTarget must be an object');
  for (const [name, t] of Object.entries(d.perTarget as Record<string, Record<string, unknown>>)) {
    if (typeof t !== 'object' || t === null || !isNumber(t.runs) || !isNumber(t.commands) || typeof t.mix !== 'object' || typeof t.figures !== 'object' || typeof t.line !== 'string') {
      fail(`perTarget.${name} must be {runs, commands, mix, figures, line}`);
    }
  }
  if (!Array.isArray(d.failures)) fail('failures must be a list');
  (d.failures as Record<string, unknown>[]).forEach((f, i) => {
    if (typeof f !== 'object' || f === null || typeof f.signature !== 'string' || !isNumber(f.count) || typeof f.replay !== 'string' || typeof f.first !== 'object' || f.first === null) {
      fail(`failures[${i}] must be {signature, kind, count, first, traceFile, replay}`);
    }
  });
}

/** Writes report.json and report.html for one campaign; returns their paths. */
export function writeReport(dir: string, data: CampaignReportData): { json: string; html: string } {
  checkReportData(data);
  const html = renderReportHtml(data);
  const out = join(dir, reportDirName(data.startedAt));
  const files = { json: join(out, 'report.json'), html: join(out, 'report.html') };
  replaceFile(files.json, `${JSON.stringify(data, null, 2)}\n`);
  replaceFile(files.html, html);
  return files;
}
