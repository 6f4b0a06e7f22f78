// The compact view of a trace the page reads (DESIGN.md §4): columnar typed
// arrays in depth-first order plus string tables and per-service figures.
// Everything here is transferable; a span's full details come on request.
import type { FormatName, Warning } from './trace';

export const FLAG_ERROR = 1;
export const FLAG_WARNING = 2;
export const FLAG_ORPHAN = 4;
export const FLAG_SKEW = 8;
/** Some descendant (not the span itself) has an error: marks collapsed ancestors. */
export const FLAG_DESCENDANT_ERROR = 16;
/** Status OK (as opposed to unset). */
export const FLAG_OK = 32;

export const SPAN_KINDS = ['unspecified', 'internal', 'server', 'client', 'producer', 'consumer'] as const;

export interface ServiceStats {
  service: string;
  spanCount: number;
  totalUs: number;
  selfUs: number;
  errorCount: number;
}

export interface TraceSummary {
  traceId: string;
  format: FormatName;
  rootService: string;
  rootName: string;
  /** Absolute epoch µs of the trace start. */
  startUs: number;
  durationUs: number;
  spanCount: number;
  serviceCount: number;
  /** Levels of nesting: a lone root is 1. */
  depth: number;
  errorCount: number;
  orphanCount: number;
  /** Trace-level warnings, then counts of span warnings by code. */
  warnings: Warning[];
  spanWarningCounts: Record<string, number>;
  files: string[];
}

/** A trace's spans as depth-first columns: what the tree builder makes and the page draws from. */
export interface SpanColumns {
  count: number;
  /** Relative to the trace start, after clock-skew adjustment. */
  startUs: Float64Array;
  durationUs: Float64Array;
  skewUs: Float64Array;
  depth: Int32Array;
  parent: Int32Array;
  /** One past the last descendant: the subtree of i is [i, subtreeEnd[i]). */
  subtreeEnd: Int32Array;
  serviceIndex: Int32Array;
  nameIndex: Int32Array;
  kind: Uint8Array;
  flags: Uint8Array;
  /** Events of span i are eventTimeUs[eventOffset[i] .. eventOffset[i + 1]). */
  eventOffset: Int32Array;
  eventTimeUs: Float64Array;
  services: string[];
  names: string[];
  /** Unique span keys (the span id, suffixed when ids collide). */
  spanKeys: string[];
}

/**
 * Span keys as one string and where each ends: a hundred thousand keys cross
 * from the worker as one string (a few ms) rather than as as many strings
 * (tens of ms), and only the keys the page asks for become strings.
 */
export interface SpanKeyList {
  text: string;
  ends: Int32Array;
}

export function packSpanKeys(keys: readonly string[]): SpanKeyList {
  const ends = new Int32Array(keys.length);
  let at = 0;
  keys.forEach((key, i) => (ends[i] = at += key.length));
  return { text: keys.join(''), ends };
}

export function spanKeyAt(list: SpanKeyList, i: number): string {
  return list.text.slice(i === 0 ? 0 : (list.ends[i - 1] as number), list.ends[i] as number);
}

/** Index of the span with this key, or -1. */
export function spanKeyIndex(list: SpanKeyList, key: string): number {
  if (key === '') return -1;
  for (let at = list.text.indexOf(key); at !== -1; at = list.text.indexOf(key, at + 1)) {
    // The key whose text starts at `at`, if one does: binary search on the ends.
    let lo = 0;
    let hi = list.ends.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((list.ends[mid] as number) <= at) lo = mid + 1;
      else hi = mid;
    }
    const start = lo === 0 ? 0 : (list.ends[lo - 1] as number);
    if (start === at && (list.ends[lo] as number) - start === key.length) return lo;
  }
  return -1;
}

/** What the page receives: the columns plus the analyses and the header figures. */
export interface TraceColumns extends Omit<SpanColumns, 'spanKeys'> {
  spanKeys: SpanKeyList;
  summary: TraceSummary;
  selfUs: Float64Array;
  serviceStats: ServiceStats[];
}

/** The typed arrays of a columns object, for transfer lists. */
export function columnBuffers(columns: TraceColumns): ArrayBuffer[] {
  const arrays = [
    columns.startUs, columns.durationUs, columns.skewUs, columns.selfUs, columns.depth, columns.parent,
    columns.subtreeEnd, columns.serviceIndex, columns.nameIndex, columns.kind, columns.flags,
    columns.eventOffset, columns.eventTimeUs, columns.spanKeys.ends,
  ];
  return arrays.map((a) => a.buffer as ArrayBuffer);
}
