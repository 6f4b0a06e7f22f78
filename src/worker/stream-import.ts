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
import { detectFormat, FORMAT_LABELS, importText, isSpanList, locatorFor, type ImportFailure } from '../formats/detect';
import { JsonScanError, JsonScanner, type ScanPosition } from '../formats/json-scan';
import { jsonSkeleton, type Skeleton } from '../formats/json-skeleton';
import { looksBinary, otlpProtoToJson, protoMessages } from '../formats/otlp-proto';
import { TOO_DEEP, tooDeepAt } from '../formats/json-nesting';
import { lineProblem, positionOf, textProblem } from '../formats/json-text';
import { chooseParent, type StreamLocator } from '../formats/stream-locator';
import type { FormatName, Warning } from '../model/trace';
import type { SpanTable } from '../tree/span-table';
import type { PartHelper, RestResult } from './part-helper';
import { CancelledError, PartScan, type BrokenLine, type LineAt, type ContextRecord, type PartOutcome, type PartSetup } from './scan-part';
import { SliceReader } from './slice-reader';
import { capWarnings } from '../formats/wire';
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
 * (0.62 until parsing got cheaper with the lean cut in WebAssembly: the
 * helper then ended 60-90 ms before this worker, and 0.55 did best, 787 ms
 * against 805 and 821 for 0.62 and 0.50 in eight A/B runs. With fewer objects
 * per span and a quicker build the helper ended last at 0.55, by 15-110 ms:
 * 0.59 750 ms, 0.55 776 ms over ten runs).
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
 * A protobuf trace file (OTLP, one message or the Collector's length-prefixed
 * sequence) as the OTLP/JSON text the importer reads, made span by span; null
 * for a text file; a message when the file is binary but not OTLP protobuf.
 */
async function protobufAsJson(blob: Blob): Promise<Blob | string | null> {
  if (!looksBinary(new Uint8Array(await blob.slice(0, 512).arrayBuffer()))) return null;
  const bytes = new Uint8Array(await blob.arrayBuffer());
  const messages = protoMessages(bytes);
  if (!messages) return 'a binary file that is not an OTLP protobuf trace (ExportTraceServiceRequest or TracesData, alone or each preceded by its 4-byte length): its bytes are not well-formed protobuf of that message';
  const parts: string[] = [];
  let chunk = '';
  try {
    for (const piece of otlpProtoToJson(bytes, messages)) {
      chunk += piece;
      if (chunk.length >= 1 << 20) {
        parts.push(chunk);
        chunk = '';
      }
    }
  } catch (error) {
    return `not an OTLP protobuf trace: ${errorText(error)}`;
  }
  parts.push(chunk);
  return new Blob(parts);
}

function failure(name: string, message: string, position?: ScanPosition): ImportFailure {
  return position
    ? { ok: false, fileName: name, line: position.line, column: position.column, message: textProblem(name, position.line, position.column, message) }
    : { ok: false, fileName: name, message: `${name}: ${message}` };
}

