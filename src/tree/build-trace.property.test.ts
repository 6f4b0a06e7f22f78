// Properties of DESIGN.md §8 over random, messy span sets: missing parents,
// duplicate ids, loops, several hosts, overlapping and skewed timings.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { WireSpan } from '../model/trace';
import { messySpans as spanSet } from '../../test/helpers/messy-spans';
import { buildColumns } from './build-columns';
import { allRows, buildTrace, tableFromWire } from './build-trace';

function built(spans: WireSpan[]) {
  return buildTrace(spans, { format: 'otlp' });
}

describe('buildTrace properties', () => {
  it('every span that is not an exact repeat appears exactly once', () => {
    fc.assert(
      fc.property(spanSet, (spans) => {
        const trace = built(spans);
        const distinct = new Set(
          spans.map((s) => `${s.spanId}|${s.startUs}|${s.durationUs}|${s.name}|${s.service}|${s.kind}`),
        );
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

  it('the trace starts at 0 and every span ends within the trace', () => {
    fc.assert(
      fc.property(spanSet, (spans) => {
        const trace = built(spans);
        expect(Math.min(...trace.spans.map((s) => s.startUs))).toBeCloseTo(0, 6);
        for (const s of trace.spans) expect(s.startUs + s.durationUs).toBeLessThanOrEqual(trace.durationUs + 1e-6);
      }),
    );
  });

  it('ids read as numbers (16 hex digits) and ids read as text build the same trace', () => {
    fc.assert(
      fc.property(spanSet, (spans) => {
        const table = tableFromWire(spans);
        const asNumbers = buildColumns(table, allRows(table));
        table.idForm.fill(0); // as if no id were 16 hex digits
        expect(buildColumns(table, allRows(table))).toEqual(asNumbers);
      }),
    );
  });
});
