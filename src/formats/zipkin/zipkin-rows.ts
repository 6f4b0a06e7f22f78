// Zipkin v2 spans read without JSON.parse (wasm/zipkin-rows.ts). Most spans
// of a Zipkin file share one shape: string ids, a kind, integer times, a
// local endpoint, tags as strings, annotations. For those the module checks
// every byte as strictly as JSON.parse would and hands over only what the
// row is made of: ids, name, kind, the local endpoint's service and
// addresses, the key tags (error, HTTP status), the annotation times, whether
// it is a shared half. `rowOfRecord` makes the row from them directly: the
// same row, warnings and all, as the same span parsed gives. Any other span (a time
// that is not a whole number, a member given twice, an escape in a member
// name) sends its batch to JSON.parse as before.
import { normalizeSpanId, normalizeTraceId } from '../../model/ids';
import type { SpanStatus, Warning } from '../../model/trace';
import type { SpanRow } from '../../model/wire-span';
import { spanKindFromText, type JsonObject } from '../wire';
import { valueAt, wasmRowReader, type ReadRecords } from '../../import/wasm-rows';
import { statusFromTags } from './zipkin-status';
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

/** The value whose index is at `at` of `list`, as a string ('' when absent: every text the module keeps is one). */
function textAt(values: readonly unknown[], list: Float64Array, at: number): string {
  const value = valueAt(values, list, at);
  return typeof value === 'string' ? value : '';
}

const NO_WARNINGS: readonly Warning[] = [];

/**
 * Span k of the batch read as its row: what zipkin.ts's spanRow makes of the same span parsed (the module reads only
 * spans with both ids as strings and both times as whole numbers, so there is no missing-field warning to say). Null
 * when an id is empty or all zeros (the caller words the warning).
 */
export function rowOfRecord(
  { records, values, items }: ReadRecords,
  k: number,
  keyTags: readonly string[],
): SpanRow | null {
  const at = k * RECORD;
  const traceId = normalizeTraceId(textAt(values, records, at + FIELD.trace));
  const spanId = normalizeSpanId(textAt(values, records, at + FIELD.span));
  if (!traceId || !spanId) return null;
  const service = textAt(values, records, at + FIELD.service) || 'unknown_service';
  const kindText = valueAt(values, records, at + FIELD.kind);
  // Zipkin has no kind for local spans: they are in-process work.
  const kind = kindText === undefined ? 'internal' : spanKindFromText(kindText as string);
  const tagCount = records[at + FIELD.tags + 1] as number;
  let status: SpanStatus['code'] = 'unset';
  if (tagCount > 0) {
    const tags: JsonObject = {};
    const firstTag = records[at + FIELD.tags] as number;
    for (let t = 0; t < tagCount; t++) {
      const item = firstTag + 2 * t;
      tags[keyTags[items[item] as number] as string] = valueAt(values, items, item + 1) as JsonObject[string];
    }
    status = statusFromTags(kind, tags).code;
  }
  const eventCount = records[at + FIELD.events + 1] as number;
  const eventTimesUs = new Array<number>(eventCount);
  const firstEvent = records[at + FIELD.events] as number;
  for (let e = 0; e < eventCount; e++) eventTimesUs[e] = items[firstEvent + e] as number;
  const durationUs = records[at + FIELD.duration] as number;
  return {
    traceId,
    spanId,
    parentSpanId: normalizeSpanId(textAt(values, records, at + FIELD.parent)),
    name: textAt(values, records, at + FIELD.name),
    service,
    host: textAt(values, records, at + FIELD.ipv4) || textAt(values, records, at + FIELD.ipv6) || service,
    kind,
    startUs: records[at + FIELD.start] as number,
    durationUs: durationUs > 0 ? durationUs : 0,
    status,
    shared: records[at + FIELD.shared] === 1,
    eventTimesUs,
    warnings: NO_WARNINGS,
  };
}
