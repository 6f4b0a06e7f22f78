// The two ends of the batch helper: `HelperHost` runs in the parse worker
// (a locator fed the importer's context, parsing the batches it is sent), and
// `WorkerBatchHelper` is the importer's side, over anything that carries
// messages (a Worker; an in-process stand-in in tests).
import { locatorFor } from '../formats/detect';
import type { PathSegment } from '../formats/json-scan';
import type { StreamLocator } from '../formats/stream-locator';
import type { FormatName } from '../model/trace';
import { packTransfer } from '../tree/span-table';
import { markedPaths, parseBatch, type BatchJob, type BatchResult } from './batch-parse';
import type { BatchHelper } from './stream-import';

export type HelperRequest =
  | { type: 'begin'; format: FormatName }
  | { type: 'group'; id: number; name: string }
  | { type: 'context'; group: string; path: PathSegment[]; value: unknown }
  | { type: 'parse'; id: number; job: BatchJob };

export type HelperResponse = { type: 'parsed'; id: number; result: BatchResult } | { type: 'failed'; id: number; message: string };

export class HelperHost {
  private locator: StreamLocator | null = null;
  private groups: string[] = [];

  /** A reply and the buffers to transfer with it, or null when the request needs none. */
  handle(request: HelperRequest): { reply: HelperResponse; transfer: ArrayBuffer[] } | null {
    switch (request.type) {
      case 'begin':
        this.locator = locatorFor(request.format);
        this.groups = [];
        return null;
      case 'group':
        this.groups[request.id] = request.name;
        return null;
      case 'context':
        this.locator?.addContext(request.group, request.path, request.value);
        return null;
      case 'parse': {
        if (!this.locator) return { reply: { type: 'failed', id: request.id, message: 'no file begun' }, transfer: [] };
        try {
          const groups = this.groups;
          const result = parseBatch(request.job, this.locator, { group: (id) => groups[id] ?? '', ...markedPaths });
          return { reply: { type: 'parsed', id: request.id, result }, transfer: packTransfer(result.pack) };
        } catch (error) {
          return { reply: { type: 'failed', id: request.id, message: error instanceof Error ? error.message : String(error) }, transfer: [] };
        }
      }
    }
  }
}

/** What the importer needs of a worker: post, and hear replies and failure. */
export interface HelperPort {
  postMessage(message: HelperRequest): void;
  onmessage: ((event: MessageEvent<HelperResponse>) => void) | null;
  onerror: ((event: ErrorEvent) => void) | null;
}

export class WorkerBatchHelper implements BatchHelper {
  private nextId = 1;
  private gone = false;
  private readonly jobs = new Map<number, { resolve: (result: BatchResult) => void; reject: (error: Error) => void }>();

  constructor(private readonly port: HelperPort) {
    port.onmessage = (event) => {
      const message = event.data;
      const job = this.jobs.get(message.id);
      if (!job) return;
      this.jobs.delete(message.id);
      if (message.type === 'parsed') job.resolve(message.result);
      else job.reject(new Error(message.message));
    };
    port.onerror = (event) => {
      // The helper is gone: every batch it held is parsed by the importer instead.
      event.preventDefault();
      this.gone = true;
      for (const job of this.jobs.values()) job.reject(new Error('the parse helper stopped'));
      this.jobs.clear();
    };
  }

  get waiting(): number {
    return this.gone ? Infinity : this.jobs.size;
  }

  begin(format: FormatName): void {
    if (!this.gone) this.port.postMessage({ type: 'begin', format });
  }

  group(id: number, name: string): void {
    if (!this.gone) this.port.postMessage({ type: 'group', id, name });
  }

  context(group: string, path: readonly PathSegment[], value: unknown): void {
    if (!this.gone) this.port.postMessage({ type: 'context', group, path: path.slice(), value });
  }

  parse(job: BatchJob): Promise<BatchResult> {
    if (this.gone) return Promise.reject(new Error('the parse helper stopped'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.jobs.set(id, { resolve, reject });
      this.port.postMessage({ type: 'parse', id, job });
    });
  }
}
