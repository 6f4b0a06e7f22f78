// One harness for every fixture: test/fixtures/<format>/<behaviour>.json(l)
// builds to the dump in <behaviour>.dump, and content detection alone picks
// <format>. Fixtures in test/fixtures/errors/ must fail with the message in
// <behaviour>.error. Set UPDATE_DUMPS=1 to write missing dumps (then review them).
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectFormat } from '../src/formats/detect';
import { readJsonText } from '../src/import/json-text';
import { dumpTraces } from './helpers/dump-trace';
import { loadTraces } from './helpers/load-traces';

const root = join(import.meta.dirname, 'fixtures');
const update = process.env.UPDATE_DUMPS === '1';

function expected(path: string, actual: string): string {
  if (!existsSync(path) && update) writeFileSync(path, actual + '\n');
  return readFileSync(path, 'utf8').trimEnd();
}

for (const format of readdirSync(root)) {
  const dir = join(root, format);
  const files = readdirSync(dir).filter((f) => /\.jsonl?$/.test(f));
  describe(`fixtures/${format}`, () => {
    for (const file of files) {
      const base = file.replace(/\.jsonl?$/, '');
      const text = readFileSync(join(dir, file), 'utf8');
      if (format === 'errors') {
        it(`${file} fails with a clear message`, () => {
          const { error } = loadTraces(text, file);
          expect(error).toBe(expected(join(dir, `${base}.error`), error ?? ''));
        });
        continue;
      }
      it(`${file} builds the expected dump`, () => {
        const { traces, error } = loadTraces(text, file);
        expect(error).toBeNull();
        const dump = dumpTraces(traces);
        expect(dump).toBe(expected(join(dir, `${base}.dump`), dump));
      });
      it(`${file} is detected as ${format} by content`, () => {
        const read = readJsonText(text);
        if (!read.ok) throw new Error(read.problem.message);
        for (const doc of read.documents) expect(detectFormat(doc.value)).toEqual({ kind: 'format', format });
      });
    }
  });
}
