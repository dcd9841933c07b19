/**
 * Small inline-SVG charts for the campaign report: a line chart (values over time) and a
 * horizontal bar chart (counts by name). Hand-written because the report must be one offline HTML
 * file with no script: chart libraries either need a browser DOM at render time or ship a runtime.
 *
 * Invariants:
 * - output is a complete <svg> element with a <title> and aria-label, drawn at its natural size
 *   (the page may shrink it through its viewBox), and every label passes through escapeHtml;
 * - axes start at zero and run in "nice" steps (1, 2, 2.5 or 5 times a power of ten) to the first
 *   step at or above the largest value; non-finite values are dropped, never drawn;
 * - no data gives a chart-sized box that says so, not an empty or broken drawing;
 * - output depends only on the input (no ids, no randomness), so it can be compared in tests.
 */
import { escapeHtml } from './html-escape.js';

export interface Point {
  x: number;
  y: number;
}

export interface Series {
  name: string;
  points: Point[];
}

export interface LineChartOptions {
  title: string;
  xLabel: string;
  yLabel: string;
  width?: number;
  height?: number;
}

export interface Bar {
  label: string;
  value: number;
}

export interface BarChartOptions {
  title: string;
  /** Shown after each value ("commands"). */
  unit?: string;
  width?: number;
}

const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#17becf'];

/** The smallest "nice" number (1, 2, 2.5 or 5 x 10^k) at or above `value` (1 for nothing). */
export function niceCeiling(value: number): number {
  if (!(value > 0) || !Number.isFinite(value)) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * power >= value * (1 - 1e-12)) return m * power;
  return 10 * power;
}

/** An axis from 0 to `top` in steps of `step` (a nice number), with at most about 5 steps. */
export function axisScale(max: number): { top: number; step: number } {
  const step = niceCeiling(max / 4);
  return { top: Math.max(step, Math.ceil((max * (1 - 1e-12)) / step) * step), step };
}

/** A compact label for an axis tick: 950, 1.2k, 3.4M. */
export function shortNumber(value: number): string {
  const abs = Math.abs(value);
  const trim = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(n < 10 ? 2 : 1).replace(/\.?0+$/, ''));
  if (abs >= 1e9) return `${trim(value / 1e9)}G`;
  if (abs >= 1e6) return `${trim(value / 1e6)}M`;
  if (abs >= 1e3) return `${trim(value / 1e3)}k`;
  return trim(value);
}

function svgOpen(title: string, width: number, height: number): string {
  const t = escapeHtml(title);
  // Natural size, shrunk (never grown) by the page's CSS: text keeps one size in every chart.
  return `<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${t}"><title>${t}</title>`;
}

function noData(title: string, width: number, height: number): string {
  return `${svgOpen(title, width, height)}<rect x="0.5" y="0.5" width="${width - 1}" height="${height - 1}" fill="#fafafa" stroke="#ddd"/><text x="${width / 2}" y="${height / 2}" text-anchor="middle" fill="#888">${escapeHtml(title)}: no data</text></svg>`;
}

const f1 = (n: number) => (Math.round(n * 10) / 10).toString();

