// A resumable, byte-level JSON scanner for files of any size. It walks the
// structure only where a handler asks it to (`descend`), records the byte range
// of values the handler wants (`capture`), and skips everything else quickly,
// jumping over string contents with indexOf. It never builds the document, so
// a file far beyond V8's string limit streams through in chunks. Captured
// values are parsed later, in batches, with the engine's own JSON.parse.
//
// Several top-level values in a row are scanned as documents in JSON Lines
// (one per line); elsewhere a second one is an error.
//
// A span list is most of a span file: an array the handler marks `each` has
// its object elements captured in runs, by one tight loop (in WebAssembly,
// span-ends.ts, where it can run) and one handler call per run.
import { pushAll } from '../model/arrays';
import {
  BACKSLASH,
  CLOSE_ARRAY,
  CLOSE_OBJECT,
  COLON,
  COMMA,
  NEWLINE,
  OPEN_ARRAY,
  OPEN_OBJECT,
  QUOTE,
} from './json-bytes';
import { spanEnds } from './span-ends';
import { findRunInJs, valueLines, wholeValue } from './value-end';
import { MAX_NESTING, TOO_DEEP } from './json-nesting';

export type PathSegment = string | number;
/**
 * What to do with a value. `each` (arrays, and only with a `capturedRun`
 * handler): descend, and capture every element that is an object without
 * asking; other elements are asked as usual. `enter` must answer `capture`
 * for those object elements too: the scanner still asks where an element
 * starts in one chunk and ends in the next.
 */
export type Decision = 'capture' | 'descend' | 'skip' | 'each';

export interface ScanPosition {
  offset: number;
  line: number;
  column: number;
}

export interface ScanHandler {
  /** A value starts at `path` in document `doc`. Scalars cannot be descended (treated as skip). */
  enter(path: readonly PathSegment[], doc: number, type: 'object' | 'array' | 'scalar'): Decision;
  /**
   * A captured value is complete. `bytes` is a view of the chunk given to
   * `push` (or a fresh copy when the value spanned chunks): it stays as it is
   * as long as the caller does not write into the chunks it pushes. `path`
   * and `start` are the scanner's own, changed by the next value: copy what
   * is kept of them.
   */
  captured(path: readonly PathSegment[], doc: number, bytes: Uint8Array, start: ScanPosition): void;
  /** A top-level value ended. */
  documentEnd(doc: number): void;
  /**
   * Object elements of an `each` array, captured one after another within one
   * chunk: `path` is the array's. The run and its columns are the scanner's,
   * reused for the next run: copy what is kept.
   */
  capturedRun?(path: readonly PathSegment[], doc: number, bytes: Uint8Array, run: CaptureRun): void;
}

/** Elements captured in a row: element k is `bytes[start[k]..end[k])`, at array index `firstIndex + k`. */
export interface CaptureRun {
  count: number;
  firstIndex: number;
  /** Stream offset of `bytes[0]`. */
  bytesOffset: number;
  start: Int32Array;
  end: Int32Array;
  line: Int32Array;
  column: Int32Array;
}

export class JsonScanError extends Error {
  constructor(
    message: string,
    readonly position: ScanPosition,
  ) {
    super(message);
  }
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

/**
 * Object states: K key or end, k key, C colon, V value, E comma or end. Array: v value or end, w value, e comma or end.
 */
type FrameState = 'K' | 'k' | 'C' | 'V' | 'E' | 'v' | 'w' | 'e';

interface Frame {
  object: boolean;
  state: FrameState;
  index: number;
  /** An `each` array: object elements are captured in runs. */
  each: boolean;
}

/**
 * Where a scan can be taken up again by another scanner (in another worker,
 * on the rest of the same file): outside any key and any skipped or captured
 * value. Plain data, so it can be posted.
 */
export interface ScanCheckpoint {
  frames: Frame[];
  path: PathSegment[];
  doc: number;
  offset: number;
  line: number;
  lineStart: number;
}

const keyDecoder = new TextDecoder();

export class JsonScanner {
  private readonly frames: Frame[] = [];
  private readonly path: PathSegment[] = [];
  private doc = 0;
  private offset = 0; // stream offset of the current chunk's first byte
  private line = 1;
  private lineStart = 0; // stream offset of the current line's first byte

  // Reading a key of a descended object.
  private inKey = false;
  private keyEscape = false;
  private keyBytes: number[] = [];

