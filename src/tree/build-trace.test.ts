import { describe, expect, it } from 'vitest';
import { newWireSpan } from '../model/wire-span';
import type { WireSpan } from '../model/trace';
import { buildColumns } from './build-columns';
import { allRows, buildTrace, groupByTrace, tableFromWire } from './build-trace';

const id = (n: number) => n.toString(16).padStart(16, '0');

function chain(length: number): WireSpan[] {
  return Array.from({ length }, (_, i) =>
    newWireSpan({
      traceId: 'b'.repeat(32),
      spanId: id(i + 1),
      parentSpanId: i ? id(i) : '',
      name: `level ${i}`,
      service: 'deep',
      host: 'h',
      startUs: 1_000 + i,
      durationUs: 2 * (length - i),
    }),
  );
}

describe('buildTrace', () => {
  it('builds a chain 100,000 spans deep without recursion', () => {
    const spans = chain(100_000).reverse(); // children before parents on the wire
    const trace = buildTrace(spans, { format: 'jaeger' });
    expect(trace.spans).toHaveLength(100_000);
    expect(trace.roots).toEqual([0]);
    expect(trace.spans[99_999]?.depth).toBe(99_999);
    const table = tableFromWire(spans);
    const columns = buildColumns(table, allRows(table));
    expect(columns.maxDepth).toBe(99_999);
    expect(columns.subtreeEnd[0]).toBe(100_000);
  });

  it('groups spans of several traces by trace id, keeping first-seen order', () => {
    const a = newWireSpan({ traceId: 'a'.repeat(32), spanId: id(1) });
    const b = newWireSpan({ traceId: 'b'.repeat(32), spanId: id(2) });
    const c = newWireSpan({ traceId: 'a'.repeat(32), spanId: id(3) });
    expect([...groupByTrace([a, b, c]).entries()].map(([k, v]) => [k[0], v.length])).toEqual([
      ['a', 2],
      ['b', 1],
    ]);
  });

  it('moves events with the span when clock skew shifts it', () => {
    const parent = newWireSpan({
      traceId: 'c'.repeat(32),
      spanId: id(1),
      host: 'a',
      kind: 'client',
      startUs: 10_000,
      durationUs: 1_000,
    });
    const child = newWireSpan({
      traceId: 'c'.repeat(32),
      spanId: id(2),
      parentSpanId: id(1),
      host: 'b',
      kind: 'server',
      startUs: 0,
      durationUs: 500,
      events: [{ timeUs: 100, name: 'tick', attributes: [] }],
    });
    const trace = buildTrace([parent, child], { format: 'otlp' });
    const shifted = trace.spans[1];
    expect(shifted?.startUs).toBe(250);
    expect(shifted?.skewUs).toBe(10_250);
    expect(shifted?.events[0]?.timeUs).toBe(350);
  });

  it('keeps a consumer that starts after its producer ended where it is', () => {
    const producer = newWireSpan({
      traceId: 'd'.repeat(32),
      spanId: id(1),
      host: 'a',
      kind: 'producer',
      startUs: 0,
      durationUs: 10,
    });
    const consumer = newWireSpan({
      traceId: 'd'.repeat(32),
      spanId: id(2),
      parentSpanId: id(1),
      host: 'b',
      kind: 'consumer',
      startUs: 500,
      durationUs: 100,
    });
    const trace = buildTrace([producer, consumer], { format: 'otlp' });
    expect(trace.spans[1]?.skewUs).toBe(0);
    expect(trace.spans[1]?.startUs).toBe(500);
  });
});
