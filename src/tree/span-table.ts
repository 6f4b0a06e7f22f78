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
  traceIndex: Int32Array;
  nameIndex: Int32Array;
  serviceIndex: Int32Array;
  hostIndex: Int32Array;
  startUs: Float64Array;
  durationUs: Float64Array;
  kind: Uint8Array;
  status: Uint8Array;
  shared: Uint8Array;
  eventStart: Int32Array;
  eventCount: Int32Array;
  eventTimeUs: Float64Array;
  eventTotal = 0;
  file: Int32Array;
  byteStart: Float64Array;
  byteLength: Int32Array;
  context: Int32Array;

  /** `capacity`: rows to make room for at once (it grows as needed). */
  constructor(capacity = 1024) {
    const n = Math.max(1, capacity);
    this.traceIndex = new Int32Array(n);
    this.nameIndex = new Int32Array(n);
    this.serviceIndex = new Int32Array(n);
    this.hostIndex = new Int32Array(n);
    this.startUs = new Float64Array(n);
    this.durationUs = new Float64Array(n);
    this.kind = new Uint8Array(n);
    this.status = new Uint8Array(n);
    this.shared = new Uint8Array(n);
    this.eventStart = new Int32Array(n);
    this.eventCount = new Int32Array(n);
    this.eventTimeUs = new Float64Array(n);
    this.file = new Int32Array(n);
    this.byteStart = new Float64Array(n);
    this.byteLength = new Int32Array(n);
    this.context = new Int32Array(n);
  }

  private ensure(size: number): void {
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
  }

  append(span: SpanRow, source?: RowSource): number {
    const row = this.count++;
    this.ensure(this.count);
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

  /**
   * The rows as plain columns, cut to size: what a helper worker sends back
   * (every array buffer in `packTransfer` moves, none is copied).
   */
  toPack(): RowPack {
    const n = this.count;
    return {
      count: n,
      traceIds: this.traceIds.values,
      names: this.names.values,
      services: this.services.values,
      hosts: this.hosts.values,
      spanIds: this.spanIds,
      parentIds: this.parentIds,
      warnings: [...this.warnings],
      traceIndex: this.traceIndex.slice(0, n),
      nameIndex: this.nameIndex.slice(0, n),
      serviceIndex: this.serviceIndex.slice(0, n),
      hostIndex: this.hostIndex.slice(0, n),
      startUs: this.startUs.slice(0, n),
      durationUs: this.durationUs.slice(0, n),
      kind: this.kind.slice(0, n),
      status: this.status.slice(0, n),
      shared: this.shared.slice(0, n),
      eventCount: this.eventCount.slice(0, n),
      eventTimeUs: this.eventTimeUs.slice(0, this.eventTotal),
      file: this.file.slice(0, n),
      byteStart: this.byteStart.slice(0, n),
      byteLength: this.byteLength.slice(0, n),
      context: this.context.slice(0, n),
    };
  }

  /** Appends the rows of a pack, in order, with its strings interned here. */
  appendPack(pack: RowPack): void {
    const first = this.count;
    const size = first + pack.count;
    this.ensure(size);
    const ids = (interner: Interner, values: readonly string[]) => Int32Array.from(values, (v) => interner.id(v));
    const traces = ids(this.traceIds, pack.traceIds);
    const names = ids(this.names, pack.names);
    const services = ids(this.services, pack.services);
    const hosts = ids(this.hosts, pack.hosts);
    for (let k = 0; k < pack.count; k++) {
      const row = first + k;
      this.traceIndex[row] = traces[pack.traceIndex[k] as number] as number;
      this.nameIndex[row] = names[pack.nameIndex[k] as number] as number;
      this.serviceIndex[row] = services[pack.serviceIndex[k] as number] as number;
      this.hostIndex[row] = hosts[pack.hostIndex[k] as number] as number;
    }
    this.startUs.set(pack.startUs, first);
    this.durationUs.set(pack.durationUs, first);
    this.kind.set(pack.kind, first);
    this.status.set(pack.status, first);
    this.shared.set(pack.shared, first);
    this.eventCount.set(pack.eventCount, first);
    this.file.set(pack.file, first);
    this.byteStart.set(pack.byteStart, first);
    this.byteLength.set(pack.byteLength, first);
    this.context.set(pack.context, first);
    let at = this.eventTotal;
    for (let k = 0; k < pack.count; k++) {
      this.eventStart[first + k] = at;
      at += pack.eventCount[k] as number;
    }
    this.eventTimeUs = grow(this.eventTimeUs, at);
    this.eventTimeUs.set(pack.eventTimeUs, this.eventTotal);
    this.eventTotal = at;
    for (const id of pack.spanIds) this.spanIds.push(id);
    for (const id of pack.parentIds) this.parentIds.push(id);
    for (const [row, list] of pack.warnings) this.warnings.set(first + row, list);
    this.count = size;
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

/** Rows in transit between workers: a SpanTable's columns, cut to size, with local string tables. */
export interface RowPack {
  count: number;
  traceIds: string[];
  names: string[];
  services: string[];
  hosts: string[];
  spanIds: string[];
  parentIds: string[];
  /** Per-span warnings by row within the pack. */
  warnings: Array<[number, Warning[]]>;
  traceIndex: Int32Array;
  nameIndex: Int32Array;
  serviceIndex: Int32Array;
  hostIndex: Int32Array;
  startUs: Float64Array;
  durationUs: Float64Array;
  kind: Uint8Array;
  status: Uint8Array;
  shared: Uint8Array;
  eventCount: Int32Array;
  eventTimeUs: Float64Array;
  file: Int32Array;
  byteStart: Float64Array;
  byteLength: Int32Array;
  context: Int32Array;
}

/** The buffers of a pack, to transfer rather than copy. */
export function packTransfer(pack: RowPack): ArrayBuffer[] {
  const arrays = [pack.traceIndex, pack.nameIndex, pack.serviceIndex, pack.hostIndex, pack.startUs, pack.durationUs, pack.kind, pack.status, pack.shared, pack.eventCount, pack.eventTimeUs, pack.file, pack.byteStart, pack.byteLength, pack.context];
  return arrays.map((a) => a.buffer as ArrayBuffer);
}
