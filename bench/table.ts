/**
 * Plain-text tables and number formatting for the benchmark's output.
 *
 * Measures nothing. Invariants: every row of a table has one cell per column; a column is as wide
 * as its widest cell (or the fixed width given for tables printed row by row, which a longer cell
 * widens for that row only); numeric columns align right, text columns left; rates are printed
 * from ops and milliseconds as measured, never rounded before the division.
 */

export interface Column {
  title: string;
  align: 'left' | 'right';
  /** Minimum width; tables printed row by row need it, since later rows are not known yet. */
  width?: number;
}

function pad(text: string, width: number, align: 'left' | 'right'): string {
  return align === 'right' ? text.padStart(width) : text.padEnd(width);
}

function widths(columns: Column[], rows: string[][]): number[] {
  return columns.map((c, i) => Math.max(c.title.length, c.width ?? 0, ...rows.map((r) => r[i].length)));
}

function line(columns: Column[], cells: string[], w: number[]): string {
  if (cells.length !== columns.length) throw new Error(`table row has ${cells.length} cells for ${columns.length} columns`);
  return cells.map((cell, i) => pad(cell, w[i], columns[i].align)).join('  ').trimEnd();
}

/** Header line and rule, for a table whose rows come later (widths from the columns only). */
export function renderHeader(columns: Column[]): string {
  const w = widths(columns, []);
  return `${line(columns, columns.map((c) => c.title), w)}\n${w.map((x) => '-'.repeat(x)).join('  ')}`;
}

/** One row of a table started with renderHeader. */
export function renderRow(columns: Column[], cells: string[]): string {
  return line(columns, cells, widths(columns, []));
}

/** A whole table: header, rule, rows. */
export function renderTable(columns: Column[], rows: string[][]): string {
  const w = widths(columns, rows);
  const out = [line(columns, columns.map((c) => c.title), w), w.map((x) => '-'.repeat(x)).join('  ')];
  for (const r of rows) out.push(line(columns, r, w));
  return out.join('\n');
}

/** An integer with thousands separators. */
export function fmtInt(x: number): string {
  return Math.round(x).toLocaleString('en-US');
}

/** ops per second, from ops and milliseconds; below 100/s with one decimal. */
export function fmtRate(ops: number, ms: number): string {
  if (!(ms > 0)) return 'n/a';
  const rate = (ops * 1000) / ms;
  return rate < 100 ? rate.toFixed(1) : fmtInt(rate);
}

/** A ratio with three significant digits, e.g. 1,234x, 56.7x, 0.98x. */
export function fmtRatio(r: number): string {
  if (!Number.isFinite(r) || r <= 0) return 'n/a';
  if (r >= 100) return `${fmtInt(r)}x`;
  return `${r.toPrecision(3)}x`;
}

/** Milliseconds as seconds with one decimal, e.g. 12.3 s. */
export function fmtSeconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** A rate in ops per second from ops and milliseconds, short: 12.3M, 456k, 45.6k, 789, 7.8. */
export function fmtRateShort(ops: number, ms: number): string {
  if (!(ms > 0)) return 'n/a';
  return fmtShort((ops * 1000) / ms);
}

/** A non-negative number with three significant digits and a k/M/G suffix. */
export function fmtShort(x: number): string {
  if (!Number.isFinite(x)) return 'n/a';
  // Rounded to three significant digits first, so 999,999 becomes 1.00M, not 1.00e+3k.
  const r = x === 0 ? 0 : Number(x.toPrecision(3));
  for (const [limit, suffix] of [[1e9, 'G'], [1e6, 'M'], [1e3, 'k']] as const) {
    if (r >= limit) return `${(r / limit).toPrecision(3)}${suffix}`;
  }
  return r < 100 ? r.toPrecision(2) : r.toFixed(0);
}
