import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonSkeleton } from './json-skeleton';

describe('jsonSkeleton', () => {
  it('closes a prefix cut inside the first items, keeping complete values of a partial item', () => {
    expect(jsonSkeleton('{"data":[{"traceID":"abc","spans":[{"spanID":"1"},{"spanID":"2","na')?.value).toEqual({
      data: [{ traceID: 'abc', spans: [{ spanID: '1' }, { spanID: '2' }] }],
    });
  });
  it('keeps the first complete item of a top-level array', () => {
    expect(jsonSkeleton('[{"traceId":"a","id":"b"},{"traceId":"a","i')?.value).toEqual([
      { traceId: 'a', id: 'b' },
      { traceId: 'a' },
    ]);
  });
  it('returns a whole small document and sees JSON Lines', () => {
    expect(jsonSkeleton('{"a":1}\n{"a":2}\n')).toEqual({ value: { a: 1 }, multiDocument: true });
    expect(jsonSkeleton('{"a":[1,2]}')).toEqual({ value: { a: [1, 2] }, multiDocument: false });
  });
  it('cuts before a dangling key and keeps string values', () => {
    expect(
      jsonSkeleton(
        '{"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"x"}}]},"scopeSp',
      )?.value,
    ).toEqual({
      resourceSpans: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: 'x' } }] } }],
    });
  });
  it('gives up on text that is not JSON', () => {
    expect(jsonSkeleton('traceId,spanId\n')).toBeNull();
  });
  it('reads keys after a comma as keys and escaped quotes as text, whatever the containers did after the last cut', () => {
    expect(jsonSkeleton('{"a":{"b":["x\\"y",{"c":"d"}],"e":"f"},"g":[1,{"h')?.value).toEqual({
      a: { b: ['x"y', { c: 'd' }], e: 'f' },
      g: [],
    });
  });
  it('any prefix of a document gives a value the document holds: its complete items whole, at most the last one partly', () => {
    // What a cut-down value may be: everything but its last item equal, the last one itself held.
    const holds = (part: unknown, whole: unknown): boolean => {
      if (Array.isArray(part)) {
        if (!Array.isArray(whole) || part.length > whole.length) return false;
        return part.every((item, i) =>
          i < part.length - 1 ? JSON.stringify(item) === JSON.stringify(whole[i]) : holds(item, whole[i]),
        );
      }
      if (part !== null && typeof part === 'object') {
        if (whole === null || typeof whole !== 'object' || Array.isArray(whole)) return false;
        const keys = Object.keys(part);
        const wholeKeys = Object.keys(whole);
        return keys.every((key, i) => {
          const a = (part as Record<string, unknown>)[key];
          const b = (whole as Record<string, unknown>)[key];
          return wholeKeys[i] === key && (i < keys.length - 1 ? JSON.stringify(a) === JSON.stringify(b) : holds(a, b));
        });
      }
      return part === whole;
    };
    fc.assert(
      fc.property(
        fc.oneof(fc.array(fc.jsonValue()), fc.dictionary(fc.string(), fc.jsonValue())),
        fc.boolean(),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (value, pretty, share) => {
          const text = JSON.stringify(value, null, pretty ? 2 : undefined);
          expect(jsonSkeleton(text)?.value).toEqual(JSON.parse(text));
          const cut = Math.floor(text.length * share);
          const prefix = jsonSkeleton(text.slice(0, cut));
          if (prefix) expect(holds(prefix.value, value)).toBe(true);
          // A longer prefix never gives less.
          if (prefix) expect(jsonSkeleton(text.slice(0, cut + 1 + Math.floor((text.length - cut) / 2)))).not.toBeNull();
        },
      ),
      { numRuns: 2000 },
    );
  });
  it('a prefix that ends with a complete item keeps every item up to it, exactly', () => {
    fc.assert(
      fc.property(fc.array(fc.jsonValue(), { minLength: 1 }), fc.nat(), fc.boolean(), (items, pick, nested) => {
        const k = 1 + (pick % items.length);
        const last = items[k - 1];
        // Numbers and literals are not cut points (the prefix could end inside one).
        fc.pre(last !== null && typeof last === 'object' ? true : typeof last === 'string');
        const list = `[${items
          .slice(0, k)
          .map((item) => JSON.stringify(item))
          .join(',')}`;
        const kept = items.slice(0, k).map((item) => JSON.parse(JSON.stringify(item)) as unknown);
        expect(jsonSkeleton(nested ? `{"spans":${list}` : list)?.value).toEqual(nested ? { spans: kept } : kept);
      }),
      { numRuns: 1000 },
    );
  });
});
