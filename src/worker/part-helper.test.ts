// Two workers on one file: the import worker scans the first part, the helper
// (here an in-process stand-in that answers asynchronously, messages cloned as
// postMessage would) the rest. Same traces, warnings and errors as one worker.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateTrace, traceText } from '../../bench/gen-trace';
import { dumpImport } from '../../test/helpers/dump-trace';
import {
  PartHelperHost,
  WorkerPartHelper,
  type HelperPort,
  type HelperRequest,
  type HelperResponse,
} from '../import/part-helper';
import { TraceSession } from './trace-session';

const fixtures = join(import.meta.dirname, '../../test/fixtures');

/**
 * A worker stand-in. `die`: fail like a crashed worker as soon as it is asked for the rest. `readMsPerMb`: a read
 * takes longer the further into the file it starts (so a scan can outrun it).
 * `asked`: requests for the rest; `reads`: slices it read.
 */
function fakeWorker(die: boolean | 'on-read' = false, readMsPerMb = 0): HelperPort & { asked: number; reads: number } {
  const host = new PartHelperHost((message) =>
    setTimeout(() => port.onmessage?.({ data: structuredClone(message) } as MessageEvent<HelperResponse>), 1),
  );
  const port: HelperPort & { asked: number; reads: number } = {
    asked: 0,
    reads: 0,
    onmessage: null,
    onerror: null,
    postMessage(message: HelperRequest, transfer: Transferable[] = []) {
      if (message.type === 'rest') port.asked++;
      if (message.type === 'read') port.reads++;
      if ((die === true && message.type === 'rest') || (die === 'on-read' && message.type === 'read')) {
        setTimeout(() => port.onerror?.({ preventDefault: () => undefined } as ErrorEvent), 1);
        return;
      }
      // The Blob is passed as is; the rest is cloned, and what is transferred is gone here, as with a worker.
      const copy: HelperRequest =
        message.type === 'rest'
          ? {
              ...message,
              request: {
                ...structuredClone({ ...message.request, blob: null }, { transfer }),
                blob: message.request.blob,
              },
            }
          : message;
      setTimeout(() => host.handle(copy), message.type === 'read' ? 1 + (message.at / 1e6) * readMsPerMb : 1);
    },
  };
  return port;
}

const dump = (session: TraceSession, text: string, name: string) => dumpImport(session, name, text);

const options = (batchBytes: number, chunkBytes: number) => ({ batchBytes, chunkBytes, oneShotLimit: 0 });
const alone = (batchBytes = 2048, chunkBytes = 4096) => new TraceSession(options(batchBytes, chunkBytes));
/** `inSlices`: the file is read in slices, never at once, as big files are (see fakeWorker for `readMsPerMb`). */
function helped(
  batchBytes = 2048,
  chunkBytes = 4096,
  die: boolean | 'on-read' = false,
  inSlices = false,
  readMsPerMb = 0,
) {
  const worker = fakeWorker(die, readMsPerMb);
  const session = new TraceSession({
    ...options(batchBytes, chunkBytes),
    helperFromBytes: 0,
    readWholeBytes: inSlices ? 0 : undefined,
    helper: new WorkerPartHelper(worker),
  });
  return { worker, session };
}

/** 1.5 MB of OTLP: read in slices of 0.5 and 1 MB, the helper takes over inside the second. */
const slicedText = traceText(generateTrace({ seed: 9, spans: 2000, services: 7 }), 'otlp');

