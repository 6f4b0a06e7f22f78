// A 1,000,000-span generated trace builds in Node, as a stream (the file is
// larger than one JavaScript string), within a default Node heap.
import { describe, expect, it } from 'vitest';
import { generateTrace, writeTrace } from '../bench/gen-trace';
import { TraceSession } from '../src/worker/trace-session';

describe('a million spans', () => {
  it('streams, builds and reports the right header figures', async () => {
    const trace = generateTrace({ seed: 3, spans: 1_000_000, services: 24 });
    const parts: string[] = [];
    let bytes = 0;
    for (const chunk of writeTrace(trace, 'otlp')) {
      parts.push(chunk);
      bytes += chunk.length;
    }
    const blob = new Blob(parts);
    parts.length = 0;
    expect(bytes).toBeGreaterThan(600_000_000);
    const expectedErrors = trace.spans.filter((s) => s.error).length;
    const expectedDepth = 1 + depths(trace.spans.map((s) => s.parentIndex)).reduce((a, b) => (b > a ? b : a), 0);
    trace.spans.length = 0;

    const session = new TraceSession();
    const report = await session.importFiles([{ name: 'million.json', blob }]);
    expect(report.failures).toEqual([]);
    const summary = report.traces[0]?.summary;
    expect(summary).toMatchObject({
      spanCount: 1_000_000,
      serviceCount: 24,
      errorCount: expectedErrors,
      depth: expectedDepth,
      orphanCount: 0,
    });
    const details = await session.details(summary?.traceId ?? '', 999_999);
    expect(details?.attributes.length).toBeGreaterThan(5);
    expect(process.memoryUsage().heapUsed).toBeLessThan(2_000_000_000);
  }, 300_000);
});

function depths(parents: number[]): number[] {
  const depth = new Array<number>(parents.length).fill(0);
  parents.forEach((p, i) => (depth[i] = p === -1 ? 0 : (depth[p] as number) + 1));
  return depth;
}