  // Consuming one value that is skipped or captured (not descended).
  private valueActive = false;
  private valueCapture = false;
  private valueDepth = 0;
  private valueScalar = false;
  /** The value started in this chunk and nothing of it is consumed yet. */
  private valueFresh = false;
  private inString = false;
  private escapeCarry = false;
  private captureParts: Uint8Array[] = [];
  private captureStart: ScanPosition = { offset: 0, line: 1, column: 1 };
  private sawBom = false;
  private readonly valueStack: number[] = [];
  private skippingLine = false;
  /** The line the last document ended on. */
  private lastEndLine = 0;

  /**
   * `lineDelimited`: JSON Lines, one document per line. A line break inside a
   * document is an error there, and `recoverAt` resumes at the next line.
   */
  constructor(
    private readonly handler: ScanHandler,
    private readonly lineDelimited = false,
    from?: ScanCheckpoint,
  ) {
    if (from) {
      // A handler without runs takes `each` arrays element by element.
      pushAll(
        this.frames,
        from.frames.map((f) => ({ ...f, each: f.each && handler.capturedRun !== undefined })),
      );
      pushAll(this.path, from.path);
      this.doc = from.doc;
      this.offset = from.offset;
      this.line = from.line;
      this.lineStart = from.lineStart;
      this.sawBom = true;
    }
  }

  private stopAt = Infinity;
  private stopped: ScanCheckpoint | null = null;

  /**
   * Stops at the first checkpoint at or after stream offset `offset`: `push`
   * then returns how many bytes of its chunk it used, and `checkpoint` says
   * where the rest of the file can be scanned by another scanner.
   */
  stopFrom(offset: number): void {
    this.stopAt = offset;
  }

  get checkpoint(): ScanCheckpoint | null {
    return this.stopped;
  }

  /** Stream offset of the chunk being pushed: where a thrown error's chunk starts. */
  get chunkOffset(): number {
    return this.offset;
  }

  /** After an error in JSON Lines: drop the broken document and skip to the next line. */
  recoverAt(streamOffset: number): void {
    this.frames.length = 0;
    this.path.length = 0;
    this.inKey = false;
    this.valueActive = false;
    this.valueFresh = false;
    this.inString = false;
    this.captureParts = [];
    this.valueStack.length = 0;
    this.offset = streamOffset;
    this.skippingLine = true;
    this.doc++;
  }

  /** The line the scan is on (JSON Lines: the line of the document that just ended, in documentEnd). */
  get currentLine(): number {
    return this.line;
  }

  /** Stream offset where the current line starts. */
  get currentLineStart(): number {
    return this.lineStart;
  }

  get documents(): number {
    return this.doc;
  }

  private position(at: number): ScanPosition {
    return { offset: at, line: this.line, column: at - this.lineStart + 1 };
  }

  private fail(i: number, message: string): never {
    throw new JsonScanError(message, this.position(this.offset + i));
  }

  private describe(bytes: Uint8Array, i: number): string {
    return JSON.stringify(String.fromCharCode(bytes[i] as number));
  }

