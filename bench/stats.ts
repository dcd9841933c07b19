/**
 * Medians of repeated measurements.
 *
 * Invariant: the median of an even count is the mean of the two middle values; an empty list has
 * no median (NaN), so a missing measurement never turns into a number.
 */
export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** ops per second of a span (NaN for a span that took no time). */
export function rate(span: { ops: number; ms: number }): number {
  return span.ms > 0 ? (span.ops * 1000) / span.ms : NaN;
}
