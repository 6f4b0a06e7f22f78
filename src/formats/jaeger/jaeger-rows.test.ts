import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jaegerLocator } from './jaeger';
import type { StreamLocator } from '../../import/stream-locator';
import {
  batchBothWays,
  expectBatchesAsParsed,
  expectBrokenLeftToJsonParse,
  expectOtherShapesLeft,
  rowsBothWays,
} from '../../../test/helpers/rows-both-ways';

const GROUP = '0/0';
const PROCESSES = { p1: { serviceName: 'checkout', tags: [{ key: 'hostname', type: 'string', value: 'host-1' }] } };

/**
 * A locator that knows the trace's processes (as when they come before its spans) or not (they come after: the row is
 * pending).
 */
function locator(known: boolean): StreamLocator {
  const made = jaegerLocator();
  if (known) made.addContext(GROUP, ['data', 0, 'processes'], PROCESSES);
  return made;
}

const known = rowsBothWays(() => locator(true), GROUP, 'data[0].spans[3]');
const unknown = rowsBothWays(() => locator(false), GROUP, 'data[0].spans[3]');
/** The span read with the trace's processes known (they came first) or not (they come after it). */
const bothWays = (text: string, processesKnown = true) => (processesKnown ? known : unknown)(text);

const batchKnown = batchBothWays(() => locator(true), GROUP, 'data[0].spans[3]');

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
const tagValue = fc.oneof(
  fc.string(),
  fc.integer(),
  fc.boolean(),
  fc.double(),
  fc.constantFrom('true', 'True', 'ERROR', 'Ok', '503', 503, 200, null),
  anyJson,
);
const tag = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.record(
      {
        key: fc.oneof(
          fc.constantFrom(
            'span.kind',
            'error',
            'otel.status_code',
            'otel.status_description',
            'http.status_code',
            'http.response.status_code',
            'component',
            'span.kinds',
          ),
          fc.string(),
        ),
        type: fc.oneof(fc.constantFrom('string', 'bool', 'int64', 'float64', 'binary', 'BOOL', 'int', ''), fc.string()),
        value: tagValue,
      },
      { requiredKeys: [] },
    ),
  },
  { weight: 1, arbitrary: anyJson },
);
const reference = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.record(
      {
        refType: fc.constantFrom('CHILD_OF', 'FOLLOWS_FROM', 'follows_from', 'other'),
        traceID: id(32),
        spanID: id(16),
      },
      { requiredKeys: [] },
    ),
  },
  { weight: 1, arbitrary: anyJson },
);
const logEntry = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.record({ timestamp: micros, fields: fc.array(tag, { maxLength: 2 }) }, { requiredKeys: [] }),
  },
  { weight: 1, arbitrary: anyJson },
);
/** Mostly there; sometimes left out (JSON.stringify drops undefined members). */
const often = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: undefined, freq: 12 });
const span = fc
  .tuple(
    fc.record({
      traceID: often(id(32)),
      spanID: often(id(16)),
      operationName: often(
        fc.oneof(
          { weight: 6, arbitrary: fc.constantFrom('GET /items', 'INSERT rows', 'naïve ✓', 'a"b\\c', '') },
          { weight: 1, arbitrary: fc.string() },
          { weight: 1, arbitrary: fc.integer() },
        ),
      ),
      references: often(
        fc.oneof({ weight: 8, arbitrary: fc.array(reference, { maxLength: 3 }) }, { weight: 1, arbitrary: anyJson }),
      ),
      flags: fc.option(fc.oneof(fc.nat(), fc.constant('1')), { nil: undefined, freq: 3 }),
      tags: often(
        fc.oneof({ weight: 8, arbitrary: fc.array(tag, { maxLength: 6 }) }, { weight: 1, arbitrary: anyJson }),
      ),
      logs: often(
        fc.oneof({ weight: 8, arbitrary: fc.array(logEntry, { maxLength: 3 }) }, { weight: 1, arbitrary: anyJson }),
      ),
      processID: often(
        fc.oneof(
          { weight: 8, arbitrary: fc.constantFrom('p1', 'p2') },
          { weight: 1, arbitrary: fc.oneof(fc.string(), fc.integer()) },
        ),
      ),
      warnings: fc.option(fc.oneof(fc.constant(null), fc.constant([]), fc.array(fc.string(), { maxLength: 2 })), {
        nil: undefined,
        freq: 3,
      }),
      parentSpanID: fc.option(id(16), { nil: undefined, freq: 8 }),
    }),
    micros,
    micros,
    fc.boolean(),
  )
  .map(([fields, startTime, duration, early]) => {
    // The times go first or last: members come in any order.
    const { traceID, spanID, ...rest } = fields;
    return early
      ? { startTime, duration, traceID, spanID, ...rest }
      : { traceID, spanID, ...rest, startTime, duration };
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
          '"processID":"p2"',
          '"spanID":"00000000000000aa"',
          '"tags":[]',
          '"t\\u0061gs":[]',
          '"process":{"serviceName":"x"}',
        ),
      },
    ),
  )
  .map(([value, indent, twice]) => {
    const text = JSON.stringify(value, null, indent);
    return twice && text.length > 2 ? `{${twice},${text.slice(1)}` : text;
  });

