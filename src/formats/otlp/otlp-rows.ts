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
import { OTLP_ROWS_WASM } from './otlp-rows-wasm';
import { piecesSize, placePieces, type SpanBytes } from '../../import/span-bytes';
import { instantiate, memoryBytes, namesSize, oneModule, WASM_PAGE, writeNames } from '../../import/wasm-module';

interface RowsExports {
  memory: WebAssembly.Memory;
  rows(b: number, table: number, count: number, out: number, text: number, events: number, cfg: number): number;
  textLength(): number;
  eventCount(): number;
}

/** Record fields, f64 each (wasm/otlp-rows.ts). */
export const RECORD = 18;
export const FIELD = { ok: 0, trace: 1, span: 2, parent: 3, name: 4, kind: 9, status: 10, http: 11, start: 12, end: 14, events: 16 } as const;

/** Below this, the module's static data; configs follow, then the scratch space of one call. */
const CONFIG = WASM_PAGE;
const SCRATCH = 2 * WASM_PAGE;
const PADDING = 16;

/** What one `read` found: records of RECORD fields per span, the ids and names (by index), event times as pairs. */
export interface ReadSpans {
  /** Spans read here; when fewer than asked, the caller parses the batch the usual way. */
  read: number;
  records: Float64Array;
  strings: string[];
  events: Float64Array;
}

const decoder = new TextDecoder();

const encoder = new TextEncoder();

/** The module, shared by every reader of this worker (calls are synchronous, so one scratch space serves all). */
class RowsModule {
  private readonly exports = instantiate<RowsExports>(OTLP_ROWS_WASM);
  private bytes = memoryBytes(this.exports.memory, SCRATCH);
  private nextConfig = CONFIG;
  /** Configs by wanted names: every file makes a reader, and they share one. */
  private readonly configs = new Map<string, number>();

  /** The config of these wanted names (the HTTP status keys, in the order they are looked up), written once. */
  config(wanted: readonly string[]): number {
    const key = wanted.join('\n');
    const known = this.configs.get(key);
    if (known !== undefined) return known;
    const names = wanted.map((name) => encoder.encode(name));
    const at = this.nextConfig;
    if (names.length > 16 || at + 4 + namesSize(names) > SCRATCH) throw new Error('too many wanted names');
    new DataView(this.bytes.buffer).setInt32(at, names.length, true);
    this.nextConfig = writeNames(this.bytes, at + 4, names);
    this.configs.set(key, at);
    return at;
  }

  private memory(need: number): Uint8Array {
    this.bytes = memoryBytes(this.exports.memory, SCRATCH + need, this.bytes);
    return this.bytes;
  }

  read(spans: SpanBytes, first: number, end: number, cfg: number): ReadSpans {
    const count = end - first;
    const { bytes } = piecesSize(spans, first, end);
    const table = SCRATCH;
    const input = table + 8 * count;
    const out = input + ((bytes + PADDING + 7) & ~7);
    const text = out + RECORD * 8 * count;
    const events = text + ((bytes + 12 * count + 16) & ~7);
    const memory = this.memory(events + bytes + PADDING - SCRATCH);
    const at = placePieces(memory, spans, first, end, table, input);
    memory.fill(0, input + at, input + at + PADDING);
    const read = this.exports.rows(input, table, count, out, text, events, cfg);
    // Copies out of the module's memory (the browser decodes text from there at a third of the speed).
    return {
      read,
      records: new Float64Array(memory.buffer.slice(out, out + RECORD * 8 * count)),
      // One JSON.parse makes every id and name of the batch (flat strings: slices of one text would slow the build).
      strings: read ? (JSON.parse(decoder.decode(memory.slice(text, text + this.exports.textLength()))) as string[]) : [],
      events: new Float64Array(memory.buffer.slice(events, events + 16 * this.exports.eventCount())),
    };
  }
}

const rowsModule = oneModule(() => new RowsModule());

/** Reads OTLP spans into row fields; null where WebAssembly with SIMD cannot run (spans are then parsed with JSON.parse). */
export function otlpRowReader(wanted: readonly string[]): { read(spans: SpanBytes, first: number, end: number): ReadSpans } | null {
  const module = rowsModule();
  if (!module) return null;
  const cfg = module.config(wanted);
  return { read: (spans, first, end) => module.read(spans, first, end, cfg) };
}
