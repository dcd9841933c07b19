/**
 * The campaign report: renders with empty and with full data, shows the key figures, escapes
 * every piece of data (signatures hold < > & and quotes), is self-contained (no script, no
 * external resource), writes report.json that round-trips, and refuses bad data writing nothing.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CampaignReportData } from './campaign-data.js';
import { NASTY, emptyData, fullData } from './report-fixtures.js';
import { escapeHtml } from './html-escape.js';
import { formatElapsed, renderReportHtml, throughput } from './report-html.js';
import { ReportError, reportDirName, writeReport } from './report.js';
import { axisScale, barChart, lineChart, niceCeiling, shortNumber } from './svg-chart.js';

function balanced(html: string): void {
  for (const tag of ['svg', 'table', 'tr', 'td', 'div', 'details', 'pre', 'code']) {
    const open = html.match(new RegExp(`<${tag}[\\s>]`, 'g'))?.length ?? 0;
    const close = html.match(new RegExp(`</${tag}>`, 'g'))?.length ?? 0;
    expect(close, `<${tag}> opened ${open}, closed ${close}`).toBe(open);
  }
}

function selfContained(html: string): void {
  expect(html).not.toMatch(/<script/i);
  expect(html).not.toMatch(/<link|<img|@import|url\(/i);
  // The only URL is the SVG namespace, which is a name, never fetched.
  expect(html.match(/https?:\/\/[^"\s]*/g)?.every((u) => u === 'http://www.w3.org/2000/svg') ?? true).toBe(true);
}

describe('renderReportHtml', () => {
  it('renders empty data, saying there is nothing to show', () => {
    const html = renderReportHtml(emptyData());
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html.trimEnd().endsWith('</html>')).toBe(true);
    for (const text of ['No failures.', 'No progress samples were taken.', 'No target ran.', 'completed', '20261123', '0/1 (unsharded)']) expect(html).toContain(text);
    balanced(html);
    selfContained(html);
  });

  it('renders full data: headline figures, options, charts, per-target figures and the failures table', () => {
    const html = renderReportHtml(fullData());
    for (const text of [
      '12,345', // runs
      '2,500,000', // commands
      '20,000', // commands/s = 2.5M / 125 s
      '2 min 05 s',
      'interrupted',
      '2 (4 hits)',
      '-7', // base seed
      '1/4', // shard
      'side-tree-by-address',
      'Throughput over time',
      'Runs over time',
      'Failures over time',
      'Commands per target',
      'maple-plain: command mix',
      'StoreRange',
      'store type',
      'wr_split_store',
      '4,242',
      'side-tree checks',
      '77,777',
      '-ENOMEM',
      'npm run fuzz -- --target maple-plain --seed=99 --runs 1 --path 1:2',
      'npm run replay -- corpus/traces/maple-plain-0123456789ab.json',
      'not saved',
      'hung',
    ]) {
      expect(html, text).toContain(text);
    }
    balanced(html);
    selfContained(html);
  });

  it('escapes every piece of data', () => {
    const html = renderReportHtml(fullData());
    expect(html).toContain(escapeHtml(NASTY));
    expect(html).toContain('&lt;N&gt; &amp; model &quot;v&#39;N&quot; &lt;/td&gt;&lt;script&gt;');
    expect(html).not.toContain('<N>');
    expect(html).not.toContain('<b>Weird</b>');
    expect(html).toContain('&lt;b&gt;Weird&lt;/b&gt;');
    expect(html).toContain('StoreRange(1, 2, &quot;&lt;v&gt;&quot;)');
  });

  it('computes throughput between samples and formats durations', () => {
    expect(throughput(fullData().samples)).toEqual([
      { x: 2, y: 21_000 },
      { x: 4, y: 19_500 },
    ]);
    expect(throughput([{ elapsedMs: 5, runs: 0, commands: 0, failures: 0 }])).toEqual([]);
    // Two samples at one instant give no rate (not Infinity).
    const same = { elapsedMs: 5, runs: 1, commands: 10, failures: 0 };
    expect(throughput([same, { ...same, commands: 20 }, { ...same, elapsedMs: 1005, commands: 30 }])).toEqual([{ x: 1.005, y: 10 }]);
    expect(formatElapsed(12_340)).toBe('12.3 s');
    expect(formatElapsed(3_723_000)).toBe('1 h 02 min 03 s');
  });
});

