// A format's row reader in WebAssembly, the JavaScript side (the modules are
// wasm/otlp-rows.ts and wasm/jaeger-rows.ts): a batch of held spans is copied
// into the module's memory in pieces, the module reads every span of the
// common shape into a record of f64 fields, the values the rows are made of
// into one JSON text (one JSON.parse makes them all), and list entries
// (events, references, key tags) into f64 items. Memory layout, from the
// module's own data up: configs (the names a reader wants), then the scratch
// space of one call: span table, spans, records, text, items.
import { piecesSize, placePieces, type SpanBytes } from './span-bytes';
import type { Converted, RowReader } from './stream-locator';
import { instantiate, memoryBytes, namesSize, oneModule, WASM_PAGE, writeNames } from './wasm-module';

interface RowsExports {
  memory: WebAssembly.Memory;
  rows(b: number, table: number, count: number, out: number, text: number, items: number, cfg: number): number;
  textLength(): number;
  itemCount(): number;
}

/** How much room a module's output takes, at most, for a batch (its source says why). */
export interface RowsLayout {
  /** f64 fields per span. */
  record: number;
  /** Text bytes per byte of spans and per span. */
  textPerByte: number;
  textPerSpan: number;
  /** Item bytes per byte of spans. */
  itemsPerByte: number;
}

/**
 * What one `read` found: a record per span, the values (by index), the items. Records and items are views of the
 * module's memory: they hold until the next read.
 */
export interface ReadRecords {
  /** Spans read here; when fewer than asked, the caller parses the batch the usual way. */
  read: number;
  records: Float64Array;
  values: unknown[];
  items: Float64Array;
}

/** The value whose index (in `values`) is at `at` of `list` (a record or the items); undefined for -1: absent. */
export function valueAt(values: readonly unknown[], list: Float64Array, at: number): unknown {
  const index = list[at] as number;
  return index < 0 ? undefined : values[index];
}

/** Below this, the module's static data; configs follow, then the scratch space of one call. */
const CONFIG = WASM_PAGE;
const SCRATCH = 2 * WASM_PAGE;
const PADDING = 16;

const decoder = new TextDecoder();
const encoder = new TextEncoder();

/** One module, shared by every reader of this worker (calls are synchronous, so one scratch space serves all). */
class RowsModule {
  private readonly exports: RowsExports;
  private bytes: Uint8Array;
  private nextConfig = CONFIG;
  /** Configs by wanted names: every file makes a reader, and they share one. */
  private readonly configs = new Map<string, number>();
  private textCopy = new Uint8Array(64 * 1024);

  constructor(
    base64: string,
    private readonly layout: RowsLayout,
  ) {
    this.exports = instantiate<RowsExports>(base64);
    this.bytes = memoryBytes(this.exports.memory, SCRATCH);
  }

  /** The config of these wanted names (in the order they are looked up), written once. */
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

  read(spans: SpanBytes, first: number, end: number, cfg: number): ReadRecords {
    const { record, textPerByte, textPerSpan, itemsPerByte } = this.layout;
    const count = end - first;
    const { bytes } = piecesSize(spans, first, end);
    const table = SCRATCH;
    const input = table + 8 * count;
    const out = input + ((bytes + PADDING + 7) & ~7);
    const text = out + record * 8 * count;
    const items = text + ((textPerByte * bytes + textPerSpan * count + 16 + 7) & ~7);
    const memory = this.grow(items + itemsPerByte * bytes + 64);
    const at = placePieces(memory, spans, first, end, table, input);
    memory.fill(0, input + at, input + at + PADDING);
    const read = this.exports.rows(input, table, count, out, text, items, cfg);
    // Views of the module's memory, not copies: no buffer per batch for the collector to sweep (they hold until the
    // next read, which is the next batch's).
    const buffer = memory.buffer;
    return {
      read,
      records: new Float64Array(buffer, out, record * count),
      // One JSON.parse makes every value of the batch (flat strings: slices of one text would slow the build).
      values: read ? (JSON.parse(this.text(memory, text, this.exports.textLength())) as unknown[]) : [],
      items: new Float64Array(buffer, items, this.exports.itemCount()),
    };
  }

  /**
   * The values text, decoded from a copy in a buffer kept for it (the browser decodes text from the module's memory at
   * a third of the speed).
   */
  private text(memory: Uint8Array, at: number, length: number): string {
    if (this.textCopy.length < length) this.textCopy = new Uint8Array(Math.max(length, 2 * this.textCopy.length));
    this.textCopy.set(memory.subarray(at, at + length));
    return decoder.decode(this.textCopy.subarray(0, length));
  }

  private grow(end: number): Uint8Array {
    this.bytes = memoryBytes(this.exports.memory, end, this.bytes);
    return this.bytes;
  }
}

/** A module's reader maker: one module per worker, made on first use; null where WebAssembly with SIMD cannot run. */
export function wasmRowReader(
  base64: string,
  layout: RowsLayout,
): (wanted: readonly string[]) => { read(spans: SpanBytes, first: number, end: number): ReadRecords } | null {
  const module = oneModule(() => new RowsModule(base64, layout));
  return (wanted) => {
    const made = module();
    if (!made) return null;
    const cfg = made.config(wanted);
    return { read: (spans, first, end) => made.read(spans, first, end, cfg) };
  };
}

/** Batches that need JSON.parse before a file's spans are taken for another shape than the module reads. */
const GIVE_UP_AFTER = 8;

/**
 * The locator's RowReader over a module's reader: `convert` makes span k of
 * the batch read last into rows. A file whose spans are of another shape
 * stops trying after a few batches (each try is a walk over a batch's bytes).
 */
export function recordsReader(
  reader: { read(spans: SpanBytes, first: number, end: number): ReadRecords },
  convert: (read: ReadRecords, k: number, group: string, path: () => string) => Converted | null,
): RowReader {
  let read: ReadRecords | null = null;
  let readAny = false;
  let failures = 0;
  return {
    read(spans, first, end) {
      if (failures >= GIVE_UP_AFTER && !readAny) return false;
      const found = reader.read(spans, first, end);
      read = found.read === end - first ? found : null;
      if (read) readAny = true;
      else failures++;
      return read !== null;
    },
    convert: (k, group, path) => convert(read as ReadRecords, k, group, path),
  };
}
