/**
 * The RCU history: every event that matters to the grace-period guarantee, stamped with a logical
 * time (a counter, never wall time), for the audit and for failure reports.
 *
 * Invariants: times are strictly increasing in recording order; `lock` and `unlock` are recorded
 * only for the outermost lock and unlock of a reader (a nested pair cannot end a section), and
 * both carry the section's unique number; sections and callbacks are numbered 1, 2, ... in the
 * order they open or are queued; a `run` is recorded after the `gp-end` that released it.
 */
export type RcuEvent =
  | { readonly t: number; readonly kind: 'lock'; readonly reader: string; readonly section: number }
  | { readonly t: number; readonly kind: 'unlock'; readonly reader: string; readonly section: number }
  | { readonly t: number; readonly kind: 'queue'; readonly callback: number; readonly what: string; readonly gp: number }
  | { readonly t: number; readonly kind: 'gp-end'; readonly gp: number }
  | { readonly t: number; readonly kind: 'run'; readonly callback: number; readonly gp: number };

/** What the RCU knows about one queued callback. */
export interface CallbackRecord {
  readonly id: number;
  readonly what: string;
  /** The grace period in progress when it was queued; it may run when a later one ends. */
  readonly queuedGp: number;
  readonly queuedAt: number;
  /** Readers inside a read-side critical section when it was queued. */
  readonly readersAtQueue: readonly string[];
  /** The grace period whose end ran it, and when; null while it waits. */
  ranGp: number | null;
  ranAt: number | null;
}

export interface RcuStats {
  /** Grace periods ended so far. */
  readonly gracePeriods: number;
  readonly callbacksQueued: number;
  readonly callbacksRun: number;
  /** Callbacks queued and not yet run. */
  readonly pending: number;
  /** The most callbacks waiting at once. */
  readonly maxQueued: number;
  /** The most readers inside read-side sections at once. */
  readonly maxReaders: number;
}
