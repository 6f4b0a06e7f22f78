// OTLP/HTTP protobuf: the messages of opentelemetry-proto's collector trace
// service, written out for protobufjs (field numbers from trace.proto,
// common.proto and resource.proto, v1). Decoded requests are turned into the
// OTLP/JSON shape our importer reads: ids as base64, 64-bit numbers as strings.
import protobuf from 'protobufjs';

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
  const walk = (from: number, to: number, depth: number): boolean => {
    let at = from;
    while (at < to) {
      const key = varint(body, at, to);
      if (!key) return false;
      at = key.next;
      const field = Math.floor(key.value / 8);
      const wire = key.value % 8;
      if (wire === 0) {
        const skip = varint(body, at, to);
        if (!skip) return false;
        at = skip.next;
      } else if (wire === 1) at += 8;
      else if (wire === 5) at += 4;
      else if (wire === 2) {
        const length = varint(body, at, to);
        if (!length || length.next + length.value > to) return false;
        at = length.next;
        const end = at + length.value;
        if (field === 2 && depth === 2) count++;
        else if ((depth === 0 && field === 1) || (depth === 1 && field === 2)) {
          if (!walk(at, end, depth + 1)) return false;
        }
        at = end;
      } else return false;
    }
    return at === to;
  };
  return walk(0, body.length, 0) ? count : -1;
}

function varint(bytes: Uint8Array, at: number, to: number): { value: number; next: number } | null {
  let value = 0;
  let scale = 1;
  for (let k = at; k < to && k < at + 10; k++) {
    const byte = bytes[k] as number;
    value += (byte & 0x7f) * scale;
    scale *= 128;
    if (byte < 0x80) return { value, next: k + 1 };
  }
  return null;
}
