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
import { detectFormat, FORMAT_LABELS, importText, locatorFor, type ImportFailure } from '../formats/detect';
import { JsonScanError, JsonScanner, type ScanPosition } from '../formats/json-scan';
import { jsonSkeleton } from '../formats/json-skeleton';
import { TOO_DEEP, tooDeepAt } from '../formats/json-nesting';
import { positionOf, textProblem } from '../formats/json-text';
import { chooseParent, type StreamLocator } from '../formats/stream-locator';
import type { FormatName, Warning } from '../model/trace';
import type { SpanTable } from '../tree/span-table';
import type { PartHelper, RestResult } from './part-helper';
import { CancelledError, PartScan, type ContextRecord, type PartOutcome, type PartSetup } from './scan-part';
import { SliceReader } from './slice-reader';

export { CancelledError };

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
    if (blob === source) whole = small;
    else if (blob.size <= readWhole) whole = new Uint8Array(await blob.arrayBuffer());
  } catch (error) {
    return failure(name, `could not decompress: ${error instanceof Error ? error.message : String(error)}`);
  }
  const firstRow = table.count;
  const oneShotFailure = async (): Promise<ImportFailure | null> => {
    if (blob.size > (options.oneShotLimit ?? ONE_SHOT_LIMIT)) return null;
    const result = importText(await blob.text(), name);
    return result.ok ? null : result;
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
  const skeleton = jsonSkeleton(prefix);
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
    references: PartScan['references'];
    goodDocs: number;
    badDocs: number;
    batches: { total: number; helper: number };
    /** A span needs the context first: read the file again with a context pass. */
    needsContextPass: boolean;
  }

  async function readRows(locator: StreamLocator): Promise<Read> {
    const read: Read = { groups: [], warnings: [], references: [], goodDocs: 0, badDocs: 0, batches: { total: 0, helper: 0 }, needsContextPass: false };
    const contexts: ContextRecord[] = [];
    const pending: number[] = [];
    const pendingKeys: string[] = [];
    /** A part's outcome joins the file's; `at`: the table row its row numbers start from. */
    const take = (part: PartOutcome, at = 0) => {
      pushAll(contexts, part.contexts);
      read.groups = part.groups;
      pushAll(read.warnings, part.warnings);
      for (const row of part.pending) pending.push(at + row);
      pushAll(pendingKeys, part.pendingKeys);
      for (const r of part.references) read.references.push({ row: at + r.row, references: r.references });
      read.goodDocs += part.goodDocs;
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
    const first = new PartScan(setup(null, splitAt, []), blob, locator, table, { ...hooks, deferParse: helper !== undefined, progress, reader: startReader() });
    await first.scan();
    const checkpoint = first.checkpoint;
    if (!checkpoint || !helper) {
      await first.parseWaiting();
      take(first);
    } else {
      /** Progress of the rest of the file, after the first part. */
      const restProgress = (bytesRead: number, spans: number) => progress(checkpoint.offset + bytesRead, first.found + spans);
      const request = { blob, format, contextPass: locator.contextPass, setup: setup(checkpoint, Infinity, first.groups), contexts: pushAll(contexts.slice(), first.contexts), given: first.readAhead };
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

  let locator = locatorFor(format);
  let read: Read;
  let scans = 1;
  try {
    read = await readRows(locator);
    if (read.needsContextPass) {
      scans = 2;
      // Rare (a process that never comes, a trace id after spans that lack one): read it again, context first.
      table.truncate(firstRow);
      locator = locatorFor(format, { contextPass: true });
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
  const { groups, warnings, references, batches } = read;
  if (lineDelimited && read.goodDocs === 0 && read.badDocs > 0) {
    table.truncate(firstRow);
    return (await oneShotFailure()) ?? failure(name, 'no line of this JSON Lines file is valid JSON');
  }

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
  const fileWarnings = [...locator.fileWarnings(rowCount), ...warnings];
  if (rowCount === 0) {
    return failure(name, `${FORMAT_LABELS[format]} with no spans in it${fileWarnings[0] ? ` (${fileWarnings[0].message})` : ''}`);
  }
  return { ok: true, name, format, blob, locator, groups, warnings: fileWarnings, firstRow, rowCount, batches, scans };
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
