// Hostile and damaged files: for every fixture, mutated at random (a byte
// changed, the text cut short, a bracket deleted, a value replaced by one of
// another type), the streaming path the page uses and the one-shot path give
// the same spans and warnings, or the same refusal, and no built time is NaN
// or infinite. Counts are printed so a run can be quoted (MUTANTS=n for more).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { dumpTraces } from './helpers/dump-trace';
import { loadTraces } from './helpers/load-traces';
import { streamDump } from './helpers/stream-dump';

const root = join(import.meta.dirname, 'fixtures');
const fixtures = readdirSync(root)
  .filter((dir) => dir !== 'errors')
  .flatMap((dir) =>
    readdirSync(join(root, dir))
      .filter((f) => /\.jsonl?$/.test(f))
      .map((f) => ({ name: f, text: readFileSync(join(root, dir, f), 'utf8') })),
  );

const REPLACEMENTS = [
  'null',
  '1',
  '-1',
  '"x"',
  '[]',
  '{}',
  'true',
  '1e400',
  '-1.797e308',
  '18446744073709551616',
  '"18446744073709551616"',
  '[1,"x",null]',
  '{"a":[[[[]]]]}',
];

type Mutation =
  | { kind: 'flip'; at: number; byte: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'delete-bracket'; nth: number }
  | { kind: 'replace-value'; nth: number; with: string };

function applyMutation(text: string, m: Mutation): string {
  const at = (share: number) => Math.floor(share * text.length);
  switch (m.kind) {
    case 'flip': {
      const i = at(m.at);
      return text.slice(0, i) + String.fromCharCode(m.byte) + text.slice(i + 1);
    }
    case 'truncate':
      return text.slice(0, Math.max(1, at(m.at)));
    case 'delete-bracket': {
      const positions = [...text.matchAll(/[[\]{}]/g)].map((x) => x.index ?? 0);
      const i = positions[m.nth % Math.max(1, positions.length)] ?? 0;
      return text.slice(0, i) + text.slice(i + 1);
    }
    case 'replace-value': {
      // A value after a colon: a number, a string, a literal, or an opening bracket (then only the bracket goes).
      const values = [...text.matchAll(/:\s*("(?:[^"\\]|\\.)*"|-?\d[\d.eE+-]*|true|false|null)/g)];
      const hit = values[m.nth % Math.max(1, values.length)];
      if (!hit || hit.index === undefined) return text;
      const start = hit.index + hit[0].length - (hit[1] ?? '').length;
      return text.slice(0, start) + m.with + text.slice(start + (hit[1] ?? '').length);
    }
  }
}

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({
    kind: fc.constant('flip' as const),
    at: fc.double({ min: 0, max: 0.999, noNaN: true }),
    byte: fc.constantFrom(0x22, 0x2c, 0x3a, 0x5b, 0x5d, 0x7b, 0x7d, 0x30, 0x2d, 0x0a, 0x5c, 0x20, 0x61, 0xe9, 0x202e),
  }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.double({ min: 0, max: 0.999, noNaN: true }) }),
  fc.record({ kind: fc.constant('delete-bracket' as const), nth: fc.nat() }),
  fc.record({ kind: fc.constant('replace-value' as const), nth: fc.nat(), with: fc.constantFrom(...REPLACEMENTS) }),
);

const sortedLines = (dump: string) => dump.split('\n').sort().join('\n');

const tally = { mutants: 0, refusedAlike: 0, builtAlike: 0, lenientAlone: 0 };
afterAll(() => {
  console.error(
    `mutants: ${tally.mutants} tried, ${tally.builtAlike} built alike, ${tally.refusedAlike} refused alike, 0 disagreements, 0 crashes; ` +
      `without the one-shot reader, ${tally.lenientAlone} of the refused ones were read (damage outside the spans)`,
  );
});

describe('a damaged file reads the same on both paths', () => {
  it('for random mutations of every fixture', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...fixtures),
        mutation,
        fc.constantFrom(7, 4096),
        async (fixture, m, chunkBytes) => {
          const text = applyMutation(fixture.text, m);
          const oneShot = loadTraces(text, fixture.name);
          const streamed = await streamDump(text, fixture.name, { chunkBytes });
          // Without the one-shot reader (as for files over 64 MB): the same decision, to build or refuse.
          const alone = await streamDump(text, fixture.name, { chunkBytes, oneShotLimit: 0 });
          tally.mutants++;
          if (oneShot.error !== null) {
            expect(streamed.error).toBe(oneShot.error);
            tally.refusedAlike++;
            // Alone, the scanner does not check the bytes it skips as JSON.parse would: it may read a file
            // whose damage lies outside its spans. It never reads spans differently (below).
            if (alone.error === null) tally.lenientAlone++;
            return;
          }
          expect(streamed.error).toBeNull();
          expect(streamed.dump).toBe(dumpTraces(oneShot.traces));
          if (process.env.DBG && alone.dump !== streamed.dump)
            console.error(
              'ALONE',
              JSON.stringify(text).slice(0, 3000),
              '\n',
              alone.error,
              alone.dump,
              '\n',
              streamed.dump,
            );
          expect(alone.error).toBeNull();
          // Alone, a JSON Lines file's problems are the same, but may be listed in another order.
          expect(sortedLines(alone.dump)).toBe(sortedLines(streamed.dump));
          for (const trace of oneShot.traces) {
            expect(Number.isFinite(trace.startUs) && Number.isFinite(trace.durationUs)).toBe(true);
            for (const span of trace.spans)
              expect(Number.isFinite(span.startUs) && Number.isFinite(span.durationUs)).toBe(true);
          }
          tally.builtAlike++;
        },
      ),
      { numRuns: Number(process.env.MUTANTS ?? 1000) },
    );
  }, 120_000);
});
