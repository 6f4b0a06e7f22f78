import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { messySpans } from '../../test/helpers/messy-spans';
import { newWireSpan } from '../model/wire-span';
import { buildColumns } from '../tree/build-columns';
import { allRows, tableFromWire } from '../tree/build-trace';
import type { WireSpan } from '../model/trace';

function columnsOf(spans: WireSpan[]) {
  const table = tableFromWire(spans);
  const built = buildColumns(table, allRows(table));
  return { startUs: built.startUs, durationUs: built.durationUs, subtreeEnd: built.subtreeEnd };
}
import { computeSelfTime } from './self-time';

describe('self time on built traces', () => {
  it('0 <= self time <= duration for any span set', () => {
    fc.assert(
      fc.property(messySpans, (spans) => {
        const columns = columnsOf(spans);
        const selfUs = computeSelfTime(columns.startUs, columns.durationUs, columns.subtreeEnd);
        selfUs.forEach((self, i) => {
          expect(self).toBeGreaterThanOrEqual(0);
          expect(self).toBeLessThanOrEqual((columns.durationUs[i] as number) + 1e-9);
        });
      }),
    );
  });

  it('finishes on a chain 100,000 spans deep', () => {
    const id = (n: number) => n.toString(16).padStart(16, '0');
    const length = 100_000;
    const spans = Array.from({ length }, (_, i) =>
      newWireSpan({
        traceId: 'b'.repeat(32),
        spanId: id(i + 1),
        parentSpanId: i ? id(i) : '',
        name: 'level',
        service: 'deep',
        host: 'h',
        startUs: 1_000 + i,
        durationUs: 2 * (length - i),
      }),
    );
    const columns = columnsOf(spans);
    const selfUs = computeSelfTime(columns.startUs, columns.durationUs, columns.subtreeEnd);
    expect(selfUs[0]).toBe(2);
    expect(selfUs[length - 1]).toBe(2);
  });
});
