import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dumpTraces } from '../../../test/helpers/dump-trace';
import { loadTraces } from '../../../test/helpers/load-traces';
import { importText } from '../detect';
import { toJaegerTrace } from './jaeger-writer';

describe('toJaegerTrace', () => {
  it('round-trips the sample through Jaeger JSON to the same trace', () => {
    const text = readFileSync(join(import.meta.dirname, '../../../public/samples/sample-checkout-trace.json'), 'utf8');
    const imported = importText(text, 'sample.json');
    if (!imported.ok) throw new Error(imported.message);
    const jaeger = JSON.stringify({ data: [toJaegerTrace(imported.spans[0]?.traceId ?? '', imported.spans)] });
    const strip = (dump: string) => dump.replace(/ (otlp|jaeger) spans=/, ' spans=');
    expect(strip(dumpTraces(loadTraces(jaeger, 'round-trip.json').traces))).toBe(
      strip(dumpTraces(loadTraces(text, 'sample.json').traces)),
    );
  });
});

describe('whole microseconds', () => {
  it('writes integer start, duration and log times, as Jaeger models them', () => {
    const text = readFileSync(join(import.meta.dirname, '../../../public/samples/sample-checkout-trace.json'), 'utf8');
    const imported = importText(text, 'sample.json');
    if (!imported.ok) throw new Error(imported.message);
    const spans = imported.spans.map((s, i) => ({
      ...s,
      startUs: s.startUs + i * 0.25,
      durationUs: s.durationUs + 0.382,
    }));
    const trace = toJaegerTrace(spans[0]?.traceId ?? '', spans);
    expect(trace.spans[0]?.duration).toBe(Math.round(spans[0]?.durationUs ?? 0));
    for (const span of trace.spans) {
      expect(Number.isInteger(span.startTime) && Number.isInteger(span.duration), span.operationName).toBe(true);
      for (const log of span.logs) expect(Number.isInteger(log.timestamp)).toBe(true);
    }
  });
});
