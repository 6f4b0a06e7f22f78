// OTLP spans read into rows without JSON.parse (wasm/otlp-rows.ts). Most
// spans of a file share one shape: string ids and times, a numeric kind,
// attributes, events with times, a status with a numeric code. For those the
// module checks every byte as strictly as JSON.parse would and hands over
// what the row needs (ids and names as text, times as whole microseconds and
// the nanoseconds left, kind, status code, the HTTP status); the locator
// builds the same row spanRow builds from the parsed span. A batch with any
// other span (a warning to word, an escape in an id, a time as a number, a
// status code as a name, text that is not valid JSON) is parsed with
// JSON.parse as before, so what is said about it stays the same.
import { wasmRowReader, type ReadRecords } from '../../import/wasm-rows';
import { OTLP_ROWS_WASM } from './otlp-rows-wasm';

/** Record fields, f64 each (wasm/otlp-rows.ts names the same; test/wasm-layout.test.ts proves both equal). */
export const RECORD = 18;
export const FIELD = {
  ok: 0,
  trace: 1,
  span: 2,
  parent: 3,
  name: 4,
  kind: 9,
  status: 10,
  http: 11,
  start: 12,
  end: 14,
  events: 16,
} as const;

/**
 * What one `read` found: the values are the ids and names (strings); the items, event times as pairs (whole µs, ns
 * left).
 */
export type ReadSpans = ReadRecords;

/**
 * Reads OTLP spans into row fields; null where WebAssembly with SIMD cannot
 * run (spans are then parsed with JSON.parse). The text holds each id and
 * name as the span has it plus its quotes and a comma, at most 12 bytes a
 * span besides; event times take 16 bytes each, and each event has more.
 */
export const otlpRowReader = wasmRowReader(OTLP_ROWS_WASM, {
  record: RECORD,
  textPerByte: 1,
  textPerSpan: 12,
  itemsPerByte: 1,
});
