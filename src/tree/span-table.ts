// Spans as growable columns: what importers append to, one row per span, and
// what the tree builder reads. No per-span objects are kept, so a million
// spans fit in a default heap. Strings that repeat (names, services, hosts,
// trace ids) are interned into tables.
import type { SpanKind, Warning } from '../model/trace';
import type { SpanRow } from '../model/wire-span';

import { SPAN_KINDS } from '../model/columns';
import { hex64, parseHex64 } from './id-index';

export const STATUS_UNSET = 0;
export const STATUS_OK = 1;
export const STATUS_ERROR = 2;

/**
 * idForm bits: the span id is 16 hex digits (idHigh, idLow hold it); so is the parent id (parentHigh, parentLow); there
 * is no parent.
 */
export const ID_HEX = 1;
export const PARENT_HEX = 2;
export const PARENT_NONE = 4;

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
  /** The id of a value already interned, without adding it. */
  find(value: string): number | undefined {
    return this.ids.get(value);
  }
}

type Column = Int32Array | Float64Array | Uint8Array;

function grow<T extends Column>(array: T, size: number): T {
  if (size <= array.length) return array;
  const next = new (array.constructor as new (n: number) => T)(Math.max(size, array.length * 2));
  next.set(array);
  return next;
}

/** One typed array per row field, by kind. Every list below names its columns from here. */
const ROW_COLUMNS = {
  traceIndex: Int32Array,
  nameIndex: Int32Array,
  serviceIndex: Int32Array,
  hostIndex: Int32Array,
  startUs: Float64Array,
  durationUs: Float64Array,
  kind: Uint8Array,
  status: Uint8Array,
  shared: Uint8Array,
  eventStart: Int32Array,
  eventCount: Int32Array,
  file: Int32Array,
  byteStart: Float64Array,
  byteLength: Int32Array,
  context: Int32Array,
  idHigh: Int32Array,
  idLow: Int32Array,
  parentHigh: Int32Array,
  parentLow: Int32Array,
  idForm: Uint8Array,
} as const;
type RowColumn = keyof typeof ROW_COLUMNS;
const ROW_COLUMN_NAMES = Object.keys(ROW_COLUMNS) as RowColumn[];
/** Columns that hold ids into the string tables: renumbered when a pack is appended. */
const INTERNED = ['traceIndex', 'nameIndex', 'serviceIndex', 'hostIndex'] as const;
/** Columns a pack carries as they are (event starts are recomputed on arrival). */
const PACKED = ROW_COLUMN_NAMES.filter((c) => c !== 'eventStart') as Array<Exclude<RowColumn, 'eventStart'>>;

export class SpanTable {
  count = 0;
  readonly traceIds = new Interner();
  readonly names = new Interner();
  readonly services = new Interner();
  readonly hosts = new Interner();
  readonly spanIds: string[] = [];
  readonly parentIds: string[] = [];
  readonly warnings = new Map<number, Warning[]>();
  declare traceIndex: Int32Array;
  declare nameIndex: Int32Array;
  declare serviceIndex: Int32Array;
  declare hostIndex: Int32Array;
  declare startUs: Float64Array;
  declare durationUs: Float64Array;
  declare kind: Uint8Array;
  declare status: Uint8Array;
  declare shared: Uint8Array;
  declare eventStart: Int32Array;
  declare eventCount: Int32Array;
  declare file: Int32Array;
  declare byteStart: Float64Array;
  declare byteLength: Int32Array;
  declare context: Int32Array;
  declare idHigh: Int32Array;
  declare idLow: Int32Array;
  declare parentHigh: Int32Array;
  declare parentLow: Int32Array;
  declare idForm: Uint8Array;
  eventTimeUs: Float64Array;
  eventTotal = 0;

  /** `capacity`: rows to make room for at once (it grows as needed). */
  constructor(capacity = 1024) {
    const n = Math.max(1, capacity);
    const columns = this as unknown as Record<RowColumn, Column>;
    for (const name of ROW_COLUMN_NAMES) columns[name] = new ROW_COLUMNS[name](n);
    this.eventTimeUs = new Float64Array(n);
  }

  private ensure(size: number): void {
    if (size <= this.startUs.length) return;
    const columns = this as unknown as Record<RowColumn, Column>;
    for (const name of ROW_COLUMN_NAMES) columns[name] = grow(columns[name], size);
  }

  append(span: SpanRow, source?: RowSource): number {
    const row = this.count++;
    this.ensure(this.count);
    this.traceIndex[row] = this.traceIds.id(span.traceId);
    this.spanIds.push(span.spanId);
    this.parentIds.push('');
    this.idForm[row] = 0;
    if (parseHex64(span.spanId)) {
      this.idHigh[row] = hex64[0] as number;
      this.idLow[row] = hex64[1] as number;
      this.idForm[row] = ID_HEX;
    }
    this.setParentId(row, span.parentSpanId);
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
    const columns = {} as Record<(typeof PACKED)[number], Column>;
    for (const name of PACKED) columns[name] = this[name].slice(0, n);
    return {
      ...(columns as Pick<SpanTable, (typeof PACKED)[number]>),
      count: n,
      traceIds: this.traceIds.values,
      names: this.names.values,
      services: this.services.values,
      hosts: this.hosts.values,
      spanIds: this.spanIds,
      parentIds: this.parentIds,
      warnings: [...this.warnings],
      eventTimeUs: this.eventTimeUs.slice(0, this.eventTotal),
    };
  }

  /** Appends the rows of a pack, in order, with its strings interned here. */
  appendPack(pack: RowPack): void {
    const first = this.count;
    this.ensure(first + pack.count);
    for (const name of PACKED) (this[name] as Column).set(pack[name], first);
    const tables = {
      traceIndex: [this.traceIds, pack.traceIds],
      nameIndex: [this.names, pack.names],
      serviceIndex: [this.services, pack.services],
      hostIndex: [this.hosts, pack.hosts],
    } as const;
    for (const name of INTERNED) {
      const [interner, values] = tables[name];
      const ids = Int32Array.from(values, (v) => interner.id(v));
      const column = this[name];
      for (let row = first; row < first + pack.count; row++) column[row] = ids[column[row] as number] as number;
    }
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
    this.count = first + pack.count;
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

  /** Sets a row's parent id (Jaeger settles some once every span id is known). */
  setParentId(row: number, parentId: string): void {
    this.parentIds[row] = parentId;
    let form = (this.idForm[row] as number) & ID_HEX;
    if (parentId === '') form |= PARENT_NONE;
    else if (parseHex64(parentId)) {
      this.parentHigh[row] = hex64[0] as number;
      this.parentLow[row] = hex64[1] as number;
      form |= PARENT_HEX;
    }
    this.idForm[row] = form;
  }

  kindOf(row: number): SpanKind {
    return SPAN_KINDS[this.kind[row] as number] ?? 'unspecified';
  }
}

/** Rows in transit between workers: a SpanTable's columns, cut to size, with local string tables. */
export type RowPack = Pick<SpanTable, (typeof PACKED)[number]> & {
  count: number;
  traceIds: string[];
  names: string[];
  services: string[];
  hosts: string[];
  spanIds: string[];
  parentIds: string[];
  /** Per-span warnings by row within the pack. */
  warnings: Array<[number, Warning[]]>;
  eventTimeUs: Float64Array;
};

/** The buffers of a pack, to transfer rather than copy. */
export function packTransfer(pack: RowPack): ArrayBuffer[] {
  return [...PACKED.map((name) => pack[name].buffer as ArrayBuffer), pack.eventTimeUs.buffer as ArrayBuffer];
}