describe('svg charts', () => {
  it('pick nice axis ends and compact labels', () => {
    expect([0, 0.7, 1, 3, 7, 11, 240, 251, 99_999].map(niceCeiling)).toEqual([1, 1, 1, 5, 10, 20, 250, 500, 100_000]);
    expect([120, 2_500_000, 5, 0].map(axisScale)).toEqual([
      { top: 150, step: 50 },
      { top: 3_000_000, step: 1_000_000 },
      { top: 6, step: 2 },
      { top: 1, step: 1 },
    ]);
    expect([950, 1200, 3_400_000, 2.5].map(shortNumber)).toEqual(['950', '1.2k', '3.4M', '2.5']);
  });

  it('say "no data" rather than draw nothing, and drop non-finite values', () => {
    expect(lineChart([], { title: 'T', xLabel: 'x', yLabel: 'y' })).toContain('T: no data');
    expect(lineChart([{ name: 's', points: [{ x: NaN, y: 1 }] }], { title: 'T', xLabel: 'x', yLabel: 'y' })).toContain('no data');
    expect(barChart([{ label: 'a', value: Infinity }], { title: 'B' })).toContain('B: no data');
    const chart = lineChart([{ name: 's', points: [{ x: 0, y: 1 }, { x: 1, y: NaN }, { x: 2, y: 3 }] }], { title: 'T', xLabel: 'x', yLabel: 'y' });
    expect(chart).not.toContain('NaN');
    expect(chart.match(/<circle/g)?.length).toBe(2);
  });
});

describe('writeReport', () => {
  it('writes report.json (round-trips) and report.html under a directory named by the start time', () => {
    const dir = mkdtempSync(join(tmpdir(), 'report-test-'));
    const data = fullData();
    const files = writeReport(join(dir, 'reports'), data);
    expect(files).toEqual({ json: join(dir, 'reports', '2026-11-23T13-27-23.008Z', 'report.json'), html: join(dir, 'reports', '2026-11-23T13-27-23.008Z', 'report.html') });
    expect(JSON.parse(readFileSync(files.json, 'utf8'))).toEqual(data);
    expect(readFileSync(files.html, 'utf8')).toBe(renderReportHtml(data));
    // Written again (same campaign), the files are replaced, and no temporary file is left.
    writeReport(join(dir, 'reports'), { ...data, runs: 1 });
    expect(JSON.parse(readFileSync(files.json, 'utf8')).runs).toBe(1);
    expect(readdirSync(join(dir, 'reports', '2026-11-23T13-27-23.008Z')).sort()).toEqual(['report.html', 'report.json']);
  });

  it('makes directory names that cannot leave the reports directory', () => {
    expect(reportDirName('2026-11-23T13:27:23.008Z')).toBe('2026-11-23T13-27-23.008Z');
    expect(reportDirName('2026-11-23T13:27:23+02:00/../x')).toBe('2026-11-23T13-27-23-02-00-..-x');
  });

  it.each<[string, unknown, RegExp]>([
    ['another format', { ...emptyData(), format: 'maple-fuzz-trace' }, /format is "maple-fuzz-trace"/],
    ['a newer version', { ...emptyData(), version: 2 }, /unsupported version 2/],
    ['a bad start time', { ...emptyData(), startedAt: 'soon' }, /startedAt must be an ISO date/],
    ['negative runs', { ...emptyData(), runs: -1 }, /runs must be a number >= 0/],
    ['bad samples', { ...emptyData(), samples: [{ elapsedMs: 1 }] }, /samples must be a list/],
    ['a bad target summary', { ...emptyData(), perTarget: { mm: { runs: 1 } } }, /perTarget.mm must be/],
    ['a bad failure', { ...emptyData(), failures: [{ signature: 'x' }] }, /failures\[0\] must be/],
    ['not an object', [], /expected an object/],
  ])('refuses %s with a ReportError, writing nothing', (_what, data, message) => {
    const dir = join(mkdtempSync(join(tmpdir(), 'report-test-')), 'reports');
    expect(() => writeReport(dir, data as CampaignReportData)).toThrow(ReportError);
    expect(() => writeReport(dir, data as CampaignReportData)).toThrow(message);
    expect(existsSync(dir)).toBe(false);
  });
});
