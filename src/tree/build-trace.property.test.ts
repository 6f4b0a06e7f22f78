// Properties of DESIGN.md §8 over random, messy span sets: missing parents,
// duplicate ids, loops, several hosts, overlapping and skewed timings.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeSelfTime } from '../analysis/self-time';
import type { SpanKind, WireSpan } from '../model/trace';
import { newWireSpan } from '../formats/wire';
import { buildTrace } from './build-trace';
import { toColumns } from './trace-columns';

const KINDS: SpanKind[] = ['server', 'client', 'internal', 'producer', 'consumer', 'unspecified'];

const spanSet = fc
  .array(
    fc.record({
      id: fc.integer({ min: 1, max: 40 }),
      parent: fc.integer({ min: 0, max: 45 }),
      host: fc.integer({ min: 0, max: 3 }),
      kind: fc.constantFrom(...KINDS),
      startUs: fc.integer({ min: 0, max: 10_000 }),
      durationUs: fc.integer({ min: 0, max: 5_000 }),
    }),
    { minLength: 1, maxLength: 60 },
  )
  .map((records) =>
    records.map((r) =>
      newWireSpan({
        traceId: 'a'.repeat(32),
        spanId: r.id.toString(16).padStart(16, '0'),
        parentSpanId: r.parent === 0 ? '' : r.parent.toString(16).padStart(16, '0'),
        name: `op${r.id}`,
        service: `svc${r.host}`,
        host: `host${r.host}`,
        kind: r.kind,
        startUs: 1_700_000_000_000_000 + r.startUs,
        durationUs: r.durationUs,
      }),
    ),
  );

function built(spans: WireSpan[]) {
  return buildTrace(spans, { format: 'otlp' });
}

describe('buildTrace properties', () => {
  it('every span that is not an exact repeat appears exactly once', () => {
    fc.assert(
      fc.property(spanSet, (spans) => {
        const trace = built(spans);
        const distinct = new Set(spans.map((s) => `${s.spanId}|${s.startUs}|${s.durationUs}|${s.name}|${s.service}|${s.kind}`));
        expect(trace.spans).toHaveLength(distinct.size);
        expect(new Set(trace.spans.map((s) => s.key)).size).toBe(trace.spans.length);
      }),
    );
  });

  it('parents precede children, depths and child lists agree', () => {
    fc.assert(
      fc.property(spanSet, (spans) => {
        const trace = built(spans);
        trace.spans.forEach((span, i) => {
          if (span.parentIndex === -1) {
            expect(span.depth).toBe(0);
            expect(trace.roots).toContain(i);
          } else {
            expect(span.parentIndex).toBeLessThan(i);
            expect(span.depth).toBe((trace.spans[span.parentIndex]?.depth ?? -2) + 1);
            expect(trace.spans[span.parentIndex]?.childIndices).toContain(i);
          }
        });
      }),
    );
  });

  it('after skew repair, a synchronous child from another host that fits lies inside its parent', () => {
    fc.assert(
      fc.property(spanSet, (spans) => {
        const trace = built(spans);
        for (const span of trace.spans) {
          const parent = trace.spans[span.parentIndex];
          if (!parent || parent.host === span.host) continue;
          if (span.kind === 'consumer' || parent.kind === 'producer' || span.durationUs > parent.durationUs) continue;
          expect(span.startUs).toBeGreaterThanOrEqual(parent.startUs - 1e-6);
          expect(span.startUs + span.durationUs).toBeLessThanOrEqual(parent.startUs + parent.durationUs + 1e-6);
        }
      }),
    );
  });

  it('0 <= self time <= duration, and the trace starts at 0', () => {
    fc.assert(
      fc.property(spanSet, (spans) => {
        const trace = built(spans);
        const columns = toColumns(trace);
        const selfUs = computeSelfTime(columns.startUs, columns.durationUs, columns.subtreeEnd);
        selfUs.forEach((self, i) => {
          expect(self).toBeGreaterThanOrEqual(0);
          expect(self).toBeLessThanOrEqual((columns.durationUs[i] as number) + 1e-9);
        });
        expect(Math.min(...trace.spans.map((s) => s.startUs))).toBeCloseTo(0, 6);
      }),
    );
  });
});