export function lineChart(series: Series[], options: LineChartOptions): string {
  const width = options.width ?? 640;
  const height = options.height ?? 240;
  const clean = series.map((s) => ({ name: s.name, points: s.points.filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y)) }));
  const all = clean.flatMap((s) => s.points);
  if (all.length === 0) return noData(options.title, width, height);
  const left = 56;
  const right = 16;
  const top = 28;
  const bottom = 40;
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  const xAxis = axisScale(Math.max(...all.map((p) => p.x)));
  const yAxis = axisScale(Math.max(...all.map((p) => p.y)));
  const maxX = xAxis.top;
  const maxY = yAxis.top;
  const sx = (x: number) => left + (x / maxX) * plotW;
  const sy = (y: number) => top + plotH - (Math.max(0, y) / maxY) * plotH;
  const parts = [svgOpen(options.title, width, height)];
  // Grid and ticks at every step of each axis.
  for (let v = 0; v <= maxY * (1 + 1e-9); v += yAxis.step) {
    const y = sy(v);
    parts.push(`<line x1="${left}" y1="${f1(y)}" x2="${width - right}" y2="${f1(y)}" stroke="#eee"/>`);
    parts.push(`<text x="${left - 6}" y="${f1(y + 4)}" text-anchor="end" font-size="11" fill="#555">${shortNumber(v)}</text>`);
  }
  for (let v = 0; v <= maxX * (1 + 1e-9); v += xAxis.step) {
    parts.push(`<text x="${f1(sx(v))}" y="${top + plotH + 16}" text-anchor="middle" font-size="11" fill="#555">${shortNumber(v)}</text>`);
  }
  parts.push(`<line x1="${left}" y1="${top + plotH}" x2="${width - right}" y2="${top + plotH}" stroke="#888"/>`);
  parts.push(`<line x1="${left}" y1="${top}" x2="${left}" y2="${top + plotH}" stroke="#888"/>`);
  parts.push(`<text x="${left + plotW / 2}" y="${height - 6}" text-anchor="middle" font-size="12" fill="#333">${escapeHtml(options.xLabel)}</text>`);
  parts.push(`<text x="${left}" y="${top - 10}" font-size="12" fill="#333">${escapeHtml(options.yLabel)}</text>`);
  // Legend along the top, right-aligned, when there is more than one series.
  let legendX = width - right;
  const legend: string[] = [];
  clean.forEach((s, i) => {
    const color = PALETTE[i % PALETTE.length];
    const pts = s.points.map((p) => `${f1(sx(p.x))},${f1(sy(p.y))}`).join(' ');
    if (s.points.length > 1) parts.push(`<polyline fill="none" stroke="${color}" stroke-width="2" points="${pts}"><title>${escapeHtml(s.name)}</title></polyline>`);
    // Dots (with exact values on hover) only while they stay readable.
    for (const p of s.points.length <= 60 ? s.points : []) {
      parts.push(`<circle cx="${f1(sx(p.x))}" cy="${f1(sy(p.y))}" r="2.5" fill="${color}"><title>${escapeHtml(`${s.name}: ${shortNumber(p.y)} at ${shortNumber(p.x)}`)}</title></circle>`);
    }
    if (clean.length > 1) {
      legendX -= 14 + s.name.length * 6.5 + 12;
      legend.push(`<rect x="${f1(legendX)}" y="4" width="10" height="10" fill="${color}"/><text x="${f1(legendX + 14)}" y="13" font-size="11" fill="#333">${escapeHtml(s.name)}</text>`);
    }
  });
  parts.push(...legend);
  parts.push('</svg>');
  return parts.join('');
}

export function barChart(bars: Bar[], options: BarChartOptions): string {
  const width = options.width ?? 640;
  const clean = bars.filter((b) => Number.isFinite(b.value) && b.value >= 0);
  const rowH = 18;
  if (clean.length === 0) return noData(options.title, width, 60);
  const top = 8;
  const labelW = Math.min(260, Math.max(80, Math.max(...clean.map((b) => b.label.length)) * 7 + 10));
  const unit = options.unit === undefined ? '' : ` ${options.unit}`;
  const valueText = (b: Bar) => `${b.value.toLocaleString('en-US')}${unit}`;
  const valueW = Math.max(...clean.map((b) => valueText(b).length)) * 6.5 + 12;
  const plotW = width - labelW - valueW;
  const max = Math.max(...clean.map((b) => b.value)) || 1;
  const height = top * 2 + clean.length * rowH;
  const parts = [svgOpen(options.title, width, height)];
  clean.forEach((b, i) => {
    const y = top + i * rowH;
    const w = (b.value / max) * plotW;
    const label = b.label.length > 40 ? `${b.label.slice(0, 38)}…` : b.label;
    parts.push(`<g><title>${escapeHtml(`${b.label}: ${b.value}${unit}`)}</title>`);
    parts.push(`<text x="${labelW - 6}" y="${y + 13}" text-anchor="end" font-size="11" fill="#333">${escapeHtml(label)}</text>`);
    parts.push(`<rect x="${labelW}" y="${y + 3}" width="${f1(Math.max(w, b.value > 0 ? 1 : 0))}" height="${rowH - 6}" fill="${PALETTE[0]}"/>`);
    parts.push(`<text x="${f1(labelW + w + 4)}" y="${y + 13}" font-size="11" fill="#555">${escapeHtml(valueText(b))}</text></g>`);
  });
  parts.push('</svg>');
  return parts.join('');
}
