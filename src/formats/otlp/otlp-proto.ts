// OTLP/HTTP protobuf: the messages of opentelemetry-proto's collector trace
// service, written out for protobufjs (field numbers from trace.proto,
// common.proto and resource.proto, v1). Decoded requests are turned into the
// OTLP/JSON shape our importer reads: ids as base64, 64-bit numbers as strings.
import protobuf from 'protobufjs';
import { errorText } from '../../model/text';
import { Reader, resourceJson, scopeJson, spanJson } from './otlp-proto-span';

const SCHEMA = `
syntax = "proto3";
package skein.otlp;
message AnyValue {
  oneof value {
    string string_value = 1; bool bool_value = 2; int64 int_value = 3; double double_value = 4;
    ArrayValue array_value = 5; KeyValueList kvlist_value = 6; bytes bytes_value = 7;
  }
}
message ArrayValue { repeated AnyValue values = 1; }
message KeyValueList { repeated KeyValue values = 1; }
message KeyValue { string key = 1; AnyValue value = 2; }
message InstrumentationScope { string name = 1; string version = 2; repeated KeyValue attributes = 3; uint32 dropped_attributes_count = 4; }
message Resource { repeated KeyValue attributes = 1; uint32 dropped_attributes_count = 2; }
message Status { reserved 1; string message = 2; int32 code = 3; }
message Event { fixed64 time_unix_nano = 1; string name = 2; repeated KeyValue attributes = 3; uint32 dropped_attributes_count = 4; }
message Link { bytes trace_id = 1; bytes span_id = 2; string trace_state = 3; repeated KeyValue attributes = 4; uint32 dropped_attributes_count = 5; fixed32 flags = 6; }
message Span {
  bytes trace_id = 1; bytes span_id = 2; string trace_state = 3; bytes parent_span_id = 4; fixed32 flags = 16;
  string name = 5; int32 kind = 6; fixed64 start_time_unix_nano = 7; fixed64 end_time_unix_nano = 8;
  repeated KeyValue attributes = 9; uint32 dropped_attributes_count = 10;
  repeated Event events = 11; uint32 dropped_events_count = 12;
  repeated Link links = 13; uint32 dropped_links_count = 14; Status status = 15;
}
message ScopeSpans { InstrumentationScope scope = 1; repeated Span spans = 2; string schema_url = 3; }
message ResourceSpans { Resource resource = 1; repeated ScopeSpans scope_spans = 2; string schema_url = 3; }
message ExportTraceServiceRequest { repeated ResourceSpans resource_spans = 1; }
message ExportTracePartialSuccess { int64 rejected_spans = 1; string error_message = 2; }
message ExportTraceServiceResponse { ExportTracePartialSuccess partial_success = 1; }
`;

const root = protobuf.parse(SCHEMA, { keepCase: false }).root;
const Request = root.lookupType('skein.otlp.ExportTraceServiceRequest');
const Response = root.lookupType('skein.otlp.ExportTraceServiceResponse');

/** A protobuf request body → the OTLP/JSON object shape. Throws on a malformed body. */
export function decodeTraceRequest(body: Uint8Array): unknown {
  const message = Request.decode(body);
  return Request.toObject(message, { longs: String, bytes: String, enums: Number, defaults: false, oneofs: false });
}

export function encodeTraceResponse(rejectedSpans: number, errorMessage: string): Uint8Array {
  const payload = rejectedSpans > 0 ? { partialSuccess: { rejectedSpans, errorMessage } } : {};
  return Response.encode(Response.create(payload)).finish();
}

const HEX_PAIR = /^[0-9a-fA-F]{2}$/;

/** Hex digits → bytes, as far as the text is pairs of them. */
function hexBytes(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length >> 1);
  for (let k = 0; k < out.length; k++) {
    const pair = hex.slice(2 * k, 2 * k + 2);
    if (!HEX_PAIR.test(pair)) return out.slice(0, k);
    out[k] = Number.parseInt(pair, 16);
  }
  return out;
}

const ID_KEYS = ['traceId', 'spanId', 'parentSpanId'] as const;

/** A span or link object with its hex ids as bytes (other values as they are). */
function withByteIds(item: unknown): unknown {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) return item;
  const out: Record<string, unknown> = { ...item };
  for (const key of ID_KEYS) if (typeof out[key] === 'string') out[key] = hexBytes(out[key]);
  if (Array.isArray(out.links)) out.links = out.links.map(withByteIds);
  return out;
}

/**
 * OTLP/JSON (hex ids) → the protobuf request an SDK's protobuf exporter sends for it (ids as bytes): for the warm-up,
 * tests and the bench. Walks the request's own levels (resource, scope, span, link), not the value as a whole.
 */
export function encodeOtlpJson(request: unknown): Uint8Array {
  const levels = (value: unknown, key: string, each: (item: unknown) => unknown): unknown => {
    if (typeof value !== 'object' || value === null || !Array.isArray((value as Record<string, unknown>)[key]))
      return value;
    return { ...value, [key]: ((value as Record<string, unknown>)[key] as unknown[]).map(each) };
  };
  return encodeTraceRequest(
    levels(request, 'resourceSpans', (resource) =>
      levels(resource, 'scopeSpans', (scope) => levels(scope, 'spans', withByteIds)),
    ),
  );
}

/** For tests and the demo: OTLP/JSON-shaped request → protobuf bytes. */
export function encodeTraceRequest(request: unknown): Uint8Array {
  // fromObject converts OTLP/JSON's decimal-string 64-bit times (verify would reject them).
  return Request.encode(Request.fromObject(request as Record<string, unknown>)).finish();
}