describe('the rest of the file scanned by a helper worker', () => {
  for (const format of readdirSync(fixtures)) {
    for (const file of readdirSync(join(fixtures, format)).filter((f) => /\.jsonl?$/.test(f))) {
      it(`${format}/${file}`, async () => {
        const text = readFileSync(join(fixtures, format, file), 'utf8');
        for (const chunkBytes of [7, 4096]) {
          const expected = await dump(alone(200, chunkBytes), text, file);
          expect(await dump(helped(200, chunkBytes).session, text, file)).toBe(expected);
        }
      });
    }
  }

  for (const format of ['jaeger', 'zipkin', 'otlp'] as const) {
    it(`a generated ${format} trace of 2,000 spans`, async () => {
      const text = traceText(generateTrace({ seed: 5, spans: 2000, services: 9 }), format);
      const expected = await dump(alone(), text, 'gen.json');
      const { worker, session } = helped();
      expect(await dump(session, text, 'gen.json')).toBe(expected);
      expect(worker.asked).toBe(1);
    });
  }

  it('the helper parsed the rest: the report says how many batches', async () => {
    const text = traceText(generateTrace({ seed: 6, spans: 1000, services: 5 }), 'otlp');
    const report = await helped().session.importFiles([{ name: 'gen.json', blob: new Blob([text]) }]);
    const batches = report.files[0]?.batches;
    expect(batches?.helper).toBeGreaterThan(10);
    expect(batches?.total).toBeGreaterThan(batches?.helper ?? 0);
    // Each worker parses batches of about 2 KB of spans: as many in all as the file has 2 KB pieces, give or take.
    const pieces = text.length / 2048;
    expect(batches?.total).toBeGreaterThan(pieces * 0.7);
    expect(batches?.total).toBeLessThan(pieces * 1.3);
  });

  const broken = (from: number, to: number) =>
    traceText(generateTrace({ seed: 3, spans: 1000, services: 4 }), 'otlp').replace(/"kind":3,/g, (m, at: number) =>
      at > from && at < to ? '"kind":3,,' : m,
    );

  it('a broken span in the helper part is reported at the same place', async () => {
    const text = broken(600_000, Infinity);
    const expected = await dump(alone(), text, 'broken.json');
    expect(expected).toMatch(/^error: broken\.json:1:6\d{5}: not valid JSON/);
    expect(await dump(helped().session, text, 'broken.json')).toBe(expected);
  });

  it('a broken span in the first part is reported even though the rest is cut short', async () => {
    const text = broken(300_000, 350_000).slice(0, -300);
    const expected = await dump(alone(), text, 'cut.json');
    expect(expected).toMatch(/^error: cut\.json:1:3\d{5}: not valid JSON: expected a quoted object key/);
    expect(await dump(helped().session, text, 'cut.json')).toBe(expected);
  });

  it('a broken span that fails while the next slice is read is reported, not a later error', async () => {
    // Read in slices, the import worker parses the spans it holds while the next slice is on its way (the first is 0.5
    // MB).
    const text = slicedText
      .replace(/"kind":3,/g, (m, at: number) => (at > 300_000 && at < 350_000 ? '"kind":3,,' : m))
      .slice(0, -300);
    const expected = await dump(alone(), text, 'cut.json');
    expect(expected).toMatch(/^error: cut\.json:1:3\d{5}: not valid JSON: expected a quoted object key/);
    expect(await dump(helped(2048, 4096, false, true, 1000).session, text, 'cut.json')).toBe(expected);
  });

  it('a cancel while the helper scans the rest stops both, and the session stays usable', async () => {
    const text = traceText(generateTrace({ seed: 4, spans: 3000, services: 6 }), 'otlp');
    const { worker, session } = helped(2048, 4096);
    let asked = false;
    // Cancel once the helper has been asked for the rest: the import worker is then waiting on it.
    const report = await session.importFiles(
      [{ name: 'big.json', blob: new Blob([text]) }],
      undefined,
      () => (asked ||= worker.asked > 0),
    );
    expect(report.failures[0]?.cancelled).toBe(true);
    expect(report.traces).toHaveLength(0);
    const again = await session.importFiles([{ name: 'big.json', blob: new Blob([text]) }]);
    expect(again.traces[0]?.count).toBe(3000);
  });

  it('a file read in slices: what the import worker read past its part goes to the helper, and the traces are the same', async () => {
    expect(slicedText.length).toBeGreaterThan(1_200_000);
    const { worker, session } = helped(2048, 4096, false, true);
    expect(await dump(session, slicedText, 'gen.json')).toBe(await dump(alone(), slicedText, 'gen.json'));
    expect(worker.asked).toBe(1);
    // The slices of the first part were read by the helper (0.5 and 1 MB).
    expect(worker.reads).toBe(2);
  });

  it('when the helper dies while it reads the first part, the import worker reads and scans it all itself', async () => {
    const { worker, session } = helped(2048, 4096, 'on-read', true);
    expect(await dump(session, slicedText, 'gen.json')).toBe(await dump(alone(), slicedText, 'gen.json'));
    expect(worker.reads).toBeGreaterThan(0);
    expect(worker.asked).toBe(0);
  });

  it('when the helper dies, the import worker scans the rest and nothing is lost', async () => {
    const text = traceText(generateTrace({ seed: 8, spans: 1500, services: 6 }), 'jaeger');
    const expected = await dump(alone(), text, 'gen.json');
    const { worker, session } = helped(2048, 4096, true);
    expect(await dump(session, text, 'gen.json')).toBe(expected);
    expect(worker.asked).toBe(1);
  });
});
