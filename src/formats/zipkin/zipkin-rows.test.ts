import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { zipkinLocator } from './zipkin';
import { zipkinRowReader } from './zipkin-rows';
import {
  batchBothWays,
  expectBatchesAsParsed,
  expectBrokenLeftToJsonParse,
  expectOtherShapesLeft,
  rowsBothWays,
} from '../../../test/helpers/rows-both-ways';

const bothWays = rowsBothWays(() => zipkinLocator(), '', '[3]');
const batchWays = batchBothWays(() => zipkinLocator(), '', '[3]');

const hex = (length: number) => fc.stringMatching(new RegExp(`^[0-9a-f]{${length}}$`));
const id = (length: number) =>
  fc.oneof(
    { weight: 16, arbitrary: hex(length) },
    { weight: 1, arbitrary: fc.constantFrom('', '0'.repeat(length), 'AbCdEf0123456789', ' 0x12 ', 42, null) },
    { weight: 1, arbitrary: fc.string({ maxLength: 20 }) },
  );
const micros = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: 1_600_000_000_000_000, max: 1_800_000_000_000_000 }) },
  { weight: 2, arbitrary: fc.constantFrom(0, -1, 1.5, 1e15, 2 ** 53 + 2, '1767261600000000', null, 'x') },
);
const anyJson = fc.jsonValue({ maxDepth: 3 });
/** Mostly there; sometimes left out (JSON.stringify drops undefined members). */
const often = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: undefined, freq: 12 });
const tagValue = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.oneof(fc.string(), fc.constantFrom('true', 'false', '', '500', '503', '200', 'Internal')),
  },
  { weight: 1, arbitrary: fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), anyJson) },
);
const tags = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.dictionary(
      fc.oneof(
        fc.constantFrom('error', 'http.status_code', 'http.response.status_code', 'component', 'errors'),
        fc.string(),
      ),
      tagValue,
      { maxKeys: 5 },
    ),
  },
  { weight: 1, arbitrary: anyJson },
);
const endpoint = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.record(
      {
        serviceName: fc.oneof(fc.constantFrom('frontend', 'cart', ''), fc.string(), fc.integer()),
        ipv4: fc.oneof(fc.constantFrom('10.0.0.1', ''), fc.integer()),
        ipv6: fc.constantFrom('::1', 'fe80::1'),
        port: fc.oneof(fc.integer({ min: 0, max: 65535 }), fc.constant('8080')),
      },
      { requiredKeys: [] },
    ),
  },
  { weight: 1, arbitrary: anyJson },
);
const annotation = fc.oneof(
  { weight: 8, arbitrary: fc.record({ timestamp: micros, value: fc.string() }, { requiredKeys: [] }) },
  { weight: 1, arbitrary: anyJson },
);
const span = fc
  .tuple(
    fc.record({
      traceId: often(id(32)),
      id: often(id(16)),
      parentId: fc.option(id(16), { nil: undefined, freq: 3 }),
      name: often(fc.oneof(fc.constantFrom('get /items', 'naïve ✓', 'a"b\\c', ''), fc.string(), fc.integer())),
      kind: fc.option(
        fc.oneof(
          fc.constantFrom('SERVER', 'CLIENT', 'PRODUCER', 'CONSUMER', 'server', 'LOCAL'),
          fc.string(),
          fc.constant(null),
        ),
        { nil: undefined, freq: 3 },
      ),
      localEndpoint: often(endpoint),
      remoteEndpoint: fc.option(endpoint, { nil: undefined, freq: 3 }),
      annotations: often(
        fc.oneof({ weight: 8, arbitrary: fc.array(annotation, { maxLength: 3 }) }, { weight: 1, arbitrary: anyJson }),
      ),
      tags: often(tags),
      shared: fc.option(fc.oneof(fc.boolean(), fc.constantFrom('true', 1, null)), { nil: undefined, freq: 3 }),
      debug: fc.option(fc.boolean(), { nil: undefined, freq: 3 }),
    }),
    micros,
    micros,
    fc.boolean(),
  )
  .map(([fields, timestamp, duration, early]) => {
    // The times go first or last: members come in any order.
    const { traceId, id: spanId, ...rest } = fields;
    return early
      ? { timestamp, duration, traceId, id: spanId, ...rest }
      : { traceId, id: spanId, ...rest, timestamp, duration };
  });

/** A span as a file may hold it: compact or indented, sometimes with a member given twice (the last one counts). */
const spanText = fc
  .tuple(
    span,
    fc.constantFrom(undefined, 1, 2, '\t'),
    fc.oneof(
      { weight: 8, arbitrary: fc.constant(undefined) },
      {
        weight: 1,
        arbitrary: fc.constantFrom(
          '"kind":"CLIENT"',
          '"id":"00000000000000aa"',
          '"tags":{}',
          '"t\\u0061gs":{"error":""}',
          '"shared":true',
        ),
      },
    ),
  )
  .map(([value, indent, twice]) => {
    const text = JSON.stringify(value, null, indent);
    return twice && text.length > 2 ? `{${twice},${text.slice(1)}` : text;
  });

const common = {
  traceId: '0123456789abcdef0123456789abcdef',
  id: '0123456789abcdef',
  parentId: '00000000000000aa',
  name: 'get /items',
  kind: 'SERVER',
  timestamp: 1767261600000000,
  duration: 1500,
  localEndpoint: { serviceName: 'frontend', ipv4: '10.0.0.1', port: 8080 },
  remoteEndpoint: { serviceName: 'browser', ipv6: '::1' },
  annotations: [{ timestamp: 1767261600000500, value: 'retry' }],
  tags: { 'http.status_code': '503', component: 'http' },
};

