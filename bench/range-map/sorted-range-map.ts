/**
 * A range map on top of an ordered map from npm: key = the range's first index, value = a
 * RangeValue { last, entry }. The range-map logic lives here once; each library adapter only
 * supplies the ordered-map primitives below (and its own load, the timed read path, written out
 * directly so that it is exactly what a user of that library would write).
 *
 * Invariants kept between calls: the stored ranges are disjoint, each key is its range's first
 * index, no range is empty, and RangeValue objects are never mutated (a trimmed range gets a new
 * one), so a persistent library keeps its old versions intact.
 *
 * store = trim or split the overlapped neighbours, drop every range starting inside [first, last],
 * then insert; load = the greatest key <= index, then check its last (see range-map.ts for the
 * whole contract).
 */
import { MAX_INDEX } from '../../impl/maple/index.js';
import { RangeValue, checkStoreRange, requireRangeIndex, type RangeMap } from './range-map.js';

/** What the cursor did last: positioned by seek, stepping up, stepping down, or ran off an end. */
const SEEK = 0;
const FORWARD = 1;
const BACKWARD = 2;
const DONE = 3;

export abstract class SortedRangeMap implements RangeMap {
  abstract readonly name: string;
  /** Set by floor() and by the cursor primitives: the pair found. */
  protected foundKey = 0;
  protected foundValue: RangeValue | null = null;
  cursorFirst = 0;
  cursorLast = 0;
  private mode = DONE;
  private seekIndex = 0;

  /** Finds the greatest key <= index into foundKey/foundValue; false if there is none. */
  protected abstract floor(index: number): boolean;
  /** Adds a key that is not in the map. */
  protected abstract insert(key: number, value: RangeValue): void;
  /** Gives a key that is in the map a new value. */
  protected abstract replace(key: number, value: RangeValue): void;
  /** Removes the key, which exists. */
  protected abstract remove(key: number): void;
  /** Removes every key in [first, last]. */
  protected abstract removeKeysIn(first: number, last: number): void;
  /** Starts a forward iteration at the least key >= key and reads it into found*; false if none. */
  protected abstract startForward(key: number): boolean;
  /** Reads the next key of the forward iteration into found*; false at the end. */
  protected abstract stepForward(): boolean;
  /** Starts a backward iteration at the greatest key <= key and reads it; false if none. */
  protected abstract startBackward(key: number): boolean;
  /** Reads the previous key of the backward iteration; false at the start. */
  protected abstract stepBackward(): boolean;
  /** Visits every pair in key order. */
  protected abstract forEachPair(visit: (key: number, value: RangeValue) => void): void;

  abstract load(index: number): unknown;

  storeRange(first: number, last: number, entry: unknown): number {
    const bad = checkStoreRange(first, last);
    if (bad !== 0) return bad;
    // The range holding `last` may stick out on the right: keep that part (read before any
    // change, so a range sticking out on both sides is split correctly).
    if (this.floor(last)) {
      const right = this.foundValue as RangeValue;
      if (right.last > last) this.insert(last + 1, new RangeValue(right.last, right.entry));
    }
    // The range starting before `first` may reach into it: trim it to end at first - 1.
    if (first > 0 && this.floor(first - 1)) {
      const left = this.foundValue as RangeValue;
      if (left.last >= first) this.replace(this.foundKey, new RangeValue(first - 1, left.entry));
    }
    this.removeKeysIn(first, last);
    if (entry !== null && entry !== undefined) this.insert(first, new RangeValue(last, entry));
    this.mode = DONE;
    return 0;
  }

  erase(index: number): unknown {
    requireRangeIndex('index', index);
    if (!this.floor(index)) return null;
    const found = this.foundValue as RangeValue;
    if (found.last < index) return null;
    this.remove(this.foundKey);
    this.mode = DONE;
    return found.entry;
  }

  seek(index: number): void {
    this.seekIndex = requireRangeIndex('index', index);
    this.mode = SEEK;
  }

  next(): unknown {
    let found: boolean;
    if (this.mode === FORWARD) {
      found = this.stepForward();
    } else if (this.mode === SEEK) {
      const at = this.seekIndex;
      // The range holding the index starts at or before it.
      found = this.startForward(this.floor(at) && (this.foundValue as RangeValue).last >= at ? this.foundKey : at);
    } else if (this.mode === BACKWARD) {
      found = this.cursorLast !== MAX_INDEX && this.startForward(this.cursorLast + 1);
    } else {
      return null;
    }
    return this.land(found, FORWARD);
  }

  prev(): unknown {
    let found: boolean;
    if (this.mode === BACKWARD) {
      found = this.stepBackward();
    } else if (this.mode === SEEK) {
      found = this.startBackward(this.seekIndex);
    } else if (this.mode === FORWARD) {
      found = this.cursorFirst !== 0 && this.startBackward(this.cursorFirst - 1);
    } else {
      return null;
    }
    return this.land(found, BACKWARD);
  }

  forEach(visit: (first: number, last: number, entry: unknown) => void): void {
    this.forEachPair((key, value) => visit(key, value.last, value.entry));
  }

  private land(found: boolean, mode: number): unknown {
    if (!found) {
      this.mode = DONE;
      return null;
    }
    const value = this.foundValue as RangeValue;
    this.mode = mode;
    this.cursorFirst = this.foundKey;
    this.cursorLast = value.last;
    return value.entry;
  }
}
