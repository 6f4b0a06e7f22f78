// The Jaeger query API v3 routes, driven with the requests the current Jaeger
// UI sends (its v3 client: services, operations, trace-summaries with camelCase
// parameters and ISO times) and Jaeger's snake_case aliases; answers checked
// against the shapes Jaeger v2 serves and read back by our own importer.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { importText } from '../src/formats/detect';
import { createServer } from './app';
import { findQuery, parseRfc3339Us, toV3Summary, traceIdFromPath, type TraceSummary } from './api-v3';
import { microsToNanos } from '../src/formats/otlp/otlp-writer';
import type { WireSpan } from '../src/model/trace';
import { SpanStore } from './span-store';

const root = join(import.meta.dirname, '..');
const SAMPLE = readFileSync(join(root, 'public/samples/sample-checkout-trace.json'), 'utf8');
const TRACE = '7f3a9c2e5b8d41f0a6c3e9b2d4f81a57';
// The sample starts at 2026-01-01T10:00:00Z.
const AROUND = { 'query.startTimeMin': '2026-01-01T09:00:00.000Z', 'query.startTimeMax': '2026-01-01T11:00:00.000Z' };

const open: Array<{ close(): Promise<unknown> }> = [];
afterEach(async () => {
  for (const app of open.splice(0)) await app.close();
});

