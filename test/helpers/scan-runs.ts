// The check that runs of captured span list elements (the `each` decision)
// give what capturing element by element gives: the same values, paths,
// lines, columns and checkpoints, at any chunk size and any stop offset.
// Run by src/import/json-scan.test.ts (the WebAssembly loop) and by
// json-scan-js-runs.test.ts (the JavaScript loop, with the module away).
import fc from 'fast-check';
import { expect } from 'vitest';
import { JsonScanner, type Decision, type ScanCheckpoint } from '../../src/import/json-scan';

interface Seen {
  path: string;
  text: string;
  at: string;
}

const decoder = new TextDecoder();

/** Scans `bytes` in chunks from `from` on, stopping from `stopFrom`; what was captured, and the checkpoint. */
function scanText(bytes: Uint8Array, size: number, each: boolean, stopFrom: number, from?: ScanCheckpoint) {
  const seen: Seen[] = [];
  const scanner = new JsonScanner(
    {
      enter: (path, _doc, type): Decision => {
        if (path.length === 0) return 'descend';
        if (path.length === 1 && path[0] === 'spans') return each && type === 'array' ? 'each' : 'descend';
        return path.length === 2 && path[0] === 'spans' ? 'capture' : 'skip';
      },
      captured: (path, _doc, value, start) =>
        seen.push({
          path: path.join('.'),
          text: decoder.decode(value),
          at: `${start.offset}@${start.line}:${start.column}`,
        }),
      capturedRun: (path, _doc, value, run) => {
        for (let k = 0; k < run.count; k++) {
          const start = run.start[k] as number;
          seen.push({
            path: [...path, run.firstIndex + k].join('.'),
            text: decoder.decode(value.subarray(start, run.end[k])),
            at: `${run.bytesOffset + start}@${run.line[k]}:${run.column[k]}`,
          });
        }
      },
      documentEnd: () => undefined,
    },
    false,
    from,
  );
  if (stopFrom < Infinity) scanner.stopFrom(stopFrom);
  const begin = from?.offset ?? 0;
  for (let i = begin; i < bytes.length && !scanner.checkpoint; i += size) scanner.push(bytes.subarray(i, i + size));
  if (!scanner.checkpoint) scanner.end();
  return { seen, checkpoint: scanner.checkpoint };
}

/** A checkpoint without the `each` marks, which differ by design between the two ways. */
function plain(checkpoint: ScanCheckpoint | null) {
  return (
    checkpoint && {
      ...checkpoint,
      frames: checkpoint.frames.map(({ object, state, index }) => ({ object, state, index })),
    }
  );
}

const element = fc.oneof(
  { weight: 6, arbitrary: fc.dictionary(fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 4 }) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
);
const space = fc.constantFrom('', ' ', '\n', ' \n  ', '\r\n\t');

export function checkRunsMatchElements(): void {
  fc.assert(
    fc.property(
      fc.array(fc.tuple(element, space, space), { maxLength: 12 }),
      fc.boolean(),
      fc.integer({ min: 1, max: 300 }),
      fc.option(fc.nat({ max: 2000 }), { nil: undefined }),
      (items, pretty, size, stop) => {
        const list = items
          .map(([value, before, after]) => `${before}${JSON.stringify(value, null, pretty ? 2 : undefined)}${after}`)
          .join(',');
        const bytes = new TextEncoder().encode(`{"name":"x",\n"spans":[${list}],"tail":{"spans":[{"a":1}]}}`);
        const stopFrom = stop ?? Infinity;
        const byElement = scanText(bytes, size, false, stopFrom);
        const byRun = scanText(bytes, size, true, stopFrom);
        expect(byRun.seen).toEqual(byElement.seen);
        expect(plain(byRun.checkpoint)).toEqual(plain(byElement.checkpoint));
        if (byRun.checkpoint) {
          // The rest, from the checkpoint, as another worker would scan it.
          expect(scanText(bytes, size, true, Infinity, byRun.checkpoint).seen).toEqual(
            scanText(bytes, size, false, Infinity, byElement.checkpoint as ScanCheckpoint).seen,
          );
        }
        const values = byRun.seen.map((s) => JSON.parse(s.text) as unknown);
        if (!byRun.checkpoint)
          expect(values).toEqual(items.map(([value]) => JSON.parse(JSON.stringify(value)) as unknown));
      },
    ),
    { numRuns: 300 },
  );
}
