import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LeanWriter } from './lean-span';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

const writer = new LeanWriter({ member: 'attributes', wanted: ['http.response.status_code', 'http.status_code'] });

/** The span as the writer leaves it, as text (read from the middle of other bytes, as from a file). */
function lean(span: string, w = writer): string {
  const before = encoder.encode('[{"x":1}, ');
  const bytes = encoder.encode(span);
  const source = new Uint8Array(before.length + bytes.length + 3);
  source.set(before);
  source.set(bytes, before.length);
  source.set(encoder.encode(', {'), before.length + bytes.length);
  const out = w.cut(
    { source: [source], from: Int32Array.of(before.length), to: Int32Array.of(before.length + bytes.length) },
    0,
    1,
  );
  expect(out.length).toBeLessThanOrEqual(bytes.length);
  return decoder.decode(out);
}

const kv = (key: string, value: string) => `{"key":"${key}","value":{"stringValue":"${value}"}}`;

describe('LeanWriter', () => {
  it('keeps only the entries of the member that mention a wanted name, in order', () => {
    const span = `{"spanId":"a1","attributes":[${kv('component', 'http')},${kv('http.response.status_code', '503')},${kv('url.full', 'https://x/y')},${kv('http.status_code', '200')}],"name":"GET"}`;
    expect(JSON.parse(lean(span))).toEqual({
      spanId: 'a1',
      attributes: [JSON.parse(kv('http.response.status_code', '503')), JSON.parse(kv('http.status_code', '200'))],
      name: 'GET',
    });
  });

  it('cuts an object member down to the members that mention a wanted name (Zipkin tags)', () => {
    const tags = new LeanWriter({ member: 'tags', wanted: ['error', 'http.status_code'] });
    const span = '{"id":"1","tags":{"component":"db","error":"boom","sql":"select 1","kind":"error"} , "name":"q"}';
    expect(JSON.parse(lean(span, tags))).toEqual({ id: '1', tags: { error: 'boom', kind: 'error' }, name: 'q' });
  });

  it('empties the member when no entry mentions a wanted name', () => {
    expect(JSON.parse(lean(`{"attributes":[${kv('a', 'b')},1,[2,{"c":null}]],"x":true}`))).toEqual({
      attributes: [],
      x: true,
    });
  });

  it('reads keys and values across whitespace, and skips members of every kind before it', () => {
    const span = ` { "n" : -1.5e+3 , "o" : {"attributes":[1]} , "s" : "a\\"b" , "t":true,"attributes" :\n [ ${kv('x', 'y')} ] }`;
    expect(JSON.parse(lean(span))).toEqual({ n: -1500, o: { attributes: [1] }, s: 'a"b', t: true, attributes: [] });
  });

  it('leaves the span as it was when there is nothing to cut', () => {
    for (const span of [
      '{"name":"no attributes"}',
      '{"attributes":[]}',
      '{"attributes":null}',
      '{"attributes":"text"}',
      `{"attributes":[${kv('http.status_code', '500')}]}`,
      '[1,2]',
      '{"attr\\u0069butes":[1]}',
    ]) {
      expect(lean(span)).toBe(span);
    }
  });

  it('leaves the span as it was when a \\u escape could spell a wanted name', () => {
    const span = `{"attributes":[{"key":"http.status\\u005fcode","value":{"intValue":"500"}},${kv('a', 'b')}]}`;
    expect(lean(span)).toBe(span);
  });

  it('leaves the span as it was, for JSON.parse to report, when the member is not valid JSON', () => {
    for (const member of [
      '[1,]',
      '[,1]',
      '[01]',
      '[1.]',
      '[.5]',
      '[-]',
      '[1e]',
      '[+1]',
      '[tru]',
      '[nul]',
      '[True]',
      '["a" "b"]',
      '[{"a" 1}]',
      '[{"a":1,}]',
      '[{1:2}]',
      '[{"a":1]',
      '["\\x"]',
      '["\\u12G4"]',
      '["tab\there"]',
      '[1}',
      '[1',
      "['single']",
      '[NaN]',
      '[1 2]',
    ]) {
      const span = `{"attributes":${member},"name":"n"}`;
      expect(() => JSON.parse(span)).toThrow();
      expect(lean(span)).toBe(span);
    }
  });

  it('agrees with JSON.parse on random members: the cut text is valid exactly when the span is, and then holds the wanted entries', () => {
    const token = fc.constantFrom(
      ...[
        '[',
        ']',
        '{',
        '}',
        ',',
        ':',
        ' ',
        '"',
        '\\',
        'a',
        '0',
        '1',
        '-',
        '.',
        'e',
        'true',
        'null',
        '"k"',
        '"http.status_code"',
        '\\u0041',
        '\t',
        '\n',
      ],
      // Strings read sixteen bytes at a time: what ends them may lie anywhere in a block.
      ...[
        '"a string longer than sixteen bytes"',
        '"sixteen bytes and then\\" a quote"',
        '"twenty bytes of text\there"',
        'more than sixteen bytes unquoted',
      ],
    );
    const text = fc.array(token, { maxLength: 24 }).map((parts) => `[${parts.join('')}]`);
    const value = fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify([v, { key: 'http.status_code', value: v }]));
    const object = fc
      .tuple(fc.jsonValue({ maxDepth: 3 }), fc.jsonValue({ maxDepth: 3 }))
      .map(([v, w]) => JSON.stringify({ a: v, 'http.status_code': w, b: [w] }));
    fc.assert(
      fc.property(fc.oneof(text, value, object), (member) => {
        const span = `{"a":1,"attributes":${member},"z":[2]}`;
        let valid = true;
        try {
          JSON.parse(span);
        } catch {
          valid = false;
        }
        const out = lean(span);
        if (!valid) {
          // The member is left as it was, or the error lies outside it: either way the text stays invalid.
          expect(() => JSON.parse(out)).toThrow();
          return;
        }
        const full = JSON.parse(span) as { attributes: unknown };
        const cut = JSON.parse(out) as { attributes: unknown };
        const mentions = (v: unknown): boolean =>
          v === 'http.status_code' ||
          (Array.isArray(v) && v.some(mentions)) ||
          (typeof v === 'object' &&
            v !== null &&
            Object.entries(v).some(([k, x]) => k === 'http.status_code' || mentions(x)));
        const escaped = /(^|[^\\])(\\\\)*\\u/.test(member);
        const a = full.attributes;
        const expected = escaped
          ? a
          : Array.isArray(a)
            ? a.filter(mentions)
            : typeof a === 'object' && a !== null
              ? Object.fromEntries(Object.entries(a).filter(([k, x]) => k === 'http.status_code' || mentions(x)))
              : a;
        expect(cut).toEqual({ ...full, attributes: expected });
      }),
      { numRuns: 3000 },
    );
  });

  it('cuts a batch of spans as it cuts each alone, wherever the spans lie in their sources', () => {
    const span = fc.oneof(
      fc.jsonValue({ maxDepth: 2 }).map((v) =>
        JSON.stringify({
          spanId: 'a',
          attributes: [
            { key: 'http.status_code', value: v },
            { key: 'k', value: v },
          ],
          name: v,
        }),
      ),
      fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
    );
    fc.assert(
      fc.property(
        fc.array(fc.tuple(span, fc.constantFrom(', ', ',', ' '.repeat(300), 'new source')), {
          minLength: 1,
          maxLength: 8,
        }),
        (items) => {
          // Spans in sources the way a scan holds them: one after another in a chunk, far apart, or in a chunk of their
          // own.
          const texts = [''];
          const placed: Array<{ source: number; from: number; to: number }> = [];
          for (const [value, gap] of items) {
            if (gap !== 'new source') texts[texts.length - 1] += gap;
            else if (texts[texts.length - 1]) texts.push('');
            const k = texts.length - 1;
            const from = encoder.encode(texts[k]).length;
            texts[k] += value;
            placed.push({ source: k, from, to: encoder.encode(texts[k]).length });
          }
          const sources = texts.map((text) => encoder.encode(text));
          const held = {
            source: placed.map((p) => sources[p.source] as Uint8Array),
            from: Int32Array.from(placed, (p) => p.from),
            to: Int32Array.from(placed, (p) => p.to),
          };
          const whole = decoder.decode(writer.cut(held, 0, items.length));
          expect(whole).toBe(items.map(([value]) => lean(value)).join(','));
          // A batch from the middle of the held spans.
          if (items.length > 2)
            expect(decoder.decode(writer.cut(held, 1, items.length - 1))).toBe(
              items
                .slice(1, -1)
                .map(([value]) => lean(value))
                .join(','),
            );
        },
      ),
      { numRuns: 500 },
    );
  });

  it('joins spans as they are without a spec (and where WebAssembly cannot run)', () => {
    const spans = ['{"a":1}', '{"attributes":[1,2]}', '{"b":"é"}'];
    const text = `[${spans.join(', \n')}]`;
    const from = spans.map((span) => encoder.encode(text.slice(0, text.indexOf(span))).length);
    const held = {
      source: spans.map(() => encoder.encode(text)),
      from: Int32Array.from(from),
      to: Int32Array.from(spans, (span, k) => (from[k] as number) + encoder.encode(span).length),
    };
    expect(decoder.decode(new LeanWriter().cut(held, 0, 3))).toBe(spans.join(','));
    expect(decoder.decode(new LeanWriter().cut(held, 1, 2))).toBe(spans[1]);
  });

  it('serves any number of writers of one spec (every part of every file makes one)', () => {
    const spec = { member: 'attributes', wanted: ['http.response.status_code', 'http.status_code'] };
    let last = writer;
    for (let n = 0; n < 2000; n++) last = new LeanWriter(spec);
    expect(JSON.parse(lean(`{"attributes":[${kv('a', 'b')},${kv('http.status_code', '500')}]}`, last))).toEqual({
      attributes: [JSON.parse(kv('http.status_code', '500'))],
    });
  });
});
