import type { FormatName, Span, Trace, Warning, WireSpan } from '../model/trace';
import { breakCycles } from './break-cycles';
import { adjustClockSkew } from './clock-skew';
import { dedupeSpans } from './dedupe-spans';
import { linkParents } from './link-parents';
import { orderSpans, topDownOrder } from './order-spans';
import { uniquifyIds } from './uniquify-ids';

export interface BuildOptions {
  format: FormatName;
  /** Trace-level warnings from the importer (partial trace, skipped lines…). */
  warnings?: readonly Warning[];
}

/**
 * Wire spans of one trace → the model. The order of the steps matters:
 * 1. dedupe: exact repeats would otherwise look like id collisions;
 * 2. uniquify ids: parents can only be linked once every key is unique;
 * 3. link parents: orphans become roots;
 * 4. break cycles: the walks below need a forest;
 * 5. clock skew: needs the forest top-down, and changes starts…
 * 6. …so children are sorted and ordered depth-first only after it.
 */
export function buildTrace(input: readonly WireSpan[], options: BuildOptions): Trace {
  const { spans: wire, warnings: dedupeWarnings } = dedupeSpans(input);
  const count = wire.length;
  const ids = uniquifyIds(wire);
  const links = linkParents(ids.keys, ids.parentKeys);
  const rawStart = Float64Array.from(wire, (s) => s.startUs);
  const cycleCuts = breakCycles(links.parents, rawStart);
  const durationUs = Float64Array.from(wire, (s) => s.durationUs);
  const skew = adjustClockSkew({
    parents: links.parents,
    topDown: topDownOrder(links.parents),
    startUs: rawStart,
    durationUs,
    hosts: wire.map((s) => s.host || s.service),
    kinds: wire.map((s) => s.kind),
  });
  const adjustedStart = new Float64Array(count);
  let traceStartUs = Infinity;
  let traceEndUs = -Infinity;
  for (let i = 0; i < count; i++) {
    const start = (rawStart[i] as number) + (skew.skewUs[i] as number);
    adjustedStart[i] = start;
    traceStartUs = Math.min(traceStartUs, start);
    traceEndUs = Math.max(traceEndUs, start + (wire[i] as WireSpan).durationUs);
  }
  if (count === 0) traceStartUs = traceEndUs = 0;
  const { order, depth, roots } = orderSpans(links.parents, {
    startUs: adjustedStart,
    durationUs,
    names: wire.map((s) => s.name),
    keys: ids.keys,
  });

  const newIndex = new Int32Array(count);
  for (let n = 0; n < count; n++) newIndex[order[n] as number] = n;
  const spans: Span[] = new Array<Span>(count);
  const serviceSet = new Set<string>();
  for (let n = 0; n < count; n++) {
    const old = order[n] as number;
    const w = wire[old] as WireSpan;
    const shift = skew.skewUs[old] as number;
    const oldParent = links.parents[old] as number;
    const warnings = [
      ...w.warnings,
      ...(ids.spanWarnings.get(old) ?? []),
      ...(links.spanWarnings.get(old) ?? []),
      ...(cycleCuts.get(old) ?? []),
      ...(skew.spanWarnings.get(old) ?? []),
    ];
    serviceSet.add(w.service);
    spans[n] = {
      ...w,
      key: ids.keys[old] as string,
      parentIndex: oldParent === -1 ? -1 : (newIndex[oldParent] as number),
      childIndices: [],
      depth: depth[old] as number,
      startUs: (adjustedStart[old] as number) - traceStartUs,
      skewUs: shift,
      events: w.events.map((e) => ({ ...e, timeUs: e.timeUs + shift - traceStartUs })),
      warnings,
    };
  }
  for (let n = 0; n < count; n++) {
    const parent = (spans[n] as Span).parentIndex;
    if (parent !== -1) (spans[parent] as Span).childIndices.push(n);
  }

  const warnings: Warning[] = [...(options.warnings ?? []), ...dedupeWarnings, ...ids.warnings];
  if (links.orphans.length) {
    const n = links.orphans.length;
    warnings.push({ code: 'orphan', message: `${n} span${n === 1 ? "'s parent is" : "s' parents are"} missing; the trace is incomplete` });
  }
  if (cycleCuts.size) warnings.push({ code: 'cycle', message: `${cycleCuts.size} parent loop${cycleCuts.size === 1 ? ' was' : 's were'} cut` });
  if (skew.spanWarnings.size) {
    warnings.push({ code: 'clock-skew', message: `${skew.spanWarnings.size} span${skew.spanWarnings.size === 1 ? ' was' : 's were'} shifted to repair clock skew` });
  }
  return {
    traceId: wire[0]?.traceId ?? '',
    startUs: traceStartUs,
    durationUs: traceEndUs - traceStartUs,
    spans,
    roots: roots.map((r) => newIndex[r] as number).sort((a, b) => a - b),
    services: [...serviceSet],
    warnings,
    format: options.format,
    orphanCount: links.orphans.length,
  };
}

/** Splits spans of many traces by trace id, keeping first-seen order. */
export function groupByTrace(spans: readonly WireSpan[]): Map<string, WireSpan[]> {
  const groups = new Map<string, WireSpan[]>();
  for (const span of spans) {
    const group = groups.get(span.traceId);
    if (group) group.push(span);
    else groups.set(span.traceId, [span]);
  }
  return groups;
}
