// The helper worker scans the rest of a big file while the import worker
// parses the first part: one request (the file, where to start, the context
// read so far, the bytes read past the first part) and one answer (the rows
// as a pack). `PartHelperHost` is the
// helper's side; `WorkerPartHelper` the import worker's, over anything that
// carries messages (a Worker; an in-process stand-in in tests).
import { locatorFor } from '../formats/detect';
import { JsonScanError, type ScanPosition } from './json-scan';
import type { FormatName } from '../model/trace';
import { packTransfer, SpanTable, type RowPack } from '../tree/span-table';
import {
  CancelledError,
  PartScan,
  partOutcome,
  type ContextRecord,
  type PartOutcome,
  type PartSetup,
} from './scan-part';
import type { ReadAhead } from './slice-reader';
import { errorText } from '../model/text';

export interface RestRequest {
  blob: Blob;
  format: FormatName;
  /** The import worker read the context first (see StreamLocator.contextPass). */
  contextPass: boolean;
  /** The file is a bare list of spans (see isSpanList). */
  spanList: boolean;
  setup: PartSetup;
  /** Context the import worker applied so far, in order. */
  contexts: ContextRecord[];
  /** What the import worker read of the file from where the helper starts (its buffers are moved, not copied). */
  given: ReadAhead | null;
}

/** The rest of the file: its rows as a pack (row numbers in the outcome are pack rows), or why not. */
export type RestResult =
  | ({ ok: true; pack: RowPack } & PartOutcome)
  | { ok: false; error: { message: string; position: ScanPosition } | null; cancelled: boolean };

/** What the import worker needs of a helper. */
export interface PartHelper {
  /** Rejects when the helper is gone (the import worker then scans the rest itself). */
  scanRest(request: RestRequest, progress: (bytesRead: number, spans: number) => void): Promise<RestResult>;
  cancel(): void;
  /**
   * Reads bytes [at, end) of a file and moves them here. While the import
   * worker scans the first part, the helper has nothing to do, and reading
   * costs the thread that receives the bytes: the helper reads, the import
   * worker only scans. Rejects when the helper is gone.
   */
  read(blob: Blob, at: number, end: number): Promise<ArrayBuffer>;
}

export type HelperRequest =
  | { type: 'rest'; id: number; request: RestRequest }
  | { type: 'cancel'; id: number }
  | { type: 'read'; id: number; blob: Blob; at: number; end: number };

export type HelperResponse =
  | { type: 'progress'; id: number; bytesRead: number; spans: number }
  | { type: 'rest'; id: number; result: RestResult }
  | { type: 'read'; id: number; buffer: ArrayBuffer }
  | { type: 'failed'; id: number; message: string };

/** The helper's side: scans what it is asked to, answers with posts. */
export class PartHelperHost {
  private readonly cancelled = new Set<number>();

  constructor(private readonly post: (message: HelperResponse, transfer: ArrayBuffer[]) => void) {}

  handle(message: HelperRequest): void {
    if (message.type === 'cancel') {
      this.cancelled.add(message.id);
      return;
    }
    if (message.type === 'read') {
      message.blob
        .slice(message.at, message.end)
        .arrayBuffer()
        .then(
          (buffer) => this.post({ type: 'read', id: message.id, buffer }, [buffer]),
          (error: unknown) => this.post({ type: 'failed', id: message.id, message: errorText(error) }, []),
        );
      return;
    }
    void this.scanRest(message.id, message.request).then(
      (result) => this.post({ type: 'rest', id: message.id, result }, result.ok ? packTransfer(result.pack) : []),
      (error: unknown) => this.post({ type: 'failed', id: message.id, message: errorText(error) }, []),
    );
  }

  private async scanRest(id: number, request: RestRequest): Promise<RestResult> {
    const locator = locatorFor(request.format, { contextPass: request.contextPass, spanList: request.spanList });
    for (const c of request.contexts) locator.addContext(c.group, c.path, c.value);
    const table = new SpanTable();
    const part = new PartScan(request.setup, request.blob, locator, table, {
      given: request.given ?? undefined,
      cancelled: () => this.cancelled.has(id),
      progress: (bytesRead, spans) => this.post({ type: 'progress', id, bytesRead, spans }, []),
    });
    try {
      await part.scan();
    } catch (error) {
      if (error instanceof JsonScanError)
        return { ok: false, error: { message: error.message, position: error.position }, cancelled: false };
      if (error instanceof CancelledError) return { ok: false, error: null, cancelled: true };
      throw error;
    } finally {
      this.cancelled.delete(id);
    }
    return { ok: true, pack: table.toPack(), ...partOutcome(part) };
  }
}

/** What the import worker needs of a worker: post, and hear replies and failure. */
export interface HelperPort {
  postMessage(message: HelperRequest, transfer?: Transferable[]): void;
  onmessage: ((event: MessageEvent<HelperResponse>) => void) | null;
  onerror: ((event: ErrorEvent) => void) | null;
}

export class WorkerPartHelper implements PartHelper {
  private nextId = 1;
  private gone = false;
  private readonly jobs = new Map<
    number,
    {
      resolve: (result: RestResult) => void;
      reject: (error: Error) => void;
      progress: (bytesRead: number, spans: number) => void;
    }
  >();
  private readonly reads = new Map<
    number,
    { resolve: (buffer: ArrayBuffer) => void; reject: (error: Error) => void }
  >();

  constructor(private readonly port: HelperPort) {
    port.onmessage = (event) => {
      const message = event.data;
      const read = this.reads.get(message.id);
      if (read) {
        this.reads.delete(message.id);
        if (message.type === 'read') read.resolve(message.buffer);
        else read.reject(new Error(message.type === 'failed' ? message.message : 'unexpected answer'));
        return;
      }
      const job = this.jobs.get(message.id);
      if (!job) return;
      if (message.type === 'progress') {
        job.progress(message.bytesRead, message.spans);
        return;
      }
      this.jobs.delete(message.id);
      if (message.type === 'rest') job.resolve(message.result);
      else job.reject(new Error(message.type === 'failed' ? message.message : 'unexpected answer'));
    };
    port.onerror = (event) => {
      // The helper is gone: whoever waits on it scans the rest itself.
      event.preventDefault();
      this.gone = true;
      for (const job of [...this.jobs.values(), ...this.reads.values()])
        job.reject(new Error('the helper worker stopped'));
      this.jobs.clear();
      this.reads.clear();
    };
  }

  scanRest(request: RestRequest, progress: (bytesRead: number, spans: number) => void): Promise<RestResult> {
    if (this.gone) return Promise.reject(new Error('the helper worker stopped'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.jobs.set(id, { resolve, reject, progress });
      this.port.postMessage({ type: 'rest', id, request }, request.given?.buffers ?? []);
    });
  }

  cancel(): void {
    for (const id of this.jobs.keys()) this.port.postMessage({ type: 'cancel', id });
  }

  read(blob: Blob, at: number, end: number): Promise<ArrayBuffer> {
    if (this.gone) return Promise.reject(new Error('the helper worker stopped'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.reads.set(id, { resolve, reject });
      this.port.postMessage({ type: 'read', id, blob, at, end });
    });
  }
}
