// Scans one part of a file into table rows: from the start or from a
// checkpoint, to the end or to the first checkpoint past a given offset.
// Captured spans are held as columns (where their bytes are) and parsed in
// batches, each cut down (lean-span.ts), parsed with one JSON.parse and
// converted by the format's locator. The import worker scans the first
// part; a helper worker can scan the rest of the same file at the same time
// (see stream-import.ts), with a locator fed the same context first.
import { JsonScanError, JsonScanner, type PathSegment, type ScanCheckpoint, type ScanPosition } from './json-scan';
import { locateJsonError, textProblem } from './json-text';
import { LeanWriter } from './lean-span';
import { pathText, type ScanPass, type StreamLocator } from './stream-locator';
import type { Warning } from '../model/trace';
import { Interner, type SpanTable } from '../tree/span-table';
import { appendReadBatch, parseBatch, spanText, type BatchJob, type BatchResult } from './batch-parse';
import { HeldSpans } from './held-spans';
import { SliceReader, type ReadAhead } from './slice-reader';

export class CancelledError extends Error {
  constructor() {
    super('cancelled');
  }
}

/** One addContext call: replayed into another worker's locator so both know the same context. */
export interface ContextRecord {
  group: string;
  path: PathSegment[];
  value: unknown;
}

export interface PartSetup {
  /** The file's name, for warnings. */
  name: string;
  file: number;
  lineDelimited: boolean;
  pass: ScanPass;
  /** Where to start: null for the start of the file. */
  from: ScanCheckpoint | null;
  /** Stop at the first checkpoint from this offset on (Infinity: scan to the end). */
  stopFrom: number;
  /** Context group names known so far, by id. */
  groups: string[];
  batchBytes: number;
  /** Re-chunk the reads (tests use tiny chunks to prove chunking does not matter). */
  chunkBytes?: number;
}

export interface PartHooks {
  cancelled?: () => boolean;
  /** Bytes read of this part, spans found in it. */
  progress?: (bytesRead: number, spans: number) => void;
  /** The file's bytes when they were read at once (small files): all of its buffer. */
  whole?: Uint8Array;
  /** Keep full batches until `parseWaiting`: the scan itself is then as quick as it gets. */
  deferParse?: boolean;
  /** What the part before this one read of the file from where this part starts. */
  given?: ReadAhead;
  /** A reader started already at the part's start (the import starts reading before it knows the format). */
  reader?: SliceReader;
}

const EMPTY = new Uint8Array(0);

/** Progress goes to the page at most this often: each message is a render there. */
const PROGRESS_MS = 100;
/** Slices are scanned in chunks of this size (tests ask for tiny chunks, to prove that chunking does not matter). */
const CHUNK_BYTES = 1024 * 1024;

/** Lets queued messages run. A message to ourselves, unlike a nested setTimeout, is not clamped to 4 ms. */
function eventTurn(): Promise<void> {
  if (typeof MessageChannel === 'undefined') return new Promise((resolveLater) => setTimeout(resolveLater, 0));
  return new Promise((resolveLater) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolveLater();
    };
    channel.port2.postMessage(null);
  });
}

/**
 * What a part scan leaves besides its rows: plain data, so the helper can post it. Rows are table rows (pack rows for
 * the helper).
 */
export type PartOutcome = Pick<
  PartScan,
  | 'groups'
  | 'warnings'
  | 'brokenLines'
  | 'spanlessLines'
  | 'pending'
  | 'pendingKeys'
  | 'references'
  | 'contexts'
  | 'goodDocs'
  | 'badDocs'
  | 'spanDocs'
  | 'batches'
  | 'needsContextPass'
>;

/** The outcome of a finished part as plain data. */
export function partOutcome(part: PartScan): PartOutcome {
  const {
    groups,
    warnings,
    brokenLines,
    spanlessLines,
    pending,
    pendingKeys,
    references,
    contexts,
    goodDocs,
    badDocs,
    spanDocs,
    batches,
    needsContextPass,
  } = part;
  return {
    groups,
    warnings,
    brokenLines,
    spanlessLines,
    pending,
    pendingKeys,
    references,
    contexts,
    goodDocs,
    badDocs,
    spanDocs,
    batches,
    needsContextPass,
  };
}

