import { describe, expect, it } from 'vitest';
import { jsonSkeleton } from './json-skeleton';

describe('jsonSkeleton', () => {
  it('closes a prefix cut inside the first items, keeping complete values of a partial item', () => {
    expect(jsonSkeleton('{"data":[{"traceID":"abc","spans":[{"spanID":"1"},{"spanID":"2","na')?.value).toEqual({
      data: [{ traceID: 'abc', spans: [{ spanID: '1' }, { spanID: '2' }] }],
    });
  });
  it('keeps the first complete item of a top-level array', () => {
    expect(jsonSkeleton('[{"traceId":"a","id":"b"},{"traceId":"a","i')?.value).toEqual([{ traceId: 'a', id: 'b' }, { traceId: 'a' }]);
  });
  it('returns a whole small document and sees JSON Lines', () => {
    expect(jsonSkeleton('{"a":1}\n{"a":2}\n')).toEqual({ value: { a: 1 }, multiDocument: true });
    expect(jsonSkeleton('{"a":[1,2]}')).toEqual({ value: { a: [1, 2] }, multiDocument: false });
  });
  it('cuts before a dangling key and keeps string values', () => {
    expect(jsonSkeleton('{"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"x"}}]},"scopeSp')?.value).toEqual({
      resourceSpans: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: 'x' } }] } }],
    });
  });
  it('gives up on text that is not JSON', () => {
    expect(jsonSkeleton('traceId,spanId\n')).toBeNull();
  });
});
