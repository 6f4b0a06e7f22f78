import { isPlausibleUs, MAX_EPOCH_US } from '../model/time';
import type { Warning } from '../model/trace';

/**
 * Times a file states but no clock can show: a start that is not a number or
 * lies beyond Date's range (±8.64e15 ms around the epoch: a Jaeger start of
 * 2^64 µs, OTLP nanoseconds with 331 digits), a duration that is negative,
 * not finite or ends beyond that range. Such a span keeps its place in the
 * tree and says what was wrong; its time becomes one that can be drawn:
 *
 *   valid spans     |====A====|   |==B==|
 *   bad start              (start 1e21 µs, duration 10)
 *   becomes        |            (at the trace's first valid start, 0 µs long)
 *
 * A bad duration alone keeps the start and becomes 0. Every later step and
 * every view sees only finite times, so nothing downstream checks again.
 * Runs on the builder's own copies (the table keeps what the file said, so a
 * rebuild warns again).
 */
export function validateTimes(startUs: Float64Array, durationUs: Float64Array): Map<number, Warning[]> {
  const warnings = new Map<number, Warning[]>();
  const count = startUs.length;
  let firstValid = Infinity;
  let bad = false;
  for (let i = 0; i < count; i++) {
    const start = startUs[i] as number;
    if (isPlausibleUs(start)) {
      if (start < firstValid) firstValid = start;
    } else bad = true;
    const duration = durationUs[i] as number;
    if (!(duration >= 0 && duration <= 2 * MAX_EPOCH_US)) bad = true;
  }
  if (!bad) return warnings;
  const fallback = firstValid === Infinity ? 0 : firstValid;
  for (let i = 0; i < count; i++) {
    const start = startUs[i] as number;
    const duration = durationUs[i] as number;
    const list: Warning[] = [];
    if (!isPlausibleUs(start)) {
      list.push({
        code: 'invalid-value',
        message: `start time out of range: ${describe(start)} µs; shown at the trace start with no duration`,
      });
      startUs[i] = fallback;
      durationUs[i] = 0;
    } else if (!(duration >= 0) || !isPlausibleUs(start + duration)) {
      list.push({ code: 'invalid-value', message: `duration out of range: ${describe(duration)} µs; shown as 0` });
      durationUs[i] = 0;
    }
    if (list.length) warnings.set(i, list);
  }
  return warnings;
}

/**
 * An event's time on the built trace's clock: the file's time moved by the
 * span's shift, or the span's start when the file's time is out of range
 * (the builder's event columns do the same, and count them in a warning).
 */
export function builtEventTime(fileTimeUs: number, shiftUs: number, spanStartUs: number): number {
  return isPlausibleUs(fileTimeUs) ? fileTimeUs + shiftUs : spanStartUs;
}

/** A number from a file, quoted for a message: short, and never "1e+21" wider than it needs to be. */
function describe(value: number): string {
  if (Number.isNaN(value)) return 'not a number';
  if (!Number.isFinite(value)) return value > 0 ? 'infinite' : 'minus infinite';
  return Math.abs(value) >= 1e16 ? value.toExponential(3) : String(value);
}
