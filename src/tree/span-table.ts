// Spans as growable columns: what importers append to, one row per span, and
// what the tree builder reads. No per-span objects are kept, so a million
// spans fit in a default heap. Strings that repeat (names, services, hosts,
// trace ids) are interned into tables.
import type { SpanKind, Warning } from '../model/trace';
import type { SpanRow } from '../model/wire-span';

export type { SpanRow };
import { SPAN_KINDS } from '../model/columns';

export const STATUS_UNSET = 0;
export const STATUS_OK = 1;
export const STATUS_ERROR = 2;

/** Where a row came from, so its details can be read again on request. */
export interface RowSource {
  file: number;
  /** Byte range of the span's JSON in the (decompressed) file. */
  byteStart: number;
  byteLength: number;
  /** Format-specific context: resource, scope or process group. */
  context: number;
}

export class Interner {
  readonly values: string[] = [];
  private readonly ids = new Map<string, number>();
  id(value: string): number {
    let id = this.ids.get(value);
    if (id === undefined) {
      id = this.values.length;
      this.values.push(value);
      this.ids.set(value, id);
    }
    return id;
  }
}

function grow<T extends Float64Array | Int32Array | Uint8Array>(array: T, size: number): T {
  if (size <= array.length) return array;
  const next = new (array.constructor as new (n: number) => T)(Math.max(size, array.length * 2));
  next.set(array);
  return next;
}

export class SpanTable {
  count = 0;
  readonly traceIds = new Interner();
  readonly names = new Interner();
  readonly services = new Interner();
  readonly hosts = new Interner();
  readonly spanIds: string[] = [];
  readonly parentIds: string[] = [];
  readonly warnings = new Map<number, Warning[]>();
  traceIndex = new Int32Array(1024);
  nameIndex = new Int32Array(1024);
  serviceIndex = new Int32Array(1024);
  hostIndex = new Int32Array(1024);
  startUs = new Float64Array(1024);
  durationUs = new Float64Array(1024);
  kind = new Uint8Array(1024);
  status = new Uint8Array(1024);
  shared = new Uint8Array(1024);
  eventStart = new Int32Array(1024);
  eventCount = new Int32Array(1024);
  eventTimeUs = new Float64Array(1024);
  eventTotal = 0;
  file = new Int32Array(1024);
  byteStart = new Float64Array(1024);
  byteLength = new Int32Array(1024);
  context = new Int32Array(1024);

  append(span: SpanRow, source?: RowSource): number {
    const row = this.count++;
    const size = this.count;
    if (size > this.startUs.length) {
      this.traceIndex = grow(this.traceIndex, size);
      this.nameIndex = grow(this.nameIndex, size);
      this.serviceIndex = grow(this.serviceIndex, size);
      this.hostIndex = grow(this.hostIndex, size);
      this.startUs = grow(this.startUs, size);
      this.durationUs = grow(this.durationUs, size);
      this.kind = grow(this.kind, size);
      this.status = grow(this.status, size);
      this.shared = grow(this.shared, size);
      this.eventStart = grow(this.eventStart, size);
      this.eventCount = grow(this.eventCount, size);
      this.file = grow(this.file, size);
      this.byteStart = grow(this.byteStart, size);
      this.byteLength = grow(this.byteLength, size);
      this.context = grow(this.context, size);
    }
    this.traceIndex[row] = this.traceIds.id(span.traceId);
    this.spanIds.push(span.spanId);
    this.parentIds.push(span.parentSpanId);
    this.nameIndex[row] = this.names.id(span.name);
    this.serviceIndex[row] = this.services.id(span.service);
    this.hostIndex[row] = this.hosts.id(span.host || span.service);
    this.startUs[row] = span.startUs;
    this.durationUs[row] = span.durationUs;
    this.kind[row] = Math.max(0, SPAN_KINDS.indexOf(span.kind));
    this.status[row] = span.status === 'error' ? STATUS_ERROR : span.status === 'ok' ? STATUS_OK : STATUS_UNSET;
    this.shared[row] = span.shared ? 1 : 0;
    const events = span.eventTimesUs;
    this.eventStart[row] = this.eventTotal;
    this.eventCount[row] = events.length;
    if (events.length) {
      this.eventTimeUs = grow(this.eventTimeUs, this.eventTotal + events.length);
      for (const t of events) this.eventTimeUs[this.eventTotal++] = t;
    }
    if (span.warnings.length) this.warnings.set(row, [...span.warnings]);
    this.file[row] = source?.file ?? -1;
    this.byteStart[row] = source?.byteStart ?? -1;
    this.byteLength[row] = source?.byteLength ?? 0;
    this.context[row] = source?.context ?? -1;
    return row;
  }

  /** Forgets rows from `count` on (a cancelled or failed import). */
  truncate(count: number): void {
    if (count >= this.count) return;
    this.eventTotal = count > 0 ? (this.eventStart[count] as number) : 0;
    for (const row of [...this.warnings.keys()]) if (row >= count) this.warnings.delete(row);
    this.spanIds.length = count;
    this.parentIds.length = count;
    this.count = count;
  }

  kindOf(row: number): SpanKind {
    return SPAN_KINDS[this.kind[row] as number] ?? 'unspecified';
  }

  /** Rows of each trace, in the order they were appended. */
  rowsByTrace(): Map<number, number[]> {
    const out = new Map<number, number[]>();
    for (let row = 0; row < this.count; row++) {
      const trace = this.traceIndex[row] as number;
      const list = out.get(trace);
      if (list) list.push(row);
      else out.set(trace, [row]);
    }
    return out;
  }
}