const common = {
  traceID: '0123456789abcdef0123456789abcdef',
  spanID: '0123456789abcdef',
  operationName: 'GET /items',
  references: [{ refType: 'CHILD_OF', traceID: '0123456789abcdef0123456789abcdef', spanID: '00000000000000aa' }],
  startTime: 1767261600000000,
  duration: 1500,
  tags: [
    { key: 'span.kind', type: 'string', value: 'server' },
    { key: 'http.status_code', type: 'int64', value: 503 },
    { key: 'component', type: 'string', value: 'http' },
  ],
  logs: [{ timestamp: 1767261600000500, fields: [{ key: 'event', type: 'string', value: 'retry' }] }],
  processID: 'p1',
  warnings: null,
};

describe('Jaeger rows read without JSON.parse', () => {
  it('give the row JSON.parse gives, for every span they read; spans of other shapes are left to JSON.parse (property)', () => {
    let read = 0;
    let runs = 0;
    fc.assert(
      fc.property(spanText, fc.boolean(), (text, known) => {
        runs++;
        const both = bothWays(text, known);
        expect(both.parsed).not.toBe('invalid');
        if (both.read === null) return;
        read++;
        expect(both.read).toEqual(both.parsed);
      }),
      { numRuns: 3000 },
    );
    // Many generated spans are of the common shape: the property is not vacuous.
    expect(read).toBeGreaterThan(runs * 0.02);
  });

  it('read every real-looking span, and leave every span that is not valid JSON to JSON.parse (property)', () => {
    const real = fc.record({
      traceID: hex(32),
      spanID: hex(16),
      operationName: fc.constantFrom('GET /items', 'INSERT rows', 'publish'),
      references: fc.array(
        fc.record({ refType: fc.constantFrom('CHILD_OF', 'FOLLOWS_FROM'), traceID: hex(32), spanID: hex(16) }),
        { maxLength: 2 },
      ),
      flags: fc.constantFrom(0, 1),
      startTime: fc.integer({ min: 1_700_000_000_000_000, max: 1_700_000_000_500_000 }),
      duration: fc.nat({ max: 10_000_000 }),
      tags: fc.array(
        fc.oneof(
          fc.record({
            key: fc.constantFrom('span.kind'),
            type: fc.constant('string'),
            value: fc.constantFrom('server', 'client', 'producer'),
          }),
          fc.record({
            key: fc.constantFrom('http.status_code', 'component', 'error'),
            type: fc.constantFrom('int64', 'bool', 'string'),
            value: fc.oneof(fc.integer({ min: 100, max: 599 }), fc.boolean(), fc.string()),
          }),
        ),
        { maxLength: 5 },
      ),
      logs: fc.array(
        fc.record({
          timestamp: fc.integer({ min: 1_700_000_000_000_000, max: 1_700_000_001_000_000 }),
          fields: fc.array(fc.record({ key: fc.constant('event'), type: fc.constant('string'), value: fc.string() }), {
            maxLength: 2,
          }),
        }),
        { maxLength: 2 },
      ),
      processID: fc.constantFrom('p1', 'p2'),
      warnings: fc.constantFrom(null, []),
    });
    // A byte changed somewhere: as often as not the text is no longer JSON.
    const damage = fc.tuple(fc.nat(), fc.constantFrom('', ',', '}', '"', '\\', ' ', '0', '\u0001', '-', 'e', ':'));
    fc.assert(
      fc.property(real, fc.option(damage, { nil: undefined }), fc.boolean(), (value, hit, known) => {
        let text = JSON.stringify(value);
        if (hit) {
          const at = hit[0] % text.length;
          text = text.slice(0, at) + hit[1] + text.slice(at + 1);
        }
        const both = bothWays(text, known);
        if (both.parsed === 'invalid') expect(both.read).toBeNull();
        else if (!hit) expect(both.read).not.toBeNull();
        if (both.read) expect(both.read).toEqual(both.parsed);
      }),
      { numRuns: 3000 },
    );
  });

  it('read the common span, its key tags, references and log times as the parsed span gives them', () => {
    const both = bothWays(JSON.stringify(common));
    expect(both.read).not.toBeNull();
    expect(both.read).toEqual(both.parsed);
    const row = both.read?.spans[0];
    expect(row).toMatchObject({
      service: 'checkout',
      host: 'host-1',
      kind: 'server',
      status: 'error',
      parentSpanId: '00000000000000aa',
      eventTimesUs: [1767261600000500],
    });
    const late = bothWays(JSON.stringify(common), false);
    expect(late.read).toEqual(late.parsed);
    expect(late.read).toMatchObject({ pending: true, key: 'p1' });
  });

  it('leave to JSON.parse every span that is not valid JSON, and every shape only it reads right', () => {
    const text = JSON.stringify(common);
    expectBrokenLeftToJsonParse(bothWays, text, [
      ['"duration":1500', '"duration":01500'],
      ['"duration":1500', '"duration":1500.'],
      ['"duration":1500', '"duration":-'],
      ['"warnings":null', '"warnings":nul'],
      ['"GET /items"', '"G\\xET"'],
      ['"GET /items"', '"G	ET"'],
      ['"warnings":null}', '"warnings":null,}'],
      ['[{"key"', '[,{"key"'],
      ['"fields":[', '"fields" ['],
      ['}]}', '}]'],
    ] as const);
    expectOtherShapesLeft(bothWays, text, [
      ['"warnings":null', '"warnings":["clock skew"]'],
      ['"processID":"p1"', '"process":{"serviceName":"inline"}'],
      ['"duration":1500', '"duration":1500.5'],
      ['"startTime":1767261600000000', '"startTime":"1767261600000000"'],
      ['"key":"span.kind"', '"key":"span\\u002ekind"'],
    ] as const);
  });

  it('give every span of a batch its own row when spans share values, in any field (property)', () => {
    // Few values, so that spans repeat them (the module hands a repeated value over once), in different fields too.
    const someId = fc.constantFrom('00000000000000aa', '00000000000000bb', '0123456789abcdef', 'p1');
    const word = fc.constantFrom('server', 'p1', 'GET /items', '00000000000000aa', 'a"b', '', 'true', 'ERROR');
    const shared = fc.record({
      traceID: fc.constantFrom('0123456789abcdef0123456789abcdef', '00000000000000aa'),
      spanID: someId,
      operationName: word,
      references: fc.array(
        fc.record({
          refType: fc.constantFrom('CHILD_OF', 'FOLLOWS_FROM', 'p1'),
          traceID: fc.constantFrom('0123456789abcdef0123456789abcdef', '00000000000000aa', 'p1'),
          spanID: someId,
        }),
        { maxLength: 2 },
      ),
      startTime: fc.constantFrom(1_700_000_000_000_000, 1_700_000_000_000_500),
      duration: fc.constantFrom(0, 1500),
      tags: fc.array(
        fc.record({
          key: fc.constantFrom('span.kind', 'error', 'otel.status_code', 'http.status_code', 'component'),
          type: fc.constantFrom('string', 'bool', 'int64'),
          value: fc.oneof(word, fc.boolean(), fc.constantFrom(503, 200)),
        }),
        { maxLength: 4 },
      ),
      logs: fc.array(fc.record({ timestamp: fc.constantFrom(1_700_000_000_000_500), fields: fc.constant([]) }), {
        maxLength: 2,
      }),
      processID: fc.constantFrom('p1', 'p2'),
    });
    expectBatchesAsParsed(batchKnown, shared);
  });
});
