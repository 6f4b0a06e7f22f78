// One span's text read both ways, for the row readers' tests: by the
// format's WebAssembly row reader (null when it leaves the span to
// JSON.parse) and by JSON.parse and the locator's convert ('invalid' when
// JSON.parse throws). The answers are deep copies: a locator may hand out the
// same object for every span.
import fc from 'fast-check';
import { expect } from 'vitest';
import type { Converted, StreamLocator } from '../../src/import/stream-locator';

export interface BothWays {
  read: Converted | null;
  parsed: Converted | null | 'invalid';
}

const encoder = new TextEncoder();

/** `make` gives a fresh locator (with whatever context the test wants); `group` and `path` are the span's. */
export function rowsBothWays(make: () => StreamLocator, group: string, path: string): (text: string) => BothWays {
  const pathOf = () => path;
  return (text) => {
    const rows = make().rows;
    if (!rows) throw new Error('WebAssembly did not load');
    // The span sits inside other bytes, as in a file.
    const bytes = encoder.encode(` ${text} ,`);
    const spans = { source: [bytes], from: Int32Array.of(1), to: Int32Array.of(1 + encoder.encode(text).length) };
    const read = rows.read(spans, 0, 1) ? structuredClone(rows.convert(0, group, pathOf)) : null;
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      return { read, parsed: 'invalid' };
    }
    return { read, parsed: structuredClone(make().convert(raw, group, pathOf)) };
  };
}

/** Each replacement in `text` makes it text JSON.parse refuses, and the reader leaves it to JSON.parse to say so. */
export function expectBrokenLeftToJsonParse(
  bothWays: (text: string) => BothWays,
  text: string,
  replacements: ReadonlyArray<readonly [string, string]>,
): void {
  for (const [from, to] of replacements) {
    const broken = text.replace(from, to);
    expect(broken, from).not.toBe(text);
    const both = bothWays(broken);
    expect(both.parsed, broken).toBe('invalid');
    expect(both.read, broken).toBeNull();
  }
}

/** Each replacement makes a valid span of a shape only JSON.parse reads right: the reader leaves it. */
export function expectOtherShapesLeft(
  bothWays: (text: string) => BothWays,
  text: string,
  replacements: ReadonlyArray<readonly [string, string]>,
): void {
  for (const [from, to] of replacements) {
    const other = text.replace(from, to);
    expect(other, from).not.toBe(text);
    const both = bothWays(other);
    expect(both.read, other).toBeNull();
    expect(both.parsed, other).not.toBe('invalid');
  }
}

export interface BatchBothWays {
  /** Every span's answer from the row reader, or null when it left the batch to JSON.parse. */
  read: Array<Converted | null> | null;
  parsed: Array<Converted | null>;
}

/**
 * Spans read together as one batch, one after another in one slice of the file, both ways: what a batch shares (the
 * values the module hands over once) must not change any span's row.
 */
export function batchBothWays(
  make: () => StreamLocator,
  group: string,
  path: string,
): (texts: readonly string[]) => BatchBothWays {
  const pathOf = () => path;
  return (texts) => {
    const rows = make().rows;
    if (!rows) throw new Error('WebAssembly did not load');
    const bytes = encoder.encode(texts.join(','));
    const from = new Int32Array(texts.length);
    const to = new Int32Array(texts.length);
    let at = 0;
    texts.forEach((text, k) => {
      from[k] = at;
      to[k] = at += encoder.encode(text).length;
      at += 1;
    });
    const spans = { source: texts.map(() => bytes), from, to };
    const read = rows.read(spans, 0, texts.length)
      ? texts.map((_, k) => structuredClone(rows.convert(k, group, pathOf)))
      : null;
    const locator = make();
    return { read, parsed: texts.map((text) => structuredClone(locator.convert(JSON.parse(text), group, pathOf))) };
  };
}

/**
 * Batches of 1–24 spans drawn from `span` read both ways give the same rows (property); most batches are read by the
 * module, so the property is not vacuous.
 */
export function expectBatchesAsParsed(
  ways: (texts: readonly string[]) => BatchBothWays,
  span: fc.Arbitrary<object>,
): void {
  let read = 0;
  fc.assert(
    fc.property(fc.array(span, { minLength: 1, maxLength: 24 }), (spans) => {
      const both = ways(spans.map((s) => JSON.stringify(s)));
      if (both.read === null) return;
      read++;
      expect(both.read).toEqual(both.parsed);
    }),
    { numRuns: 400 },
  );
  expect(read).toBeGreaterThan(300);
}
