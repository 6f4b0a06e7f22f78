// The scanner's run of span list elements in WebAssembly (wasm/span-ends.ts):
// where each element starts and ends, and on which line, until one goes on
// past the chunk, something other than an object follows, or the list ends.
// value-end.ts does the same in JavaScript where WebAssembly (with SIMD) is
// not there; this takes half its time on a span file.
import { SPAN_ENDS_WASM } from './span-ends-wasm';
import { instantiate, memoryBytes, oneModule, WASM_PAGE } from './wasm-module';

interface SpanEndsExports {
  memory: WebAssembly.Memory;
  run(
    b: number,
    i: number,
    limit: number,
    n: number,
    line: number,
    lineStart: number,
    out: number,
    max: number,
  ): number;
  endIndex(): number;
  endLine(): number;
  endLineStart(): number;
  endAfterComma(): number;
}

/** Below this, the module's own static data; the bytes of one call follow it, then the columns. */
const INPUT = WASM_PAGE;
/** Zero bytes after the input: the module reads sixteen bytes at a time and stops at a zero. */
const PADDING = 16;
/** Elements found per call at most: the size of each column. */
const MAX = 4096;

/**
 * What one `find` found; positions count from the `from` it was given. Columns are views, valid until the next call.
 */
export interface FoundRun {
  count: number;
  start: Int32Array;
  end: Int32Array;
  line: Int32Array;
  column: Int32Array;
  /** Where it stopped, and the line there (and where that line starts)… */
  stop: number;
  line0: number;
  lineStart: number;
  /** …after a comma (else after an element). */
  afterComma: boolean;
}

class SpanEnds {
  private readonly exports = instantiate<SpanEndsExports>(SPAN_ENDS_WASM);
  private bytes: Uint8Array | undefined;
  private output = 0;
  private readonly found: FoundRun = {
    count: 0,
    start: new Int32Array(0),
    end: new Int32Array(0),
    line: new Int32Array(0),
    column: new Int32Array(0),
    stop: 0,
    line0: 0,
    lineStart: 0,
    afterComma: false,
  };

  /**
   * Elements of a span list in `bytes` from `from` (an object starts there)
   * while each starts before `limit`; `line` is the line at `from` and
   * `lineStart` where it starts (both as the scanner counts, the latter
   * relative to `from`, so it may be negative).
   */
  find(bytes: Uint8Array, from: number, limit: number, line: number, lineStart: number): FoundRun {
    const n = bytes.length - from;
    const output = INPUT + ((n + PADDING + 15) & ~15);
    const memory = this.exports.memory;
    const into = memoryBytes(memory, output + 16 * MAX, this.bytes);
    if (into !== this.bytes || this.output !== output) {
      this.bytes = into;
      this.output = output;
      const found = this.found;
      found.start = new Int32Array(memory.buffer, output, MAX);
      found.end = new Int32Array(memory.buffer, output + 4 * MAX, MAX);
      found.line = new Int32Array(memory.buffer, output + 8 * MAX, MAX);
      found.column = new Int32Array(memory.buffer, output + 12 * MAX, MAX);
    }
    into.set(from === 0 ? bytes : bytes.subarray(from), INPUT);
    into.fill(0, INPUT + n, INPUT + n + PADDING);
    const e = this.exports;
    const found = this.found;
    found.count = e.run(INPUT, 0, limit - from, n, line, lineStart, output, MAX);
    found.stop = e.endIndex();
    found.line0 = e.endLine();
    found.lineStart = e.endLineStart();
    found.afterComma = e.endAfterComma() === 1;
    return found;
  }
}

/** The module, or null where WebAssembly (with SIMD) cannot run: the scanner then runs its own loop. */
export const spanEnds = oneModule(() => new SpanEnds());
