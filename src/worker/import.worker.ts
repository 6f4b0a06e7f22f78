// Message wiring only: the pipeline runs in TraceSession, off the main thread.
import { PACK_FROM_TRACES, packedBuffers, packTraces, transferBuffers, type TraceColumns } from '../model/columns';
import type { WorkerRequest, WorkerResponse } from './protocol';
import { WorkerPartHelper } from '../import/part-helper';
import { TraceSession } from './trace-session';
import { warmUpBigTrace, warmUpFiles } from './warm-up';
import { errorText } from '../model/text';

/**
 * The rest of a big file is scanned by a second worker while this one parses
 * the first part: where there is a second core, and where a worker can start
 * one. Without it every file is read here, as before.
 */
function startHelper(): WorkerPartHelper | undefined {
  const cores =
    (self as unknown as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency ?? 1;
  if (cores < 2 || typeof Worker !== 'function') return undefined;
  try {
    return new WorkerPartHelper(
      new Worker(new URL('./part.worker.ts', import.meta.url), { type: 'module', name: 'skein-part' }),
    );
  } catch {
    return undefined;
  }
}

const helper = startHelper();
const session = new TraceSession({ helper });

const cancelled = new Set<number>();
const scope = self as unknown as {
  postMessage(message: WorkerResponse, transfer?: Transferable[]): void;
  onmessage: ((event: MessageEvent<WorkerRequest>) => void) | null;
};

// Run the pipeline on generated traces while the page is idle, so the first
// real file does not pay for cold code: the same traces in each JSON format,
// round after round, since each format has code of its own. Each file is big
// enough to be shared with the helper, which is warmed with it. One pass
// leaves most hot functions with the baseline compilers; after a few, the
// optimizing compiler has them, with the types real files bring. A request
// stops the warm-up after the import it is in. The throwaway sessions are
// dropped; nothing reaches the page but word that the worker is ready.
const WARM_UP_ROUNDS = 4;
const PROGRESS_MS = 50;
let requested = false;
/** The warm-up's big trace, for the page to draw once unseen (see WarmRender.tsx). */
let sample: TraceColumns | undefined;

async function warmUp(): Promise<void> {
  const files = warmUpFiles().map(({ name, data }) => ({ name, blob: new Blob([data]) }));
  for (let round = 0; round < WARM_UP_ROUNDS; round++) {
    for (const file of files) {
      if (requested) return;
      const report = await new TraceSession({ helper }).importFiles([file]);
      // A real import moves its columns to the page. The first move of a kind
      // of typed array out of a worker makes the engine throw away the code it
      // optimized for that kind (with --trace-deopt: "dependent prototype chain
      // changed"): let that happen here, not at the end of the first real file.
      const sink = new MessageChannel();
      const packed = packTraces(report.traces);
      sink.port1.postMessage(packed, packedBuffers(packed));
      sink.port1.close();
    }
    // The big trace once, made only now, after a round has taught the code the formats: its columns go to the page.
    if (round === 0 && !requested) {
      const big = warmUpBigTrace();
      sample = (await new TraceSession({ helper }).importFiles([{ name: big.name, blob: new Blob([big.data]) }]))
        .traces[0];
    }
  }
}

void warmUp()
  .catch(() => undefined)
  .finally(() => scope.postMessage({ type: 'ready', id: 0, sample }, sample ? transferBuffers([sample]) : []));

scope.onmessage = (event) => {
  requested = true;
  void handle(event.data).catch((error: unknown) => {
    scope.postMessage({ type: 'failed', id: event.data.id, message: errorText(error) });
  });
};

async function handle(request: WorkerRequest): Promise<void> {
  switch (request.type) {
    case 'import': {
      // Progress at most every 50 ms: a file of 100,000 traces reports each one it builds, and every
      // message makes the page render.
      let lastProgress = -Infinity;
      const report = await session.importFiles(
        request.files,
        (stage, done, total) => {
          const now = performance.now();
          if (now - lastProgress < PROGRESS_MS) return;
          lastProgress = now;
          scope.postMessage({ type: 'progress', id: request.id, stage, done, total });
        },
        () => cancelled.has(request.id),
      );
      cancelled.delete(request.id);
      if (report.traces.length > PACK_FROM_TRACES) {
        const packed = packTraces(report.traces);
        scope.postMessage(
          { type: 'imported', id: request.id, report: { ...report, traces: [] }, packed },
          packedBuffers(packed),
        );
      } else scope.postMessage({ type: 'imported', id: request.id, report }, transferBuffers(report.traces));
      return;
    }
    case 'cancel':
      cancelled.add(request.target);
      scope.postMessage({ type: 'done', id: request.id });
      return;
    case 'details':
      scope.postMessage({
        type: 'details',
        id: request.id,
        details: await session.details(request.traceId, request.index),
      });
      return;
    case 'critical-path': {
      const found = session.criticalPath(request.traceId);
      // Copies: the session keeps its own for later queries.
      const path = found && { spans: found.spans.slice(), pathUs: found.pathUs.slice(), onPath: found.onPath.slice() };
      scope.postMessage(
        { type: 'critical-path', id: request.id, path },
        path ? [path.spans.buffer, path.pathUs.buffer, path.onPath.buffer] : [],
      );
      return;
    }
    case 'stats':
      scope.postMessage({
        type: 'stats',
        id: request.id,
        rows: await session.stats(request.traceId, request.grouping),
      });
      return;
    case 'query': {
      const answer = await session.query(request.traceId, request.text);
      scope.postMessage({ type: 'query', id: request.id, answer }, answer?.ok ? [answer.mask.buffer] : []);
      return;
    }
    case 'export':
      scope.postMessage({
        type: 'export',
        id: request.id,
        text: await session.exportTrace(request.traceId, request.format, request.redaction),
      });
      return;
    case 'attribute-keys':
      scope.postMessage({ type: 'attribute-keys', id: request.id, keys: await session.attributeKeys(request.traceId) });
      return;
    case 'close':
      session.close(request.traceId);
      scope.postMessage({ type: 'done', id: request.id });
      return;
    case 'clear':
      session.clear();
      scope.postMessage({ type: 'done', id: request.id });
      return;
  }
}