/**
 * How many spans a protobuf ExportTraceServiceRequest holds, read from the
 * wire format without decoding it (field 1 resource_spans → field 2
 * scope_spans → field 2 spans), so a request of millions of tiny spans is
 * refused before it costs memory. -1 when the bytes are not well-formed.
 */
export function countProtoSpans(body: Uint8Array): number {
  let count = 0;
  // Three levels at most: the request, its ResourceSpans, their ScopeSpans.
  const walk = (from: number, to: number, depth: number): void => {
    const r = new Reader(body, from, to);
    while (r.at < r.end) {
      const key = r.uint();
      const field = Math.floor(key / 8);
      if (key % 8 !== 2) {
        r.passOver(key % 8);
        continue;
      }
      const [start, end] = r.span();
      if (field === 2 && depth === 2) count++;
      else if ((depth === 0 && field === 1) || (depth === 1 && field === 2)) walk(start, end, depth + 1);
    }
  };
  try {
    walk(0, body.length, 0);
    return count;
  } catch {
    return -1;
  }
}

/**
 * Whether a file's first bytes are binary rather than text: a control byte
 * other than tab, line feed and carriage return. A protobuf trace has them
 * within its first bytes (field keys, lengths, ids); JSON never does.
 */
export function looksBinary(head: Uint8Array): boolean {
  const n = Math.min(head.length, 512);
  for (let i = 0; i < n; i++) {
    const b = head[i] as number;
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) return true;
  }
  return false;
}

/**
 * Where the OTLP trace messages (ExportTraceServiceRequest or TracesData, the
 * same fields) of a protobuf file lie: the whole file as one message, or a
 * sequence of messages each preceded by its length in 4 bytes, big-endian,
 * as the Collector's file exporter writes them with `format: proto`. null
 * when the bytes are neither.
 */
export function protoMessages(bytes: Uint8Array): Array<[number, number]> | null {
  if (bytes.length === 0) return null;
  if (bytes[0] !== 0x0a) {
    const frames: Array<[number, number]> = [];
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    let at = 0;
    while (at + 4 <= bytes.length) {
      const length = view.getUint32(at);
      if (at + 4 + length > bytes.length) return null;
      if (countProtoSpans(bytes.subarray(at + 4, at + 4 + length)) < 0) return null;
      frames.push([at + 4, at + 4 + length]);
      at += 4 + length;
    }
    return at === bytes.length && frames.length > 0 ? frames : null;
  }
  return countProtoSpans(bytes) >= 0 ? [[0, bytes.length]] : null;
}

/** The length-delimited fields of a message, in order: [field number, start, end]. */
function* fields(bytes: Uint8Array, from: number, to: number): Generator<[number, number, number]> {
  const r = new Reader(bytes, from, to);
  while (r.at < r.end) {
    const key = r.uint();
    if (key % 8 !== 2) {
      r.passOver(key % 8);
      continue;
    }
    const [start, end] = r.span();
    yield [Math.floor(key / 8), start, end];
  }
}

/**
 * A protobuf trace file as OTLP/JSON text, one TracesData per message (JSON
 * Lines when there are several), in pieces: each span is decoded on its own,
 * so a big file is never held as one tree of objects. Resource and scope are
 * written before their spans, as the JSON importer reads them best.
 */
export function* otlpProtoToJson(bytes: Uint8Array, messages: ReadonlyArray<[number, number]>): Generator<string> {
  for (const [from, to] of messages) {
    yield '{"resourceSpans":[';
    let r = 0;
    for (const [field, rsFrom, rsTo] of fields(bytes, from, to)) {
      if (field !== 1) continue;
      const parts = Array.from(fields(bytes, rsFrom, rsTo));
      const resource = parts.find(([f]) => f === 1);
      yield `${r++ ? ',' : ''}{${resource ? `"resource":${resourceJson(bytes, resource[1], resource[2])},` : ''}"scopeSpans":[`;
      let s = 0;
      for (const [f, ssFrom, ssTo] of parts) {
        if (f !== 2) continue;
        const inner = Array.from(fields(bytes, ssFrom, ssTo));
        const scope = inner.find(([k]) => k === 1);
        yield `${s++ ? ',' : ''}{${scope ? `"scope":${scopeJson(bytes, scope[1], scope[2])},` : ''}"spans":[`;
        let k = 0;
        for (const [g, spanFrom, spanTo] of inner)
          if (g === 2) yield `${k++ ? ',' : ''}${spanJson(bytes, spanFrom, spanTo)}`;
        yield ']}';
      }
      yield ']}';
    }
    yield ']}\n';
  }
}

/** Pieces of the JSON text are joined up to this many characters (a Blob of many tiny parts reads slowly). */
const PIECE_CHARS = 1 << 20;

/**
 * A binary file as the OTLP/JSON text the streaming importer reads, in
 * pieces of about a megabyte; a message saying what is wrong when the bytes
 * are not an OTLP protobuf trace.
 */
export function otlpProtoFileAsJson(bytes: Uint8Array): { pieces: string[] } | { message: string } {
  const messages = protoMessages(bytes);
  if (!messages) {
    return {
      message:
        'a binary file that is not an OTLP protobuf trace (ExportTraceServiceRequest or TracesData, alone or each preceded by its 4-byte length): its bytes are not well-formed protobuf of that message',
    };
  }
  const pieces: string[] = [];
  let chunk = '';
  try {
    for (const piece of otlpProtoToJson(bytes, messages)) {
      chunk += piece;
      if (chunk.length >= PIECE_CHARS) {
        pieces.push(chunk);
        chunk = '';
      }
    }
  } catch (error) {
    return { message: `not an OTLP protobuf trace: ${errorText(error)}` };
  }
  pieces.push(chunk);
  return { pieces };
}
