import { describe, expect, it } from 'vitest';
import { TraceSession } from './trace-session';
import { warmUpBigTrace, warmUpFiles } from './warm-up';

describe('warm-up files', () => {
  it('are the same hundred traces in each format, read without a warning', async () => {
    const files = warmUpFiles();
    expect(files.map((f) => f.name)).toEqual([
      'warm-up.otlp.json',
      'warm-up.jaeger.json',
      'warm-up.zipkin.json',
      'warm-up.otlp.pb',
    ]);
    const summaries = [];
    for (const file of files) {
      const report = await new TraceSession().importFiles([{ name: file.name, blob: new Blob([file.data]) }]);
      expect(report.failures).toEqual([]);
      expect(report.files.map((f) => [f.format, f.spans])).toEqual([[file.name.split('.')[1], 6000]]);
      expect(report.traces).toHaveLength(100);
      summaries.push(
        report.traces
          .map((t) => ({
            id: t.summary.traceId,
            spans: t.summary.spanCount,
            services: t.summary.serviceCount,
            errors: t.summary.errorCount,
            durationUs: t.summary.durationUs,
            warnings: t.summary.warnings,
          }))
          .sort((a, b) => a.id.localeCompare(b.id)),
      );
    }
    expect(summaries[0]?.[0]).toMatchObject({ spans: 60, services: 3, warnings: [] });
    expect(summaries[1]).toEqual(summaries[0]);
    expect(summaries[2]).toEqual(summaries[0]);
    expect(summaries[3]).toEqual(summaries[0]);
  });

  it('hold one big trace, past the size the engine allocates inline, with a wide node, read without a warning', async () => {
    const file = warmUpBigTrace();
    const report = await new TraceSession().importFiles([{ name: file.name, blob: new Blob([file.data]) }]);
    expect(report.failures).toEqual([]);
    expect(report.traces).toHaveLength(1);
    const [trace] = report.traces;
    expect(trace?.summary).toMatchObject({ spanCount: 20_000, serviceCount: 3, warnings: [] });
    // The root (first in depth-first order) has more children than a list sorted by insertion.
    const parents = trace?.parent ?? new Int32Array(0);
    expect(parents[0]).toBe(-1);
    expect(parents.filter((p) => p === 0)).toHaveLength(40);
  });
});
