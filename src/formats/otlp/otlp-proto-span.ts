// One protobuf Span (opentelemetry-proto trace.proto v1), and its Resource
// and InstrumentationScope, written straight
// as OTLP/JSON text, without building the message as objects first: ids as
// hex, 64-bit numbers as decimal strings, enums as numbers, as OTLP/JSON
// writes them. Field numbers: Span 1 trace_id, 2 span_id, 3 trace_state,
// 4 parent_span_id, 5 name, 6 kind, 7/8 start/end (fixed64), 9 attributes,
// 10 dropped_attributes_count, 11 events, 12 dropped_events_count, 13 links,
// 14 dropped_links_count, 15 status, 16 flags (fixed32). Throws on bytes that
// are not such a message.

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const utf8 = new TextDecoder();
/** Nesting of AnyValue lists and maps kept, as the JSON reader keeps it. */
const MAX_VALUE_DEPTH = 64;

export class Reader {
  at: number;
  constructor(
    readonly bytes: Uint8Array,
    from: number,
    readonly end: number,
  ) {
    this.at = from;
  }

  /**
   * A varint as a number, allocating nothing: field keys, lengths, enums and counts, nearly always 1 to 4 bytes
   * (a longer one is read by varint, with its rounding).
   */
  uint(): number {
    const bytes = this.bytes;
    let at = this.at;
    let n = 0;
    for (let shift = 0; shift < 28 && at < this.end; shift += 7) {
      const byte = bytes[at++] as number;
      n |= (byte & 0x7f) << shift;
      if (byte < 0x80) {
        this.at = at;
        return n;
      }
    }
    return this.varint().n;
  }

  /** A varint as a number (exact up to 2^53) and, past 7 bytes, also as a BigInt. */
  varint(): { n: number; big: bigint | null } {
    let n = 0;
    let scale = 1;
    const start = this.at;
    for (let k = 0; k < 10; k++) {
      if (this.at >= this.end) throw new Error('a number runs past the end of its message');
      const byte = this.bytes[this.at++] as number;
      n += (byte & 0x7f) * scale;
      scale *= 128;
      if (byte < 0x80) {
        if (this.at - start <= 7) return { n, big: null };
        let big = 0n;
        for (let i = this.at - 1; i >= start; i--) big = (big << 7n) | BigInt((this.bytes[i] as number) & 0x7f);
        return { n, big };
      }
    }
    throw new Error('a number longer than 10 bytes');
  }

  /** A length-delimited field's [start, end). */
  span(): [number, number] {
    const length = this.uint();
    const from = this.at;
    if (from + length > this.end) throw new Error('a field runs past the end of its message');
    this.at = from + length;
    return [from, from + length];
  }

  /** A fixed64 as its decimal digits (exact: as a number below 2^53, else through a BigInt). */
  fixed64(): string {
    if (this.at + 8 > this.end) throw new Error('a 64-bit field runs past the end of its message');
    const view = viewOf(this.bytes);
    const low = view.getUint32(this.at, true);
    const high = view.getUint32(this.at + 4, true);
    this.at += 8;
    return high < 0x200000 ? String(high * 0x100000000 + low) : String((BigInt(high) << 32n) | BigInt(low));
  }

  double(): number {
    if (this.at + 8 > this.end) throw new Error('a 64-bit field runs past the end of its message');
    const value = viewOf(this.bytes).getFloat64(this.at, true);
    this.at += 8;
    return value;
  }

  fixed32(): number {
    if (this.at + 4 > this.end) throw new Error('a 32-bit field runs past the end of its message');
    const value = viewOf(this.bytes).getUint32(this.at, true);
    this.at += 4;
    return value;
  }

  /** Moves past a field this reader does not write (unknown, or not with the wire type it expects). */
  passOver(wire: number): void {
    if (wire === 0) this.uint();
    else if (wire === 1) this.at += 8;
    else if (wire === 5) this.at += 4;
    else if (wire === 2) this.span();
    else throw new Error(`wire type ${wire} is not one OTLP uses`);
    if (this.at > this.end) throw new Error('a field runs past the end of its message');
  }
}

