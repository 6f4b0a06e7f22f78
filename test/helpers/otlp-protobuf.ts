// OTLP/JSON written as the protobuf files people drop: what an SDK's
// protobuf exporter sends (ids as bytes) and the Collector's file exporter's
// sequence (each message after its length in 4 bytes, big-endian).
import { encodeTraceRequest } from '../../src/formats/otlp/otlp-proto';

const ID_KEYS = new Set(['traceId', 'spanId', 'parentSpanId']);

/** OTLP/JSON with hex ids → protobuf bytes. */
export function otlpJsonToProtobuf(value: unknown): Uint8Array {
  const convert = (v: unknown, key = ''): unknown => {
    if (typeof v === 'string' && ID_KEYS.has(key)) return Buffer.from(v, 'hex');
    if (Array.isArray(v)) return v.map((x) => convert(x));
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, convert(x, k)]));
    return v;
  };
  return encodeTraceRequest(convert(value));
}

/** Messages as the Collector's file exporter writes them with `format: proto`. */
export function lengthPrefixed(messages: readonly Uint8Array[]): Uint8Array {
  const out: Buffer[] = [];
  for (const m of messages) {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(m.length);
    out.push(length, Buffer.from(m));
  }
  return Buffer.concat(out);
}
