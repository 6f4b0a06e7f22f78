// A promise wrapper around the import worker. The page talks to traces only
// through this: import files → compact columns; ask for one span's details.
//
// Cancel is heard by the worker between slices of a file. Where it is not
// heard in time (the tree of one huge trace is being built, a file of many
// traces is being assembled), the worker is stopped and a new one started;
// it reads the files of every earlier import again, in order, so that the
// traces on the page keep their details. Until it has, details wait.
import type { RedactRules } from '../model/redact';
import { unpackTraces, type TraceColumns } from '../model/columns';
import type { PathAnswer, WorkerRequest, WorkerResponse } from './protocol';
import type { StatsGrouping, StatsRow } from '../analysis/span-stats';
import type { AttributeKey, QueryAnswer } from './trace-analyses';
import type { ExportFormat, ImportReport, InputFile, Progress, SpanDetails } from './trace-session';

type Pending = {
  resolve: (value: WorkerResponse) => void;
  reject: (error: Error) => void;
  progress?: Progress;
  files?: InputFile[];
};

/** How long a cancel may take before the worker is stopped (the page promises 200 ms). */
const CANCEL_MS = 150;

function startWorker(): Worker {
  return new Worker(new URL('./import.worker.ts', import.meta.url), { type: 'module', name: 'skein-import' });
}

/** The answer an import gets when it was cancelled by stopping the worker: nothing read, nothing to report. */
function cancelledReport(files: readonly InputFile[]): ImportReport {
  return {
    traces: [],
    failures: files.map((f) => ({
      ok: false,
      fileName: f.name,
      message: `${f.name}: import cancelled`,
      cancelled: true,
    })),
    files: [],
    timings: { readMs: 0, buildMs: 0 },
    replaced: [],
  };
}

export class ImportClient {
  private worker: Worker;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  /** The files of every import that gave traces, in order: a new worker reads them again. */
  /** What the worker was asked to keep, in order: a restarted worker is told it again. */
  private readonly history: Array<{ files: InputFile[] } | { close: string }> = [];
  /** Settles when a restarted worker has read the earlier files again. */
  private replaying: Promise<void> = Promise.resolve();
  private markReady: (sample: TraceColumns | null) => void = () => undefined;
  /**
   * Settles when the worker has warmed up (or failed to start): until then it is busy. With a trace of its warm-up, for
   * the page to warm its own code on (null when there is none).
   */
  readonly ready = new Promise<TraceColumns | null>((resolve) => (this.markReady = resolve));
  /** How many times a cancel had to stop the worker (tests read it). */
  restarts = 0;

  constructor() {
    this.worker = this.wire(startWorker());
  }

  private wire(worker: Worker): Worker {
    worker.onmessage = (event: MessageEvent<WorkerResponse>) => {
      const message = event.data;
      if (message.type === 'ready') {
        this.markReady(message.sample ?? null);
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
    worker.onerror = (event) => {
      this.markReady(null);
      const error = new Error(`the import worker failed: ${event.message}`);
      for (const waiting of this.pending.values()) waiting.reject(error);
      this.pending.clear();
    };
    return worker;
  }

  private send(
    request: WorkerRequest,
    transfer: Transferable[] = [],
    progress?: Progress,
    files?: InputFile[],
  ): Promise<WorkerResponse> {
    return new Promise((resolve, reject) => {
      this.pending.set(request.id, { resolve, reject, progress, files });
      this.worker.postMessage(request, transfer);
    });
  }

  /** Files go as Blobs (a reference, not a copy); the worker streams them. */
  importFiles(files: InputFile[], progress?: Progress): { id: number; done: Promise<ImportReport> } {
    const id = this.nextId++;
    const done = this.send({ type: 'import', id, files }, [], progress, files).then((response) => {
      if (response.type !== 'imported') throw new Error(`unexpected reply ${response.type}`);
      const report = response.packed ? { ...response.report, traces: unpackTraces(response.packed) } : response.report;
      if (report.files.length) this.history.push({ files });
      return report;
    });
    return { id, done };
  }

  /** Stops an import within CANCEL_MS: by asking the worker, or else by starting a new one. */
  async cancel(importId: number): Promise<void> {
    if (!this.pending.has(importId)) return;
    void this.send({ type: 'cancel', id: this.nextId++, target: importId }).catch(() => undefined);
    const until = performance.now() + CANCEL_MS;
    while (this.pending.has(importId) && performance.now() < until)
      await new Promise((resolve) => setTimeout(resolve, 10));
    if (this.pending.has(importId)) this.restart(importId);
  }

  private restart(importId: number): void {
    this.restarts++;
    this.worker.terminate();
    for (const [id, waiting] of this.pending) {
      if (id === importId) waiting.resolve({ type: 'imported', id, report: cancelledReport(waiting.files ?? []) });
      else if (waiting.files) waiting.resolve({ type: 'imported', id, report: cancelledReport(waiting.files) });
      else waiting.reject(new Error('the import worker was restarted'));
    }
    this.pending.clear();
    this.worker = this.wire(startWorker());
    const earlier = this.history.slice();
    this.replaying = (async () => {
      for (const step of earlier) {
        const request: WorkerRequest =
          'files' in step
            ? { type: 'import', id: this.nextId++, files: step.files }
            : { type: 'close', id: this.nextId++, traceId: step.close };
        await this.send(request).catch(() => undefined);
      }
    })();
  }

  async details(traceId: string, index: number): Promise<SpanDetails | null> {
    await this.replaying;
    const response = await this.send({ type: 'details', id: this.nextId++, traceId, index });
    if (response.type !== 'details') throw new Error(`unexpected reply ${response.type}`);
    return response.details;
  }

  async criticalPath(traceId: string): Promise<PathAnswer | null> {
    await this.replaying;
    const response = await this.send({ type: 'critical-path', id: this.nextId++, traceId });
    if (response.type !== 'critical-path') throw new Error(`unexpected reply ${response.type}`);
    return response.path;
  }

  async stats(traceId: string, grouping: StatsGrouping): Promise<StatsRow[] | null> {
    await this.replaying;
    const response = await this.send({ type: 'stats', id: this.nextId++, traceId, grouping });
    if (response.type !== 'stats') throw new Error(`unexpected reply ${response.type}`);
    return response.rows;
  }

  async query(traceId: string, text: string): Promise<QueryAnswer | null> {
    await this.replaying;
    const response = await this.send({ type: 'query', id: this.nextId++, traceId, text });
    if (response.type !== 'query') throw new Error(`unexpected reply ${response.type}`);
    return response.answer;
  }

  async exportTrace(traceId: string, format: ExportFormat, redaction: RedactRules | null): Promise<string | null> {
    await this.replaying;
    const response = await this.send({ type: 'export', id: this.nextId++, traceId, format, redaction });
    if (response.type !== 'export') throw new Error(`unexpected reply ${response.type}`);
    return response.text;
  }

  async attributeKeys(traceId: string): Promise<AttributeKey[] | null> {
    await this.replaying;
    const response = await this.send({ type: 'attribute-keys', id: this.nextId++, traceId });
    if (response.type !== 'attribute-keys') throw new Error(`unexpected reply ${response.type}`);
    return response.keys;
  }

  /** Closes one trace in the worker. */
  async close(traceId: string): Promise<void> {
    await this.replaying;
    this.history.push({ close: traceId });
    await this.send({ type: 'close', id: this.nextId++, traceId });
  }

  async clear(): Promise<void> {
    await this.replaying;
    this.history.length = 0;
    await this.send({ type: 'clear', id: this.nextId++ });
  }
}