/** One DataView for the bytes of a whole file (the last one asked for), not one per number read. */
let viewed: Uint8Array | null = null;
let view: DataView | null = null;
function viewOf(bytes: Uint8Array): DataView {
  if (viewed !== bytes || !view) {
    viewed = bytes;
    view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  return view;
}

/** Strings up to this many bytes that are plain ASCII are written without a TextDecoder. */
const SHORT_ASCII = 96;

/** A protobuf string as a JSON string. Short plain ASCII (names, keys, most values) takes the quick way. */
function text(bytes: Uint8Array, [from, to]: [number, number]): string {
  if (to - from <= SHORT_ASCII) {
    let out = '"';
    let i = from;
    for (; i < to; i++) {
      const byte = bytes[i] as number;
      if (byte >= 0x80 || byte < 0x20 || byte === 0x22 || byte === 0x5c) break;
      out += String.fromCharCode(byte);
    }
    if (i === to) return `${out}"`;
  }
  return JSON.stringify(utf8.decode(bytes.subarray(from, to)));
}

function hex(bytes: Uint8Array, [from, to]: [number, number]): string {
  let out = '';
  for (let i = from; i < to; i++) out += HEX[bytes[i] as number];
  return `"${out}"`;
}

function base64(bytes: Uint8Array, [from, to]: [number, number]): string {
  let binary = '';
  for (let i = from; i < to; i++) binary += String.fromCharCode(bytes[i] as number);
  return `"${btoa(binary)}"`;
}

/** int64 from its varint: two's complement past 2^63. */
function int64(value: { n: number; big: bigint | null }): string {
  if (value.big === null) return String(value.n);
  return String(value.big >= 1n << 63n ? value.big - (1n << 64n) : value.big);
}

function anyValue(bytes: Uint8Array, from: number, to: number, depth: number): string {
  const r = new Reader(bytes, from, to);
  let out = '{}';
  while (r.at < r.end) {
    const key = r.uint();
    const field = Math.floor(key / 8);
    const wire = key % 8;
    if (field === 1 && wire === 2) out = `{"stringValue":${text(bytes, r.span())}}`;
    else if (field === 2 && wire === 0) out = `{"boolValue":${r.uint() !== 0}}`;
    else if (field === 3 && wire === 0) out = `{"intValue":"${int64(r.varint())}"}`;
    else if (field === 4 && wire === 1) {
      const d = r.double();
      out = `{"doubleValue":${Number.isFinite(d) ? d : `"${d}"`}}`;
    } else if ((field === 5 || field === 6) && wire === 2) {
      const [f, t] = r.span();
      const items: string[] = [];
      if (depth < MAX_VALUE_DEPTH) {
        const inner = new Reader(bytes, f, t);
        while (inner.at < inner.end) {
          const k = inner.uint();
          if (k === 0x0a) {
            const [a, b] = inner.span();
            items.push(field === 5 ? anyValue(bytes, a, b, depth + 1) : keyValue(bytes, a, b, depth + 1));
          } else inner.passOver(k % 8);
        }
      }
      out =
        field === 5
          ? `{"arrayValue":{"values":[${items.join(',')}]}}`
          : `{"kvlistValue":{"values":[${items.join(',')}]}}`;
    } else if (field === 7 && wire === 2) out = `{"bytesValue":${base64(bytes, r.span())}}`;
    else r.passOver(wire);
  }
  return out;
}

function keyValue(bytes: Uint8Array, from: number, to: number, depth = 0): string {
  const r = new Reader(bytes, from, to);
  let key = '""';
  let value = '{}';
  while (r.at < r.end) {
    const k = r.uint();
    if (k === 0x0a) key = text(bytes, r.span());
    else if (k === 0x12) {
      const [a, b] = r.span();
      value = anyValue(bytes, a, b, depth);
    } else r.passOver(k % 8);
  }
  return `{"key":${key},"value":${value}}`;
}

/** The fields of a message as JSON members, by a table of field → how to write it. */
type Writer = (r: Reader, bytes: Uint8Array, wire: number) => string | null;

function message(
  bytes: Uint8Array,
  from: number,
  to: number,
  writers: Record<number, [string, Writer, boolean?]>,
): string {
  const r = new Reader(bytes, from, to);
  const single = new Map<string, string>();
  const lists = new Map<string, string[]>();
  while (r.at < r.end) {
    const key = r.uint();
    const entry = writers[Math.floor(key / 8)];
    const written = entry ? entry[1](r, bytes, key % 8) : null;
    if (!entry || written === null) {
      // Not a field of this message, or not with this wire type: passed over, as protobuf readers do.
      r.passOver(key % 8);
      continue;
    }
    if (entry[2]) {
      const list = lists.get(entry[0]);
      if (list) list.push(written);
      else lists.set(entry[0], [written]);
    } else single.set(entry[0], written);
  }
  const members: string[] = [];
  for (const [name, value] of single) members.push(`"${name}":${value}`);
  for (const [name, values] of lists) members.push(`"${name}":[${values.join(',')}]`);
  return `{${members.join(',')}}`;
}

const bytesAs =
  (write: (bytes: Uint8Array, at: [number, number]) => string): Writer =>
  (r, bytes, wire) =>
    wire === 2 ? write(bytes, r.span()) : null;
const stringField = bytesAs(text);
const idField = bytesAs(hex);
const uintField: Writer = (r, _b, wire) => (wire === 0 ? String(r.uint()) : null);
const int32Field: Writer = (r, _b, wire) => (wire === 0 ? String(r.uint() | 0) : null);
const timeField: Writer = (r, _b, wire) => (wire === 1 ? `"${r.fixed64()}"` : null);
const flagsField: Writer = (r, _b, wire) => (wire === 5 ? String(r.fixed32()) : null);
const attributeField: Writer = (r, bytes, wire) => {
  if (wire !== 2) return null;
  const [a, b] = r.span();
  return keyValue(bytes, a, b);
};
const nested =
  (writers: Record<number, [string, Writer, boolean?]>): Writer =>
  (r, bytes, wire) => {
    if (wire !== 2) return null;
    const [a, b] = r.span();
    return message(bytes, a, b, writers);
  };

const RESOURCE: Record<number, [string, Writer, boolean?]> = {
  1: ['attributes', attributeField, true],
  2: ['droppedAttributesCount', uintField],
};
const SCOPE: Record<number, [string, Writer, boolean?]> = {
  1: ['name', stringField],
  2: ['version', stringField],
  3: ['attributes', attributeField, true],
  4: ['droppedAttributesCount', uintField],
};
const EVENT: Record<number, [string, Writer, boolean?]> = {
  1: ['timeUnixNano', timeField],
  2: ['name', stringField],
  3: ['attributes', attributeField, true],
  4: ['droppedAttributesCount', uintField],
};
const LINK: Record<number, [string, Writer, boolean?]> = {
  1: ['traceId', idField],
  2: ['spanId', idField],
  3: ['traceState', stringField],
  4: ['attributes', attributeField, true],
  5: ['droppedAttributesCount', uintField],
  6: ['flags', flagsField],
};
const STATUS: Record<number, [string, Writer, boolean?]> = { 2: ['message', stringField], 3: ['code', int32Field] };
const SPAN: Record<number, [string, Writer, boolean?]> = {
  1: ['traceId', idField],
  2: ['spanId', idField],
  3: ['traceState', stringField],
  4: ['parentSpanId', idField],
  5: ['name', stringField],
  6: ['kind', int32Field],
  7: ['startTimeUnixNano', timeField],
  8: ['endTimeUnixNano', timeField],
  9: ['attributes', attributeField, true],
  10: ['droppedAttributesCount', uintField],
  11: ['events', nested(EVENT), true],
  12: ['droppedEventsCount', uintField],
  13: ['links', nested(LINK), true],
  14: ['droppedLinksCount', uintField],
  15: ['status', nested(STATUS)],
  16: ['flags', flagsField],
};

/** The Span, Resource or InstrumentationScope message in bytes[from, to) as OTLP/JSON text. */
export const spanJson = (bytes: Uint8Array, from: number, to: number) => message(bytes, from, to, SPAN);
export const resourceJson = (bytes: Uint8Array, from: number, to: number) => message(bytes, from, to, RESOURCE);
export const scopeJson = (bytes: Uint8Array, from: number, to: number) => message(bytes, from, to, SCOPE);
