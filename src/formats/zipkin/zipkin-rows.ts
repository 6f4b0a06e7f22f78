// Zipkin v2 spans read without JSON.parse (wasm/zipkin-rows.ts). Most spans
// of a Zipkin file share one shape: string ids, a kind, integer times, a
// local endpoint, tags as strings, annotations. For those the module checks
// every byte as strictly as JSON.parse would and hands over only what the
// row is made of: ids, name, kind, the local endpoint's service and
// addresses, the key tags (error, HTTP status), the annotation times, whether
// it is a shared half. `spanOf` puts them back together as the span the
// converter reads, cut down to those members, so a span read here makes the
// same row, warnings and all, as the same span parsed. Any other span (a time
// that is not a whole number, a member given twice, an escape in a member
// name) sends its batch to JSON.parse as before.
import type { JsonObject } from '../wire';
import { valueAt, wasmRowReader, type ReadRecords } from '../../import/wasm-rows';
import { ZIPKIN_ROWS_WASM } from './zipkin-rows-wasm';

/** Record fields, f64 each (wasm/zipkin-rows.ts names the same; test/wasm-layout.test.ts proves both equal). */
export const RECORD = 16;
export const FIELD = {
  ok: 0,
  trace: 1,
  span: 2,
  parent: 3,
  name: 4,
  kind: 5,
  start: 6,
  duration: 7,
  service: 8,
  ipv4: 9,
  ipv6: 10,
  shared: 11,
  tags: 12,
  events: 14,
} as const;

/**
 * Reads Zipkin v2 spans into records; null where WebAssembly with SIMD cannot
 * run. Every value the text holds is copied as the span has it, plus a comma;
 * a key tag takes two items (16 bytes) from far more of the span, an
 * annotation time one.
 */
export const zipkinRowReader = wasmRowReader(ZIPKIN_ROWS_WASM, {
  record: RECORD,
  textPerByte: 2,
  textPerSpan: 8,
  itemsPerByte: 2,
});

/** Span k of the batch read, as the members of the span the row is made of (key tags only). */
export function spanOf({ records, values, items }: ReadRecords, k: number, keyTags: readonly string[]): JsonObject {
  const at = k * RECORD;
  const tags: JsonObject = {};
  const firstTag = records[at + FIELD.tags] as number;
  for (let t = 0; t < (records[at + FIELD.tags + 1] as number); t++) {
    const item = firstTag + 2 * t;
    tags[keyTags[items[item] as number] as string] = valueAt(values, items, item + 1);
  }
  const annotations: JsonObject[] = [];
  const firstEvent = records[at + FIELD.events] as number;
  for (let e = 0; e < (records[at + FIELD.events + 1] as number); e++) {
    annotations.push({ timestamp: items[firstEvent + e] });
  }
  const span: JsonObject = {
    traceId: valueAt(values, records, at + FIELD.trace),
    id: valueAt(values, records, at + FIELD.span),
    parentId: valueAt(values, records, at + FIELD.parent),
    name: valueAt(values, records, at + FIELD.name),
    timestamp: records[at + FIELD.start],
    duration: records[at + FIELD.duration],
    localEndpoint: {
      serviceName: valueAt(values, records, at + FIELD.service),
      ipv4: valueAt(values, records, at + FIELD.ipv4),
      ipv6: valueAt(values, records, at + FIELD.ipv6),
    },
    tags,
    annotations,
    shared: records[at + FIELD.shared] === 1,
  };
  // No kind is a local span: the member is there only when the span has it.
  const kind = valueAt(values, records, at + FIELD.kind);
  if (kind !== undefined) span.kind = kind;
  return span;
}
