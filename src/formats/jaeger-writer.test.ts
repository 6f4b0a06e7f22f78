import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dumpTraces } from '../../test/helpers/dump-trace';
import { loadTraces } from '../../test/helpers/load-traces';
import { importText } from './detect';
import { toJaegerTrace } from './jaeger-writer';

describe('toJaegerTrace', () => {
  it('round-trips the sample through Jaeger JSON to the same trace', () => {
    const text = readFileSync(join(import.meta.dirname, '../../public/samples/sample-checkout-trace.json'), 'utf8');
    const imported = importText(text, 'sample.json');
    if (!imported.ok) throw new Error(imported.message);
    const jaeger = JSON.stringify({ data: [toJaegerTrace(imported.spans[0]?.traceId ?? '', imported.spans)] });
    const strip = (dump: string) => dump.replace(/ (otlp|jaeger) spans=/, ' spans=');
    expect(strip(dumpTraces(loadTraces(jaeger, 'round-trip.json').traces))).toBe(strip(dumpTraces(loadTraces(text, 'sample.json').traces)));
  });
});
