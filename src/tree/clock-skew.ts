import { formatDurationUs } from '../model/time';
import type { SpanKind, Warning } from '../model/trace';

export interface SkewInput {
  parents: Int32Array;
  /** Parents before children (any top-down order). */
  topDown: ArrayLike<number>;
  startUs: ArrayLike<number>;
  durationUs: ArrayLike<number>;
  hosts: readonly string[];
  /** Host identities compared for equality (interned ids are fine). */
  hostIds?: ArrayLike<number>;
  kinds: readonly SpanKind[];
}

/**
 * Repairs clock skew between hosts, as Jaeger's adjuster does. A child timed
 * on another host that starts before its parent or ends after it is shifted so
 * it sits centred in the parent, assuming the network took equal time each way:
 *
 *   parent (host A)  |=========================|
 *   child  (host B)       |==========|              before: ends after the parent
 *   child, shifted       |==========|               after: (parent − child) / 2 on each side
 *                    |<-->|          |<-->|
 *
 * The shift moves the child's whole same-host subtree with it (one clock).
 * A child longer than its parent cannot fit; if it starts early it is moved to
 * the parent's start. Messaging (producer → consumer) is asynchronous, so a
 * consumer starting after its producer ended is normal and is left alone.
 */
export function adjustClockSkew(input: SkewInput): { skewUs: Float64Array; spanWarnings: Map<number, Warning[]> } {
  const { parents, topDown, startUs, durationUs, hosts, kinds } = input;
  const skewUs = new Float64Array(parents.length);
  const spanWarnings = new Map<number, Warning[]>();
  for (let n = 0; n < topDown.length; n++) {
    const i = topDown[n] as number;
    const p = parents[i] ?? -1;
    if (p === -1) continue;
    if (input.hostIds ? input.hostIds[i] === input.hostIds[p] : hosts[i] === hosts[p]) {
      skewUs[i] = skewUs[p] as number;
      continue;
    }
    if (kinds[i] === 'consumer' || kinds[p] === 'producer') continue;
    const parentStart = (startUs[p] as number) + (skewUs[p] as number);
    const parentDuration = durationUs[p] as number;
    const childStart = startUs[i] as number;
    const childDuration = durationUs[i] as number;
    let shift = 0;
    if (childDuration > parentDuration) {
      if (childStart < parentStart) shift = parentStart - childStart;
    } else if (childStart < parentStart || childStart + childDuration > parentStart + parentDuration) {
      const latency = (parentDuration - childDuration) / 2;
      shift = parentStart + latency - childStart;
    }
    if (shift !== 0) {
      skewUs[i] = shift;
      const direction = shift > 0 ? 'later' : 'earlier';
      spanWarnings.set(i, [
        {
          code: 'clock-skew',
          message: `clock skew: shifted ${formatDurationUs(Math.abs(shift))} ${direction} to fit inside its parent (host ${hosts[i]} vs ${hosts[p]})`,
        },
      ]);
    }
  }
  return { skewUs, spanWarnings };
}
