import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { otlpLocator } from './otlp-locator';
import { expectBrokenLeftToJsonParse, rowsBothWays } from '../../../test/helpers/rows-both-ways';

const bothWays = rowsBothWays(
  () => otlpLocator(),
  '0|resourceSpans/0/scopeSpans/0',
  'resourceSpans[0].scopeSpans[0].spans[3]',
);

const hex = (length: number) => fc.stringMatching(new RegExp(`^[0-9a-f]{${length}}$`));
const id = (length: number) =>
  fc.oneof(
    { weight: 16, arbitrary: hex(length) },
    {
      weight: 1,
      arbitrary: fc.constantFrom('', '0'.repeat(length), 'AbCdEf0123456789', 'q83vEjRWeJA=', ' 0x12 ', 42, null),
    },
    { weight: 1, arbitrary: fc.string({ maxLength: 20 }) },
  );
const nanos = fc.oneof(
  { weight: 8, arbitrary: fc.bigInt({ min: 1_600_000_000_000_000_000n, max: 1_800_000_000_000_000_000n }).map(String) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      '0',
      '999',
      '1000',
      '0001767261600000000000',
      '18446744073709551615',
      '9007199254740993000',
      '12a4',
      '',
      ' 1767261600000000000',
    ),
  },
  { weight: 1, arbitrary: fc.oneof(fc.integer(), fc.double(), fc.constant(null)) },
);
const anyJson = fc.jsonValue({ maxDepth: 3 });
const attributeValue = fc.oneof(
  { weight: 12, arbitrary: fc.record({ intValue: fc.integer({ min: 0, max: 999 }).map(String) }) },
  fc.record({
    intValue: fc.oneof(
      fc.integer({ min: -5, max: 999 }),
      fc.constantFrom('', '0503', '5e2', '2147483648', ' 500', '1234567890'),
    ),
  }),
  fc.record({ stringValue: fc.oneof(fc.string(), fc.constantFrom('503', '200')) }),
  fc.record({ doubleValue: fc.oneof(fc.double(), fc.constant(503)) }),
  fc.record({ boolValue: fc.boolean() }),
  fc.record({ intValue: fc.constant('500'), stringValue: fc.constant('200') }),
  anyJson,
);
const attribute = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record(
      {
        key: fc.oneof(
          fc.constantFrom('http.response.status_code', 'http.status_code', 'component', 'http.status_cod'),
          fc.string(),
        ),
        value: attributeValue,
      },
      { requiredKeys: [] },
    ),
  },
  { weight: 1, arbitrary: anyJson },
);
const event = fc.oneof(
  {
    weight: 12,
    arbitrary: fc.record({
      timeUnixNano: fc.bigInt({ min: 1_600_000_000_000_000_000n, max: 1_800_000_000_000_000_000n }).map(String),
      name: fc.string(),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record(
      { timeUnixNano: nanos, name: fc.string(), attributes: fc.array(attribute, { maxLength: 2 }) },
      { requiredKeys: [] },
    ),
  },
  { weight: 1, arbitrary: anyJson },
);
/** Mostly there; sometimes left out (JSON.stringify drops undefined members). */
const often = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: undefined, freq: 12 });
const times = fc.oneof(
  {
    weight: 8,
    arbitrary: fc
      .tuple(
        fc.bigInt({ min: 1_600_000_000_000_000_000n, max: 1_800_000_000_000_000_000n }),
        fc.bigInt({ min: 0n, max: 10_000_000_000n }),
      )
      .map(([start, d]) => [String(start), String(start + d)] as [unknown, unknown]),
  },
  { weight: 2, arbitrary: fc.tuple(nanos, nanos) },
);
const span = fc
  .tuple(
    fc.record({
      traceId: often(id(32)),
      spanId: often(id(16)),
      parentSpanId: fc.option(id(16), { nil: undefined, freq: 3 }),
      name: often(
        fc.oneof(
          { weight: 6, arbitrary: fc.constantFrom('GET /items', 'INSERT rows', 'naïve ✓', 'a"b\\c', '') },
          { weight: 2, arbitrary: fc.string() },
          { weight: 1, arbitrary: fc.integer() },
        ),
      ),
      kind: often(
        fc.oneof(
          { weight: 8, arbitrary: fc.integer({ min: 0, max: 7 }) },
          { weight: 1, arbitrary: fc.constantFrom(-1, 2.5, 1e2, 'SPAN_KIND_SERVER', '3', 'client', null) },
        ),
      ),
      attributes: often(
        fc.oneof({ weight: 8, arbitrary: fc.array(attribute, { maxLength: 6 }) }, { weight: 1, arbitrary: anyJson }),
      ),
      events: often(
        fc.oneof({ weight: 8, arbitrary: fc.array(event, { maxLength: 3 }) }, { weight: 1, arbitrary: anyJson }),
      ),
      status: often(
        fc.oneof(
          {
            weight: 6,
            arbitrary: fc.record(
              {
                code: fc.oneof(
                  { weight: 6, arbitrary: fc.integer({ min: 0, max: 3 }) },
                  { weight: 1, arbitrary: fc.constantFrom('STATUS_CODE_ERROR', 'OK', '2', 1.5, -1, null) },
                ),
                message: fc.string(),
              },
              { requiredKeys: [] },
            ),
          },
          { weight: 1, arbitrary: anyJson },
        ),
      ),
      droppedAttributesCount: fc.option(fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 3 }), fc.constant('0')), {
        nil: undefined,
        freq: 3,
      }),
      droppedEventsCount: fc.option(fc.constant(0), { nil: undefined, freq: 3 }),
      traceState: fc.option(fc.string(), { nil: undefined, freq: 3 }),
      links: fc.option(
        fc.array(fc.record({ traceId: hex(32), spanId: hex(16), attributes: fc.array(attribute, { maxLength: 2 }) }), {
          maxLength: 2,
        }),
        { nil: undefined, freq: 3 },
      ),
      flags: fc.option(fc.nat(), { nil: undefined, freq: 3 }),
    }),
    times,
    fc.boolean(),
  )
  .map(([fields, [start, end], early]) => {
    // The times go first or last: members come in any order.
    const { traceId, spanId, ...rest } = fields;
    return early
      ? { startTimeUnixNano: start, endTimeUnixNano: end, traceId, spanId, ...rest }
      : { traceId, spanId, ...rest, startTimeUnixNano: start, endTimeUnixNano: end };
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
          '"kind":1',
          '"spanId":"00000000000000aa"',
          '"status":{"code":2}',
          '"attr\\u0069butes":[]',
        ),
      },
    ),
  )
  .map(([value, indent, twice]) => {
    const text = JSON.stringify(value, null, indent);
    return twice && text.length > 2 ? `{${twice},${text.slice(1)}` : text;
  });