async function server() {
  const dir = mkdtempSync(join(tmpdir(), 'skein-static-'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html>');
  const store = new SpanStore({ path: ':memory:' });
  const app = await createServer({ staticDir: dir, store, ingest: { plausibleWindowUs: 0 } });
  open.push(app);
  const posted = await app.inject({
    method: 'POST',
    url: '/v1/traces',
    headers: { 'content-type': 'application/json' },
    payload: SAMPLE,
  });
  expect(posted.statusCode).toBe(200);
  return app;
}

const get = async (app: Awaited<ReturnType<typeof server>>, path: string, query: Record<string, string> = {}) => {
  const search = new URLSearchParams(query).toString();
  return app.inject({ url: `${path}${search ? `?${search}` : ''}` });
};

/**
 * The reference the store's column summaries are checked against: a trace's summary from its spans, as
 * FindTraceSummaries gives it (counters absent when zero, as proto3 JSON writes them).
 */
function summarize(traceId: string, spans: readonly WireSpan[]): TraceSummary {
  const ids = new Set(spans.map((s) => s.spanId));
  let root: WireSpan | null = null;
  let minStart = Infinity;
  let maxEnd = -Infinity;
  let errors = 0;
  let orphans = 0;
  const services = new Map<string, { name: string; spanCount: number; errorSpanCount?: number }>();
  for (const span of spans) {
    const top = !span.parentSpanId;
    if (!top && !ids.has(span.parentSpanId)) orphans++;
    // The root: a span with no parent, the earliest if several; else the earliest orphan.
    if (top || !ids.has(span.parentSpanId)) {
      const rootTop = root !== null && !root.parentSpanId;
      if (!root || (top && !rootTop) || (top === rootTop && span.startUs < root.startUs)) root = span;
    }
    minStart = Math.min(minStart, span.startUs);
    maxEnd = Math.max(maxEnd, span.startUs + span.durationUs);
    const service = services.get(span.service) ?? { name: span.service, spanCount: 0 };
    service.spanCount++;
    if (span.status.code === 'error') {
      errors++;
      service.errorSpanCount = (service.errorSpanCount ?? 0) + 1;
    }
    services.set(span.service, service);
  }
  return {
    traceId,
    ...(root?.service ? { rootServiceName: root.service } : {}),
    ...(root?.name ? { rootOperationName: root.name } : {}),
    minStartTimeUnixNano: microsToNanos(minStart),
    maxEndTimeUnixNano: microsToNanos(maxEnd),
    spanCount: spans.length,
    ...(errors ? { errorSpanCount: errors } : {}),
    ...(orphans ? { orphanSpanCount: orphans } : {}),
    services: Array.from(services.values()).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
  };
}

describe('Jaeger query API v3', () => {
  it('lists services and operations as Jaeger UI reads them', async () => {
    const app = await server();
    const services = (await get(app, '/api/v3/services')).json();
    expect(services.services).toContain('payments');
    const operations = (await get(app, '/api/v3/operations', { service: 'payments' })).json();
    expect(operations.operations).toContainEqual({ name: 'POST /v1/charges', spanKind: 'client' });
    for (const op of operations.operations) expect(typeof op.spanKind === 'string' && op.spanKind !== '').toBe(true);
    const servers = (await get(app, '/api/v3/operations', { service: 'payments', span_kind: 'server' })).json();
    expect(servers.operations.every((o: { spanKind: string }) => o.spanKind === 'server')).toBe(true);
  });

  it('answers trace-summaries with the parameters Jaeger UI sends, for one service or all', async () => {
    const app = await server();
    const one = await get(app, '/api/v3/trace-summaries', {
      'query.serviceName': 'payments',
      ...AROUND,
      'query.searchDepth': '20',
      'query.durationMin': '10ms',
    });
    expect(one.statusCode).toBe(200);
    const [summary] = one.json().summaries;
    expect(summary).toMatchObject({
      traceId: TRACE,
      rootServiceName: 'web-frontend',
      rootOperationName: 'GET /checkout',
      spanCount: 33,
      errorSpanCount: 1,
    });
    expect(summary.minStartTimeUnixNano).toMatch(/^\d+$/);
    expect(BigInt(summary.maxEndTimeUnixNano) - BigInt(summary.minStartTimeUnixNano)).toBeGreaterThan(1_000_000_000n);
    expect(summary.services.map((s: { name: string }) => s.name)).toEqual(
      [...summary.services.map((s: { name: string }) => s.name)].sort(),
    );
    expect(summary.services.reduce((n: number, s: { spanCount: number }) => n + s.spanCount, 0)).toBe(33);
    expect(summary.services.find((s: { name: string }) => s.name === 'payments').errorSpanCount).toBe(1);
    expect(summary.orphanSpanCount).toBeUndefined();
    // All services: no query.serviceName, as Jaeger UI sends for "all".
    expect((await get(app, '/api/v3/trace-summaries', AROUND)).json().summaries).toHaveLength(1);
    // Attributes as Jaeger UI's tags (a JSON map), matched on span and resource attributes.
    expect(
      (
        await get(app, '/api/v3/trace-summaries', {
          ...AROUND,
          'query.attributes': '{"http.response.status_code":"503"}',
        })
      ).json().summaries,
    ).toHaveLength(1);
    expect(
      (
        await get(app, '/api/v3/trace-summaries', {
          ...AROUND,
          'query.attributes': '{"http.response.status_code":"418"}',
        })
      ).json(),
    ).toEqual({ summaries: [] });
    // snake_case aliases, as Jaeger up to v2.18 reads them.
    const legacy = await get(app, '/api/v3/trace-summaries', {
      'query.service_name': 'payments',
      'query.start_time_min': AROUND['query.startTimeMin'],
      'query.start_time_max': AROUND['query.startTimeMax'],
      'query.num_traces': '5',
    });
    expect(legacy.json().summaries).toHaveLength(1);
  });

  it('gives a trace and search results as OTLP/JSON that reads back to the same spans', async () => {
    const app = await server();
    const trace = await get(app, `/api/v3/traces/${TRACE}`);
    expect(trace.statusCode).toBe(200);
    const body = trace.json();
    expect(Object.keys(body)).toEqual(['result']);
    const span = body.result.resourceSpans[0].scopeSpans[0].spans[0];
    expect(span.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(span.spanId).toMatch(/^[0-9a-f]{16}$/);
    expect(typeof span.kind).toBe('number');
    expect(span.startTimeUnixNano).toMatch(/^\d+$/);
    const read = importText(trace.body, 'v3.json');
    expect(read.ok && read.spans.length).toBe(33);
    // Base64 of the id's 16 bytes works too, as Jaeger accepts it.
    expect(
      (await get(app, `/api/v3/traces/${encodeURIComponent(Buffer.from(TRACE, 'hex').toString('base64'))}`)).statusCode,
    ).toBe(200);
    const found = await get(app, '/api/v3/traces', { 'query.serviceName': 'cart', ...AROUND });
    const merged = importText(found.body, 'v3-find.json');
    expect(merged.ok && merged.spans.length).toBe(33);
  });

  it('says what is wrong as Jaeger does: 404 "No traces found", 400 with the parameter', async () => {
    const app = await server();
    const missing = await get(app, `/api/v3/traces/${'0'.repeat(31)}1`);
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toEqual({ error: { httpCode: 404, message: 'No traces found' } });
    const none = await get(app, '/api/v3/traces', { 'query.serviceName': 'nobody', ...AROUND });
    expect(none.statusCode).toBe(404);
    const noTimes = await get(app, '/api/v3/trace-summaries', { 'query.serviceName': 'payments' });
    expect(noTimes.statusCode).toBe(400);
    expect(noTimes.json()).toEqual({
      error: { httpCode: 400, message: 'query.startTimeMin and query.startTimeMax are required' },
    });
    const badTime = await get(app, '/api/v3/trace-summaries', {
      'query.startTimeMin': 'yesterday',
      'query.startTimeMax': AROUND['query.startTimeMax'],
    });
    expect(badTime.json().error.message).toBe(
      'malformed parameter query.startTimeMin: not an RFC 3339 time: "yesterday"',
    );
    expect((await get(app, '/api/v3/traces/not-an-id!')).statusCode).toBe(400);
  });
});

describe('v3 parameter parsing', () => {
  it('reads RFC 3339 times to the microsecond, with offsets', () => {
    expect(parseRfc3339Us('2026-01-01T10:00:00Z')).toBe(Date.UTC(2026, 0, 1, 10) * 1000);
    expect(parseRfc3339Us('2026-01-01T10:00:00.123456789Z')).toBeCloseTo(
      Date.UTC(2026, 0, 1, 10) * 1000 + 123456.789,
      3,
    );
    expect(parseRfc3339Us('2026-01-01T11:00:00+01:00')).toBe(Date.UTC(2026, 0, 1, 10) * 1000);
    expect(parseRfc3339Us('2026-01-01 10:00:00')).toBeNull();
  });

  it('rejects a window that ends before it starts, and bad durations and depths', () => {
    expect(
      findQuery({ 'query.startTimeMin': '2026-01-02T00:00:00Z', 'query.startTimeMax': '2026-01-01T00:00:00Z' }),
    ).toBe('query.startTimeMin must be before query.startTimeMax');
    expect(findQuery({ ...AROUND, 'query.durationMin': 'fast' })).toBe(
      'malformed parameter query.durationMin: not a duration such as 10ms or 1.5s: "fast"',
    );
    expect(findQuery({ ...AROUND, 'query.searchDepth': '-1' })).toMatch(/^malformed parameter query.searchDepth/);
    expect(findQuery({ ...AROUND, 'query.attributes': '[1]' })).toBe(
      'malformed parameter query.attributes: expected a JSON object of strings',
    );
  });

  it('takes trace ids in hex or base64', () => {
    expect(traceIdFromPath('ABC')).toBe('00000000000000000000000000000abc');
    expect(traceIdFromPath(Buffer.from('0102030405060708090a0b0c0d0e0f10', 'hex').toString('base64url'))).toBe(
      '0102030405060708090a0b0c0d0e0f10',
    );
    expect(traceIdFromPath('../x')).toBeNull();
  });

  it('summaries from the span columns equal those computed from the spans themselves', async () => {
    const { generateTrace, traceText } = await import('../bench/gen-trace');
    const store = new SpanStore({ path: ':memory:' });
    const sample = importText(SAMPLE, 's.json');
    const generated = importText(traceText(generateTrace({ seed: 9, spans: 1500, services: 6 }), 'otlp'), 'g.json');
    if (!sample.ok || !generated.ok) throw new Error('fixtures');
    // An orphan: a span whose parent is not stored.
    const orphaned = generated.spans.map((span, i) => (i === 7 ? { ...span, parentSpanId: 'feedfeedfeedfeed' } : span));
    store.insert(sample.spans);
    store.insert(orphaned);
    for (const spans of [sample.spans, orphaned]) {
      const id = spans[0]?.traceId ?? '';
      const [fromColumns] = store.summaries([id]);
      if (!fromColumns) throw new Error('no summary');
      expect(toV3Summary(fromColumns)).toEqual(summarize(id, store.spansOf(id)));
    }
    expect(store.summaries(['0'.repeat(32)])).toEqual([]);
  });

  it('counts orphans and picks the earliest true root', () => {
    const base = {
      traceId: 't',
      name: 'n',
      host: '',
      kind: 'server' as const,
      durationUs: 1,
      status: { code: 'unset' as const, message: '' },
      attributes: [],
      resource: [],
      scope: null,
      events: [],
      links: [],
      dropped: { attributes: 0, events: 0, links: 0 },
      warnings: [],
      shared: false,
    };
    const summary = summarize('t', [
      { ...base, spanId: 'b', parentSpanId: 'missing', service: 'late', startUs: 5 },
      { ...base, spanId: 'a', parentSpanId: '', service: 'root', startUs: 10 },
      { ...base, spanId: 'c', parentSpanId: 'a', service: 'root', startUs: 11 },
    ]);
    expect(summary).toMatchObject({ rootServiceName: 'root', spanCount: 3, orphanSpanCount: 1 });
    const rootFirst = summarize('t', [
      { ...base, spanId: 'a', parentSpanId: '', service: 'root', startUs: 10 },
      { ...base, spanId: 'b', parentSpanId: 'missing', service: 'late', startUs: 5 },
    ]);
    expect(rootFirst.rootServiceName).toBe('root');
  });
});
