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
import { piecesSize, placePieces, type SpanBytes } from './span-bytes';

interface RowsExports {
  memory: WebAssembly.Memory;
  rows(b: number, table: number, count: number, out: number, text: number, events: number, cfg: number): number;
  textLength(): number;
  eventCount(): number;
}

/** Record fields, f64 each (wasm/otlp-rows.ts). */
export const RECORD = 18;
export const FIELD = { ok: 0, trace: 1, span: 2, parent: 3, name: 4, kind: 9, status: 10, http: 11, start: 12, end: 14, events: 16 } as const;

const PAGE = 64 * 1024;
/** Below this, the module's static data; the config follows, then the scratch space of one call. */
const CONFIG = PAGE;
const SCRATCH = 2 * PAGE;
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

class RowsModule {
  private readonly exports: RowsExports;
  private bytes: Uint8Array;

  constructor(wanted: readonly string[]) {
    const binary = Uint8Array.from(atob(OTLP_ROWS_WASM), (c) => c.charCodeAt(0));
    this.exports = new WebAssembly.Instance(new WebAssembly.Module(binary), {}).exports as unknown as RowsExports;
    this.bytes = this.memory(0);
    const encoder = new TextEncoder();
    const view = new DataView(this.bytes.buffer);
    view.setInt32(CONFIG, wanted.length, true);
    let p = CONFIG + 4;
    for (const name of wanted) {
      const bytes = encoder.encode(name);
      view.setInt32(p, bytes.length, true);
      this.bytes.set(bytes, p + 4);
      p += 4 + ((bytes.length + 3) & ~3);
    }
    if (p > SCRATCH || wanted.length > 16) throw new Error('too many wanted names');
  }

  private memory(need: number): Uint8Array {
    const memory = this.exports.memory;
    const missing = SCRATCH + need - memory.buffer.byteLength;
    if (missing > 0) memory.grow(Math.ceil(missing / PAGE));
    if (this.bytes?.buffer !== memory.buffer) this.bytes = new Uint8Array(memory.buffer);
    return this.bytes;
  }

  read(spans: SpanBytes, first: number, end: number): ReadSpans {
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
    const read = this.exports.rows(input, table, count, out, text, events, CONFIG);
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

/** Reads OTLP spans into row fields; null where WebAssembly with SIMD cannot run (spans are then parsed with JSON.parse). */
export function otlpRowReader(wanted: readonly string[]): { read(spans: SpanBytes, first: number, end: number): ReadSpans } | null {
  try {
    return new RowsModule(wanted);
  } catch {
    return null;
  }
}
