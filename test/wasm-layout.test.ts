// The record layout of each WebAssembly row reader is written twice: in its
// AssemblyScript source (wasm/*.ts) and where the JavaScript side reads the
// records (src/formats/*/...-rows.ts). This reads the source's constants and
// proves both sides name the same fields at the same places.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as jaeger from '../src/formats/jaeger/jaeger-rows';
import * as otlp from '../src/formats/otlp/otlp-rows';
import * as zipkin from '../src/formats/zipkin/zipkin-rows';
import { JAEGER_ROWS_WASM } from '../src/formats/jaeger/jaeger-rows-wasm';
import { OTLP_ROWS_WASM } from '../src/formats/otlp/otlp-rows-wasm';
import { ZIPKIN_ROWS_WASM } from '../src/formats/zipkin/zipkin-rows-wasm';
import { instantiate, WASM_PAGE } from '../src/import/wasm-module';

/**
 * The record's field constants (`const NAME = 3;`, between the "Record fields" comment and RECORD) and RECORD itself.
 */
function sourceLayout(file: string): { fields: Record<string, number>; record: number } {
  const text = readFileSync(join(import.meta.dirname, '../wasm', file), 'utf8');
  const from = text.indexOf('/** Record fields');
  const to = text.indexOf('export const RECORD', from);
  expect(from, `${file}: its record fields comment`).toBeGreaterThan(-1);
  const fields: Record<string, number> = {};
  for (const [, name, value] of text.slice(from, to).matchAll(/^const ([A-Z][A-Z0-9_]*) = (\d+);$/gm))
    fields[name as string] = Number(value);
  const record = /export const RECORD: i32 = (\d+);/.exec(text);
  return { fields, record: Number(record?.[1]) };
}

describe('WebAssembly record layouts', () => {
  for (const [file, side] of [
    ['otlp-rows.ts', otlp],
    ['jaeger-rows.ts', jaeger],
    ['zipkin-rows.ts', zipkin],
  ] as const) {
    it(`${file}: the JavaScript side reads the fields where the module writes them`, () => {
      const source = sourceLayout(file);
      const js = Object.fromEntries(Object.entries(side.FIELD).map(([name, at]) => [name.toUpperCase(), at]));
      expect(js).toEqual(source.fields);
      expect(side.RECORD).toBe(source.record);
      expect(Math.max(...Object.values(source.fields))).toBeLessThan(source.record);
    });
  }

  for (const [name, base64] of [
    ['otlp-rows', OTLP_ROWS_WASM],
    ['jaeger-rows', JAEGER_ROWS_WASM],
    ['zipkin-rows', ZIPKIN_ROWS_WASM],
  ] as const) {
    it(`${name}: its static data (tables, the values seen) ends below the configs the JavaScript side writes`, () => {
      const module = instantiate<{ memory: WebAssembly.Memory; dataEnd(): number }>(base64);
      // src/import/wasm-rows.ts: configs from WASM_PAGE, scratch from twice that.
      expect(module.dataEnd()).toBeGreaterThan(16 * 2048);
      expect(module.dataEnd()).toBeLessThanOrEqual(WASM_PAGE);
    });
  }
});
