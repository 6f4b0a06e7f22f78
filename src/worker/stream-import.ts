// Imports one file as a stream into the span table: sniff the format from the
// first bytes, scan for spans (a context pass first where the format needs
// one), parse captured spans in batches with JSON.parse, and append rows that
// remember their byte range so details can be read again later. Nothing holds
// the whole file as one string, so files beyond V8's string limit open.
import { detectFormat, FORMAT_LABELS, importText, locatorFor, type ImportFailure } from '../formats/detect';
import { JsonScanError, JsonScanner, type PathSegment, type ScanPosition } from '../formats/json-scan';
import { jsonSkeleton } from '../formats/json-skeleton';
import { locateJsonError } from '../formats/json-text';
import { chooseParent, pathText, type ScanPass, type StreamLocator } from '../formats/stream-locator';
import type { FormatName, Warning } from '../model/trace';
import type { SpanTable } from '../tree/span-table';
import { fillPaths, parseBatch, spanText, type BatchJob, type BatchResult } from './batch-parse';

export interface StreamOptions {
  /** Re-chunk the stream (tests use tiny chunks to prove chunking does not matter). */
  chunkBytes?: number;
  /** Stop at the next chunk; the rows of this file are removed. */
  cancelled?: () => boolean;
  progress?: (bytesRead: number, totalBytes: number, spans: number) => void;
  /** Files up to this size get failure messages from the one-shot reader (default 64 MB). */
  oneShotLimit?: number;
  /** Parses batches in parallel (the worker passes one; Node tests run without). */
  helper?: BatchHelper;
  /** Files from this size on use the helper (default 2 MB; tests lower it). */
  helperFromBytes?: number;
  /** Batch size (tests shrink it to get many batches from a small file). */
  batchBytes?: number;
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
}

const GZIP = [0x1f, 0x8b];
const PREFIX_BYTES = 256 * 1024;
const BATCH_BYTES = 64 * 1024;
const COMMA = 0x2c;
/** Progress goes to the page at most this often: each message is a render there. */
const PROGRESS_MS = 100;
/** Files from this size on share batches with the helper, if there is one. */
const HELPER_MIN_BYTES = 2 * 1024 * 1024;
/** Batches the helper may have in hand; beyond that the importer parses the next one itself. */
const HELPER_QUEUE = 6;
/** Bigger batches for the helper: fewer messages. */
const HELPER_BATCH_BYTES = 256 * 1024;

/**
 * A second worker that parses batches while this one scans: same locator,
 * fed the same context first, so its rows are the rows this worker would make.
 */
export interface BatchHelper {
  /** A new file of this format: the helper starts a fresh locator. */
  begin(format: FormatName): void;
  /** A context group got an id: batches name groups by id. */
  group(id: number, name: string): void;
  /** Context read by the importer, sent before any batch that needs it. */
  context(group: string, path: readonly PathSegment[], value: unknown): void;
  /** Jobs sent and not answered yet (Infinity once the helper is gone). */
  readonly waiting: number;
  parse(job: BatchJob): Promise<BatchResult>;
}
/** Files up to this size get their failure message from the one-shot reader, word for word. */
const ONE_SHOT_LIMIT = 64 * 1024 * 1024;

export class CancelledError extends Error {
  constructor() {
    super('cancelled');
  }
}

/** Files up to this size are read in one go: each Blob read is a round trip to the browser's blob store. */
const READ_WHOLE_BYTES = 16 * 1024 * 1024;

/** Bigger files are read in slices this size, the next one requested while this one is scanned. */
const SLICE_BYTES = 4 * 1024 * 1024;
/** Slices requested before they are needed: the browser reads them while this worker scans. */
const READ_AHEAD = 3;

