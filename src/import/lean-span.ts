// A span's JSON cut down before JSON.parse. The streaming importer needs a
// few fields of each span for its row, while one member (OTLP's attributes,
// Jaeger's tags, Zipkin's tags) holds most of the bytes. That member is
// checked byte by byte, as strictly as JSON.parse checks it, and only the
// entries that mention a name the row converter looks up stay in it: the
// converter reads nothing else there, so its row is the same. Details are
// parsed later from the file's own bytes, whole.
//
// Anything unexpected (no such member, an escape that could spell a name,
// text that is not valid JSON) leaves the span as it was: JSON.parse then
// sees the original and reports what it always did.
//
// The check runs in WebAssembly (wasm/lean-span.ts): it walks every byte of
// two thirds of a file, and there it takes half the time the same walk took
// in JavaScript, with no optimizing compiler to wait for.
import { LEAN_SPAN_WASM } from './lean-span-wasm';
import { COMMA } from './json-bytes';
import { piecesSize, placePieces, type SpanBytes } from './span-bytes';
import { instantiate, memoryBytes, namesSize, oneModule, padded, WASM_PAGE, writeNames } from './wasm-module';

export interface LeanSpec {
  /** The span's member to cut down; its value is an array or an object. */
  member: string;
  /** Names the row converter looks up there: entries holding one of them as a string stay. */
  wanted: readonly string[];
}

interface LeanExports {
  memory: WebAssembly.Memory;
  lean(span: number, length: number, out: number, marks: number, cfg: number): number;
  leanMany(b: number, table: number, count: number, out: number, marks: number, cfg: number): number;
}

/** Below this, the module's own static data; configs follow it, then the scratch space of one call. */
const CONFIG_BASE = WASM_PAGE;
const SCRATCH_BASE = 2 * WASM_PAGE;
/** Zero bytes after the span, so the module may read a little past its end. */
const PADDING = 8;

const encoder = new TextEncoder();

/** The module, shared by every writer of this worker (calls are synchronous, so one scratch space serves all). */
class LeanModule {
  readonly exports = instantiate<LeanExports>(LEAN_SPAN_WASM);
  private bytes = this.memory();
  private nextConfig = CONFIG_BASE;
  /** Configs by spec: every part of every file makes a writer, and they share one. */
  private readonly configs = new Map<string, number>();

  /** The config of one spec, written once; returns its address. */
  config(spec: LeanSpec): number {
    const key = [spec.member, ...spec.wanted].join('\n');
    const known = this.configs.get(key);
    if (known !== undefined) return known;
    const member = encoder.encode(spec.member);
    const names = spec.wanted.map((name) => encoder.encode(name));
    const size = 16 + padded(member.length) + namesSize(names);
    if (this.nextConfig + size > SCRATCH_BASE) throw new Error('too many lean specs');
    const at = this.nextConfig;
    this.nextConfig += size;
    const bytes = this.memory();
    const view = new DataView(bytes.buffer);
    view.setInt32(at, member.length, true);
    view.setInt32(at + 4, names.length, true);
    let lengths = 0n;
    for (const name of names) if (name.length < 64) lengths |= 1n << BigInt(name.length);
    view.setBigUint64(at + 8, lengths, true);
    bytes.set(member, at + 16);
    writeNames(bytes, at + 16 + padded(member.length), names);
    this.configs.set(key, at);
    return at;
  }

  /** The module's memory, grown to hold a call's scratch space of `need` bytes. */
  memory(need = 0): Uint8Array {
    this.bytes = memoryBytes(this.exports.memory, SCRATCH_BASE + need, this.bytes);
    return this.bytes;
  }
}

/** The module, or null where WebAssembly cannot run (spans then go to JSON.parse whole). */
const leanModule = oneModule(() => new LeanModule());

export class LeanWriter {
  private readonly module: LeanModule | null;
  private readonly cfg: number;
  private joined = new Uint8Array(64 * 1024);

  /** Without a spec, spans are joined as they are. */
  constructor(spec?: LeanSpec) {
    this.module = spec ? leanModule() : null;
    this.cfg = this.module && spec ? this.module.config(spec) : 0;
  }

  /**
   * Spans `first` to `end` of `spans`, each cut down where it can be, joined
   * by commas: a view that stays valid until the next call. The bytes are
   * copied in once for the batch (spans that follow one another in their
   * source in one piece) and cut in one call.
   */
  cut(spans: SpanBytes, first: number, end: number): Uint8Array {
    const module = this.module;
    if (!module) return this.join(spans, first, end);
    const count = end - first;
    // Scratch: the table of spans, the bytes (pieces of sources), the output (never longer), the marks (one entry per
    // two bytes of the longest span).
    const { bytes, longest } = piecesSize(spans, first, end);
    const table = SCRATCH_BASE;
    const input = table + 8 * count;
    const output = input + padded(bytes + PADDING);
    const marks = output + padded(bytes + count);
    const memory = module.memory(marks + 12 * (longest / 2 + 2) - SCRATCH_BASE);
    const at = placePieces(memory, spans, first, end, table, input);
    memory.fill(0, input + at, input + at + PADDING);
    const length = module.exports.leanMany(input, table, count, output, marks, this.cfg);
    // Out of the module's memory: the browser decodes text from there at a third of the speed.
    return this.take(memory.subarray(output, output + length));
  }

  /** A copy of `bytes` in this writer's own buffer. */
  private take(bytes: Uint8Array): Uint8Array {
    if (bytes.length > this.joined.length) this.joined = new Uint8Array(Math.max(bytes.length, this.joined.length * 2));
    this.joined.set(bytes);
    return this.joined.subarray(0, bytes.length);
  }

  /** The spans as they are, joined by commas (where WebAssembly cannot run). */
  private join({ source, from, to }: SpanBytes, first: number, end: number): Uint8Array {
    let need = end - first;
    for (let k = first; k < end; k++) need += (to[k] as number) - (from[k] as number);
    if (need > this.joined.length) this.joined = new Uint8Array(Math.max(need, this.joined.length * 2));
    let at = 0;
    for (let k = first; k < end; k++) {
      if (k > first) this.joined[at++] = COMMA;
      const bytes = (source[k] as Uint8Array).subarray(from[k], to[k]);
      this.joined.set(bytes, at);
      at += bytes.length;
    }
    return this.joined.subarray(0, at);
  }
}
