// The analyses a page asks of one built trace: critical path, statistics and
// queries, computed here (off the main thread) and cached per trace. A query
// that names attributes needs them for every span: they are read from the
// file once per trace, in a few large reads, and kept as an index.
import { computeCriticalPath, type CriticalPath } from '../analysis/critical-path';
import { computeAttributeStats, computeSpanStats, type StatsGrouping, type StatsRow } from '../analysis/span-stats';
import {
  attributeFieldText,
  evaluateQuery,
  groupValue,
  parseAttributeField,
  parseQuery,
  QueryError,
  queryAttributes,
  type AttributeLookup,
  type AttributeRef,
  type QueryColumns,
} from '../analysis/trace-query';
import { attrValueText } from '../model/attributes';
import { packSpanKeys } from '../model/columns';
import type { Attribute, AttrValue, WireSpan } from '../model/trace';
import type { BuiltColumns } from '../tree/build-columns';

export type QueryAnswer =
  | { ok: true; mask: Uint8Array; count: number; tookMs: number; indexMs: number }
  | { ok: false; message: string; column: number };

/**
 * Reads every span of a trace from its files once, in file order, handing each (with its depth-first index) to `visit`.
 */
export type SpanReader = (visit: (index: number, span: WireSpan) => void) => Promise<void>;

interface Cached {
  path: CriticalPath | null;
  stats: Map<StatsGrouping, StatsRow[]>;
  /** Values of the attributes queries named, by `scope|key`, per span: read once each. */
  values: Map<string, Array<AttrValue | undefined>>;
  /** Every attribute value of each span as one text (plain-text queries), read once. */
  texts: string[] | null;
  /** What queries read of the columns (span keys packed, the critical path): made once. */
  columns: QueryColumns | null;
  /** The attribute keys of the trace's spans, read once when first asked. */
  keys: AttributeKey[] | null;
}

/** An attribute key in a trace: as a query names it, and on how many spans. */
export interface AttributeKey {
  field: string;
  spans: number;
}

/** At most this many keys are listed (a trace can hold a key per span). */
const MAX_KEYS = 2000;

const refKey = (ref: AttributeRef) => `${ref.scope}|${ref.key}`;

function find(list: readonly Attribute[], key: string): AttrValue | undefined {
  for (const a of list) if (a.key === key) return a.value;
  return undefined;
}

export class TraceAnalyses {
  private readonly cache = new Map<string, Cached>();

  private entry(traceId: string): Cached {
    let cached = this.cache.get(traceId);
    if (!cached)
      this.cache.set(
        traceId,
        (cached = { path: null, stats: new Map(), values: new Map(), texts: null, columns: null, keys: null }),
      );
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

  /** Statistics of a trace; grouped by an attribute, its values are read from the files once (as for a query). */
  async stats(
    traceId: string,
    built: BuiltColumns,
    selfUs: Float64Array,
    grouping: StatsGrouping,
    read: SpanReader,
  ): Promise<StatsRow[]> {
    const cached = this.entry(traceId);
    const known = cached.stats.get(grouping);
    if (known) return known;
    let rows: StatsRow[];
    if (grouping === 'service' || grouping === 'operation') rows = computeSpanStats({ ...built, selfUs }, grouping);
    else {
      const ref = parseAttributeField(grouping.slice('attribute:'.length));
      if (!ref) return [];
      const lookup = await this.lookup(traceId, built.count, [ref], read);
      rows = computeAttributeStats({ ...built, selfUs }, attributeFieldText(ref), (i) =>
        groupValue(lookup.value(i, ref)),
      );
    }
    cached.stats.set(grouping, rows);
    return rows;
  }

  /** Every span and resource attribute key of the trace, most used first (grouping and query suggestions). */
  async keys(traceId: string, read: SpanReader): Promise<AttributeKey[]> {
    const cached = this.entry(traceId);
    if (cached.keys) return cached.keys;
    const counts = new Map<string, number>();
    const add = (field: string) => {
      const n = counts.get(field);
      if (n !== undefined) counts.set(field, n + 1);
      else if (counts.size < MAX_KEYS * 4) counts.set(field, 1);
    };
    await read((_, span) => {
      for (const a of span.attributes) add(`span.${a.key}`);
      for (const a of span.resource) add(`resource.${a.key}`);
    });
    cached.keys = Array.from(counts, ([field, spans]) => ({ field, spans }))
      .sort((a, b) => b.spans - a.spans || (a.field < b.field ? -1 : 1))
      .slice(0, MAX_KEYS);
    return cached.keys;
  }

  async query(
    traceId: string,
    built: BuiltColumns,
    selfUs: Float64Array,
    text: string,
    read: SpanReader,
  ): Promise<QueryAnswer> {
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
    const attributes = needs === 'all' || needs.length ? await this.lookup(traceId, built.count, needs, read) : null;
    const start = performance.now();
    const cached = this.entry(traceId);
    const columns = (cached.columns ??= {
      ...built,
      selfUs,
      spanKeys: packSpanKeys(built.spanKeys),
      critical: this.criticalPath(traceId, built).onPath,
      traceDurationUs: built.traceDurationUs,
    });
    const mask = evaluateQuery(parsed, columns, attributes);
    let count = 0;
    for (let i = 0; i < mask.length; i++) count += mask[i] as number;
    return { ok: true, mask, count, tookMs: performance.now() - start, indexMs: start - indexStart };
  }

  /** An index of what the query reads: the spans are read from the files once for what is not indexed yet. */
  private async lookup(
    traceId: string,
    count: number,
    needs: AttributeRef[] | 'all',
    read: SpanReader,
  ): Promise<AttributeLookup> {
    const cached = this.entry(traceId);
    const missing = needs === 'all' ? [] : needs.filter((ref) => !cached.values.has(refKey(ref)));
    const wantTexts = needs === 'all' && cached.texts === null;
    if (missing.length || wantTexts) {
      const columns = missing.map(() => new Array<AttrValue | undefined>(count));
      const texts = wantTexts ? new Array<string>(count).fill('') : null;
      await read((index, span) => {
        for (let m = 0; m < missing.length; m++) {
          const ref = missing[m] as AttributeRef;
          (columns[m] as Array<AttrValue | undefined>)[index] =
            ref.scope === 'span'
              ? find(span.attributes, ref.key)
              : ref.scope === 'resource'
                ? find(span.resource, ref.key)
                : (find(span.attributes, ref.key) ?? find(span.resource, ref.key));
        }
        if (texts) texts[index] = span.attributes.map((a) => attrValueText(a.value)).join('\u0001');
      });
      missing.forEach((ref, m) => cached.values.set(refKey(ref), columns[m] as Array<AttrValue | undefined>));
      if (texts) cached.texts = texts;
    }
    const texts = cached.texts;
    return {
      value: (i: number, ref: AttributeRef) => cached.values.get(refKey(ref))?.[i],
      texts: texts ? (i: number) => [texts[i] ?? ''] : undefined,
    };
  }
}