/** A line of a JSON Lines file: its number, and the stream offset where it starts. */
export interface LineAt {
  line: number;
  start: number;
}

/** A line skipped as broken, with the scanner's word for it (the one-shot reader's may replace it). */
export interface BrokenLine extends LineAt {
  warning: Warning;
}

interface PartMark {
  rows: number;
  warnings: number;
  pending: number;
  pendingKeys: number;
  references: number;
  found: number;
}

export class PartScan {
  private readonly groupNames = new Interner();
  readonly warnings: Warning[] = [];
  /** JSON Lines: the lines skipped as broken (the one-shot reader lists them first, see stream-import). */
  readonly brokenLines: BrokenLine[] = [];
  /** JSON Lines: good lines in which no span was found (another format, or none at all: see stream-import). */
  readonly spanlessLines: LineAt[] = [];
  /** Table rows whose context was not read yet, and the key each resolves by. */
  readonly pending: number[] = [];
  readonly pendingKeys: string[] = [];
  /** A span only a context pass converts exactly (see Converted.needsContextPass). */
  needsContextPass = false;
  /** Table rows whose parent is settled once every span id is known (Jaeger). */
  readonly references: BatchResult['references'] = [];
  /** Context this part applied, for the other worker. */
  readonly contexts: ContextRecord[] = [];
  goodDocs = 0;
  /** Documents in which a span was found (JSON Lines: a line of another format has none). */
  spanDocs = 0;
  private lastSpanDoc = -1;
  badDocs = 0;
  batches = 0;
  /** Spans found so far (parsed or waiting): what progress reports. */
  found = 0;
  /** Where the scan stopped, when it stopped before the end… */
  checkpoint: ScanCheckpoint | null = null;
  /** …and what it read of the file from there on. */
  readAhead: ReadAhead | null = null;
  private lastList: readonly PathSegment[] = [];
  /** Cuts spans down before they are parsed (see lean-span.ts), or joins them as they are. */
  private readonly lean: LeanWriter;
  /** Spans captured and not parsed yet: the batch being gathered starts at `batchStart`… */
  private readonly held = new HeldSpans();
  private batchStart = 0;
  /** …and batches held back by `deferParse` before it, as the first and the end of each. */
  private waiting: number[] = [];
  /** The next of them to parse (an index into `waiting`), and the bytes of the batch being gathered there. */
  private waitingAt = 0;
  private gathered = 0;

  constructor(
    private readonly setup: PartSetup,
    private readonly blob: Blob,
    private readonly locator: StreamLocator,
    private readonly table: SpanTable,
    private readonly hooks: PartHooks = {},
  ) {
    for (const group of setup.groups) this.groupNames.id(group);
    this.lean = new LeanWriter(locator.lean);
  }

  /** The path of the list a span at `path` is in: the previous span's, when it is the same list. */
  private listOf(path: readonly PathSegment[]): readonly PathSegment[] {
    const last = this.lastList;
    const n = path.length - 1;
    if (last.length === n) {
      let same = true;
      for (let i = 0; i < n && same; i++) same = last[i] === path[i];
      if (same) return last;
    }
    this.lastList = path.slice(0, n);
    return this.lastList;
  }

  /** Context group names by id: those given in the setup, then those found here. */
  get groups(): string[] {
    return this.groupNames.values;
  }

  /** Applies context, here and in the record for the other worker. */
  addContext(record: ContextRecord): void {
    this.locator.addContext(record.group, record.path, record.value);
    this.contexts.push(record);
  }

