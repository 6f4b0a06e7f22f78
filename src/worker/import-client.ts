// A promise wrapper around the import worker. The page talks to traces only
// through this: import files → compact columns; ask for one span's details.
import type { WorkerRequest, WorkerResponse } from './protocol';
import type { ImportReport, InputFile, Progress, SpanDetails } from './trace-session';

type Pending = { resolve: (value: WorkerResponse) => void; reject: (error: Error) => void; progress?: Progress };

export class ImportClient {
  private readonly worker: Worker;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private markReady: () => void = () => undefined;
  /** Settles when the worker has warmed up (or failed to start): until then it is busy. */
  readonly ready = new Promise<void>((resolve) => (this.markReady = resolve));

  constructor() {
    this.worker = new Worker(new URL('./import.worker.ts', import.meta.url), { type: 'module', name: 'skein-import' });
    this.worker.onmessage = (event: MessageEvent<WorkerResponse>) => {
      const message = event.data;
      if (message.type === 'ready') {
        this.markReady();
        return;
      }
      const waiting = this.pending.get(message.id);
      if (!waiting) return;
      if (message.type === 'progress') {
        waiting.progress?.(message.stage, message.done, message.total);
        return;
      }
      this.pending.delete(message.id);
      if (message.type === 'failed') waiting.reject(new Error(message.message));
      else waiting.resolve(message);
    };
    this.worker.onerror = (event) => {
      this.markReady();
      const error = new Error(`the import worker failed: ${event.message}`);
      for (const waiting of this.pending.values()) waiting.reject(error);
      this.pending.clear();
    };
  }

  private send(request: WorkerRequest, transfer: Transferable[] = [], progress?: Progress): Promise<WorkerResponse> {
    return new Promise((resolve, reject) => {
      this.pending.set(request.id, { resolve, reject, progress });
      this.worker.postMessage(request, transfer);
    });
  }

  /** Files go as Blobs (a reference, not a copy); the worker streams them. */
  importFiles(files: InputFile[], progress?: Progress): { id: number; done: Promise<ImportReport> } {
    const id = this.nextId++;
    const done = this.send({ type: 'import', id, files }, [], progress).then((response) => {
      if (response.type !== 'imported') throw new Error(`unexpected reply ${response.type}`);
      return response.report;
    });
    return { id, done };
  }

  async cancel(importId: number): Promise<void> {
    await this.send({ type: 'cancel', id: this.nextId++, target: importId });
  }

  async details(traceId: string, index: number): Promise<SpanDetails | null> {
    const response = await this.send({ type: 'details', id: this.nextId++, traceId, index });
    if (response.type !== 'details') throw new Error(`unexpected reply ${response.type}`);
    return response.details;
  }

  async clear(): Promise<void> {
    await this.send({ type: 'clear', id: this.nextId++ });
  }
}
