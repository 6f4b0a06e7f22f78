// Imports one file as a stream into the span table: sniff the format from the
// first bytes, scan for spans (a context pass first where the format needs
// one), parse captured spans in batches with JSON.parse, and append rows that
// remember their byte range so details can be read again later. Nothing holds
// the whole file as one string, so files beyond V8's string limit open.
//
// Big files are read by two workers at once: this one scans the first part
// (holding its batches), hands a checkpoint of the scan, the context read so
// far and the bytes it read past its part to the helper, which scans and
// parses the rest, and parses its own part meanwhile. The file is read once,
// in order, so no read competes with the scan of the first part. The rows
// come back as one pack and follow this worker's rows, so the table is the
// same as if one worker had read the whole file.
import { pushAll } from '../model/arrays';
import {
  binaryAsJson,
  detectFormat,
  FORMAT_LABELS,
  importText,
  isBinary,
  isSpanList,
  locatorFor,
  type ImportFailure,
} from '../formats/detect';
import { JsonScanError, JsonScanner, type ScanCheckpoint, type ScanPosition } from './json-scan';
import { jsonSkeleton, type Skeleton } from './json-skeleton';
import { TOO_DEEP, tooDeepAt } from './json-nesting';
import { lineProblem, positionOf, textProblem } from './json-text';
import { chooseParent, type StreamLocator } from './stream-locator';
import type { FormatName, Warning } from '../model/trace';
import type { SpanTable } from '../tree/span-table';
import type { PartHelper, RestResult } from './part-helper';
import {
  CancelledError,
  PartScan,
  type BrokenLine,
  type LineAt,
  type ContextRecord,
  type PartOutcome,
  type PartSetup,
} from './scan-part';
import { SliceReader } from './slice-reader';
import { capWarnings } from '../model/warnings';
import { errorText } from '../model/text';

export interface StreamOptions {
  /** Re-chunk the stream (tests use tiny chunks to prove chunking does not matter). */
  chunkBytes?: number;
  /** Stop at the next chunk; the rows of this file are removed. */
  cancelled?: () => boolean;
  progress?: (bytesRead: number, totalBytes: number, spans: number) => void;
  /** Files up to this size get failure messages from the one-shot reader (default 64 MB). */
  oneShotLimit?: number;
  /** Scans the rest of big files in parallel (the worker passes one; Node tests mostly run without). */
  helper?: PartHelper;
  /** Files from this size on are shared with the helper (default 2 MB; tests lower it). */
  helperFromBytes?: number;
  /** Batch size (tests shrink it to get many batches from a small file). */
  batchBytes?: number;
  /** Files up to this size are read at once (default 16 MB; tests lower it to read small files in slices). */
  readWholeBytes?: number;
}

export interface ImportedSource {
  ok: true;
  name: string;
  format: FormatName;
  /** The file's (decompressed) bytes: details are sliced from it. */
  blob: Blob;
  locator: StreamLocator;
  /** Context group names, by the id stored in the table's context column (id = context >> 2). */
  groups: string[];
  warnings: Warning[];
  firstRow: number;
  rowCount: number;
  /** Span batches parsed, and how many of them the helper parsed. */
  batches: { total: number; helper: number };
  /** 1, or 2 when the file had to be read again with a context pass. */
  scans: number;
}

const GZIP = [0x1f, 0x8b];
const PREFIX_BYTES = 256 * 1024;
/** Lines of the prefix tried when the first does not show the format. */
const SNIFF_LINES = 50;
const BATCH_BYTES = 64 * 1024;
/** Files up to this size get their failure message from the one-shot reader, word for word. */
const ONE_SHOT_LIMIT = 64 * 1024 * 1024;
/** Files up to this size are read in one go: each Blob read is a round trip to the browser's blob store. */
const READ_WHOLE_BYTES = 16 * 1024 * 1024;
/** Files from this size on are shared with the helper, if there is one. */
const HELPER_MIN_BYTES = 2 * 1024 * 1024;
/**
 * Where the helper takes over, as a share of the file. This worker scans its
 * part before the helper can start, then parses it while the helper scans
 * and parses the rest: it takes a bit more than half so both end together
 * (how the share was chosen: docs/measurements.md).
 */
const SPLIT = 0.59;

