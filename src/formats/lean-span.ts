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

export interface LeanSpec {
  /** The span's member to cut down; its value is an array or an object. */
  member: string;
  /** Names the row converter looks up there: entries holding one of them as a string stay. */
  wanted: readonly string[];
}

interface LeanExports {
  memory: WebAssembly.Memory;
  lean(span: number, length: number, out: number, marks: number, cfg: number): number;
}

const PAGE = 64 * 1024;
/** Below this, the module's own static data; configs follow it, then the scratch space of one call. */
const CONFIG_BASE = PAGE;
const SCRATCH_BASE = 2 * PAGE;
/** Zero bytes after the span, so the module may read a little past its end. */
const PADDING = 8;

const encoder = new TextEncoder();

/** The module, shared by every writer of this worker (calls are synchronous, so one scratch space serves all). */
class LeanModule {
  readonly exports: LeanExports;
  private bytes: Uint8Array;
  private nextConfig = CONFIG_BASE;

  constructor() {
    const binary = Uint8Array.from(atob(LEAN_SPAN_WASM), (c) => c.charCodeAt(0));
    this.exports = new WebAssembly.Instance(new WebAssembly.Module(binary), {}).exports as unknown as LeanExports;
    this.bytes = new Uint8Array(this.exports.memory.buffer);
  }

  /** The config of one spec, written once; returns its address. */
  config(spec: LeanSpec): number {
    const member = encoder.encode(spec.member);
    const names = spec.wanted.map((name) => encoder.encode(name));
    const size = 16 + padded(member.length) + names.reduce((sum, name) => sum + 4 + padded(name.length), 0);
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
    let p = at + 16 + padded(member.length);
    for (const name of names) {
      view.setInt32(p, name.length, true);
      bytes.set(name, p + 4);
      p += 4 + padded(name.length);
    }
    return at;
  }

  /** The module's memory, grown to hold a call's scratch space of `need` bytes. */
  memory(need = 0): Uint8Array {
    const missing = SCRATCH_BASE + need - this.exports.memory.buffer.byteLength;
    if (missing > 0) this.exports.memory.grow(Math.ceil(missing / PAGE));
    if (this.bytes.buffer !== this.exports.memory.buffer) this.bytes = new Uint8Array(this.exports.memory.buffer);
    return this.bytes;
  }
}

let shared: LeanModule | null | undefined;

/** The module, or null where WebAssembly cannot run (spans then go to JSON.parse whole). */
function leanModule(): LeanModule | null {
  if (shared === undefined) {
    try {
      shared = new LeanModule();
    } catch {
      shared = null;
    }
  }
  return shared;
}

export class LeanWriter {
  private readonly module = leanModule();
  private readonly cfg: number;

  constructor(spec: LeanSpec) {
    this.cfg = this.module ? this.module.config(spec) : 0;
  }

  /**
   * Writes `span` into `out` from `at`, cut down where it can be; returns
   * where the written bytes end. Never longer than `span`.
   */
  write(span: Uint8Array, out: Uint8Array, at: number): number {
    const module = this.module;
    const n = span.length;
    if (!module) {
      out.set(span, at);
      return at + n;
    }
    // Scratch: the span and its padding, the output (never longer), the marks (at most one entry per two bytes).
    const input = SCRATCH_BASE;
    const output = input + padded(n + PADDING);
    const marks = output + padded(n);
    const memory = module.memory(marks + 12 * (n / 2 + 2) - SCRATCH_BASE);
    memory.set(span, input);
    memory.fill(0, input + n, input + n + PADDING);
    const length = module.exports.lean(input, n, output, marks, this.cfg);
    out.set(memory.subarray(output, output + length), at);
    return at + length;
  }
}

function padded(n: number): number {
  return (n + 3) & ~3;
}