  /**
   * Scans the part. Errors are thrown: JsonScanError (where the file is not
   * valid JSON; a batch held for later that fails first is the one thrown),
   * CancelledError.
   */
  async scan(): Promise<void> {
    const { setup, hooks, locator } = this;
    const pass = setup.pass;
    let docHadError = -1;
    const scanner = new JsonScanner(
      {
        enter: (path, _doc, type) => locator.decide(path, type, pass),
        captured: (path, doc, bytes, start) => {
          const info = locator.classify(path, doc);
          if (info.kind === 'context') {
            if (pass === 'context' || !locator.contextPass)
              this.addContext({ group: info.group, path: path.slice(), value: parseContext(bytes, start) });
            return;
          }
          this.found++;
          this.spanIn(doc);
          this.addToBatch(
            this.held.add(
              bytes,
              0,
              bytes.length,
              start.offset,
              start.line,
              start.column,
              this.groupNames.id(info.group),
              doc,
              this.listOf(path),
              path[path.length - 1] as PathSegment,
            ),
          );
          if (this.gathered >= setup.batchBytes && !setup.lineDelimited) this.flush();
        },
        capturedRun: (listPath, doc, bytes, run) => {
          const path = [...listPath, run.firstIndex];
          const info = locator.classify(path, doc);
          if (info.kind === 'context') {
            // Not a span list after all: each element is context.
            for (let k = 0; k < run.count; k++) {
              path[path.length - 1] = run.firstIndex + k;
              const at = run.bytesOffset + (run.start[k] as number);
              if (pass === 'context' || !locator.contextPass) {
                this.addContext({
                  group: locator.classify(path, doc).group,
                  path: path.slice(),
                  value: parseContext(bytes.subarray(run.start[k], run.end[k]), {
                    offset: at,
                    line: run.line[k] as number,
                    column: run.column[k] as number,
                  }),
                });
              }
            }
            return;
          }
          this.spanIn(doc);
          const list = this.listOf(path);
          const group = this.groupNames.id(info.group);
          const held = this.held;
          for (let k = 0; k < run.count; k++) {
            const from = run.start[k] as number;
            this.addToBatch(
              held.add(
                bytes,
                from,
                run.end[k] as number,
                run.bytesOffset + from,
                run.line[k] as number,
                run.column[k] as number,
                group,
                doc,
                list,
                run.firstIndex + k,
              ),
            );
            if (this.gathered >= setup.batchBytes) this.flush();
          }
          this.found += run.count;
        },
        documentEnd: (doc) => {
          if (doc !== docHadError && pass === 'spans') this.goodDocs++;
          // JSON Lines: a batch never spans lines, so that a span that fails to parse breaks its own line only;
          // what the line added is remembered until the line is over (text after the document breaks it too).
          if (setup.lineDelimited) {
            if (pass === 'spans' && doc !== docHadError && this.lastSpanDoc !== doc)
              this.spanlessLines.push({ line: scanner.currentLine, start: scanner.currentLineStart });
            const counted = doc !== docHadError && pass === 'spans' ? 1 : 0;
            // Several documents on one line: the line's first mark stands, and every one is counted.
            if (ended && ended.line === scanner.currentLine) ended.counted += counted;
            else ended = { line: scanner.currentLine, counted, ...this.mark() };
            this.flush();
          }
        },
      },
      setup.lineDelimited,
      setup.from ?? undefined,
    );
    if (setup.stopFrom < Infinity) scanner.stopFrom(setup.stopFrom);
    const start = setup.from?.offset ?? 0;
    let read = 0;
    let lastYield = performance.now();
    let lastProgress = -Infinity;
    /** JSON Lines: the line being scanned is broken; it is reported and what it held is dropped. */
    const brokenLine = (error: JsonScanError) => {
      if (pass !== 'spans') return;
      if (ended && ended.line === error.position.line) {
        // The document ended and was read, but the line goes on with something else: undo what it added.
        this.undo(ended);
        this.goodDocs -= ended.counted;
        while (this.spanlessLines[this.spanlessLines.length - 1]?.line === ended.line) this.spanlessLines.pop();
      }
      ended = null;
      this.badDocs++;
      const { line, column, offset } = error.position;
      this.brokenLines.push({
        line,
        start: offset - (column - 1),
        warning: { code: 'invalid-value', message: textProblem(setup.name, line, column, error.message, true) },
      });
      this.dropDocument(scanner.documents);
    };
    /** The last document of a JSON Lines file that ended, and what the part held before it. */
    let ended: (PartMark & { line: number; counted: number }) | null = null;
    /** Scans one chunk of the part: `checkpoint` is set when the part ends in it. */
    const scanChunk = async (chunk: Uint8Array) => {
      // Reading a Blob resolves on microtasks; yield now and then so that
      // messages (cancel, a span's details) are heard while a big file loads.
      if (performance.now() - lastYield > 50) {
        await eventTurn();
        lastYield = performance.now();
      }
      if (hooks.cancelled?.()) throw new CancelledError();
      let rest = chunk;
      for (;;) {
        try {
          scanner.push(rest);
          break;
        } catch (error) {
          if (!(error instanceof JsonScanError) || !setup.lineDelimited) throw error;
          // JSON Lines: report the broken line, drop what it held, go on with the next line.
          const broken = scanner.documents;
          brokenLine(error);
          docHadError = broken;
          // The error may lie in an earlier chunk (a value that failed to parse is reported where it
          // starts): the scan then goes on from this chunk's start, still within the broken line.
          const within = error.position.offset - scanner.chunkOffset;
          scanner.recoverAt(Math.max(error.position.offset, scanner.chunkOffset));
          rest = rest.subarray(Math.max(0, within));
        }
      }
      read += chunk.length;
      this.checkpoint = scanner.checkpoint;
      const now = performance.now();
      if (now - lastProgress > PROGRESS_MS) {
        lastProgress = now;
        hooks.progress?.(read, this.found);
      }
    };

    // A file read at once is one slice that is there already.
    const given = hooks.given ?? (hooks.whole && { from: 0, buffers: [hooks.whole.buffer as ArrayBuffer] });
    const reader = hooks.reader ?? new SliceReader(this.blob, start, given);
    const chunkBytes = setup.chunkBytes ?? CHUNK_BYTES;
    try {
      let slice = await this.nextSlice(reader);
      while (slice) {
        for (let i = Math.max(0, start - slice.at); i < slice.bytes.length && !this.checkpoint; i += chunkBytes) {
          await scanChunk(slice.bytes.subarray(i, i + chunkBytes));
        }
        if (this.checkpoint) {
          // The part ends here: what was read past it goes to the next part.
          this.readAhead = await reader.handOver(slice, this.checkpoint.offset);
          break;
        }
        slice = await this.nextSlice(reader);
      }
      if (!this.checkpoint) {
        try {
          scanner.end();
        } catch (error) {
          // JSON Lines whose last line is cut short: that line is broken, the others stand.
          if (!(error instanceof JsonScanError) || !setup.lineDelimited) throw error;
          brokenLine(error);
        }
      }
      this.flush();
    } catch (error) {
      // A batch held for later lies before the place the scan failed: its error comes first.
      if (error instanceof JsonScanError) {
        try {
          await this.parseWaiting();
        } catch (held) {
          if (held instanceof JsonScanError && held.position.offset < error.position.offset) throw held;
        }
      }
      throw error;
    }
  }

