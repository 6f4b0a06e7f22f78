// Jaeger spans read without JSON.parse (wasm/jaeger-rows.ts). Most spans of
// a Jaeger file share one shape: string ids, a processID, integer times,
// references, tags and logs. For those the module checks every byte as
// strictly as JSON.parse would and hands over only what the row is made of:
// the ids, the name and the process id, the times, each reference's three
// strings, the type and value of the key tags (kind, error, status, HTTP
// status), the log times. `spanOf` puts them back together as the span the
// locator's own `convert` reads, cut down to those members, so a span read
// here makes the same row, warnings and all, as the same span parsed. Any
// other span (an inline process, a legacy parentSpanID, span warnings, a time
// that is not a whole number, an escape that could spell a key tag) sends its
// batch to JSON.parse as before.
import type { JsonObject } from '../wire';
import { valueAt, wasmRowReader, type ReadRecords } from '../../import/wasm-rows';
import { JAEGER_ROWS_WASM } from './jaeger-rows-wasm';

/** Record fields, f64 each (wasm/jaeger-rows.ts names the same; test/wasm-layout.test.ts proves both equal). */
export const RECORD = 13;
export const FIELD = {
  ok: 0,
  trace: 1,
  span: 2,
  name: 3,
  process: 4,
  start: 5,
  duration: 6,
  refs: 7,
  tags: 9,
  logs: 11,
} as const;

/**
 * Reads Jaeger spans into records; null where WebAssembly with SIMD cannot
 * run. Every value the text holds is copied as the span has it, plus a comma;
 * a reference takes three items (24 bytes) from at least two bytes of the span
 * ("{}"), a key tag three from far more, a log time one.
 */
export const jaegerRowReader = wasmRowReader(JAEGER_ROWS_WASM, {
  record: RECORD,
  textPerByte: 2,
  textPerSpan: 8,
  itemsPerByte: 12,
});

/**
 * Span k of the batch read, as the members of the span `convert` reads (key tags only: the others never decide a row).
 */
export function spanOf({ records, values, items }: ReadRecords, k: number, keyTags: readonly string[]): JsonObject {
  const at = k * RECORD;
  const references: JsonObject[] = [];
  const firstRef = records[at + FIELD.refs] as number;
  for (let r = 0; r < (records[at + FIELD.refs + 1] as number); r++) {
    const item = firstRef + 3 * r;
    references.push({
      refType: valueAt(values, items, item),
      traceID: valueAt(values, items, item + 1),
      spanID: valueAt(values, items, item + 2),
    });
  }
  const tags: JsonObject[] = [];
  const firstTag = records[at + FIELD.tags] as number;
  for (let t = 0; t < (records[at + FIELD.tags + 1] as number); t++) {
    const item = firstTag + 3 * t;
    tags.push({
      key: keyTags[items[item] as number],
      type: valueAt(values, items, item + 1),
      value: valueAt(values, items, item + 2),
    });
  }
  const logs: JsonObject[] = [];
  const firstLog = records[at + FIELD.logs] as number;
  for (let l = 0; l < (records[at + FIELD.logs + 1] as number); l++) logs.push({ timestamp: items[firstLog + l] });
  return {
    traceID: valueAt(values, records, at + FIELD.trace),
    spanID: valueAt(values, records, at + FIELD.span),
    operationName: valueAt(values, records, at + FIELD.name),
    processID: valueAt(values, records, at + FIELD.process),
    startTime: records[at + FIELD.start],
    duration: records[at + FIELD.duration],
    references,
    tags,
    logs,
  };
}
