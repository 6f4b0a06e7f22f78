import { describe, expect, it } from 'vitest';
import { locateJsonError, positionOf, readJsonText } from './json-text';

describe('readJsonText', () => {
  it('reads one document', () => {
    expect(readJsonText('{"a":1}')).toEqual({ ok: true, documents: [{ value: { a: 1 }, line: 1 }], problems: [] });
  });

  it('reads JSON Lines, skipping blank lines, keeping line numbers', () => {
    const read = readJsonText('{"a":1}\n\n{"a":2}\n');
    expect(read.ok && read.documents.map((d) => d.line)).toEqual([1, 3]);
  });

  it('reports line and column of the first error', () => {
    const read = readJsonText('{\n  "a": [1, 2,]\n}');
    expect(read).toEqual({
      ok: false,
      problem: { line: 2, column: 14, message: 'expected a JSON value but found "]" (a trailing comma?)' },
    });
  });

  it('says when the text ends early', () => {
    expect(locateJsonError('{"a": [1, 2')?.message).toBe("the text ends early: expected ']'");
  });

  it('finds errors the engine words differently: bad escapes, bare words, trailing text', () => {
    expect(locateJsonError('"a\\x"')?.message).toBe('invalid escape in a string');
    expect(locateJsonError('{"a": nope}')?.offset).toBe(6);
    expect(locateJsonError('{} {}')?.message).toMatch(/after the end of the JSON value/);
    expect(locateJsonError('[1, {"k": true}, null, -2.5e3]')).toBeNull();
  });

  it('converts offsets to 1-based line and column', () => {
    expect(positionOf('ab\ncd', 4)).toEqual({ line: 2, column: 2 });
  });
});
