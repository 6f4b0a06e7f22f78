// One generated trace written as Jaeger, Zipkin and OTLP builds the same dump.
import { describe, expect, it } from 'vitest';
import { generateTrace, traceText } from '../bench/gen-trace';
import { detectFormat } from '../src/formats/detect';
import { dumpTraces } from './helpers/dump-trace';
import { loadTraces } from './helpers/load-traces';

function dumpWithoutFormat(text: string): string {
  const { traces, error } = loadTraces(text);
  expect(error).toBeNull();
  return dumpTraces(traces).replace(/ (jaeger|zipkin|otlp) spans=/, ' spans=');
}

describe('cross-format', () => {
  for (const seed of [1, 2, 3]) {
    it(`seed ${seed}: Jaeger, Zipkin and OTLP give identical dumps`, () => {
      const trace = generateTrace({ seed, spans: 400, services: 9 });
      const jaeger = dumpWithoutFormat(traceText(trace, 'jaeger'));
      const zipkin = dumpWithoutFormat(traceText(trace, 'zipkin'));
      const otlp = dumpWithoutFormat(traceText(trace, 'otlp'));
      expect(jaeger.split('\n')).toHaveLength(401);
      expect(zipkin).toBe(jaeger);
      expect(otlp).toBe(jaeger);
      expect(jaeger).toContain('ERROR');
    });
  }

  it('detection picks each generated format by content', () => {
    const trace = generateTrace({ seed: 9, spans: 20 });
    expect(detectFormat(JSON.parse(traceText(trace, 'jaeger')))).toEqual({ kind: 'format', format: 'jaeger' });
    expect(detectFormat(JSON.parse(traceText(trace, 'zipkin')))).toEqual({ kind: 'format', format: 'zipkin' });
    expect(detectFormat(JSON.parse(traceText(trace, 'otlp')))).toEqual({ kind: 'format', format: 'otlp' });
  });
});