  /**
   * Scans the next chunk (up to a checkpoint, after `stopFrom`: then `checkpoint` is set and the rest of the chunk is
   * left).
   */
  push(bytes: Uint8Array): void {
    if (this.stopped) return;
    let i = 0;
    const n = bytes.length;
    if (!this.sawBom && this.offset === 0 && n >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)
      i = 3;
    if (n > 0) this.sawBom = true;
    let captureFrom = this.valueActive && this.valueCapture ? 0 : -1;
    if (this.skippingLine) {
      const nl = bytes.indexOf(NEWLINE, i);
      if (nl === -1) {
        this.offset += n;
        return;
      }
      this.skippingLine = false;
      this.line++;
      this.lineStart = this.offset + nl + 1;
      i = nl + 1;
    }
    while (i < n) {
      if (this.offset + i >= this.stopAt && !this.valueActive && !this.inKey) {
        this.stopped = {
          frames: this.frames.map((f) => ({ ...f })),
          path: this.path.slice(),
          doc: this.doc,
          offset: this.offset + i,
          line: this.line,
          lineStart: this.lineStart,
        };
        this.offset += i;
        return;
      }
      if (this.valueActive) {
        let end = -1;
        if (this.valueFresh && !this.valueScalar && !this.lineDelimited) {
          // The usual case: the whole value is in this chunk. One tight pass, no state kept.
          end = wholeValue(bytes, i);
          if (end >= 0 && valueLines.last >= 0) {
            this.line += valueLines.count;
            this.lineStart = this.offset + valueLines.last + 1;
          }
        }
        this.valueFresh = false;
        if (end < 0) end = this.consumeValue(bytes, i);
        if (end < 0) break; // the value continues in the next chunk
        if (this.valueCapture) this.finishCapture(bytes.subarray(captureFrom, end));
        this.valueActive = false;
        captureFrom = -1;
        i = end;
        this.afterValue();
        continue;
      }
      if (this.inKey) {
        i = this.consumeKey(bytes, i);
        continue;
      }
      const c = bytes[i] as number;
      if (isSpace(c)) {
        if (c === NEWLINE) {
          const open = this.frames[this.frames.length - 1];
          if (this.lineDelimited && open) this.fail(i, `the text ends early: expected ${open.object ? "'}'" : "']'"}`);
          this.line++;
          this.lineStart = this.offset + i + 1;
        }
        i++;
        continue;
      }
      const frame = this.frames[this.frames.length - 1];
      if (!frame) {
        // Top level: a new document starts.
        i = this.startValue(bytes, i);
        if (this.valueActive && this.valueCapture) captureFrom = this.captureStart.offset - this.offset;
        continue;
      }
      switch (frame.state) {
        case 'K':
        case 'k':
          if (c === QUOTE) {
            this.inKey = true;
            this.keyEscape = false;
            this.keyBytes.length = 0;
            i++;
          } else if (c === CLOSE_OBJECT && frame.state === 'K') {
            i = this.closeFrame(i);
          } else
            this.fail(
              i,
              `expected a quoted object key but found ${this.describe(bytes, i)}${c === CLOSE_OBJECT ? ' (a trailing comma?)' : ''}`,
            );
          break;
        case 'C':
          if (c !== COLON) this.fail(i, `expected ':' after an object key but found ${this.describe(bytes, i)}`);
          frame.state = 'V';
          i++;
          break;
        case 'V':
        case 'w':
        case 'v':
          if (c === CLOSE_ARRAY && frame.state === 'v') {
            i = this.closeFrame(i);
            break;
          }
          if (frame.each && c === OPEN_OBJECT) {
            const next = this.captureRun(bytes, i, frame);
            if (next !== i) {
              i = next;
              break;
            }
          }
          if (c === CLOSE_ARRAY || c === CLOSE_OBJECT || c === COMMA || c === COLON) {
            this.fail(
              i,
              `expected a JSON value but found ${this.describe(bytes, i)}${c === CLOSE_ARRAY ? ' (a trailing comma?)' : ''}`,
            );
          }
          if (!frame.object) this.path.push(frame.index);
          i = this.startValue(bytes, i);
          if (this.valueActive && this.valueCapture) captureFrom = this.captureStart.offset - this.offset;
          break;
        case 'E':
        case 'e':
          if (c === COMMA) {
            frame.state = frame.object ? 'k' : 'w';
            i++;
          } else if ((c === CLOSE_OBJECT && frame.object) || (c === CLOSE_ARRAY && !frame.object)) {
            i = this.closeFrame(i);
          } else
            this.fail(i, `expected ${frame.object ? "',' or '}'" : "',' or ']'"} but found ${this.describe(bytes, i)}`);
          break;
      }
    }
    if (this.valueActive && this.valueCapture) this.captureParts.push(bytes.slice(Math.max(0, captureFrom), n));
    this.offset += n;
  }

  /** Call at the end of the stream (not after a stop at a checkpoint: the other scanner ends it). */
  end(): void {
    if (this.valueActive && this.valueScalar && !this.inString && this.frames.length === 0) {
      // A number or literal at the very end of the stream: the end is its delimiter.
      if (this.valueCapture) this.finishCapture(new Uint8Array(0));
      this.valueActive = false;
      this.afterValue();
    }
    if (this.inKey || this.valueActive || this.frames.length) {
      const open = this.frames[this.frames.length - 1];
      const what =
        this.inKey || this.inString ? 'a closing quote' : open ? (open.object ? "'}'" : "']'") : 'the end of the value';
      throw new JsonScanError(`the text ends early: expected ${what}`, this.position(this.offset));
    }
    if (this.doc === 0) throw new JsonScanError('the file is empty', { offset: 0, line: 1, column: 1 });
  }

  private closeFrame(i: number): number {
    this.frames.pop();
    this.afterValue();
    return i + 1;
  }