async function* chunks(blob: Blob, chunkBytes?: number, whole?: Uint8Array): AsyncGenerator<Uint8Array> {
  const split = function* (bytes: Uint8Array, size: number) {
    for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
  };
  if (whole) {
    yield* split(whole, chunkBytes ?? 1 << 20);
    return;
  }
  const read = (at: number) => {
    const pending = blob.slice(at, at + SLICE_BYTES).arrayBuffer();
    pending.catch(() => undefined); // a consumer that stops early never awaits the read-ahead
    return pending;
  };
  const ahead: Array<Promise<ArrayBuffer>> = [];
  let requested = 0;
  for (let at = 0; at < blob.size; at += SLICE_BYTES) {
    while (ahead.length < READ_AHEAD && requested < blob.size) {
      ahead.push(read(requested));
      requested += SLICE_BYTES;
    }
    const bytes = new Uint8Array(await (ahead.shift() as Promise<ArrayBuffer>));
    yield* split(bytes, chunkBytes ?? 1 << 20);
  }
}

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

/** A captured span waiting in a batch, as the importer knows it. */
interface BatchItem {
  start: ScanPosition;
  length: number;
  groupId: number;
  path: PathSegment[];
  doc: number;
}

interface Slot {
  job: BatchJob;
  items: BatchItem[];
  result: BatchResult | null;
  /** Settles when the helper answered (or the batch was parsed here after all). */
  done: Promise<void> | null;
}

