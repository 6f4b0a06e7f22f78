// The streaming path (what the page uses: chunks → scanner → batches → columns,
// details re-read from the file's bytes) gives the same traces as the one-shot
// path (JSON.parse → importer → buildTrace) on every fixture and on generated
// traces, whatever the chunk size.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateTrace, traceText } from '../bench/gen-trace';
import { TraceSession } from '../src/worker/trace-session';
import { dumpTraces } from './helpers/dump-trace';
import { streamDump as streamDumpWith } from './helpers/stream-dump';
import { loadTraces } from './helpers/load-traces';

const root = join(import.meta.dirname, 'fixtures');

function streamDump(
  text: string,
  name: string,
  chunkBytes: number,
  oneShotLimit?: number,
  batchBytes?: number,
  readWholeBytes?: number,
) {
  return streamDumpWith(text, name, { chunkBytes, oneShotLimit, batchBytes, readWholeBytes });
}

describe('streaming import equals one-shot import', () => {
  for (const format of readdirSync(root)) {
    for (const file of readdirSync(join(root, format)).filter((f) => /\.jsonl?$/.test(f))) {
      it(`${format}/${file}`, async () => {
        const text = readFileSync(join(root, format, file), 'utf8');
        const oneShot = loadTraces(text, file);
        // Batches of one span (64 bytes) convert spans before the context that follows them (Jaeger's processes);
        // readWholeBytes 0: read in slices, as big files are, with the format sniffed from the first.
        for (const [chunkBytes, batchBytes, readWholeBytes] of [
          [7, undefined, undefined],
          [4096, undefined, undefined],
          [4096, 64, undefined],
          [4096, undefined, 0],
        ] as const) {
          const streamed = await streamDump(text, file, chunkBytes, undefined, batchBytes, readWholeBytes);
          if (oneShot.error) expect(streamed.error).toBe(oneShot.error);
          else {
            expect(streamed.error).toBeNull();
            expect(streamed.dump).toBe(dumpTraces(oneShot.traces));
          }
        }
      });
    }
  }

  for (const format of ['jaeger', 'zipkin', 'otlp'] as const) {
    it(`a generated ${format} trace of 3,000 spans, in 61-byte chunks`, async () => {
      const text = traceText(generateTrace({ seed: 11, spans: 3000, services: 14 }), format);
      const streamed = await streamDump(text, `gen.${format}.json`, 61);
      expect(streamed.error).toBeNull();
      expect(streamed.dump).toBe(dumpTraces(loadTraces(text, `gen.${format}.json`).traces));
    });
  }
});

describe('streaming errors, without the one-shot fallback', () => {
  const cases: Array<[string, string]> = [
    [
      'trailing-comma.json',
      'trailing-comma.json:3:38: not valid JSON: expected a quoted object key but found "}" (a trailing comma?)',
    ],
    [
      'unterminated-string.json',
      'unterminated-string.json:1:93: not valid JSON: the text ends early: expected a closing quote',
    ],
    ['unknown-top-level-object.json', 'unknown-top-level-object.json: no known trace format'],
    ['tempo-search-response.json', 'tempo-search-response.json: this is a Tempo search response'],
  ];
  for (const [file, expected] of cases) {
    it(`${file} says what and where`, async () => {
      const text = readFileSync(join(root, 'errors', file), 'utf8');
      const streamed = await streamDump(text, file, 5, 0);
      expect(streamed.error).toContain(expected);
    });
  }
});

describe('attributes cut down before parsing are checked as strictly as JSON.parse checks them', () => {
  // Past the first 256 KB, so that the error is met by a batch, not by the format sniffing.
  const text = traceText(generateTrace({ seed: 5, spans: 3000, services: 4 }), 'otlp');
  const at = text.indexOf('"attributes":[', text.length / 2);
  const broken = `${text.slice(0, at)}"attributes":[{"key":"app.ratio","value":{"doubleValue":01.5}},${text.slice(at + '"attributes":['.length)}`;
  it('a bad number deep in the attributes of a span is reported where it is, as the one-shot reader reports it', async () => {
    const oneShot = loadTraces(broken, 'broken.json').error ?? '';
    const where = /^broken\.json:\d+:\d+:/.exec(oneShot)?.[0];
    expect(where).toBeDefined();
    const streamed = await streamDump(broken, 'broken.json', 4096, 0);
    expect(streamed.error).toContain(`${where} not valid JSON`);
  });
});

describe('Jaeger files are read once, with services settled at the end', () => {
  // Batches of one span: each is converted before the processes that follow the spans are read.
  const scans = async (file: string) => {
    const text = readFileSync(join(root, 'jaeger', file), 'utf8');
    const report = await new TraceSession({ batchBytes: 64 }).importFiles([{ name: file, blob: new Blob([text]) }]);
    return report.files[0]?.scans;
  };
  it('processes after the spans: one scan', async () => {
    expect(await scans('references-child-of-and-links.json')).toBe(1);
  });
  it('a processID with no process: read again, context first, for the warning', async () => {
    expect(await scans('process-id-not-in-processes.json')).toBe(2);
  });
  it('a span without a traceID before the trace says its own: read again, context first', async () => {
    expect(await scans('span-without-trace-id.json')).toBe(2);
  });
});
