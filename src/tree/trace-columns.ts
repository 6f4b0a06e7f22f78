import { FLAG_DESCENDANT_ERROR, FLAG_ERROR, FLAG_ORPHAN, FLAG_SKEW, FLAG_WARNING, SPAN_KINDS } from '../model/columns';
import type { Trace } from '../model/trace';

export interface TreeColumns {
  count: number;
  startUs: Float64Array;
  durationUs: Float64Array;
  skewUs: Float64Array;
  depth: Int32Array;
  parent: Int32Array;
  subtreeEnd: Int32Array;
  serviceIndex: Int32Array;
  nameIndex: Int32Array;
  kind: Uint8Array;
  flags: Uint8Array;
  eventOffset: Int32Array;
  eventTimeUs: Float64Array;
  services: string[];
  names: string[];
  spanKeys: string[];
  maxDepth: number;
  errorCount: number;
  spanWarningCounts: Record<string, number>;
}

/** Flattens a built trace (depth-first) into typed columns and string tables. */
export function toColumns(trace: Trace): TreeColumns {
  const count = trace.spans.length;
  const startUs = new Float64Array(count);
  const durationUs = new Float64Array(count);
  const skewUs = new Float64Array(count);
  const depth = new Int32Array(count);
  const parent = new Int32Array(count);
  const subtreeEnd = new Int32Array(count);
  const serviceIndex = new Int32Array(count);
  const nameIndex = new Int32Array(count);
  const kind = new Uint8Array(count);
  const flags = new Uint8Array(count);
  const eventOffset = new Int32Array(count + 1);
  const serviceIds = new Map(trace.services.map((s, i) => [s, i]));
  const nameIds = new Map<string, number>();
  const names: string[] = [];
  const spanKeys = new Array<string>(count);
  const spanWarningCounts: Record<string, number> = {};
  let eventCount = 0;
  let maxDepth = 0;
  let errorCount = 0;
  trace.spans.forEach((span, i) => {
    startUs[i] = span.startUs;
    durationUs[i] = span.durationUs;
    skewUs[i] = span.skewUs;
    depth[i] = span.depth;
    parent[i] = span.parentIndex;
    serviceIndex[i] = serviceIds.get(span.service) ?? 0;
    let nameId = nameIds.get(span.name);
    if (nameId === undefined) {
      nameId = names.length;
      names.push(span.name);
      nameIds.set(span.name, nameId);
    }
    nameIndex[i] = nameId;
    kind[i] = Math.max(0, SPAN_KINDS.indexOf(span.kind));
    let f = 0;
    if (span.status.code === 'error') {
      f |= FLAG_ERROR;
      errorCount++;
    }
    if (span.warnings.length) f |= FLAG_WARNING;
    if (span.warnings.some((w) => w.code === 'orphan')) f |= FLAG_ORPHAN;
    if (span.skewUs !== 0) f |= FLAG_SKEW;
    flags[i] = f;
    for (const w of span.warnings) spanWarningCounts[w.code] = (spanWarningCounts[w.code] ?? 0) + 1;
    spanKeys[i] = span.key;
    eventOffset[i] = eventCount;
    eventCount += span.events.length;
    if (span.depth > maxDepth) maxDepth = span.depth;
  });
  eventOffset[count] = eventCount;
  const eventTimeUs = new Float64Array(eventCount);
  trace.spans.forEach((span, i) => span.events.forEach((e, k) => (eventTimeUs[(eventOffset[i] as number) + k] = e.timeUs)));

  // Subtree ends and descendant errors in one backward pass: in depth-first
  // order every descendant of i comes after i, so children finish first.
  for (let i = 0; i < count; i++) subtreeEnd[i] = i + 1;
  for (let i = count - 1; i >= 0; i--) {
    const p = parent[i] as number;
    if (p === -1) continue;
    if ((subtreeEnd[i] as number) > (subtreeEnd[p] as number)) subtreeEnd[p] = subtreeEnd[i] as number;
    if ((flags[i] as number) & (FLAG_ERROR | FLAG_DESCENDANT_ERROR)) flags[p] = (flags[p] as number) | FLAG_DESCENDANT_ERROR;
  }
  return {
    count, startUs, durationUs, skewUs, depth, parent, subtreeEnd, serviceIndex, nameIndex, kind, flags,
    eventOffset, eventTimeUs, services: trace.services, names, spanKeys,
    maxDepth, errorCount, spanWarningCounts,
  };
}
