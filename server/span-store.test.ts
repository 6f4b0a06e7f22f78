import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importText } from '../src/formats/detect';
import type { WireSpan } from '../src/model/trace';
import Database from 'better-sqlite3';
import { newWireSpan } from '../src/model/wire-span';
import { SpanStore } from './span-store';

const sample = (() => {
  const imported = importText(
    readFileSync(join(import.meta.dirname, '../public/samples/sample-checkout-trace.json'), 'utf8'),
    'sample',
  );
  if (!imported.ok) throw new Error(imported.message);
  return imported.spans;
})();
const T0 = 1767261600000000;

describe('SpanStore', () => {
  it('stores spans and lists services and operations', () => {
    const store = new SpanStore({ path: ':memory:' });
    expect(store.insert(sample)).toBe(33);
    expect(store.services()).toEqual([
      'api-gateway',
      'cart',
      'email-worker',
      'inventory',
      'orders',
      'payments',
      'pricing',
      'web-frontend',
    ]);
    expect(store.operations('cart', 'client')).toEqual([
      { name: 'HGETALL', spanKind: 'client' },
      { name: 'SELECT cart_items', spanKind: 'client' },
    ]);
    expect(store.spansOf('7f3a9c2e5b8d41f0a6c3e9b2d4f81a57')).toHaveLength(33);
  });

  it('searches by service, operation, tags, error, time range and duration', () => {
    const store = new SpanStore({ path: ':memory:' });
    store.insert(sample);
    const id = '7f3a9c2e5b8d41f0a6c3e9b2d4f81a57';
    expect(store.search({ service: 'payments' })).toEqual([id]);
    expect(store.search({ service: 'payments', operation: 'fraud check' })).toEqual([id]);
    expect(store.search({ service: 'payments', operation: 'nope' })).toEqual([]);
    expect(store.search({ service: 'payments', tags: { 'http.response.status_code': '503' } })).toEqual([id]);
    expect(
      store.search({
        service: 'payments',
        tags: { 'http.response.status_code': '503', 'server.address': 'elsewhere' },
      }),
    ).toEqual([]);
    // resource attributes count
    expect(store.search({ service: 'payments', tags: { 'host.name': 'pay-2' } })).toEqual([id]);
    expect(store.search({ service: 'payments', tags: { error: 'true' } })).toEqual([id]);
    expect(store.search({ service: 'cart', tags: { error: 'true' } })).toEqual([]);
    expect(store.search({ service: 'payments', minDurationUs: 600_000 })).toEqual([id]);
    expect(store.search({ service: 'cart', minDurationUs: 600_000 })).toEqual([]);
    expect(store.search({ service: 'cart', startUs: T0 + 2_000_000 })).toEqual([]);
    expect(store.search({ service: 'cart', startUs: T0, endUs: T0 + 1_000_000 })).toEqual([id]);
  });

  it('orders search results by each trace’s latest matching span and stops at the limit', () => {
    const store = new SpanStore({ path: ':memory:' });
    const span = (trace: string, id: string, service: string, startS: number, name = 'op'): WireSpan =>
      newWireSpan({
        traceId: trace.repeat(32),
        spanId: id.repeat(16),
        service,
        name,
        startUs: T0 + startS * 1e6,
        durationUs: 1000,
      });
    store.insert([
      span('a', '1', 'api', 10),
      span('a', '2', 'db', 50), // a's latest span is db's; its latest api span is at 10 s
      span('b', '1', 'api', 30),
      span('c', '1', 'api', 20),
      span('c', '2', 'api', 40, 'retry'),
      span('d', '1', 'api', 5),
    ]);
    expect(store.search({ service: 'api', limit: 10 })).toEqual(['c', 'b', 'a', 'd'].map((t) => t.repeat(32)));
    expect(store.search({ service: 'api', limit: 2 })).toEqual(['c', 'b'].map((t) => t.repeat(32)));
    expect(store.search({ service: 'api', operation: 'op', limit: 2 })).toEqual(['b', 'c'].map((t) => t.repeat(32)));
    expect(store.search({ service: 'api', endUs: T0 + 25e6 })).toEqual(['c', 'a', 'd'].map((t) => t.repeat(32)));
    expect(store.search({ limit: 1 })).toEqual(['a'.repeat(32)]); // no service: the latest span of any
  });

  it('lists calls between services', () => {
    const store = new SpanStore({ path: ':memory:' });
    store.insert(sample);
    const deps = store.dependencies(T0 + 10_000_000, 20_000_000);
    expect(deps).toContainEqual({ parent: 'web-frontend', child: 'api-gateway', callCount: 1 });
    expect(deps).toContainEqual({ parent: 'orders', child: 'email-worker', callCount: 1 });
    expect(deps.every((d) => d.parent !== d.child)).toBe(true);
  });

  it('finds a trace’s spans through its batches when one request interleaves several traces', () => {
    const store = new SpanStore({ path: ':memory:' });
    const mixed = Array.from({ length: 9 }, (_, i) =>
      newWireSpan({
        traceId: (i % 3 === 0 ? 'a' : 'b').repeat(32),
        spanId: (i + 1).toString(16).padStart(16, '0'),
        service: i % 2 ? 'odd' : 'even',
        startUs: T0 + i,
        durationUs: 10,
      }),
    );
    store.insert(mixed);
    store.insert([
      newWireSpan({
        traceId: 'a'.repeat(32),
        spanId: 'f'.repeat(16),
        parentSpanId: '1'.padStart(16, '0'),
        service: 'late',
        startUs: T0 + 100,
        durationUs: 1,
      }),
    ]);
    const [a, b] = store.summaries(['a'.repeat(32), 'b'.repeat(32)]);
    expect(a).toMatchObject({ spans: 4, rootService: 'even', startUs: T0, endUs: T0 + 101 });
    expect(a?.services).toEqual([
      { name: 'even', spans: 2, errors: 0 },
      { name: 'late', spans: 1, errors: 0 },
      { name: 'odd', spans: 1, errors: 0 },
    ]);
    expect(b).toMatchObject({ spans: 6, orphans: 0 });
    expect(store.spansOf('a'.repeat(32))).toHaveLength(4);
    expect(store.hasTrace('b'.repeat(32))).toBe(true);
    expect(store.hasTrace('c'.repeat(32))).toBe(false);
  });

  it('counts each call once as spans arrive in any order, in any steps, equal to a join over all spans', () => {
    // Two traces of 150 spans over four services, sent in shuffled chunks (children often before their
    // parents), with dependency passes of 7 spans run between the chunks.
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const services = ['web', 'api', 'db', 'cache'];
    const spans: WireSpan[] = [];
    for (const trace of ['e', 'f']) {
      for (let i = 0; i < 150; i++) {
        const parent =
          i === 0
            ? ''
            : Math.floor(random() * i)
                .toString(16)
                .padStart(16, '0');
        spans.push(
          newWireSpan({
            traceId: trace.repeat(32),
            spanId: i.toString(16).padStart(16, '0'),
            parentSpanId: parent,
            service: services[Math.floor(random() * 4)] as string,
            startUs: T0 + i * 1e6,
          }),
        );
      }
    }
    const byKey = new Map(spans.map((x) => [`${x.traceId}/${x.spanId}`, x]));
    const expected = new Map<string, number>();
    for (const x of spans) {
      const parent = byKey.get(`${x.traceId}/${x.parentSpanId}`);
      if (parent && parent.service !== x.service)
        expected.set(`${parent.service}>${x.service}`, (expected.get(`${parent.service}>${x.service}`) ?? 0) + 1);
    }
    const shuffled = spans
      .map((x) => ({ x, k: random() }))
      .sort((a, b) => a.k - b.k)
      .map((e) => e.x);
    // Counted by passes alone; on arrival (with a pass now and then, as when another connection wrote too); both.
    const modes = [
      { maintain: false, pass: (k: number) => k >= 0 },
      { maintain: true, pass: (k: number) => k % 3 === 1 },
      { maintain: true, pass: () => false },
    ];
    let got = new Map<string, number>();
    for (const mode of modes) {
      const store = new SpanStore({ path: ':memory:', maintainDependencies: mode.maintain });
      for (let k = 0; k < shuffled.length; k += 23) {
        if (mode.pass(k / 23)) store.updateDependencies(7);
        store.insert(shuffled.slice(k, k + 23));
      }
      while (store.updateDependencies(7) === 7);
      got = new Map(store.dependencies(T0 + 200e6, 400e6).map((d) => [`${d.parent}>${d.child}`, d.callCount]));
      expect(got).toEqual(expected);
      store.close();
    }
    // Two connections to one file, as the server's thread (Zipkin, not counting) and the ingest thread (counting).
    const path = join(mkdtempSync(join(tmpdir(), 'skein-calls-')), 'skein.db');
    const quiet = new SpanStore({ path, maintainDependencies: false });
    const counting = new SpanStore({ path });
    for (let k = 0; k < shuffled.length; k += 23) (k % 46 === 0 ? quiet : counting).insert(shuffled.slice(k, k + 23));
    expect(
      new Map(quiet.dependencies(T0 + 200e6, 400e6).map((d) => [`${d.parent}>${d.child}`, d.callCount])),
    ).not.toEqual(expected);
    expect(
      new Map(counting.dependencies(T0 + 200e6, 400e6).map((d) => [`${d.parent}>${d.child}`, d.callCount])),
    ).toEqual(expected);
    quiet.close();
    counting.close();

    const store = new SpanStore({ path: ':memory:' });
    store.insert(spans);
    expect(Array.from(got.values()).reduce((a, b) => a + b, 0)).toBeGreaterThan(150);
    // The window is by the calling span's start, to the minute.
    const early = store.dependencies(T0 + 59e6, 59e6);
    expect(early.reduce((n, d) => n + d.callCount, 0)).toBeLessThan(
      Array.from(got.values()).reduce((a, b) => a + b, 0),
    );
  });

  it('keeps what it acknowledged across a restart (a file in WAL mode)', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'skein-store-')), 'skein.db');
    const first = new SpanStore({ path });
    first.insert(sample);
    first.close();
    const second = new SpanStore({ path });
    expect(second.spanCount()).toBe(33);
    expect(second.search({ service: 'orders' })).toHaveLength(1);
    second.close();
  });

  it('deletes by arrival: by age, then whole traces first come first gone, in batches', async () => {
    const store = new SpanStore({ path: ':memory:', retentionHours: 1, maxSpans: 40 });
    const retagged = (traceId: string, startUs: number) =>
      sample.map((s) => ({ ...s, traceId, startUs: s.startUs + startUs }));
    const now = T0 + 10 * 3_600_000_000;
    store.insert(retagged('a'.repeat(32), 0), now - 2 * 3_600_000_000); // received 2 h ago
    // Dated far ahead but received now: arrival decides, not the span's own clock.
    store.insert(retagged('b'.repeat(32), 80 * 365 * 86_400e6), now - 0.5 * 3_600_000_000);
    store.insert(retagged('c'.repeat(32), 0), now - 0.1 * 3_600_000_000);
    let pauses = 0;
    // 'a' by age, then 'b' for size
    expect(await store.enforceRetention(now, 10, async () => void pauses++)).toBe(33 + 33);
    expect(pauses).toBeGreaterThan(5);
    expect(store.search({ service: 'cart' })).toEqual(['c'.repeat(32)]);
    // The stored bytes go with the spans.
    expect(store.spansOf('a'.repeat(32))).toEqual([]);
    expect(store.spansOf('b'.repeat(32))).toEqual([]);
    expect(store.spansOf('c'.repeat(32))).toHaveLength(33);
    expect(await store.enforceRetention(now)).toBe(0);
  });
});