  /** Parses and appends the batches held back by `deferParse`, in order. */
  async parseWaiting(): Promise<void> {
    let lastYield = performance.now();
    while (this.parseNextWaiting()) {
      // Seconds of parsing at a million spans: messages (cancel, the helper's progress) are heard meanwhile.
      if (performance.now() - lastYield > 50) {
        await eventTurn();
        lastYield = performance.now();
        if (this.hooks.cancelled?.()) throw new CancelledError();
      }
    }
    this.waiting = [];
    this.waitingAt = 0;
    this.held.clear();
    this.batchStart = 0;
  }

  /** Parses the next batch held back, if there is one. */
  private parseNextWaiting(): boolean {
    if (this.waitingAt >= this.waiting.length) return false;
    const first = this.waiting[this.waitingAt] as number;
    const end = this.waiting[this.waitingAt + 1] as number;
    this.waitingAt += 2;
    this.parseBatchHere(first, end);
    return true;
  }

  /**
   * The next slice of the file. Reading is slower than scanning: batches held
   * back are parsed while the slice is on its way (in file order, so their
   * rows come first either way).
   */
  private async nextSlice(reader: SliceReader): Promise<{ at: number; bytes: Uint8Array } | null> {
    const next = reader.next();
    if (!this.hooks.deferParse) return next;
    let arrived = false;
    const settle = () => {
      arrived = true;
    };
    next.then(settle, settle);
    await eventTurn();
    while (!arrived && this.waitingAt < this.waiting.length) {
      const until = performance.now() + 2;
      while (performance.now() < until && this.parseNextWaiting());
      await eventTurn();
    }
    return next;
  }

