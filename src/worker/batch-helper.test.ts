// The helper path: batches parsed by a second worker (here an in-process
// stand-in that answers asynchronously, after random delays) give the same
// traces, warnings and errors as parsing every batch in the importer.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateTrace, traceText } from '../../bench/gen-trace';
import { dumpColumns } from '../../test/helpers/dump-trace';
import { HelperHost, WorkerBatchHelper, type HelperPort, type HelperRequest, type HelperResponse } from './batch-helper';
import { TraceSession } from './trace-session';

const fixtures = join(import.meta.dirname, '../../test/fixtures');

/** A worker stand-in: requests handled in order, each after a random pause; messages cloned as postMessage would. */
function fakeWorker(seed: number, dieAfter = Infinity): HelperPort & { parsed: number } {
  const host = new HelperHost();
  let random = seed;
  const pause = () => {
    random = (random * 48271) % 2147483647;
    return random % 3;
  };
  let queue = Promise.resolve();
  let handled = 0;
  const port: HelperPort & { parsed: number } = {
    parsed: 0,
    onmessage: null,
    onerror: null,
    postMessage(request: HelperRequest) {
      const copy = structuredClone(request);
      queue = queue.then(async () => {
        for (let k = pause(); k > 0; k--) await new Promise((resolve) => setImmediate(resolve));
        if (handled++ === dieAfter) {
          port.onerror?.({ preventDefault: () => undefined } as ErrorEvent);
          return;
        }
        if (handled > dieAfter) return;
        if (copy.type === 'parse') port.parsed++;
        const answer = host.handle(copy);
        if (answer) port.onmessage?.({ data: structuredClone(answer.reply) } as MessageEvent<HelperResponse>);
      });
    },
  };
  return port;
}

async function dump(session: TraceSession, text: string, name: string): Promise<string> {
  const report = await session.importFiles([{ name, blob: new Blob([text]) }]);
  if (report.failures.length) return `error: ${report.failures[0]?.message}`;
  const parts: string[] = [];
  for (const columns of report.traces.sort((a, b) => (a.summary.traceId < b.summary.traceId ? -1 : 1))) {
    const details = await Promise.all(Array.from({ length: columns.count }, (_, i) => session.details(columns.summary.traceId, i)));
    parts.push(`${columns.summary.warnings.map((w) => w.message).join('\n')}\n${dumpColumns(columns, details)}`);
  }
  return parts.join('\n\n');
}

const alone = (batchBytes: number) => new TraceSession({ batchBytes, oneShotLimit: 0 });
function helped(batchBytes: number, seed: number, dieAfter?: number) {
  const worker = fakeWorker(seed, dieAfter);
  return { worker, session: new TraceSession({ batchBytes, chunkBytes: 8192, oneShotLimit: 0, helperFromBytes: 0, helper: new WorkerBatchHelper(worker) }) };
}

describe('batches parsed by a helper worker', () => {
  for (const format of readdirSync(fixtures)) {
    for (const file of readdirSync(join(fixtures, format)).filter((f) => /\.jsonl?$/.test(f))) {
      it(`${format}/${file}`, async () => {
        const text = readFileSync(join(fixtures, format, file), 'utf8');
        const expected = await dump(alone(200), text, file);
        expect(await dump(helped(200, text.length).session, text, file)).toBe(expected);
      });
    }
  }

  for (const format of ['jaeger', 'zipkin', 'otlp'] as const) {
    it(`a generated ${format} trace of 2,000 spans in many small batches`, async () => {
      const text = traceText(generateTrace({ seed: 5, spans: 2000, services: 9 }), format);
      const expected = await dump(alone(4096), text, 'gen.json');
      const { worker, session } = helped(4096, 17);
      expect(await dump(session, text, 'gen.json')).toBe(expected);
      expect(worker.parsed).toBeGreaterThan(50);
    });
  }

  it('a broken span deep in the file is reported at the same place', async () => {
    const text = traceText(generateTrace({ seed: 3, spans: 1000, services: 4 }), 'otlp').replace(/"kind":3,/g, (m, at: number) => (at > 400_000 ? '"kind":3,,' : m));
    const expected = await dump(alone(2048), text, 'broken.json');
    expect(expected).toMatch(/^error: broken\.json:1:\d+: not valid JSON/);
    const { worker, session } = helped(2048, 5);
    expect(await dump(session, text, 'broken.json')).toBe(expected);
    expect(worker.parsed).toBeGreaterThan(10);
  });

  it('a broken span before the place where the file is cut short is the error reported', async () => {
    const whole = traceText(generateTrace({ seed: 3, spans: 1000, services: 4 }), 'otlp');
    const text = whole.replace(/"kind":3,/g, (m, at: number) => (at > 400_000 && at < 450_000 ? '"kind":3,,' : m)).slice(0, -300);
    const expected = await dump(alone(2048), text, 'cut.json');
    expect(expected).toMatch(/^error: cut\.json:1:4\d{5}: not valid JSON: expected a quoted object key/);
    expect(await dump(helped(2048, 9).session, text, 'cut.json')).toBe(expected);
  });

  it('when the helper dies, the importer parses its batches and nothing is lost', async () => {
    const text = traceText(generateTrace({ seed: 8, spans: 1500, services: 6 }), 'jaeger');
    const expected = await dump(alone(4096), text, 'gen.json');
    const { worker, session } = helped(4096, 23, 20);
    expect(await dump(session, text, 'gen.json')).toBe(expected);
    expect(worker.parsed).toBeGreaterThan(5);
  });
});