/** A gzip file is decompressed once into a Blob, which details are sliced from. */
async function plainBlob(blob: Blob, whole?: Uint8Array): Promise<Blob> {
  const head = whole ?? new Uint8Array(await blob.slice(0, 2).arrayBuffer());
  if (head[0] !== GZIP[0] || head[1] !== GZIP[1]) return blob;
  const parts: Uint8Array[] = [];
  const reader = blob.stream().pipeThrough(new DecompressionStream('gzip')).getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parts.push(value);
  }
  return new Blob(parts as BlobPart[]);
}

/**
 * A binary file (OTLP protobuf) as the JSON text the importer reads; null for a text file; a message when it is binary
 * but no trace.
 */
async function binaryAsText(blob: Blob, bytes?: Uint8Array): Promise<Blob | string | null> {
  if (!isBinary(bytes ?? new Uint8Array(await blob.slice(0, 512).arrayBuffer()))) return null;
  const json = binaryAsJson(bytes ?? new Uint8Array(await blob.arrayBuffer()));
  return 'message' in json ? json.message : new Blob(json.pieces);
}

function failure(name: string, message: string, position?: ScanPosition): ImportFailure {
  return position
    ? {
        ok: false,
        fileName: name,
        line: position.line,
        column: position.column,
        message: textProblem(name, position.line, position.column, message),
      }
    : { ok: false, fileName: name, message: `${name}: ${message}` };
}

/**
 * The one-shot reader's answer for files small enough (its messages are exact: it validates as JSON.parse does), read
 * once.
 */
class OneShot {
  private answer: Promise<ReturnType<typeof importText> | null> | null = null;

  constructor(
    private readonly blob: Blob,
    private readonly name: string,
    private readonly limit: number,
  ) {}

  read(): Promise<ReturnType<typeof importText> | null> {
    this.answer ??=
      this.blob.size > this.limit
        ? Promise.resolve(null)
        : this.blob.text().then((text) => importText(text, this.name));
    return this.answer;
  }

  /** Its failure, when the file fails there too (the word to give rather than the scanner's). */
  async failure(): Promise<ImportFailure | null> {
    const result = await this.read();
    return result && !result.ok ? result : null;
  }
}

/**
 * Step 1: the file as the text the scanner reads (gzip decompressed, a binary format turned into JSON), and its bytes
 * when small.
 */
async function decodeSource(
  name: string,
  source: Blob,
  readWhole: number,
): Promise<{ blob: Blob; whole?: Uint8Array } | ImportFailure> {
  try {
    const small = source.size <= readWhole ? new Uint8Array(await source.arrayBuffer()) : undefined;
    let blob = await plainBlob(source, small);
    // The bytes read already serve when the file was not compressed.
    const transcoded = await binaryAsText(blob, blob === source ? small : undefined);
    if (typeof transcoded === 'string') return failure(name, transcoded);
    if (transcoded) blob = transcoded;
    if (blob === source) return { blob, whole: small };
    return { blob, whole: blob.size <= readWhole ? new Uint8Array(await blob.arrayBuffer()) : undefined };
  } catch (error) {
    return failure(name, `could not decompress: ${errorText(error)}`);
  }
}

interface Sniffed {
  format: FormatName;
  lineDelimited: boolean;
  spanList: boolean;
}

/** Step 2: the format, from the first bytes (a cut prefix closed by json-skeleton.ts), or why the file is none. */
async function sniffFormat(name: string, prefixBytes: Uint8Array, oneShot: OneShot): Promise<Sniffed | ImportFailure> {
  const prefix = new TextDecoder().decode(prefixBytes);
  if (prefix.trim() === '') return failure(name, 'the file is empty', { offset: 0, line: 1, column: 1 });
  const deep = tooDeepAt(prefix);
  if (deep !== -1) return (await oneShot.failure()) ?? failure(name, TOO_DEEP, positionIn(prefix, deep));
  const skeleton = sniff(prefix);
  if (!skeleton) return (await oneShot.failure()) ?? prefixFailure(name, prefixBytes);
  const detection = detectFormat(skeleton.value);
  if (detection.kind !== 'format') return (await oneShot.failure()) ?? failure(name, detection.message);
  return {
    format: detection.format,
    lineDelimited: skeleton.multiDocument,
    spanList: isSpanList(detection.format, skeleton.value),
  };
}

