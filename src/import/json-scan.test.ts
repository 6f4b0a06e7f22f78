import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkRunsMatchElements } from '../../test/helpers/scan-runs';
import { JsonScanError, JsonScanner, type Decision, type PathSegment } from './json-scan';
import { spanEnds } from './span-ends';

interface Capture {
  path: string;
  doc: number;
  value: unknown;
  line: number;
  column: number;
}

/** Scans `text` in chunks of `size` bytes; captures values at paths `decide` picks. */
function scan(text: string, size: number, decide: (path: readonly PathSegment[]) => Decision, lineDelimited = false) {
  const captures: Capture[] = [];
  const ends: number[] = [];
  const scanner = new JsonScanner(
    {
      enter: (path) => decide(path),
      captured: (path, doc, bytes, start) =>
        captures.push({
          path: path.join('.'),
          doc,
          value: JSON.parse(new TextDecoder().decode(bytes)),
          line: start.line,
          column: start.column,
        }),
      documentEnd: (doc) => ends.push(doc),
    },
    lineDelimited,
  );
  const bytes = new TextEncoder().encode(text);
  for (let i = 0; i < bytes.length; i += size) scanner.push(bytes.subarray(i, i + size));
  scanner.end();
  return { captures, ends };
}

// Jaeger-like: descend data[*].spans, capture each span and each processes map.
const jaegerLike = (path: readonly PathSegment[]): Decision => {
  if (path.length <= 3) return 'descend';
  if (path.length === 4 && path[2] === 'spans') return 'capture';
  return 'skip';
};

const doc = {
  data: [
    {
      traceID: 'abc',
      spans: [
        { spanID: '1', tags: [{ key: 'q"uote\\', value: 'x\\"y' }], nested: { a: [1, [2, { b: '}' }]] } },
        { spanID: '2', note: 'ü ✓ \u0001 \\\\', n: -1.5e3, t: true, f: false, z: null },
      ],
      processes: { p1: { serviceName: 's' } },
    },
  ],
};

describe('JsonScanner', () => {
  it('captures the same values at every chunk size, down to one byte', () => {
    const text = JSON.stringify(doc, null, 2);
    const whole = scan(text, text.length, jaegerLike);
    expect(whole.captures.map((c) => c.value)).toEqual(doc.data[0]?.spans);
    expect(whole.captures.map((c) => c.path)).toEqual(['data.0.spans.0', 'data.0.spans.1']);
    for (const size of [1, 2, 3, 7, 64]) expect(scan(text, size, jaegerLike)).toEqual(whole);
  });

  it('reports where each capture starts', () => {
    const { captures } = scan(JSON.stringify(doc, null, 2), 5, jaegerLike);
    expect(captures.map((c) => [c.line, c.column])).toEqual([
      [6, 9],
      [26, 9],
    ]);
  });

  it('scans several top-level documents (JSON Lines), including scalars', () => {
    const text = '{"a":[1]}\n{"a":[2,3]}\n7';
    const result = scan(
      text,
      4,
      (path) => (path.length === 0 ? 'descend' : path.length === 1 ? 'descend' : 'capture'),
      true,
    );
    expect(result.captures.map((c) => [c.doc, c.value])).toEqual([
      [0, 1],
      [1, 2],
      [1, 3],
    ]);
    expect(result.ends).toEqual([0, 1, 2]);
  });

  it('outside JSON Lines, a second top-level value is an error, as JSON.parse has it', () => {
    expect(() => scan('{"a":[1]}\n7', 4, () => 'descend')).toThrow('unexpected "7" after the end of the JSON value');
  });

  it('fails with line and column on broken structure', () => {
    const error = (text: string) => {
      try {
        scan(text, 3, () => 'descend');
      } catch (e) {
        return e instanceof JsonScanError ? `${e.position.line}:${e.position.column} ${e.message}` : String(e);
      }
      return 'no error';
    };
    expect(error('{\n  "a": [1, 2,]\n}')).toBe('2:14 expected a JSON value but found "]" (a trailing comma?)');
    expect(error('{"a": 1,}')).toBe('1:9 expected a quoted object key but found "}" (a trailing comma?)');
    expect(error('{"a": [1')).toBe("1:9 the text ends early: expected ']'");
    expect(error('   ')).toBe('1:1 the file is empty');
  });

  it('captures any JSON value intact whatever the chunking (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.jsonValue(), { minLength: 1, maxLength: 5 }),
        fc.integer({ min: 1, max: 17 }),
        (values, size) => {
          const text = JSON.stringify({ items: values });
          const { captures } = scan(text, size, (path) => (path.length < 2 ? 'descend' : 'capture'));
          expect(captures.map((c) => c.value)).toEqual(JSON.parse(text).items);
        },
      ),
    );
  });

  it('captures the object elements of an `each` list in runs, as element by element (property, WebAssembly loop)', () => {
    expect(spanEnds()).not.toBeNull();
    checkRunsMatchElements();
  });
});