  /** How much of each list the part holds now (see undo). */
  private mark(): PartMark {
    return {
      rows: this.table.count,
      warnings: this.warnings.length,
      pending: this.pending.length,
      pendingKeys: this.pendingKeys.length,
      references: this.references.length,
      found: this.found,
    };
  }

  /** Drops what was added after `mark` (a JSON line found broken after its document was read). */
  private undo(mark: PartMark): void {
    this.table.truncate(mark.rows);
    this.warnings.length = mark.warnings;
    this.pending.length = mark.pending;
    this.pendingKeys.length = mark.pendingKeys;
    this.references.length = mark.references;
    this.found = mark.found;
  }

  private spanIn(doc: number): void {
    if (doc === this.lastSpanDoc) return;
    this.lastSpanDoc = doc;
    this.spanDocs++;
  }

  /** A captured span (held span k) joins the batch: its bytes stay where they were read until the batch is parsed. */
  private addToBatch(k: number): void {
    this.gathered += this.held.length(k) + 1;
  }

  private flush(): void {
    const end = this.held.count;
    if (end === this.batchStart) return;
    this.batches++;
    this.gathered = 0;
    if (this.hooks.deferParse) {
      this.waiting.push(this.batchStart, end);
      this.batchStart = end;
    } else {
      this.parseBatchHere(this.batchStart, end);
      this.held.clear();
    }
  }

  /**
   * Turns held spans `first` to `end` into rows (read straight from their bytes, or cut down and parsed) and appends
   * them.
   */
  private parseBatchHere(first: number, end: number): void {
    const held = this.held;
    const n = end - first;
    const length = new Int32Array(n);
    for (let k = 0; k < n; k++) length[k] = held.length(first + k);
    // Rows straight from the bytes where the format can (then no text to cut or parse), else cut down and parsed.
    const rows = this.locator.rows?.read(held, first, end) ? this.locator.rows : null;
    const job: BatchJob = {
      file: this.setup.file,
      bytes: rows ? EMPTY : this.lean.cut(held, first, end),
      offset: held.offset.subarray(first, end),
      groupId: held.group.subarray(first, end),
      length,
      span: (k) => held.bytes(first + k),
    };
    const names = {
      group: (id: number) => this.groups[id] as string,
      path: (k: number) => pathText([...(held.list[first + k] as PathSegment[]), held.index[first + k] as PathSegment]),
    };
    const result = rows
      ? appendReadBatch(job, rows, names, this.table)
      : parseBatch(job, this.locator, names, this.table);
    if (result.error) {
      const { span, offset, message } = result.error;
      const text = spanText(job, span);
      let line = held.line[first + span] as number;
      let column = held.column[first + span] as number;
      for (let i = 0; i < offset; i++) {
        if (text.charCodeAt(i) === 10) {
          line++;
          column = 1;
        } else column++;
      }
      throw new JsonScanError(message, { offset: (job.offset[span] as number) + offset, line, column });
    }
    for (const row of result.pending) this.pending.push(row);
    for (const key of result.pendingKeys) this.pendingKeys.push(key);
    if (result.needsContextPass) this.needsContextPass = true;
    for (const r of result.references) this.references.push(r);
    for (const w of result.warnings) this.warnings.push(w);
  }

  /** The batch being gathered without the spans of document `doc` (rare: a broken JSON line). */
  private dropDocument(doc: number): void {
    const held = this.held;
    const first = this.batchStart;
    held.retain(first, (k) => held.doc[k] !== doc);
    this.gathered = 0;
    for (let k = first; k < held.count; k++) this.addToBatch(k);
  }
}

function parseContext(bytes: Uint8Array, start: ScanPosition): unknown {
  const text = new TextDecoder().decode(bytes);
  try {
    return JSON.parse(text);
  } catch {
    throw new JsonScanError(locateJsonError(text)?.message ?? 'not valid JSON', { ...start });
  }
}