describe('Zipkin rows read without JSON.parse', () => {
  it('give the row JSON.parse gives, for every span they read; spans of other shapes are left to JSON.parse (property)', () => {
    let read = 0;
    let runs = 0;
    fc.assert(
      fc.property(spanText, (text) => {
        runs++;
        const both = bothWays(text);
        expect(both.parsed).not.toBe('invalid');
        if (both.read === null) return;
        read++;
        expect(both.read).toEqual(both.parsed);
      }),
      { numRuns: 3000 },
    );
    // Many generated spans are of the common shape: the property is not vacuous.
    expect(read).toBeGreaterThan(runs * 0.05);
  });

  it('read the common span, its endpoint, key tags and annotation times as the parsed span gives them', () => {
    const both = bothWays(JSON.stringify(common));
    expect(both.read).not.toBeNull();
    expect(both.read).toEqual(both.parsed);
    expect(both.read?.spans[0]).toMatchObject({
      service: 'frontend',
      host: '10.0.0.1',
      kind: 'server',
      status: 'error',
      parentSpanId: '00000000000000aa',
      eventTimesUs: [1767261600000500],
      shared: false,
    });
    const local = { ...common, kind: undefined, shared: true, tags: { error: 'timeout' } };
    const again = bothWays(JSON.stringify(local));
    expect(again.read).toEqual(again.parsed);
    expect(again.read?.spans[0]).toMatchObject({ kind: 'internal', status: 'error', shared: true });
  });

  it('leave to JSON.parse every span that is not valid JSON, and every shape only it reads right', () => {
    const text = JSON.stringify(common);
    expectBrokenLeftToJsonParse(bothWays, text, [
      ['"duration":1500', '"duration":01500'],
      ['"duration":1500', '"duration":1500.'],
      ['"get /items"', '"g\\xet"'],
      ['"get /items"', '"g	et"'],
      ['"component":"http"}', '"component":"http",}'],
      ['[{"timestamp"', '[,{"timestamp"'],
      ['"value":"retry"', '"value" "retry"'],
      ['}}', '}'],
    ] as const);
    expectOtherShapesLeft(bothWays, text, [
      ['"duration":1500', '"duration":1500.5'],
      ['"timestamp":1767261600000000', '"timestamp":"1767261600000000"'],
      ['"http.status_code":"503"', '"http.status_code":"503","http.status_code":"200"'],
      ['"component"', '"comp\\u006fnent"'],
    ] as const);
  });

  it('hand over a value repeated in a batch once: every span gets the same string, and the same rows as parsed', () => {
    const texts = [
      JSON.stringify(common),
      JSON.stringify({ ...common, id: '00000000000000bb', name: 'frontend' }),
      JSON.stringify({ ...common, id: '00000000000000cc', parentId: '00000000000000bb', kind: 'CLIENT' }),
    ];
    // One slice of the file holds the three, one after another.
    const encoder = new TextEncoder();
    const bytes = encoder.encode(texts.join(''));
    const ends = texts.map((_, k) => encoder.encode(texts.slice(0, k + 1).join('')).length);
    const spans = {
      source: [bytes, bytes, bytes],
      from: Int32Array.from(ends, (end, k) => (k ? (ends[k - 1] as number) : 0)),
      to: Int32Array.from(ends),
    };
    const found = zipkinRowReader([])?.read(spans, 0, 3);
    expect(found?.read).toBe(3);
    const values = found?.values ?? [];
    expect(values.filter((v) => v === common.traceId)).toHaveLength(1);
    expect(values.filter((v) => v === 'frontend')).toHaveLength(1);
    expect(values.filter((v) => v === '00000000000000bb')).toHaveLength(1);
    const records = found?.records ?? new Float64Array();
    expect(new Set([0, 1, 2].map((k) => records[k * 16 + 1]))).toEqual(new Set([records[1]]));

    const rows = zipkinLocator().rows;
    expect(rows?.read(spans, 0, 3)).toBe(true);
    const path = () => '[0]';
    for (const [k, text] of texts.entries())
      expect(structuredClone(rows?.convert(k, '', path))).toEqual(
        structuredClone(zipkinLocator().convert(JSON.parse(text), '', path)),
      );
  });

  it('give every span of a batch its own row when spans share values, in any field (property)', () => {
    // Few values, so that spans repeat them, and the same bytes turn up in different fields.
    const word = fc.constantFrom('frontend', 'cart', '10.0.0.1', 'a"b', 'naïve ✓', '', 'SERVER', '503', 'true');
    const someId = fc.constantFrom('00000000000000aa', '00000000000000bb', '0123456789abcdef', 'frontend');
    const shared = fc.record(
      {
        traceId: fc.constantFrom('0123456789abcdef0123456789abcdef', '00000000000000aa', 'cart'),
        id: someId,
        parentId: someId,
        name: word,
        kind: fc.constantFrom('SERVER', 'CLIENT', 'frontend'),
        timestamp: fc.constantFrom(1767261600000000, 1767261600000500),
        duration: fc.constantFrom(1500, 0),
        localEndpoint: fc.record({ serviceName: word, ipv4: word, ipv6: word }, { requiredKeys: [] }),
        annotations: fc.array(fc.record({ timestamp: fc.constantFrom(1767261600000500), value: word }), {
          maxLength: 2,
        }),
        tags: fc.dictionary(fc.constantFrom('error', 'http.status_code', 'component'), word, { maxKeys: 3 }),
        shared: fc.boolean(),
      },
      { requiredKeys: ['traceId', 'id', 'timestamp', 'duration'] },
    );
    expectBatchesAsParsed(batchWays, shared);
  });
});
