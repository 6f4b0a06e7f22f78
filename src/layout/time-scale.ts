import { scaleLinear, type ScaleLinear } from 'd3-scale';
import { formatDurationUs } from '../model/time';

export type TimeScale = ScaleLinear<number, number>;

/** µs relative to the trace start → px. The one scale every time axis uses. */
export function timeScale(domainUs: readonly [number, number], widthPx: number): TimeScale {
  const [start, end] = domainUs;
  return scaleLinear()
    .domain([start, end > start ? end : start + 1])
    .range([0, Math.max(1, widthPx)]);
}

export interface Tick {
  timeUs: number;
  xPx: number;
  label: string;
}

/** Nicely spaced ticks with duration labels, about one per `spacingPx`. */
export function timeTicks(scale: TimeScale, spacingPx = 110): Tick[] {
  const [, widthPx] = scale.range() as [number, number];
  const count = Math.max(2, Math.floor(widthPx / spacingPx));
  return scale.ticks(count).map((timeUs) => ({ timeUs, xPx: scale(timeUs), label: formatDurationUs(timeUs) }));
}

/** The time extent of a set of spans, for the raw (unadjusted) view. */
export function extentUs(startUs: Float64Array, durationUs: Float64Array, shiftUs?: Float64Array): [number, number] {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < startUs.length; i++) {
    const s = (startUs[i] as number) - (shiftUs ? (shiftUs[i] as number) : 0);
    if (s < min) min = s;
    const e = s + (durationUs[i] as number);
    if (e > max) max = e;
  }
  return min === Infinity ? [0, 1] : [min, max];
}
