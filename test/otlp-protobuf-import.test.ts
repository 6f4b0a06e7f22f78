// OTLP protobuf files read as the same trace in OTLP/JSON is: a generated
// trace and the OTLP fixtures, each written as protobuf here (one message,
// the Collector's length-prefixed sequence, gzip), give the same dump.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { generateTrace, traceText } from '../bench/gen-trace';
import { dumpImport } from './helpers/dump-trace';
import { lengthPrefixed } from './helpers/otlp-protobuf';
import { encodeOtlpJson, otlpProtoToJson, protoMessages } from '../src/formats/otlp/otlp-proto';
import { TraceSession } from '../src/worker/trace-session';

const fixtures = join(import.meta.dirname, 'fixtures/otlp');

const dump = (name: string, content: Uint8Array | string) =>
  dumpImport(new TraceSession({ oneShotLimit: 0 }), name, content as BlobPart);

const toProtobuf = encodeOtlpJson;
const framed = lengthPrefixed;

describe('OTLP protobuf files', () => {
  it('a generated trace of 3,000 spans reads as in JSON, alone, framed and gzipped', async () => {
    const text = traceText(generateTrace({ seed: 11, spans: 3000, services: 8 }), 'otlp');
    const expected = await dump('trace.json', text);
    expect(expected).not.toMatch(/^error/);
    const bytes = toProtobuf(JSON.parse(text));
    expect(await dump('trace.pb', bytes)).toBe(expected);
    expect(await dump('trace.binpb', framed([bytes]))).toBe(expected);
    expect(await dump('trace.pb.gz', gzipSync(bytes))).toBe(expected);
  });

  for (const file of readdirSync(fixtures).filter((f) => f.endsWith('.json'))) {
    const value = JSON.parse(readFileSync(join(fixtures, file), 'utf8')) as { resourceSpans?: unknown };
    // Fixtures of other wrappers, base64 ids, enum names, numbers no fixed64 holds or list entries that are
    // not objects are about the JSON encoding itself: protobuf cannot say those things.
    const text = JSON.stringify(value);
    if (file === 'nanoseconds-with-331-digits.json' || file === 'span-list-entries-that-are-not-spans.json') continue;
    if (
      !Array.isArray(value.resourceSpans) ||
      /"(traceId|spanId)":"[^"]*[^0-9a-f"][^"]*"/.test(text) ||
      /SPAN_KIND_|STATUS_CODE_/.test(text)
    )
      continue;
    it(`${file} as protobuf`, async () => {
      expect(await dump(file.replace('.json', '.pb'), toProtobuf(value))).toBe(await dump(file, text));
    });
  }

  it('two messages in one Collector file are two documents, like JSON Lines', async () => {
    const one = (seed: number) => traceText(generateTrace({ seed, spans: 40, services: 3 }), 'otlp');
    const [a, b] = [one(1), one(2)];
    expect(await dump('two.binpb', framed([toProtobuf(JSON.parse(a)), toProtobuf(JSON.parse(b))]))).toBe(
      await dump('two.jsonl', `${a}\n${b}\n`),
    );
  });

  it('a binary file that is not OTLP protobuf says so, and the page keeps what it had', async () => {
    const session = new TraceSession();
    const good = await session.importFiles([
      {
        name: 'good.pb',
        blob: new Blob([
          toProtobuf(JSON.parse(traceText(generateTrace({ seed: 3, spans: 20, services: 2 }), 'otlp'))) as BlobPart,
        ]),
      },
    ]);
    expect(good.traces).toHaveLength(1);
    const bad = await session.importFiles([
      {
        name: 'photo.png',
        blob: new Blob([Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13])]),
      },
    ]);
    expect(bad.failures.map((f) => f.message)).toEqual([
      expect.stringMatching(/^photo\.png: a binary file that is not an OTLP protobuf trace/),
    ]);
  });
});

describe('protobuf spans written as OTLP/JSON', () => {
  it('keeps 64-bit integers exact, negative ones too, and writes doubles that JSON cannot hold as strings', () => {
    const request = {
      resourceSpans: [
        {
          scopeSpans: [
            {
              spans: [
                {
                  traceId: 'ab'.repeat(16),
                  spanId: 'cd'.repeat(8),
                  name: 'x',
                  startTimeUnixNano: '1767261600000000001',
                  endTimeUnixNano: '1767261600000000002',
                  attributes: [
                    { key: 'big', value: { intValue: '9007199254740993' } },
                    { key: 'negative', value: { intValue: '-42' } },
                    { key: 'nan', value: { doubleValue: Number.NaN } },
                    { key: 'list', value: { arrayValue: { values: [{ stringValue: 'a' }, { boolValue: true }] } } },
                  ],
                },
              ],
            },
          ],
        },
      ],
    };
    const bytes = encodeOtlpJson(request);
    const messages = protoMessages(bytes);
    if (!messages) throw new Error('not recognised');
    const json = JSON.parse(Array.from(otlpProtoToJson(bytes, messages)).join('')) as {
      resourceSpans: Array<{ scopeSpans: Array<{ spans: Array<Record<string, unknown>> }> }>;
    };
    const span = json.resourceSpans[0]?.scopeSpans[0]?.spans[0];
    expect(span).toMatchObject({
      traceId: 'ab'.repeat(16),
      spanId: 'cd'.repeat(8),
      startTimeUnixNano: '1767261600000000001',
      endTimeUnixNano: '1767261600000000002',
    });
    expect(span?.attributes).toEqual([
      { key: 'big', value: { intValue: '9007199254740993' } },
      { key: 'negative', value: { intValue: '-42' } },
      { key: 'nan', value: { doubleValue: 'NaN' } },
      { key: 'list', value: { arrayValue: { values: [{ stringValue: 'a' }, { boolValue: true }] } } },
    ]);
  });

  it('a span whose own fields run past its end is refused with what is wrong', async () => {
    // resource_spans { scope_spans { spans: a name field that claims 5 bytes and has 1 } }
    const span = [0x2a, 0x05, 0x61];
    const scope = [0x12, span.length, ...span];
    const resource = [0x12, scope.length, ...scope];
    const bytes = Uint8Array.from([0x0a, resource.length, ...resource]);
    expect(await dump('short.pb', bytes)).toBe(
      'error: short.pb: not an OTLP protobuf trace: a field runs past the end of its message',
    );
  });
});