export async function streamImport(
  name: string,
  source: Blob,
  fileIndex: number,
  table: SpanTable,
  options: StreamOptions = {},
): Promise<ImportedSource | ImportFailure> {
  let blob: Blob;
  let whole: Uint8Array | undefined;
  try {
    const readWhole = options.readWholeBytes ?? READ_WHOLE_BYTES;
    const small = source.size <= readWhole ? new Uint8Array(await source.arrayBuffer()) : undefined;
    blob = await plainBlob(source, small);
    const transcoded = await protobufAsJson(blob);
    if (typeof transcoded === 'string') return failure(name, transcoded);
    if (transcoded) blob = transcoded;
    if (blob === source) whole = small;
    else if (blob.size <= readWhole) whole = new Uint8Array(await blob.arrayBuffer());
  } catch (error) {
    return failure(name, `could not decompress: ${errorText(error)}`);
  }
  const firstRow = table.count;
  /** The one-shot reader's answer, for files small enough (its messages are exact: it validates as JSON.parse does); read once. */
  let oneShotRead: Promise<ReturnType<typeof importText> | null> | null = null;
  const oneShot = () => (oneShotRead ??= blob.size > (options.oneShotLimit ?? ONE_SHOT_LIMIT) ? Promise.resolve(null) : blob.text().then((text) => importText(text, name)));
  const oneShotFailure = async (): Promise<ImportFailure | null> => {
    const result = await oneShot();
    return result && !result.ok ? result : null;
  };

  // 1. Sniff the format from the first bytes. A big file's reading starts here: the slices the
  // first scan needs are on their way while the format is worked out.
  const helper = blob.size >= (options.helperFromBytes ?? HELPER_MIN_BYTES) ? options.helper : undefined;
  // The helper has nothing to do until the first part is scanned: it reads the file for this worker meanwhile.
  const helperRead = helper && ((at: number, end: number) => helper.read(blob, at, end).catch(() => blob.slice(at, end).arrayBuffer()));
  let reader: SliceReader | undefined = whole ? undefined : new SliceReader(blob, 0, undefined, helperRead);
  /** The reader for the first scan from the start of the file (later scans start their own). */
  const startReader = () => {
    const taken = reader;
    reader = undefined;
    return taken;
  };
  const prefixBytes = whole ? whole.subarray(0, PREFIX_BYTES) : ((await reader?.peek()) ?? new Uint8Array(0)).subarray(0, PREFIX_BYTES);
  const prefix = new TextDecoder().decode(prefixBytes);
  if (prefix.trim() === '') return failure(name, 'the file is empty', { offset: 0, line: 1, column: 1 });
  const deep = tooDeepAt(prefix);
  if (deep !== -1) return (await oneShotFailure()) ?? failure(name, TOO_DEEP, positionIn(prefix, deep));
  const skeleton = sniff(prefix);
  if (!skeleton) return (await oneShotFailure()) ?? prefixFailure(name, prefixBytes);
  const detection = detectFormat(skeleton.value);
  if (detection.kind !== 'format') return (await oneShotFailure()) ?? failure(name, detection.message);
  const format = detection.format;
  const lineDelimited = skeleton.multiDocument;

  // 2. Scan: context first where the format needs it, then the spans, in one or two parts.
  const setup = (from: PartSetup['from'], stopFrom: number, groups: string[], pass: PartSetup['pass'] = 'spans'): PartSetup => ({
    name,
    file: fileIndex,
    lineDelimited,
    pass,
    from,
    stopFrom,
    groups,
    batchBytes: options.batchBytes ?? BATCH_BYTES,
    chunkBytes: options.chunkBytes,
  });
  const progress = (bytesRead: number, spans: number) => options.progress?.(bytesRead, blob.size, spans);
  const hooks = { cancelled: options.cancelled, whole };

  /** What reading the file gave: rows are in the table from `firstRow` on. */
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

  async function readRows(locator: StreamLocator): Promise<Read> {
    const read: Read = { groups: [], warnings: [], brokenLines: [], spanlessLines: [], references: [], goodDocs: 0, badDocs: 0, spanDocs: 0, batches: { total: 0, helper: 0 }, needsContextPass: false };
    const contexts: ContextRecord[] = [];
    const pending: number[] = [];
    const pendingKeys: string[] = [];
    /** A part's outcome joins the file's; `at`: the table row its row numbers start from. */
    const take = (part: PartOutcome, at = 0) => {
      pushAll(contexts, part.contexts);
      read.groups = part.groups;
      pushAll(read.warnings, part.warnings);
      pushAll(read.brokenLines, part.brokenLines);
      pushAll(read.spanlessLines, part.spanlessLines);
      for (const row of part.pending) pending.push(at + row);
      pushAll(pendingKeys, part.pendingKeys);
      for (const r of part.references) read.references.push({ row: at + r.row, references: r.references });
      read.goodDocs += part.goodDocs;
      read.spanDocs += part.spanDocs;
      read.badDocs += part.badDocs;
      read.batches.total += part.batches;
      if (part.needsContextPass) read.needsContextPass = true;
    };
    /** The helper's rows follow this worker's; its context joins this worker's locator (details need it). */
    const takeRest = (result: RestResult) => {
      if (!result.ok) {
        if (result.cancelled || !result.error) throw new CancelledError();
        throw new JsonScanError(result.error.message, result.error.position);
      }
      for (const c of result.contexts) locator.addContext(c.group, c.path, c.value);
      const at = table.count;
      table.appendPack(result.pack);
      take(result, at);
      read.batches.helper += result.batches;
    };

    if (locator.contextPass) {
      const context = new PartScan(setup(null, Infinity, [], 'context'), blob, locator, table, { ...hooks, reader: startReader() });
      await context.scan();
      pushAll(contexts, context.contexts);
    }
    const splitAt = helper ? Math.floor(blob.size * SPLIT) : Infinity;
    const first = new PartScan(setup(null, splitAt, []), blob, locator, table, { ...hooks, deferParse: helper !== undefined && !lineDelimited, progress, reader: startReader() });
    await first.scan();
    const checkpoint = first.checkpoint;
    if (!checkpoint || !helper) {
      await first.parseWaiting();
      take(first);
    } else {
      /** Progress of the rest of the file, after the first part. */
      const restProgress = (bytesRead: number, spans: number) => progress(checkpoint.offset + bytesRead, first.found + spans);
      const request = { blob, format, contextPass: locator.contextPass, spanList, setup: setup(checkpoint, Infinity, first.groups), contexts: pushAll(contexts.slice(), first.contexts), given: first.readAhead };
      const rest = helper.scanRest(request, restProgress);
      rest.catch(() => undefined); // awaited below, unless this part fails first
      try {
        await first.parseWaiting();
      } catch (error) {
        helper.cancel();
        throw error;
      }
      take(first);
      let told = false;
      const result = await whileWaiting(rest.catch(() => null), () => {
        if (told || !options.cancelled?.()) return;
        told = true;
        helper.cancel(); // the helper stops at its next chunk and answers "cancelled"
      });
      if (result) takeRest(result);
      else {
        // The helper is gone: scan the rest here.
        const second = new PartScan(setup(checkpoint, Infinity, read.groups), blob, locator, table, { ...hooks, progress: restProgress });
        await second.scan();
        take(second);
      }
    }

    // Context that came after its spans: services and hosts by group (and key).
    pending.forEach((row, k) => {
      const resolved = locator.resolve?.(read.groups[(table.context[row] as number) >> 2] as string, pendingKeys[k] as string);
      if (resolved === null) read.needsContextPass = true;
      if (!resolved) return;
      table.serviceIndex[row] = table.services.id(resolved.service);
      table.hostIndex[row] = table.hosts.id(resolved.host || resolved.service);
    });
    return read;
  }

  const spanList = isSpanList(format, skeleton.value);
  let locator = locatorFor(format, { spanList });
  let read: Read;
  let scans = 1;
  try {
    read = await readRows(locator);
    if (read.needsContextPass) {
      scans = 2;
      // Rare (a process that never comes, a trace id after spans that lack one): read it again, context first.
      table.truncate(firstRow);
      locator = locatorFor(format, { contextPass: true, spanList });
      read = await readRows(locator);
    }
    if (options.cancelled?.()) throw new CancelledError();
  } catch (error) {
    table.truncate(firstRow);
    if (error instanceof CancelledError) {
      helper?.cancel();
      return { ...failure(name, 'import cancelled'), cancelled: true };
    }
    if (error instanceof JsonScanError) {
      return (await oneShotFailure()) ?? failure(name, error.message, error.position);
    }
    throw error;
  }
  /** The one-shot reader's warnings, where it had to be asked (below): they are exact, and in the file's order. */
  let exactWarnings: Warning[] | null = null;
  /** Skipped JSON lines, listed first as the one-shot reader lists them. */
  let lineWarnings = read.brokenLines.map((b) => b.warning);
  if (lineDelimited && (read.badDocs > 0 || read.spanDocs < read.goodDocs)) {
    // Broken lines, or lines of no known format (each is reported by the one-shot reader, while the
    // scanner sees only that they hold no spans). A file with broken lines may be one broken document
    // that merely spans lines: the one-shot reader's rule decides (json-text.ts: every line starts like
    // a document, and most are good), so both paths agree; its line:column for each broken line is the
    // exact one (the scanner does not check inside the values it skips, so it may stop further on).
    const checked = await oneShot();
    if ((checked && !checked.ok) || read.goodDocs === 0) {
      table.truncate(firstRow);
      return checked && !checked.ok ? checked : failure(name, 'no line of this JSON Lines file is valid JSON');
    }
    if (checked) exactWarnings = checked.warnings;
    else {
      lineWarnings = await exactLineProblems(blob, name, read.brokenLines);
      pushAll(lineWarnings, await unknownLines(blob, name, read.spanlessLines));
    }
  }
  const { groups, warnings, references, batches } = read;

  // 3. Jaeger parents that depend on which span ids the whole trace holds.
  if (references.length) {
    const idsByGroup = new Map<string, Set<string>>();
    for (let row = firstRow; row < table.count; row++) {
      const group = groups[(table.context[row] as number) >> 2] as string;
      let ids = idsByGroup.get(group);
      if (!ids) idsByGroup.set(group, (ids = new Set()));
      ids.add(table.spanIds[row] as string);
    }
    for (const { row, references: candidates } of references) {
      const ids = idsByGroup.get(groups[(table.context[row] as number) >> 2] as string);
      table.setParentId(row, chooseParent(candidates, (id) => ids?.has(id) ?? false));
    }
  }
  const rowCount = table.count - firstRow;
  const fileWarnings = exactWarnings ?? capWarnings([...lineWarnings, ...locator.fileWarnings(rowCount), ...warnings]);
  if (rowCount === 0) {
    return (await oneShotFailure()) ?? failure(name, `${FORMAT_LABELS[format]} with no spans in it${fileWarnings[0] ? ` (${fileWarnings[0].message})` : ''}`);
  }
  return { ok: true, name, format, blob, locator, groups, warnings: fileWarnings, firstRow, rowCount, batches, scans };
}

/** The longest line read again for its exact word; longer ones keep the scanner's. */
const EXACT_LINE_BYTES = 4 * 1024 * 1024;

/** The text of the line that starts at `start` (without its line break), or null when it is longer than EXACT_LINE_BYTES. */
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
    out.push(problem ? { code: 'invalid-value', message: textProblem(name, line, problem.column, problem.message, true) } : warning);
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
    if (detection.kind !== 'format') out.push({ code: 'unsupported', message: `${name}:${line}: ${detection.message}` });
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

/** A position in the decoded prefix, as the scanner gives one (the offset is in characters here: fine for a message). */
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
