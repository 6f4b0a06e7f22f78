import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { newWireSpan } from '../model/wire-span';
import { formatDurationUs, formatEpochUs, MAX_EPOCH_US } from '../model/time';
import { buildTrace } from './build-trace';
import { validateTimes } from './validate-times';

const id = (n: number) => n.toString(16).padStart(16, '0');
const EXTREMES = [NaN, Infinity, -Infinity, 1e21, -1.797e308, 1.7e308, 2 ** 64, MAX_EPOCH_US * 1.0001, -5];

describe('validateTimes', () => {
  it('leaves good times alone and returns no warnings', () => {
    const start = Float64Array.of(1_735_689_600_000_000, 1_735_689_600_000_500);
    const duration = Float64Array.of(1000, 0);
    expect(validateTimes(start, duration).size).toBe(0);
    expect([...start, ...duration]).toEqual([1_735_689_600_000_000, 1_735_689_600_000_500, 1000, 0]);
  });

  it("moves a start beyond Date's range to the first good start, with no duration and a warning", () => {
    const start = Float64Array.of(2000, 1e21, 1000);
    const duration = Float64Array.of(10, 10, 10);
    const warnings = validateTimes(start, duration);
    expect([...start]).toEqual([2000, 1000, 1000]);
    expect([...duration]).toEqual([10, 0, 10]);
    expect(warnings.get(1)?.[0]?.message).toBe(
      'start time out of range: 1.000e+21 µs; shown at the trace start with no duration',
    );
  });

  it('sets a duration that is negative, not a number or ends out of range to 0', () => {
    const start = Float64Array.of(1000, 1000, 1000);
    const duration = Float64Array.of(-5, NaN, 1.7e308);
    const warnings = validateTimes(start, duration);
    expect([...duration]).toEqual([0, 0, 0]);
    expect(warnings.get(0)?.[0]?.message).toBe('duration out of range: -5 µs; shown as 0');
    expect(warnings.get(1)?.[0]?.message).toBe('duration out of range: not a number µs; shown as 0');
  });

  it('puts a trace of nothing but bad times at the epoch', () => {
    const start = Float64Array.of(NaN, Infinity);
    validateTimes(start, Float64Array.of(1, 1));
    expect([...start]).toEqual([0, 0]);
  });
});

describe('no time from a file reaches a built span unless it can be drawn and formatted', () => {
  const time = fc.oneof(
    fc.constantFrom(...EXTREMES),
    fc.double(),
    fc.integer({ min: 1_700_000_000_000_000, max: 1_800_000_000_000_000 }),
  );
  it('built starts, durations and event times are finite, and formatting them never throws', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ start: time, duration: time, event: time }), { minLength: 1, maxLength: 12 }),
        (list) => {
          const spans = list.map((t, i) =>
            newWireSpan({
              traceId: 'a'.repeat(32),
              spanId: id(i + 1),
              parentSpanId: i ? id(1) : '',
              startUs: t.start,
              durationUs: t.duration,
              events: [{ timeUs: t.event, name: 'e', attributes: [] }],
            }),
          );
          const trace = buildTrace(spans, { format: 'otlp' });
          expect(Number.isFinite(trace.startUs) && Number.isFinite(trace.durationUs)).toBe(true);
          expect(() => formatEpochUs(trace.startUs)).not.toThrow();
          expect(formatDurationUs(trace.durationUs)).not.toMatch(/Infinity|NaN/);
          for (const span of trace.spans) {
            expect(Number.isFinite(span.startUs) && Number.isFinite(span.durationUs) && span.durationUs >= 0).toBe(
              true,
            );
            expect(() => formatEpochUs(trace.startUs + span.startUs)).not.toThrow();
            for (const e of span.events) expect(Number.isFinite(e.timeUs)).toBe(true);
          }
        },
      ),
    );
  });

  it('formatters answer for any number', () => {
    for (const value of EXTREMES) {
      expect(() => formatEpochUs(value)).not.toThrow();
      expect(formatDurationUs(value)).not.toMatch(/Infinity|NaN/);
    }
  });
});
