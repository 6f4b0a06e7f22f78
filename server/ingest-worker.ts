// The ingest thread: OTLP trace export bodies arrive here as bytes, are
// decoded, converted and stored on this thread's own connection to the store
// file (SQLite's WAL lets the server's thread read meanwhile), so neither the
// decoding nor the writes hold up the requests the server is answering.
import { parentPort, workerData } from 'node:worker_threads';
import { exportBody, type BodyFormat, type ExportAnswer, type IngestOptions } from './ingest';
import { SpanStore } from './span-store';
import { errorText } from '../src/model/text';

export interface IngestJob {
  id: number;
  body: Uint8Array;
  format: BodyFormat;
}

export interface IngestDone {
  id: number;
  answer: ExportAnswer;
}

const { path, options } = workerData as { path: string; options: IngestOptions };
const store = new SpanStore({ path });
parentPort?.on('message', (job: IngestJob | 'close') => {
  if (job === 'close') {
    store.close();
    parentPort?.close();
    return;
  }
  exportBody(store, job.body, job.format, options).then(
    (answer) => parentPort?.postMessage({ id: job.id, answer } satisfies IngestDone),
    (error: unknown) =>
      parentPort?.postMessage({
        id: job.id,
        answer: { ok: false, status: 503, message: `the spans could not be stored: ${errorText(error)}` },
      } satisfies IngestDone),
  );
});