  /** After a value ends: advance the parent frame or finish the document. */
  private afterValue(): void {
    const frame = this.frames[this.frames.length - 1];
    if (!frame) {
      this.lastEndLine = this.line;
      this.handler.documentEnd(this.doc);
      this.doc++;
      return;
    }
    this.path.pop(); // the key or index that led to the value
    if (frame.object) frame.state = 'E';
    else {
      frame.index++;
      frame.state = 'e';
    }
  }

  private startValue(bytes: Uint8Array, i: number): number {
    const c = bytes[i] as number;
    // Outside JSON Lines a file is one document: what follows it is an error, as JSON.parse has it.
    // In JSON Lines, a line is one document: a second one on the same line breaks the line.
    if (this.frames.length === 0 && this.doc > 0 && (!this.lineDelimited || this.line === this.lastEndLine)) {
      this.fail(i, `unexpected ${this.describe(bytes, i)} after the end of the JSON value`);
    }
    const container = c === OPEN_OBJECT || c === OPEN_ARRAY;
    let decision = this.handler.enter(
      this.path,
      this.doc,
      c === OPEN_OBJECT ? 'object' : c === OPEN_ARRAY ? 'array' : 'scalar',
    );
    if ((decision === 'descend' || decision === 'each') && !container) decision = 'skip';
    if (decision === 'descend' || decision === 'each') {
      if (this.frames.length >= MAX_NESTING) this.fail(i, TOO_DEEP);
      const each =
        decision === 'each' && c === OPEN_ARRAY && !this.lineDelimited && this.handler.capturedRun !== undefined;
      this.frames.push({ object: c === OPEN_OBJECT, state: c === OPEN_OBJECT ? 'K' : 'v', index: 0, each });
      return i + 1;
    }
    if (
      !container &&
      c !== QUOTE &&
      c !== 0x2d &&
      !(c >= 0x30 && c <= 0x39) &&
      c !== 0x74 &&
      c !== 0x66 &&
      c !== 0x6e
    ) {
      this.fail(i, `expected a JSON value but found ${this.describe(bytes, i)}`);
    }
    this.valueActive = true;
    this.valueCapture = decision === 'capture';
    this.valueDepth = 0;
    this.valueScalar = !container;
    this.valueFresh = true;
    this.valueStack.length = 0;
    this.inString = false;
    this.escapeCarry = false;
    this.captureParts = [];
    if (this.valueCapture) {
      // One object for every capture: a span file has a capture per span.
      const start = this.captureStart;
      start.offset = this.offset + i;
      start.line = this.line;
      start.column = start.offset - this.lineStart + 1;
    }
    return i; // consumeValue starts at the value's first byte
  }

  /**
   * Captures the object elements of an `each` array from i (an object starts
   * there) while each ends within the chunk, with what separates them: the
   * usual way of a span list, one tight loop (span-ends.ts, or its
   * JavaScript twin in value-end.ts) and one handler call per run. Returns
   * where it stopped: before the first byte it leaves to the general scan
   * (a stop offset, an element going on in the next chunk, anything but an
   * object, a comma and spaces, or the array's end).
   */
  private captureRun(bytes: Uint8Array, i: number, frame: Frame): number {
    const limit = Math.min(bytes.length, this.stopAt - this.offset);
    const ends = spanEnds();
    while (i < limit && bytes[i] === OPEN_OBJECT) {
      const lineStart = this.lineStart - this.offset - i;
      const found = ends
        ? ends.find(bytes, i, limit, this.line, lineStart)
        : findRunInJs(bytes, i, limit, this.line, lineStart);
      if (found.count === 0) break;
      const { count, start, end, line, column } = found;
      this.handler.capturedRun?.(this.path, this.doc, bytes.subarray(i), {
        count,
        firstIndex: frame.index,
        bytesOffset: this.offset + i,
        start,
        end,
        line,
        column,
      });
      frame.index += count;
      frame.state = found.afterComma ? 'w' : 'e';
      this.line = found.line0;
      this.lineStart = this.offset + i + found.lineStart;
      i += found.stop;
      if (!found.afterComma) break;
    }
    return i;
  }

