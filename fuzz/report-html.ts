/**
 * The campaign report as one self-contained HTML page for people: headline figures, options,
 * the failures (with their replay commands and trace files), charts of throughput, runs and
 * failures over time, and each target's command mix and figures.
 *
 * Invariants:
 * - the page needs nothing else: inline CSS and SVG, no script, no external resource, so it opens
 *   offline and from an archived CI artefact;
 * - every piece of campaign data is escaped (escapeHtml) before it enters the markup;
 * - rendering never fails on thin data (no samples, no targets, no failures): each section then
 *   says there is nothing to show;
 * - the output depends only on the data (no clock), so a report can be re-rendered identically.
 */
import type { CampaignReportData, CampaignSample, TargetSummary } from './campaign-data.js';
import { escapeHtml as h } from './html-escape.js';
import { barChart, lineChart, type Bar, type Point } from './svg-chart.js';

const int = (n: number) => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : String(n));

export function formatElapsed(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return String(ms);
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  const whole = Math.round(s);
  const hours = Math.floor(whole / 3600);
  const minutes = Math.floor((whole % 3600) / 60);
  const secs = String(whole % 60).padStart(2, '0');
  return hours > 0 ? `${hours} h ${String(minutes).padStart(2, '0')} min ${secs} s` : `${minutes} min ${secs} s`;
}

/** Commands per second over the whole campaign. */
export function overallRate(data: CampaignReportData): number {
  return data.elapsedMs > 0 ? data.commands / (data.elapsedMs / 1000) : 0;
}

/** Commands per second between consecutive samples, placed at the later sample's time. */
export function throughput(samples: CampaignSample[]): Point[] {
  const sorted = [...samples].sort((a, b) => a.elapsedMs - b.elapsedMs);
  const points: Point[] = [];
  for (let i = 1; i < sorted.length; i++) {
    const dt = sorted[i].elapsedMs - sorted[i - 1].elapsedMs;
    if (dt > 0) points.push({ x: sorted[i].elapsedMs / 1000, y: ((sorted[i].commands - sorted[i - 1].commands) * 1000) / dt });
  }
  return points;
}

