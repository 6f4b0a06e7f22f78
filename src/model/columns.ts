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

type TypedColumn = Float64Array | Int32Array | Uint8Array;

/** The typed columns of TraceColumns, by name: every list of them below is made from this one. */
const TYPED_COLUMNS = [
  'startUs', 'durationUs', 'skewUs', 'selfUs', 'depth', 'parent', 'subtreeEnd',
  'serviceIndex', 'nameIndex', 'kind', 'flags', 'eventOffset', 'eventTimeUs',
] as const;

function typedColumns(columns: TraceColumns): TypedColumn[] {
  const out: TypedColumn[] = TYPED_COLUMNS.map((name) => columns[name]);
  out.push(columns.spanKeys.ends);
  return out;
}

/** The typed arrays of a columns object, for transfer lists. */
export function columnBuffers(columns: TraceColumns): ArrayBuffer[] {
  return typedColumns(columns).map((a) => a.buffer as ArrayBuffer);
}

/** Above this many traces, their columns cross to the page packed (see packColumns). */
const PACK_FROM_TRACES = 8;

/**
 * The buffers to transfer for these traces. Chromium takes time that grows
 * with the square of the number of buffers in one transfer (130,000 buffers:
 * 3 s; 1.3 million: 330 s), so many traces are packed first: each column of
 * every trace is copied into one array per column, and each trace keeps a
 * view of its part. 100,000 one-span traces then cross as 14 buffers.
 */
export function transferBuffers(traces: TraceColumns[]): ArrayBuffer[] {
  if (traces.length <= PACK_FROM_TRACES) return traces.flatMap(columnBuffers);
  const buffers: ArrayBuffer[] = [];
  const columnCount = TYPED_COLUMNS.length + 1;
  const lists = traces.map(typedColumns);
  for (let c = 0; c < columnCount; c++) {
    let total = 0;
    for (const list of lists) total += (list[c] as TypedColumn).length;
    const first = (lists[0] as TypedColumn[])[c] as TypedColumn;
    const packed = new (first.constructor as new (length: number) => TypedColumn)(total);
    let at = 0;
    traces.forEach((trace, t) => {
      const column = (lists[t] as TypedColumn[])[c] as TypedColumn;
      packed.set(column, at);
      const view = packed.subarray(at, at + column.length);
      at += column.length;
      if (c === TYPED_COLUMNS.length) trace.spanKeys.ends = view as Int32Array;
      else (trace as unknown as Record<string, TypedColumn>)[TYPED_COLUMNS[c] as string] = view;
    });
    buffers.push(packed.buffer as ArrayBuffer);
  }
  return buffers;
}