/** What reading the file gave: rows are in the table from the import's first row on. */
interface Read {
  groups: string[];
  warnings: Warning[];
  brokenLines: BrokenLine[];
  spanlessLines: LineAt[];
  references: PartScan['references'];
  goodDocs: number;
  spanDocs: number;
  badDocs: number;
  batches: { total: number; helper: number };
  /** A span needs the context first: read the file again with a context pass. */
  needsContextPass: boolean;
}

/** One import's fixed parts, shared by its scans. */
interface ImportRun {
  name: string;
  blob: Blob;
  table: SpanTable;
  sniffed: Sniffed;
  options: StreamOptions;
  helper?: PartHelper;
  hooks: { cancelled?: () => boolean; whole?: Uint8Array };
  /**
   * The reader started before the format was known, for the first scan from the start (later scans start their own).
   */
  takeReader: () => SliceReader | undefined;
  setup(from: PartSetup['from'], stopFrom: number, groups: string[], pass?: PartSetup['pass']): PartSetup;
  progress(bytesRead: number, spans: number): void;
}

function importRun(
  name: string,
  blob: Blob,
  whole: Uint8Array | undefined,
  fileIndex: number,
  table: SpanTable,
  sniffed: Sniffed,
  options: StreamOptions,
  reader: SliceReader | undefined,
  helper: PartHelper | undefined,
): ImportRun {
  let first = reader;
  return {
    name,
    blob,
    table,
    sniffed,
    options,
    helper,
    hooks: { cancelled: options.cancelled, whole },
    takeReader: () => {
      const taken = first;
      first = undefined;
      return taken;
    },
    setup: (from, stopFrom, groups, pass = 'spans') => ({
      name,
      file: fileIndex,
      lineDelimited: sniffed.lineDelimited,
      pass,
      from,
      stopFrom,
      groups,
      batchBytes: options.batchBytes ?? BATCH_BYTES,
      chunkBytes: options.chunkBytes,
    }),
    progress: (bytesRead, spans) => options.progress?.(bytesRead, blob.size, spans),
  };
}

/** The outcome of the parts of one read, joined in file order. */
class ReadJoin {
  readonly read: Read = {
    groups: [],
    warnings: [],
    brokenLines: [],
    spanlessLines: [],
    references: [],
    goodDocs: 0,
    badDocs: 0,
    spanDocs: 0,
    batches: { total: 0, helper: 0 },
    needsContextPass: false,
  };
  readonly contexts: ContextRecord[] = [];
  readonly pending: number[] = [];
  readonly pendingKeys: string[] = [];

  /** A part's outcome joins the file's; `at`: the table row its row numbers start from. */
  take(part: PartOutcome, at = 0): void {
    const { read } = this;
    pushAll(this.contexts, part.contexts);
    read.groups = part.groups;
    pushAll(read.warnings, part.warnings);
    pushAll(read.brokenLines, part.brokenLines);
    pushAll(read.spanlessLines, part.spanlessLines);
    for (const row of part.pending) this.pending.push(at + row);
    pushAll(this.pendingKeys, part.pendingKeys);
    for (const r of part.references) read.references.push({ row: at + r.row, references: r.references });
    read.goodDocs += part.goodDocs;
    read.spanDocs += part.spanDocs;
    read.badDocs += part.badDocs;
    read.batches.total += part.batches;
    if (part.needsContextPass) read.needsContextPass = true;
  }

  /** The helper's rows follow this worker's; its context joins this worker's locator (details need it). */
  takeRest(result: RestResult, locator: StreamLocator, table: SpanTable): void {
    if (!result.ok) {
      if (result.cancelled || !result.error) throw new CancelledError();
      throw new JsonScanError(result.error.message, result.error.position);
    }
    for (const c of result.contexts) locator.addContext(c.group, c.path, c.value);
    const at = table.count;
    table.appendPack(result.pack);
    this.take(result, at);
    this.read.batches.helper += result.batches;
  }

  /** Context that came after its spans: services and hosts by group (and key). */
  resolvePending(locator: StreamLocator, table: SpanTable): void {
    const { read } = this;
    this.pending.forEach((row, k) => {
      const resolved = locator.resolve?.(
        read.groups[(table.context[row] as number) >> 2] as string,
        this.pendingKeys[k] as string,
      );
      if (resolved === null) read.needsContextPass = true;
      if (!resolved) return;
      table.serviceIndex[row] = table.services.id(resolved.service);
      table.hostIndex[row] = table.hosts.id(resolved.host || resolved.service);
    });
  }
}