const STYLE = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:#222;margin:0 auto;max-width:1080px;padding:16px 24px 48px}
h1{font-size:22px;margin:8px 0 2px}h2{font-size:18px;margin:28px 0 8px;border-bottom:1px solid #ddd;padding-bottom:4px}h3{font-size:15px;margin:18px 0 6px}
.sub{color:#666;margin:0 0 12px}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(150px,1fr));gap:10px}
.card{border:1px solid #ddd;border-radius:6px;padding:8px 12px;background:#fcfcfc}
.card .v{font-size:22px;font-weight:600}.card .k{color:#666;font-size:12px;text-transform:uppercase;letter-spacing:.04em}
.bad{color:#b00020}.good{color:#17803d}.warn{color:#a15c00}
table{border-collapse:collapse;width:100%;margin:4px 0 8px}th,td{border-bottom:1px solid #eee;padding:4px 8px;text-align:left;vertical-align:top}
th{background:#f6f6f6;font-weight:600}.opts th{width:14em}td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
code,pre{font:12px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}code{background:#f3f3f3;padding:1px 4px;border-radius:3px;word-break:break-all}
pre{background:#f6f6f6;padding:8px;overflow:auto;max-height:320px}
.grid2{display:grid;grid-template-columns:repeat(auto-fit,minmax(480px,1fr));gap:16px}
.chart{max-width:100%;height:auto}.empty{color:#777;font-style:italic}
details summary{cursor:pointer;color:#555}
`;

function card(label: string, value: string, cls = ''): string {
  return `<div class="card"><div class="k">${h(label)}</div><div class="v${cls !== '' ? ` ${cls}` : ''}">${h(value)}</div></div>`;
}

function headline(data: CampaignReportData): string {
  const hits = data.failures.reduce((sum, f) => sum + f.count, 0);
  const failures = data.failures.length === 0 ? '0' : `${int(data.failures.length)} (${int(hits)} hit${hits === 1 ? '' : 's'})`;
  return `<div class="cards">${[
    card('runs', int(data.runs)),
    card('commands', int(data.commands)),
    card('commands / s', int(overallRate(data))),
    card('distinct failures', failures, data.failures.length === 0 ? 'good' : 'bad'),
    card('elapsed', formatElapsed(data.elapsedMs)),
    card('ended', data.interrupted ? 'interrupted' : 'completed', data.interrupted ? 'warn' : 'good'),
  ].join('')}</div>`;
}

function optionsTable(data: CampaignReportData): string {
  const o = data.options;
  const rows: [string, string][] = [
    ['targets', o.targets.length === 0 ? '(none)' : o.targets.join(', ')],
    ['variant', o.variant ?? 'none (the real code)'],
    ['base seed', String(o.baseSeed)],
    ['time budget', `${int(o.seconds)} s`],
    ['run limit', o.runs === null ? 'none' : int(o.runs)],
    ['workers', int(o.workers)],
    ['shard (--shard I/N)', o.shard.count > 1 ? `${o.shard.index}/${o.shard.count}` : `${o.shard.index}/${o.shard.count} (unsharded)`],
  ];
  return `<table class="opts">${rows.map(([k, v]) => `<tr><th>${h(k)}</th><td>${h(v)}</td></tr>`).join('')}</table>`;
}

function failuresTable(data: CampaignReportData): string {
  if (data.failures.length === 0) return '<p class="empty">No failures.</p>';
  const rows = data.failures.map((f, i) => {
    const first = f.first;
    const commands = first.commands.length === 0 ? '' : `<details><summary>shrunk command list (${first.commands.length})</summary><pre>${h(first.commands.join('\n'))}</pre></details>`;
    const where = `${first.target}${first.variant !== undefined ? ` + ${first.variant}` : ''}, seed ${first.seed}, campaign run ${first.campaign.run}`;
    const trace = f.traceFile === null ? '<span class="empty">not saved</span>' : `<code>${h(f.traceFile)}</code><br><code>npm run replay -- ${h(f.traceFile)}</code>`;
    return `<tr><td class="n">${i + 1}</td><td><code>${h(f.signature)}</code><div>${h(where)}</div>${commands}</td><td>${h(f.kind)}</td><td class="n">${int(f.count)}</td><td><code>${h(f.replay)}</code></td><td>${trace}</td></tr>`;
  });
  return `<table><thead><tr><th class="n">#</th><th>signature</th><th>kind</th><th class="n">count</th><th>replay command</th><th>trace file</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function overTime(data: CampaignReportData): string {
  const samples = [...data.samples].sort((a, b) => a.elapsedMs - b.elapsedMs);
  const at = (pick: (s: CampaignSample) => number): Point[] => samples.map((s) => ({ x: s.elapsedMs / 1000, y: pick(s) }));
  return `<div class="grid2">${[
    lineChart([{ name: 'commands/s', points: throughput(samples) }], { title: 'Throughput over time', xLabel: 'elapsed (s)', yLabel: 'commands / s', width: GRID_W }),
    lineChart([{ name: 'runs', points: at((s) => s.runs) }], { title: 'Runs over time', xLabel: 'elapsed (s)', yLabel: 'runs (cumulative)', width: GRID_W }),
    lineChart([{ name: 'failures', points: at((s) => s.failures) }], { title: 'Failures over time', xLabel: 'elapsed (s)', yLabel: 'failing runs (cumulative)', width: GRID_W }),
    lineChart([{ name: 'commands', points: at((s) => s.commands) }], { title: 'Commands over time', xLabel: 'elapsed (s)', yLabel: 'commands (cumulative)', width: GRID_W }),
  ].join('')}</div>`;
}

/** Charts two to a row fit the page's 1080 px at their natural size. */
const GRID_W = 500;

const byValue = (entries: [string, number][]): Bar[] => entries.map(([label, value]) => ({ label, value })).sort((a, b) => b.value - a.value || a.label.localeCompare(b.label));

/** Figure names that share a prefix form a group, shown as a bar chart (store types, edges, ...). */
const GROUPS = ['store type ', 'edge: ', 'preallocated '];

function targetSection(name: string, t: TargetSummary, totalCommands: number): string {
  const entries = Object.entries(t.figures);
  const grouped = new Map<string, [string, number][]>();
  const scalars: [string, number][] = [];
  for (const [k, v] of entries) {
    const g = GROUPS.find((p) => k.startsWith(p));
    if (g === undefined) scalars.push([k, v]);
    else grouped.set(g, [...(grouped.get(g) ?? []), [k.slice(g.length), v]]);
  }
  const share = totalCommands > 0 ? ` (${((100 * t.commands) / totalCommands).toFixed(1)} % of all commands)` : '';
  const parts = [`<h3>${h(name)}</h3>`, `<p>${int(t.runs)} runs, ${int(t.commands)} commands${h(share)}<br><code>${h(t.line)}</code></p>`];
  parts.push(
    scalars.length === 0
      ? '<p class="empty">No figures.</p>'
      : `<table><thead><tr><th>figure</th><th class="n">value</th></tr></thead><tbody>${scalars.map(([k, v]) => `<tr><td>${h(k)}</td><td class="n">${int(v)}</td></tr>`).join('')}</tbody></table>`,
  );
  const charts: [string, string][] = [['command mix', barChart(byValue(Object.entries(t.mix)), { title: `${name}: command mix`, unit: 'commands', width: GRID_W })]];
  for (const [g, list] of grouped) {
    const heading = g.replace(/[: ]+$/, '');
    charts.push([heading, barChart(byValue(list), { title: `${name}: ${heading}`, width: GRID_W })]);
  }
  parts.push(`<div class="grid2">${charts.map(([heading, svg]) => `<div><h4>${h(heading)}</h4>${svg}</div>`).join('')}</div>`);
  return parts.join('\n');
}

function targetsSection(data: CampaignReportData): string {
  const names = Object.keys(data.perTarget);
  if (names.length === 0) return '<p class="empty">No target ran.</p>';
  const overview = `<table><thead><tr><th>target</th><th class="n">runs</th><th class="n">commands</th><th>reached</th></tr></thead><tbody>${names
    .map((n) => {
      const t = data.perTarget[n];
      return `<tr><td>${h(n)}</td><td class="n">${int(t.runs)}</td><td class="n">${int(t.commands)}</td><td>${h(t.line)}</td></tr>`;
    })
    .join('')}</tbody></table>`;
  const mix = barChart(
    names.map((n) => ({ label: n, value: data.perTarget[n].commands })),
    { title: 'Commands per target', unit: 'commands' },
  );
  return [overview, mix, ...names.map((n) => targetSection(n, data.perTarget[n], data.commands))].join('\n');
}

export function renderReportHtml(data: CampaignReportData): string {
  const title = `Fuzz campaign ${data.startedAt}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${h(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>Fuzz campaign report</h1>
<p class="sub">started ${h(data.startedAt)} · ${h(data.options.targets.join(', ') || 'no targets')} · base seed ${h(String(data.options.baseSeed))}${data.options.variant !== undefined ? ` · variant ${h(data.options.variant)}` : ''}</p>
${headline(data)}
<h2>Failures</h2>
${failuresTable(data)}
<h2>Options</h2>
${optionsTable(data)}
<h2>Over time</h2>
${data.samples.length === 0 ? '<p class="empty">No progress samples were taken.</p>' : overTime(data)}
<h2>Targets</h2>
${targetsSection(data)}
<p class="sub">Written by fuzz/report.ts from report.json beside this page (format ${h(data.format)} version ${h(String(data.version))}).</p>
</body>
</html>
`;
}
