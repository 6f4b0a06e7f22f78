// Starts the ingest thread (ingest-worker.ts) for a store file and hands it
// export bodies; each answer comes back once its spans are committed.
import { Worker } from 'node:worker_threads';
import type { BodyFormat, ExportAnswer, IngestOptions, TraceExporter } from './ingest';
import type { IngestDone, IngestJob } from './ingest-worker';

export interface IngestThread {
  exporter: TraceExporter;
  close: () => Promise<void>;
}

export function startIngestThread(path: string, options: Omit<IngestOptions, 'exporter' | 'log'>): IngestThread {
  // The server runs under tsx, whose loader a worker does not inherit on Node 20: the thread registers it, then loads
  // its module.
  const file = new URL('./ingest-worker.ts', import.meta.url).href;
  const tsx = import.meta.resolve('tsx/esm/api');
  const boot = `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(file)}); });`;
  const worker = new Worker(boot, {
    eval: true,
    workerData: { path, options },
    resourceLimits: { maxYoungGenerationSizeMb: 64 },
  });
  const waiting = new Map<number, (answer: ExportAnswer) => void>();
  let nextId = 1;
  let failure: string | null = null;
  worker.on('message', (done: IngestDone) => {
    waiting.get(done.id)?.(done.answer);
    waiting.delete(done.id);
  });
  const fail = (message: string) => {
    failure = message;
    for (const answer of waiting.values()) answer({ ok: false, status: 503, message });
    waiting.clear();
  };
  worker.on('error', (error) => fail(`the ingest thread failed: ${error.message}`));
  worker.on('exit', (code) => {
    if (code !== 0) fail(`the ingest thread stopped (${code})`);
  });
  return {
    exporter: (body: Uint8Array, format: BodyFormat) =>
      new Promise<ExportAnswer>((resolve) => {
        if (failure) return resolve({ ok: false, status: 503, message: failure });
        const id = nextId++;
        waiting.set(id, resolve);
        // The bytes move to the thread (a copy only when they share a buffer with other data).
        const own = body.byteOffset === 0 && body.byteLength === body.buffer.byteLength ? body : body.slice();
        worker.postMessage({ id, body: own, format } satisfies IngestJob, [own.buffer as ArrayBuffer]);
      }),
    close: async () => {
      worker.postMessage('close');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => void worker.terminate().then(() => resolve()), 2000);
        worker.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
      });
    },
  };
}