/**
 * Step 3: the scans of one read — a context pass first where the locator needs one, then the spans, in one part or two.
 */
async function readRows(run: ImportRun, locator: StreamLocator): Promise<Read> {
  const { blob, table, helper, hooks } = run;
  const join = new ReadJoin();
  if (locator.contextPass) {
    const context = new PartScan(run.setup(null, Infinity, [], 'context'), blob, locator, table, {
      ...hooks,
      reader: run.takeReader(),
    });
    await context.scan();
    pushAll(join.contexts, context.contexts);
  }
  const splitAt = helper ? Math.floor(blob.size * SPLIT) : Infinity;
  const deferParse = helper !== undefined && !run.sniffed.lineDelimited;
  const first = new PartScan(run.setup(null, splitAt, []), blob, locator, table, {
    ...hooks,
    deferParse,
    progress: run.progress,
    reader: run.takeReader(),
  });
  await first.scan();
  if (!first.checkpoint || !helper) {
    await first.parseWaiting();
    join.take(first);
  } else {
    await scanInTwo(run, locator, first, first.checkpoint, helper, join);
  }
  join.resolvePending(locator, table);
  return join.read;
}

/**
 * The helper scans the rest from the first part's checkpoint while this worker parses its part; if the helper is gone,
 * this worker scans the rest.
 */
async function scanInTwo(
  run: ImportRun,
  locator: StreamLocator,
  first: PartScan,
  checkpoint: ScanCheckpoint,
  helper: PartHelper,
  join: ReadJoin,
): Promise<void> {
  const { blob, table, options, sniffed } = run;
  /** Progress of the rest of the file, after the first part. */
  const restProgress = (bytesRead: number, spans: number) =>
    run.progress(checkpoint.offset + bytesRead, first.found + spans);
  const request = {
    blob,
    format: sniffed.format,
    contextPass: locator.contextPass,
    spanList: sniffed.spanList,
    setup: run.setup(checkpoint, Infinity, first.groups),
    contexts: pushAll(join.contexts.slice(), first.contexts),
    given: first.readAhead,
  };
  const rest = helper.scanRest(request, restProgress);
  rest.catch(() => undefined); // awaited below, unless this part fails first
  try {
    await first.parseWaiting();
  } catch (error) {
    helper.cancel();
    throw error;
  }
  join.take(first);
  let told = false;
  const result = await whileWaiting(
    rest.catch(() => null),
    () => {
      if (told || !options.cancelled?.()) return;
      told = true;
      helper.cancel(); // the helper stops at its next chunk and answers "cancelled"
    },
  );
  if (result) join.takeRest(result, locator, table);
  else {
    const second = new PartScan(run.setup(checkpoint, Infinity, join.read.groups), blob, locator, table, {
      ...run.hooks,
      progress: restProgress,
    });
    await second.scan();
    join.take(second);
  }
}

/**
 * Step 4 (JSON Lines only): what is said of broken lines and lines of no
 * known format. A file with broken lines may be one broken document that
 * merely spans lines: the one-shot reader's rule decides (json-text.ts: every
 * line starts like a document, and most are good), so both paths agree; its
 * line:column for each broken line is the exact one (the scanner does not
 * check inside the values it skips, so it may stop further on). `exact`: the
 * one-shot reader's warnings, to be used as they are.
 */
async function lineWarnings(
  run: ImportRun,
  read: Read,
  oneShot: OneShot,
): Promise<ImportFailure | { lines: Warning[]; exact: Warning[] | null }> {
  const lines = read.brokenLines.map((b) => b.warning);
  if (!run.sniffed.lineDelimited || (read.badDocs === 0 && read.spanDocs >= read.goodDocs))
    return { lines, exact: null };
  const checked = await oneShot.read();
  if ((checked && !checked.ok) || read.goodDocs === 0) {
    return checked && !checked.ok ? checked : failure(run.name, 'no line of this JSON Lines file is valid JSON');
  }
  if (checked) return { lines, exact: checked.warnings };
  const exactLines = await exactLineProblems(run.blob, run.name, read.brokenLines);
  pushAll(exactLines, await unknownLines(run.blob, run.name, read.spanlessLines));
  return { lines: exactLines, exact: null };
}