function failure(name: string, message: string, position?: ScanPosition): ImportFailure {
  return position
    ? { ok: false, fileName: name, line: position.line, column: position.column, message: `${name}:${position.line}:${position.column}: not valid JSON: ${message}` }
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
    const small = source.size <= READ_WHOLE_BYTES ? new Uint8Array(await source.arrayBuffer()) : undefined;
    blob = await plainBlob(source, small);
    if (blob === source) whole = small;
    else if (blob.size <= READ_WHOLE_BYTES) whole = new Uint8Array(await blob.arrayBuffer());
  } catch (error) {
    return failure(name, `could not decompress: ${error instanceof Error ? error.message : String(error)}`);
  }
  const firstRow = table.count;
  const oneShotFailure = async (): Promise<ImportFailure | null> => {
    if (blob.size > (options.oneShotLimit ?? ONE_SHOT_LIMIT)) return null;
    const result = importText(await blob.text(), name);
    return result.ok ? null : result;
  };

  // 1. Sniff the format from the first bytes.
  const prefixBytes = whole ? whole.subarray(0, PREFIX_BYTES) : new Uint8Array(await blob.slice(0, PREFIX_BYTES).arrayBuffer());
  const prefix = new TextDecoder().decode(prefixBytes);
  if (prefix.trim() === '') return failure(name, 'the file is empty', { offset: 0, line: 1, column: 1 });
  const skeleton = jsonSkeleton(prefix);
  if (!skeleton) return (await oneShotFailure()) ?? prefixFailure(name, prefixBytes);
  const detection = detectFormat(skeleton.value);
  if (detection.kind !== 'format') return (await oneShotFailure()) ?? failure(name, detection.message);
  const format = detection.format;
  const locator = locatorFor(format);
  const lineDelimited = skeleton.multiDocument;

  const groups: string[] = [];
  const groupIds = new Map<string, number>();
  const groupId = (group: string) => {
    let id = groupIds.get(group);
    if (id === undefined) {
      id = groups.length;
      groups.push(group);
      groupIds.set(group, id);
      helper?.group(id, group);
    }
    return id;
  };
  const warnings: Warning[] = [];
  const pendingRows: number[] = [];
  const referenceRows: Array<{ row: number; references: Array<{ kind: 'child_of' | 'follows_from'; spanId: string }> }> = [];
  let goodDocs = 0;
  let badDocs = 0;

  // Captured spans wait here as bytes and are parsed together, here or by the
  // helper; results are appended strictly in batch order.
  const helper = blob.size >= (options.helperFromBytes ?? HELPER_MIN_BYTES) ? options.helper : undefined;
  helper?.begin(format);
  const batchBytes = options.batchBytes ?? (helper ? HELPER_BATCH_BYTES : BATCH_BYTES);
  let batch = new Uint8Array(batchBytes + 1024);
  let batchLength = 0;
  let batchItems: BatchItem[] = [];
  let seq = 0;
  let helped = 0;
  /** A batch was not valid JSON: the error to report, whatever the scan found later. */
  let batchFailed = false;
  const slots: Slot[] = [];

  function addToBatch(bytes: Uint8Array, item: BatchItem): void {
    const need = batchLength + bytes.length + 2;
    if (need > batch.length) {
      const bigger = new Uint8Array(Math.max(need, batch.length * 2));
      bigger.set(batch.subarray(0, batchLength));
      batch = bigger;
    }
    if (batchItems.length) batch[batchLength++] = COMMA;
    batch.set(bytes, batchLength);
    batchLength += bytes.length;
    batchItems.push(item);
  }

  function flush(): void {
    if (batchItems.length === 0) return;
    const items = batchItems;
    const send = helper !== undefined && helper.waiting < HELPER_QUEUE;
    const n = items.length;
    const job: BatchJob = {
      seq: seq++,
      file: fileIndex,
      bytes: send ? batch.slice(0, batchLength) : batch.subarray(0, batchLength),
      offset: new Float64Array(n),
      length: new Int32Array(n),
      groupId: new Int32Array(n),
    };
    for (let k = 0; k < n; k++) {
      const item = items[k] as BatchItem;
      job.offset[k] = item.start.offset;
      job.length[k] = item.length;
      job.groupId[k] = item.groupId;
    }
    const names = { group: (id: number) => groups[id] as string, path: (k: number) => pathText((items[k] as BatchItem).path) };
    const slot: Slot = { job, items, result: null, done: null };
    if (helper && send) {
      slot.done = helper.parse(job).then(
        (result) => {
          fillPaths(result, names.path);
          slot.result = result;
          helped++;
        },
        () => void (slot.result = parseBatch(job, locator, names)), // the helper is gone: parse here
      );
    } else slot.result = parseBatch(job, locator, names);
    slots.push(slot);
    batchLength = 0;
    batchItems = [];
    mergeReady();
  }

  /** Appends every finished batch at the head of the queue. */
  function mergeReady(): void {
    while (slots[0]?.result) merge(slots.shift() as Slot);
  }

  /** Waits for every batch sent away and appends them all. */
  async function drain(): Promise<void> {
    while (slots.length) {
      await slots[0]?.done;
      mergeReady();
    }
  }

  function merge({ job, items, result }: Slot): void {
    if (!result) return;
    if (result.error) {
      batchFailed = true;
      const { span, offset, message } = result.error;
      const text = spanText(job, span);
      let { line, column } = (items[span] as BatchItem).start;
      for (let i = 0; i < offset; i++) {
        if (text.charCodeAt(i) === 10) {
          line++;
          column = 1;
        } else column++;
      }
      throw new JsonScanError(message, { offset: (job.offset[span] as number) + offset, line, column });
    }
    const first = table.count;
    table.appendPack(result.pack);
    for (const row of result.pending) pendingRows.push(first + row);
    for (const r of result.references) referenceRows.push({ row: first + r.row, references: r.references });
    for (const w of result.warnings) warnings.push(w);
  }

  async function scan(pass: ScanPass): Promise<void> {
    let docHadError = -1;
    const scanner = new JsonScanner(
      {
        enter: (path: readonly PathSegment[], _doc: number, type) => locator.decide(path, type, pass),
        captured(path, doc, bytes, start) {
          const info = locator.classify(path, doc);
          if (info.kind === 'context') {
            let value: unknown;
            try {
              value = JSON.parse(new TextDecoder().decode(bytes));
            } catch {
              const located = locateJsonError(new TextDecoder().decode(bytes));
              throw new JsonScanError(located?.message ?? 'not valid JSON', start);
            }
            if (pass === 'context' || !locator.contextPass) {
              locator.addContext(info.group, path, value);
              helper?.context(info.group, path, value);
            }
            return;
          }
          addToBatch(bytes, { start, length: bytes.length, groupId: groupId(info.group), path: path.slice(), doc });
          if (batchLength >= batchBytes && !lineDelimited) flush();
        },
        documentEnd(doc) {
          if (doc !== docHadError && pass === 'spans') goodDocs++;
          if (lineDelimited && batchLength >= batchBytes) flush();
        },
      },
      lineDelimited,
    );
    let read = 0;
    let lastYield = performance.now();
    let lastProgress = -Infinity;
    for await (const chunk of chunks(blob, options.chunkBytes, whole)) {
      // Reading a Blob resolves on microtasks; yield now and then so that
      // messages (cancel, a span's details, the helper's batches) are heard
      // while a big file loads: with a helper at every chunk, so it is never kept waiting.
      if (helper || performance.now() - lastYield > 50) {
        await eventTurn();
        lastYield = performance.now();
      }
      if (options.cancelled?.()) throw new CancelledError();
      let rest = chunk;
      for (;;) {
        try {
          scanner.push(rest);
          break;
        } catch (error) {
          if (!(error instanceof JsonScanError) || !lineDelimited) throw error;
          // JSON Lines: report the broken line, drop what it held, go on with the next line.
          const broken = scanner.documents;
          if (pass === 'spans') {
            badDocs++;
            const { line, column } = error.position;
            warnings.push({ code: 'invalid-value', message: `${name}:${line}:${column}: line skipped, not valid JSON: ${error.message}` });
            const keep = batchItems.filter((item) => item.doc !== broken);
            if (keep.length !== batchItems.length) rebuildBatch(keep);
          }
          docHadError = broken;
          const within = error.position.offset - scanner.chunkOffset;
          scanner.recoverAt(error.position.offset);
          rest = rest.subarray(Math.max(0, within));
        }
      }
      read += chunk.length;
      const now = performance.now();
      if (now - lastProgress > PROGRESS_MS || read === blob.size) {
        lastProgress = now;
        options.progress?.(read, blob.size, table.count - firstRow);
      }
    }
    scanner.end();
  }

  function rebuildBatch(keep: BatchItem[]): void {
    // Re-pack the batch without the dropped spans (rare: a broken JSON line).
    const old = batch.slice(0, batchLength);
    const items = batchItems;
    batchLength = 0;
    batchItems = [];
    let at = 0;
    for (const item of items) {
      const bytes = old.subarray(at, at + item.length);
      at += item.length + 1;
      if (keep.includes(item)) addToBatch(bytes, item);
    }
  }

  try {
    if (locator.contextPass) await scan('context');
    await scan('spans');
    flush();
    await drain();
    if (options.cancelled?.()) throw new CancelledError();
  } catch (caught) {
    let error = caught;
    // The scanner stopped: a batch before that place, still with the helper, may hold an earlier error.
    if (error instanceof JsonScanError && !batchFailed) await drain().catch((earlier: unknown) => void (error = earlier));
    table.truncate(firstRow);
    if (error instanceof CancelledError) return { ...failure(name, 'import cancelled'), cancelled: true };
    if (error instanceof JsonScanError) {
      return (await oneShotFailure()) ?? failure(name, error.message, error.position);
    }
    throw error;
  }
  if (lineDelimited && goodDocs === 0 && badDocs > 0) {
    table.truncate(firstRow);
    return (await oneShotFailure()) ?? failure(name, 'no line of this JSON Lines file is valid JSON');
  }

  // 2. Settle what depended on the whole file: late context, and Jaeger parents.
  for (const row of pendingRows) {
    const resolved = locator.resolve?.(groups[(table.context[row] as number) >> 2] as string);
    if (!resolved) continue;
    const { service, host } = resolved;
    table.serviceIndex[row] = table.services.id(service);
    table.hostIndex[row] = table.hosts.id(host || service);
  }
  if (referenceRows.length) {
    const idsByGroup = new Map<string, Set<string>>();
    for (let row = firstRow; row < table.count; row++) {
      const group = groups[(table.context[row] as number) >> 2] as string;
      let ids = idsByGroup.get(group);
      if (!ids) idsByGroup.set(group, (ids = new Set()));
      ids.add(table.spanIds[row] as string);
    }
    for (const { row, references } of referenceRows) {
      const ids = idsByGroup.get(groups[(table.context[row] as number) >> 2] as string);
      table.parentIds[row] = chooseParent(references, (id) => ids?.has(id) ?? false);
    }
  }
  const rowCount = table.count - firstRow;
  const fileWarnings = [...locator.fileWarnings(rowCount), ...warnings];
  if (rowCount === 0) {
    return failure(name, `${FORMAT_LABELS[format]} with no spans in it${fileWarnings[0] ? ` (${fileWarnings[0].message})` : ''}`);
  }
  return { ok: true, name, format, blob, locator, groups, warnings: fileWarnings, firstRow, rowCount, batches: { total: seq, helper: helped } };
}

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


