// The analyses a page asks of one built trace: critical path, statistics and
// queries, computed here (off the main thread) and cached per trace. A query
// that names attributes needs them for every span: they are read from the
// file once per trace, in a few large reads, and kept as an index.
import { computeCriticalPath, type CriticalPath } from '../analysis/critical-path';
import { computeSpanStats, type StatsGrouping, type StatsRow } from '../analysis/span-stats';
import { evaluateQuery, parseQuery, QueryError, queryAttributes, type AttributeLookup, type AttributeRef, type QueryColumns } from '../analysis/trace-query';
import { attrValueText } from '../model/attributes';
import { packSpanKeys } from '../model/columns';
import type { Attribute, AttrValue, WireSpan } from '../model/trace';
import type { BuiltColumns } from '../tree/build-columns';

export type QueryAnswer = { ok: true; mask: Uint8Array; count: number; tookMs: number; indexMs: number } | { ok: false; message: string; column: number };

/** Reads the full spans of a trace from its files, in depth-first order. */
export type SpanReader = (indices: readonly number[]) => Promise<Array<WireSpan | null>>;

const READ_SPANS_AT_ONCE = 4096;

interface Cached {
  path: CriticalPath | null;
  stats: Map<StatsGrouping, StatsRow[]>;
  /** Every span's attributes (span, then resource), read once. */
  attributes: { span: Attribute[][]; resource: Attribute[][] } | null;
}

export class TraceAnalyses {
  private readonly cache = new Map<string, Cached>();

  private entry(traceId: string): Cached {
    let cached = this.cache.get(traceId);
    if (!cached) this.cache.set(traceId, (cached = { path: null, stats: new Map(), attributes: null }));
    return cached;
  }

  forget(traceId?: string): void {
    if (traceId === undefined) this.cache.clear();
    else this.cache.delete(traceId);
  }

  criticalPath(traceId: string, built: BuiltColumns): CriticalPath {
    const cached = this.entry(traceId);
    cached.path ??= computeCriticalPath(built);
    return cached.path;
  }

  stats(traceId: string, built: BuiltColumns, selfUs: Float64Array, grouping: StatsGrouping): StatsRow[] {
    const cached = this.entry(traceId);
    let rows = cached.stats.get(grouping);
    if (!rows) cached.stats.set(grouping, (rows = computeSpanStats({ ...built, selfUs }, grouping)));
    return rows;
  }

  async query(traceId: string, built: BuiltColumns, selfUs: Float64Array, text: string, read: SpanReader): Promise<QueryAnswer> {
    let parsed;
    try {
      parsed = parseQuery(text);
    } catch (error) {
      if (error instanceof QueryError) return { ok: false, message: error.message, column: error.column };
      throw error;
    }
    if (!parsed) return { ok: true, mask: new Uint8Array(built.count), count: 0, tookMs: 0, indexMs: 0 };
    const indexStart = performance.now();
    const needs = queryAttributes(parsed);
    const attributes = needs === 'all' || needs.length ? await this.lookup(traceId, built.count, read) : null;
    const start = performance.now();
    const columns: QueryColumns = {
      ...built,
      selfUs,
      spanKeys: packSpanKeys(built.spanKeys),
      critical: this.criticalPath(traceId, built).onPath,
      traceDurationUs: built.traceDurationUs,
    };
    const mask = evaluateQuery(parsed, columns, attributes);
    let count = 0;
    for (let i = 0; i < mask.length; i++) count += mask[i] as number;
    return { ok: true, mask, count, tookMs: performance.now() - start, indexMs: start - indexStart };
  }

  private async lookup(traceId: string, count: number, read: SpanReader): Promise<AttributeLookup> {
    const cached = this.entry(traceId);
    if (!cached.attributes) {
      const span: Attribute[][] = new Array<Attribute[]>(count);
      const resource: Attribute[][] = new Array<Attribute[]>(count);
      for (let from = 0; from < count; from += READ_SPANS_AT_ONCE) {
        const indices = Array.from({ length: Math.min(READ_SPANS_AT_ONCE, count - from) }, (_, k) => from + k);
        const spans = await read(indices);
        spans.forEach((s, k) => {
          span[from + k] = s?.attributes ?? [];
          resource[from + k] = s?.resource ?? [];
        });
      }
      cached.attributes = { span, resource };
    }
    const { span, resource } = cached.attributes;
    const find = (list: Attribute[] | undefined, key: string): AttrValue | undefined => list?.find((a) => a.key === key)?.value;
    return {
      value: (i: number, ref: AttributeRef) =>
        ref.scope === 'span' ? find(span[i], ref.key) : ref.scope === 'resource' ? find(resource[i], ref.key) : (find(span[i], ref.key) ?? find(resource[i], ref.key)),
      texts: (i: number) => (span[i] ?? []).map((a) => attrValueText(a.value)),
    };
  }
}
