import { describe, expect, it } from 'vitest';
import { generateTrace, traceText } from '../bench/gen-trace';
import { TraceSession } from '../src/worker/trace-session';
import { importText } from '../src/formats/detect';
import { MAX_NESTING, TOO_DEEP, tooDeepAt } from '../src/import/json-nesting';
import { jsonSkeleton } from '../src/import/json-skeleton';

const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

async function streamed(text: string, options: { oneShotLimit?: number; chunkBytes?: number } = {}): Promise<string> {
  const report = await new TraceSession(options).importFiles([{ name: 'deep.json', blob: new Blob([text]) }]);
  return report.failures[0]?.message ?? `${report.traces.length} traces`;
}

describe('nesting limit', () => {
  it('finds the bracket that opens one level too many, skipping brackets inside strings', () => {
    expect(tooDeepAt(nested(MAX_NESTING))).toBe(-1);
    expect(tooDeepAt(nested(MAX_NESTING + 1))).toBe(MAX_NESTING);
    expect(tooDeepAt(`["${'['.repeat(20)}", [[[]]]]`, 3)).toBe(27);
    expect(tooDeepAt(`["\\"[[[[", [[]]]`, 3)).toBe(-1);
  });

  it('the sniffer stays linear a million levels deep (it copied the open containers at every bracket)', () => {
    expect(jsonSkeleton(nested(1_000_000).slice(0, 1_500_000))?.value).toBeDefined();
  });

  it('refuses a million levels on both paths, at the same line:column', async () => {
    const text = nested(1_000_000);
    const oneShot = importText(text, 'deep.json');
    expect(oneShot.ok).toBe(false);
    const expected = `deep.json:1:${MAX_NESTING + 1}: ${TOO_DEEP}`;
    expect(oneShot.ok ? '' : oneShot.message).toBe(expected);
    expect(await streamed(text)).toBe(expected);
    expect(await streamed(text, { oneShotLimit: 0 })).toBe(expected);
  });

  it('the scanner refuses a deep value inside a span past the sniffed prefix, without the one-shot reader, in any chunking', async () => {
    const good = traceText(generateTrace({ seed: 3, spans: 600, services: 3 }), 'zipkin');
    const text = `${good.trimEnd().slice(0, -1)},{"traceId":"00000000000000aa","id":"00000000000000ab","x":${nested(MAX_NESTING + 5)}}]`;
    // the array holding the span list and the span itself are two levels
    const at = text.indexOf('"x":') + 4 + MAX_NESTING - 2;
    const oneShot = importText(text, 'deep.json');
    expect(oneShot.ok ? '' : oneShot.message).toBe(`deep.json:1:${at + 1}: ${TOO_DEEP}`);
    for (const chunkBytes of [4096, 65536]) {
      expect(await streamed(text, { oneShotLimit: 0, chunkBytes })).toContain(TOO_DEEP);
      expect(await streamed(text, { chunkBytes })).toBe(`deep.json:1:${at + 1}: ${TOO_DEEP}`);
    }
  });

  it('a deep value that stays within the limit is read as before', async () => {
    const good = traceText(generateTrace({ seed: 3, spans: 50, services: 3 }), 'zipkin');
    const text = `${good.trimEnd().slice(0, -1)},{"traceId":"00000000000000aa","id":"00000000000000ab","x":${nested(400)}}]`;
    expect(await streamed(text, { oneShotLimit: 0 })).toBe('2 traces');
  });
});