/** Step 5: Jaeger parents that depend on which span ids the whole trace holds. */
function settleReferences(
  table: SpanTable,
  firstRow: number,
  groups: readonly string[],
  references: Read['references'],
): void {
  if (!references.length) return;
  const groupOf = (row: number) => groups[(table.context[row] as number) >> 2] as string;
  const idsByGroup = new Map<string, Set<string>>();
  for (let row = firstRow; row < table.count; row++) {
    const group = groupOf(row);
    let ids = idsByGroup.get(group);
    if (!ids) idsByGroup.set(group, (ids = new Set()));
    ids.add(table.spanIds[row] as string);
  }
  for (const { row, references: candidates } of references) {
    const ids = idsByGroup.get(groupOf(row));
    table.setParentId(
      row,
      chooseParent(candidates, (id) => ids?.has(id) ?? false),
    );
  }
}

export async function streamImport(
  name: string,
  source: Blob,
  fileIndex: number,
  table: SpanTable,
  options: StreamOptions = {},
): Promise<ImportedSource | ImportFailure> {
  const decoded = await decodeSource(name, source, options.readWholeBytes ?? READ_WHOLE_BYTES);
  if ('ok' in decoded) return decoded;
  const { blob, whole } = decoded;
  const firstRow = table.count;
  const oneShot = new OneShot(blob, name, options.oneShotLimit ?? ONE_SHOT_LIMIT);

  // A big file's reading starts before the format is known: the slices the first scan needs are on their way meanwhile.
  const helper = blob.size >= (options.helperFromBytes ?? HELPER_MIN_BYTES) ? options.helper : undefined;
  // The helper has nothing to do until the first part is scanned: it reads the file for this worker meanwhile.
  const helperRead =
    helper && ((at: number, end: number) => helper.read(blob, at, end).catch(() => blob.slice(at, end).arrayBuffer()));
  const reader = whole ? undefined : new SliceReader(blob, 0, undefined, helperRead);
  const prefixBytes = (whole ?? (await reader?.peek()) ?? new Uint8Array(0)).subarray(0, PREFIX_BYTES);
  const sniffed = await sniffFormat(name, prefixBytes, oneShot);
  if ('ok' in sniffed) return sniffed;
  const run = importRun(name, blob, whole, fileIndex, table, sniffed, options, reader, helper);

  let locator = locatorFor(sniffed.format, { spanList: sniffed.spanList });
  let read: Read;
  let scans = 1;
  try {
    read = await readRows(run, locator);
    if (read.needsContextPass) {
      scans = 2;
      // Rare (a process that never comes, a trace id after spans that lack one): read it again, context first.
      table.truncate(firstRow);
      locator = locatorFor(sniffed.format, { contextPass: true, spanList: sniffed.spanList });
      read = await readRows(run, locator);
    }
    if (options.cancelled?.()) throw new CancelledError();
  } catch (error) {
    table.truncate(firstRow);
    if (error instanceof CancelledError) {
      helper?.cancel();
      return { ...failure(name, 'import cancelled'), cancelled: true };
    }
    if (error instanceof JsonScanError)
      return (await oneShot.failure()) ?? failure(name, error.message, error.position);
    throw error;
  }
  const lines = await lineWarnings(run, read, oneShot);
  if ('ok' in lines) {
    table.truncate(firstRow);
    return lines;
  }
  const { groups, warnings, references, batches } = read;
  settleReferences(table, firstRow, groups, references);
  const rowCount = table.count - firstRow;
  // Skipped JSON lines are listed first, as the one-shot reader lists them.
  const fileWarnings = lines.exact ?? capWarnings([...lines.lines, ...locator.fileWarnings(rowCount), ...warnings]);
  if (rowCount === 0) {
    return (
      (await oneShot.failure()) ??
      failure(
        name,
        `${FORMAT_LABELS[sniffed.format]} with no spans in it${fileWarnings[0] ? ` (${fileWarnings[0].message})` : ''}`,
      )
    );
  }
  return {
    ok: true,
    name,
    format: sniffed.format,
    blob,
    locator,
    groups,
    warnings: fileWarnings,
    firstRow,
    rowCount,
    batches,
    scans,
  };
}