describe('stored answer texts', () => {
  const joined = (store: SpanStore, id: string) =>
    Buffer.concat([...store.otlpTraceText(id)].map((p) => (typeof p === 'string' ? Buffer.from(p) : p))).toString(
      'utf8',
    );

  it('answer a big trace by joining the texts made on arrival: the same trace as converting it again', async () => {
    const { generateTrace, traceText } = await import('../bench/gen-trace');
    const imported = importText(traceText(generateTrace({ seed: 5, spans: 3000, services: 7 }), 'otlp'), 'gen.json');
    if (!imported.ok) throw new Error(imported.message);
    const store = new SpanStore({ path: ':memory:' });
    store.insert(imported.spans);
    const id = imported.spans[0]?.traceId ?? '';
    expect([...store.otlpTraceText(id)].length).toBeGreaterThan(10);
    const text = joined(store, id);
    const trace = JSON.parse(text) as {
      resourceSpans: Array<{
        resource: { attributes: Array<{ key: string }> };
        scopeSpans: Array<{ spans: unknown[] }>;
      }>;
    };
    expect(trace.resourceSpans.reduce((n, r) => n + (r.scopeSpans[0]?.spans.length ?? 0), 0)).toBe(3000);
    for (const r of trace.resourceSpans) expect(r.resource.attributes.some((a) => a.key === 'service.name')).toBe(true);
    // Read back by our importer: the same spans as were stored.
    const back = importText(text, 'back.json');
    if (!back.ok) throw new Error(back.message);
    const key = (s: WireSpan) =>
      `${s.spanId} ${s.service} ${s.name} ${Math.round(s.startUs)} ${Math.round(s.durationUs * 1000)} ${JSON.stringify(s.attributes)}`;
    expect(back.spans.map(key).sort()).toEqual(imported.spans.map(key).sort());
    expect(store.spansOf(id)).toHaveLength(3000);
    expect([...store.otlpTraceText('0'.repeat(32))]).toEqual([]);
  });

  it('read spans stored before the texts were kept (an older store file)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'skein-store-'));
    const path = join(dir, 'old.db');
    const old = new Database(path);
    old.exec(`CREATE TABLE spans (id INTEGER PRIMARY KEY, trace_id TEXT NOT NULL, span_id TEXT NOT NULL, parent_span_id TEXT NOT NULL, service TEXT NOT NULL,
      name TEXT NOT NULL, kind TEXT NOT NULL, start_us REAL NOT NULL, duration_us REAL NOT NULL, error INTEGER NOT NULL, body TEXT NOT NULL)`);
    const insert = old.prepare(
      'INSERT INTO spans (trace_id, span_id, parent_span_id, service, name, kind, start_us, duration_us, error, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    for (const s of sample)
      insert.run(
        s.traceId,
        s.spanId,
        s.parentSpanId,
        s.service,
        s.name,
        s.kind,
        s.startUs,
        s.durationUs,
        s.status.code === 'error' ? 1 : 0,
        JSON.stringify(s),
      );
    old.close();
    const store = new SpanStore({ path });
    const back = importText(joined(store, sample[0]?.traceId ?? ''), 'old.json');
    expect(back.ok && back.spans.length).toBe(33);
    // no span_tags table in this old file
    expect(store.search({ service: 'payments', tags: { 'http.response.status_code': '503' } })).toHaveLength(0);
    store.insert(sample.slice(0, 1).map((s) => ({ ...s, spanId: 'ffffffffffffffff' })));
    expect(store.spansOf(sample[0]?.traceId ?? '')).toHaveLength(34);
    store.close();
    // Opened again, the old spans are still read.
    const reopened = new SpanStore({ path });
    expect(reopened.spansOf(sample[0]?.traceId ?? '')).toHaveLength(34);
    reopened.close();
  });
});

describe('group commit', () => {
  it('stores requests that arrive together in one commit, and a bad one fails alone', async () => {
    const store = new SpanStore({ path: ':memory:' });
    const bad = [{ ...sample[0], traceId: null } as unknown as WireSpan];
    const jobs = [
      store.insertQueued(sample.slice(0, 10)),
      store.insertQueued(bad),
      store.insertQueued(sample.slice(10)),
    ];
    const results = await Promise.allSettled(jobs);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(store.spanCount()).toBe(33);
    expect(store.spansOf(sample[0]?.traceId ?? '')).toHaveLength(33);
  });
});