  /**
   * Consumes the active value from i. Returns the index just past its end, or
   * -1 when the chunk ended first. Strings are jumped over with indexOf.
   */
  private consumeValue(bytes: Uint8Array, i: number): number {
    const n = bytes.length;
    const resumeAt = i;
    while (i < n) {
      if (this.inString) {
        let q = bytes.indexOf(QUOTE, i);
        if (this.lineDelimited) {
          const nl = bytes.indexOf(NEWLINE, i);
          if (nl !== -1 && (q === -1 || nl < q))
            this.fail(nl, 'a line break or control character inside a string (unterminated string?)');
        }
        for (;;) {
          if (q === -1) {
            // Remember whether the chunk ends inside an escape.
            let run = 0;
            let k = n - 1;
            while (k >= i && bytes[k] === BACKSLASH) {
              run++;
              k--;
            }
            this.escapeCarry = k < i && i === resumeAt ? (run + (this.escapeCarry ? 1 : 0)) % 2 === 1 : run % 2 === 1;
            return -1;
          }
          let run = 0;
          let k = q - 1;
          while (k >= i && bytes[k] === BACKSLASH) {
            run++;
            k--;
          }
          if (k < i && i === resumeAt && this.escapeCarry) run++;
          if (run % 2 === 0) break;
          q = bytes.indexOf(QUOTE, q + 1);
        }
        this.escapeCarry = false;
        this.inString = false;
        i = q + 1;
        if (this.valueDepth === 0) return i; // a string scalar ends with its quote
        continue;
      }
      const c = bytes[i] as number;
      if (this.valueScalar && this.valueDepth === 0 && c !== QUOTE) {
        // A number or literal runs to the next delimiter.
        if (c === COMMA || c === CLOSE_OBJECT || c === CLOSE_ARRAY || isSpace(c)) return i;
        i++;
        continue;
      }
      switch (c) {
        case QUOTE:
          this.inString = true;
          this.escapeCarry = false;
          i++;
          break;
        case OPEN_OBJECT:
        case OPEN_ARRAY:
          this.valueDepth++;
          if (this.valueDepth + this.frames.length > MAX_NESTING) this.fail(i, TOO_DEEP);
          this.valueStack.push(c);
          i++;
          break;
        case CLOSE_OBJECT:
        case CLOSE_ARRAY:
          this.valueDepth--;
          this.valueStack.pop();
          i++;
          if (this.valueDepth === 0) return i;
          break;
        case NEWLINE:
          if (this.lineDelimited) {
            const top =
              this.valueStack[this.valueStack.length - 1] ??
              (this.frames[this.frames.length - 1]?.object ? OPEN_OBJECT : OPEN_ARRAY);
            this.fail(i, `the text ends early: expected ${top === OPEN_OBJECT ? "'}'" : "']'"}`);
          }
          this.line++;
          this.lineStart = this.offset + i + 1;
          i++;
          break;
        default:
          i++;
      }
    }
    return -1;
  }

  private finishCapture(tail: Uint8Array): void {
    let bytes = tail;
    if (this.captureParts.length) {
      let total = tail.length;
      for (const part of this.captureParts) total += part.length;
      bytes = new Uint8Array(total);
      let at = 0;
      for (const part of this.captureParts) {
        bytes.set(part, at);
        at += part.length;
      }
      bytes.set(tail, at);
      this.captureParts = [];
    }
    this.handler.captured(this.path, this.doc, bytes, this.captureStart);
  }

  private consumeKey(bytes: Uint8Array, i: number): number {
    const n = bytes.length;
    while (i < n) {
      const c = bytes[i] as number;
      if (this.keyEscape) {
        this.keyEscape = false;
        this.keyBytes.push(c);
      } else if (c === BACKSLASH) {
        this.keyEscape = true;
        this.keyBytes.push(c);
      } else if (c === QUOTE) {
        this.inKey = false;
        // Keys are short and almost always ASCII: no decoder needed.
        const raw =
          this.keyBytes.length <= 64 && this.keyBytes.every((b) => b < 0x80)
            ? // eslint-disable-next-line no-restricted-syntax -- at most 64 arguments
              String.fromCharCode(...this.keyBytes)
            : keyDecoder.decode(Uint8Array.from(this.keyBytes));
        const key = raw.includes('\\') ? (JSON.parse(`"${raw}"`) as string) : raw;
        const frame = this.frames[this.frames.length - 1] as Frame;
        frame.state = 'C';
        this.path.push(key);
        return i + 1;
      } else {
        if (c < 0x20) this.fail(i, 'a line break or control character inside a string (unterminated string?)');
        this.keyBytes.push(c);
      }
      i++;
    }
    return i;
  }
}