/** The longest line read again for its exact word; longer ones keep the scanner's. */
const EXACT_LINE_BYTES = 4 * 1024 * 1024;

/**
 * The text of the line that starts at `start` (without its line break), or null when it is longer than
 * EXACT_LINE_BYTES.
 */
async function lineText(blob: Blob, start: number): Promise<string | null> {
  const bytes = new Uint8Array(await blob.slice(start, start + EXACT_LINE_BYTES).arrayBuffer());
  const end = bytes.indexOf(0x0a);
  if (end === -1 && start + bytes.length < blob.size) return null;
  return new TextDecoder().decode(end === -1 ? bytes : bytes.subarray(0, end));
}

/**
 * The skipped lines of a JSON Lines file, each worded as the one-shot reader
 * words it: the scanner does not check inside the values it skips, so it may
 * stop further on in a broken line than JSON.parse would. Broken lines are
 * few: each is read again from where it starts.
 */
async function exactLineProblems(blob: Blob, name: string, lines: readonly BrokenLine[]): Promise<Warning[]> {
  const out: Warning[] = [];
  for (const { line, start, warning } of lines) {
    const text = await lineText(blob, start);
    const problem = text === null ? null : lineProblem(text);
    out.push(
      problem
        ? { code: 'invalid-value', message: textProblem(name, line, problem.column, problem.message, true) }
        : warning,
    );
  }
  return out;
}

/**
 * Good lines of a JSON Lines file that held no spans, read again: a line of
 * no known format is said to be one, as the one-shot reader says it (a line
 * of the file's format with no spans in it is not a problem).
 */
async function unknownLines(blob: Blob, name: string, lines: readonly LineAt[]): Promise<Warning[]> {
  const out: Warning[] = [];
  for (const { line, start } of lines) {
    const text = await lineText(blob, start);
    if (text === null) continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      continue;
    }
    const detection = detectFormat(value);
    if (detection.kind !== 'format')
      out.push({ code: 'unsupported', message: `${name}:${line}: ${detection.message}` });
  }
  return out;
}

/** Awaits `promise`, calling `check` every 50 ms meanwhile (a cancel must reach the helper while this worker waits). */
async function whileWaiting<T>(promise: Promise<T>, check: () => void): Promise<T> {
  let settled = false;
  void promise.finally(() => (settled = true));
  while (!settled) {
    check();
    await Promise.race([promise, new Promise((resolveLater) => setTimeout(resolveLater, 50))]);
  }
  return promise;
}

/**
 * What the file starts with: its first document, cut and closed (json-skeleton.ts),
 * or, when that is not a trace and the file has several lines that each start
 * like a document, the first line that is one (a JSON Lines file whose first
 * line is broken: the one-shot reader keeps its good lines too).
 */
function sniff(prefix: string): Skeleton | null {
  const first = jsonSkeleton(prefix);
  if (first && detectFormat(first.value).kind === 'format') return first;
  const lines = prefix.split('\n');
  if (lines.length < 3) return first; // one line, or one and the start of a second: nothing else to try
  for (const line of lines.slice(1, Math.min(lines.length - 1, 1 + SNIFF_LINES))) {
    if (!/^\s*[[{]/.test(line)) return first; // not JSON Lines
    try {
      const value: unknown = JSON.parse(line);
      if (detectFormat(value).kind === 'format') return { value, multiDocument: true };
    } catch {
      // A broken line too: try the next.
    }
  }
  return first;
}

/**
 * A position in the decoded prefix, as the scanner gives one (the offset is in characters here: fine for a message).
 */
function positionIn(prefix: string, at: number): ScanPosition {
  return { offset: at, ...positionOf(prefix, at) };
}

/** The start of the file is not JSON: validate it with the scanner to say exactly where. */
function prefixFailure(name: string, prefix: Uint8Array): ImportFailure {
  const scanner = new JsonScanner({ enter: () => 'descend', captured: () => undefined, documentEnd: () => undefined });
  try {
    scanner.push(prefix);
  } catch (error) {
    if (error instanceof JsonScanError) return failure(name, error.message, error.position);
  }
  return failure(name, 'not valid JSON: the start of the file is not a JSON document');
}
