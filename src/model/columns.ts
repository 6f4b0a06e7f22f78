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

/** The typed columns of TraceColumns, by name, with their types: every list of them below is made from this one. */
const COLUMN_TABLE = [
  ['startUs', Float64Array],
  ['durationUs', Float64Array],
  ['skewUs', Float64Array],
  ['selfUs', Float64Array],
  ['depth', Int32Array],
  ['parent', Int32Array],
  ['subtreeEnd', Int32Array],
  ['serviceIndex', Int32Array],
  ['nameIndex', Int32Array],
  ['kind', Uint8Array],
  ['flags', Uint8Array],
  ['eventOffset', Int32Array],
  ['eventTimeUs', Float64Array],
] as const;
const TYPED_COLUMNS = COLUMN_TABLE.map(([name]) => name);
type TypedColumnName = (typeof COLUMN_TABLE)[number][0];

function typedColumns(columns: TraceColumns): TypedColumn[] {
  const out: TypedColumn[] = TYPED_COLUMNS.map((name) => columns[name]);
  out.push(columns.spanKeys.ends);
  return out;
}

/** The typed arrays of a columns object, for transfer lists. */
export function columnBuffers(columns: TraceColumns): ArrayBuffer[] {
  return typedColumns(columns).map((a) => a.buffer as ArrayBuffer);
}

/** Above this many traces, their columns cross to the page packed (see packTraces). */
export const PACK_FROM_TRACES = 8;

/**
 * The buffers to transfer for a few traces. Every typed array of a trace the session hands out is a copy it does not
 * keep (it reads its own again for details), so they move as they are; a second copy here cost 10–20 ms at 100,000
 * spans.
 */
export function transferBuffers(traces: TraceColumns[]): ArrayBuffer[] {
  return traces.flatMap(columnBuffers);
}

/**
 * Many traces as one message: every typed column of every trace in one array
 * per column, where trace t's spans start at `spanAt[t]` (its eventOffset at
 * `spanAt[t] + t`, as it has one entry more) and its events at `eventAt[t]`;
 * everything else as one JSON text. Chromium's transfer time grows with the
 * square of the number of buffers (1.3 million: 330 s), and a structured
 * clone of a million small objects costs seconds where JSON costs a fraction.
 */
export interface PackedTraces {
  meta: string;
  columns: TypedColumn[];
  spanAt: Int32Array;
  eventAt: Int32Array;
}

type TraceMeta = Omit<TraceColumns, TypedColumnName | 'spanKeys'> & { spanKeys: { text: string } };

export function packTraces(traces: readonly TraceColumns[]): PackedTraces {
  const n = traces.length;
  const spanAt = new Int32Array(n + 1);
  const eventAt = new Int32Array(n + 1);
  for (let t = 0; t < n; t++) {
    const trace = traces[t] as TraceColumns;
    spanAt[t + 1] = (spanAt[t] as number) + trace.count;
    eventAt[t + 1] = (eventAt[t] as number) + trace.eventTimeUs.length;
  }
  const spans = spanAt[n] as number;
  const columns: TypedColumn[] = [];
  for (let c = 0; c < COLUMN_COUNT; c++) {
    const length = c === EVENT_OFFSET ? spans + n : c === EVENT_TIMES ? (eventAt[n] as number) : spans;
    const packed = new (COLUMN_TYPES[c] as new (length: number) => TypedColumn)(length);
    for (let t = 0; t < n; t++) {
      const at =
        c === EVENT_OFFSET
          ? (spanAt[t] as number) + t
          : c === EVENT_TIMES
            ? (eventAt[t] as number)
            : (spanAt[t] as number);
      packed.set(columnOf(traces[t] as TraceColumns, c), at);
    }
    columns.push(packed);
  }
  const meta: TraceMeta[] = traces.map((trace) => {
    const { spanKeys, ...rest } = trace;
    const out = { ...rest, spanKeys: { text: spanKeys.text } } as Record<string, unknown>;
    for (const name of TYPED_COLUMNS) delete out[name];
    return out as unknown as TraceMeta;
  });
  return { meta: JSON.stringify(meta), columns, spanAt, eventAt };
}

export function packedBuffers(packed: PackedTraces): ArrayBuffer[] {
  return [
    ...packed.columns.map((c) => c.buffer as ArrayBuffer),
    packed.spanAt.buffer as ArrayBuffer,
    packed.eventAt.buffer as ArrayBuffer,
  ];
}

/** The traces again, each column a view of its part of the packed one. */
export function unpackTraces(packed: PackedTraces): TraceColumns[] {
  const meta = JSON.parse(packed.meta) as TraceMeta[];
  const { columns, spanAt, eventAt } = packed;
  return meta.map((m, t) => {
    const from = spanAt[t] as number;
    const to = spanAt[t + 1] as number;
    const trace = {
      ...m,
      spanKeys: { text: m.spanKeys.text, ends: (columns[KEY_ENDS] as Int32Array).subarray(from, to) },
    } as unknown as Record<string, unknown>;
    TYPED_COLUMNS.forEach((name, c) => {
      const column = columns[c] as TypedColumn;
      trace[name] =
        c === EVENT_OFFSET
          ? column.subarray(from + t, to + t + 1)
          : c === EVENT_TIMES
            ? column.subarray(eventAt[t] as number, eventAt[t + 1] as number)
            : column.subarray(from, to);
    });
    return trace as unknown as TraceColumns;
  });
}

const COLUMN_COUNT = TYPED_COLUMNS.length + 1;
const EVENT_OFFSET = TYPED_COLUMNS.indexOf('eventOffset');
const EVENT_TIMES = TYPED_COLUMNS.indexOf('eventTimeUs');
const KEY_ENDS = TYPED_COLUMNS.length;
const COLUMN_TYPES: ReadonlyArray<new (length: number) => TypedColumn> = [
  ...COLUMN_TABLE.map(([, type]) => type),
  Int32Array,
];

function columnOf(trace: TraceColumns, c: number): TypedColumn {
  return c === KEY_ENDS ? trace.spanKeys.ends : trace[TYPED_COLUMNS[c] as TypedColumnName];
}