describe('OTLP rows read without JSON.parse', () => {
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
    expect(read).toBeGreaterThan(runs * 0.08);
  });

  it('read real-looking spans, and leave every span that is not valid JSON to JSON.parse (property)', () => {
    const common = fc.record({
      traceId: hex(32),
      spanId: hex(16),
      parentSpanId: hex(16),
      name: fc.constantFrom('GET /items', 'INSERT rows', 'publish'),
      kind: fc.integer({ min: 0, max: 5 }),
      startTimeUnixNano: fc.bigInt({ min: 1_700_000_000_000_000_000n, max: 1_700_000_000_500_000_000n }).map(String),
      endTimeUnixNano: fc.bigInt({ min: 1_700_000_000_500_000_000n, max: 1_700_000_001_000_000_000n }).map(String),
      attributes: fc.array(
        fc.record({
          key: fc.constantFrom('http.response.status_code', 'component'),
          value: fc.record({ intValue: fc.integer({ min: 100, max: 599 }).map(String) }),
        }),
        { maxLength: 4 },
      ),
      events: fc.array(
        fc.record({
          timeUnixNano: fc.bigInt({ min: 1_700_000_000_000_000_000n, max: 1_700_000_001_000_000_000n }).map(String),
          name: fc.string(),
        }),
        { maxLength: 2 },
      ),
      status: fc.record({ code: fc.integer({ min: 0, max: 2 }) }, { requiredKeys: [] }),
    });
    // A byte changed or dropped somewhere: as often as not the text is no longer JSON.
    const damage = fc.tuple(fc.nat(), fc.constantFrom('', ',', '}', '"', '\\', ' ', '0', '\u0001', '-', 'e', ':'));
    fc.assert(
      fc.property(common, fc.option(damage, { nil: undefined }), (value, hit) => {
        let text = JSON.stringify(value);
        if (hit) {
          const at = hit[0] % text.length;
          text = text.slice(0, at) + hit[1] + text.slice(at + 1);
        }
        const both = bothWays(text);
        if (both.parsed === 'invalid') expect(both.read).toBeNull();
        else if (!hit) expect(both.read).not.toBeNull();
        if (both.read) expect(both.read).toEqual(both.parsed);
      }),
      { numRuns: 3000 },
    );
  });

  it('leave to JSON.parse, to report, every span that is not valid JSON, wherever the fault is', () => {
    const good = {
      traceId: '0123456789abcdef0123456789abcdef',
      spanId: '0123456789abcdef',
      name: 'GET',
      kind: 2,
      startTimeUnixNano: '1700000000000000000',
      endTimeUnixNano: '1700000000000001000',
      attributes: [
        { key: 'http.status_code', value: { intValue: '503' } },
        { key: 'x', value: { doubleValue: 1.5 } },
      ],
      events: [{ timeUnixNano: '1700000000000000500', name: 'e', attributes: [] }],
      status: { code: 1, message: 'm' },
      links: [{ traceId: 'ab', flag: true, none: null }],
    };
    const text = JSON.stringify(good);
    expect(bothWays(text).read).not.toBeNull();
    expectBrokenLeftToJsonParse(bothWays, text, [
      ['"kind":2', '"kind":02'],
      ['"code":1', '"code":01'],
      ['1.5', '1.'],
      ['1.5', '.5'],
      ['1.5', '1.5e'],
      ['1.5', '+1.5'],
      ['"doubleValue":1.5', '"doubleValue":-'],
      ['true', 'tru'],
      ['null', 'nul'],
      ['null', 'Null'],
      ['"GET"', '"G\\xET"'],
      ['"GET"', '"G\\u00zzT"'],
      ['"GET"', '"G	ET"'],
      ['"e"', '"e"'],
      ['"m"}', '"m",}'],
      ['[{"key"', '[,{"key"'],
      ['"flag":true', '"flag" true'],
      ['"flag":true', 'flag:true'],
      ['"flag":true', "'flag':true"],
      ['}]}', '}]'],
      ['"name":"GET"', '"name":"GET" "x":1'],
      ['"startTimeUnixNano":"1700000000000000000"', '"startTimeUnixNano":"1700000000000000000",'],
    ] as const);
  });

  it('serve any number of files: every locator reads with the one module', () => {
    for (let n = 0; n < 2000; n++) otlpLocator();
    const text = JSON.stringify({
      traceId: '0123456789abcdef0123456789abcdef',
      spanId: '0123456789abcdef',
      kind: 2,
      startTimeUnixNano: '1700000000000000000',
      endTimeUnixNano: '1700000000000001000',
      attributes: [{ key: 'http.status_code', value: { intValue: '503' } }],
    });
    const both = bothWays(text);
    expect(both.read?.spans[0]?.status).toBe('error');
    expect(both.read).toEqual(both.parsed);
  });
});
