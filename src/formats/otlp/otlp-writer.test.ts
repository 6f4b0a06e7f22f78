import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importText } from '../detect';
import { microsToNanos, toOtlpTraces } from './otlp-writer';
import { parseOtlp } from './otlp';
import type { WireSpan } from '../../model/trace';
import { isPlausibleUs } from '../../model/time';

const fixtures = join(import.meta.dirname, '../../../test/fixtures');

/** What must survive a round trip through OTLP/JSON (Jaeger and Zipkin references become links). */
function essence(span: WireSpan) {
  return {
    traceId: span.traceId,
    spanId: span.spanId,
    parentSpanId: span.parentSpanId,
    name: span.name,
    service: span.service,
    kind: span.kind,
    startUs: Math.round(span.startUs * 1000),
    durationUs: Math.round(span.durationUs * 1000),
    status: span.status,
    attributes: span.attributes,
    events: span.events.map((e) => ({ ...e, timeUs: Math.round(e.timeUs * 1000) })),
    links: span.links.map((l) => [l.traceId, l.spanId]),
  };
}

describe('toOtlpTraces', () => {
  it('writes nanoseconds exactly', () => {
    // An epoch in µs keeps about 0.25 µs in a float64: what it holds is written exactly.
    expect(microsToNanos(1_767_261_600_000_123.5)).toBe('1767261600000123500');
    expect(microsToNanos(1_000_000.123)).toBe('1000000123');
    expect(microsToNanos(1)).toBe('1000');
    expect(microsToNanos(Number.NaN)).toBe('0');
  });

  it('round-trips the sample and every OTLP, Jaeger and Zipkin fixture to the same spans', () => {
    const files = [
      '../../../public/samples/sample-checkout-trace.json',
      ...['otlp', 'jaeger', 'zipkin'].flatMap((dir) =>
        readdirSync(join(fixtures, dir))
          .filter((f) => f.endsWith('.json'))
          .map((f) => join('../../../test/fixtures', dir, f)),
      ),
    ];
    let checked = 0;
    for (const file of files) {
      const imported = importText(readFileSync(join(import.meta.dirname, file), 'utf8'), file);
      // Times no clock can show are not written back (the viewer places them at the trace start).
      if (
        !imported.ok ||
        imported.spans.length === 0 ||
        imported.spans.some((sp) => !isPlausibleUs(sp.startUs) || !isPlausibleUs(sp.startUs + sp.durationUs))
      )
        continue;
      const again = parseOtlp(JSON.parse(JSON.stringify(toOtlpTraces(imported.spans))));
      // Spans come back grouped by resource, so compare in one order.
      const order = (list: WireSpan[]) =>
        list
          .map(essence)
          .sort((a, b) => (`${a.traceId}${a.spanId}${a.service}` < `${b.traceId}${b.spanId}${b.service}` ? -1 : 1));
      expect(order(again.spans), file).toEqual(order(imported.spans));
      checked++;
    }
    expect(checked).toBeGreaterThan(20);
  });
});
