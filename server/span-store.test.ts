import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importText } from '../src/formats/detect';
import type { WireSpan } from '../src/model/trace';
import { SpanStore } from './span-store';

const sample = (() => {
  const imported = importText(readFileSync(join(import.meta.dirname, '../public/samples/sample-checkout-trace.json'), 'utf8'), 'sample');
  if (!imported.ok) throw new Error(imported.message);
  return imported.spans;
})();
const T0 = 1767261600000000;

describe('SpanStore', () => {
  it('stores spans and lists services and operations', () => {
    const store = new SpanStore({ path: ':memory:' });
    expect(store.insert(sample)).toBe(33);
    expect(store.services()).toEqual(['api-gateway', 'cart', 'email-worker', 'inventory', 'orders', 'payments', 'pricing', 'web-frontend']);
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
    expect(store.search({ service: 'payments', tags: { 'http.response.status_code': '503', 'server.address': 'elsewhere' } })).toEqual([]);
    expect(store.search({ service: 'payments', tags: { 'host.name': 'pay-2' } })).toEqual([id]); // resource attributes count
    expect(store.search({ service: 'payments', tags: { error: 'true' } })).toEqual([id]);
    expect(store.search({ service: 'cart', tags: { error: 'true' } })).toEqual([]);
    expect(store.search({ service: 'payments', minDurationUs: 600_000 })).toEqual([id]);
    expect(store.search({ service: 'cart', minDurationUs: 600_000 })).toEqual([]);
    expect(store.search({ service: 'cart', startUs: T0 + 2_000_000 })).toEqual([]);
    expect(store.search({ service: 'cart', startUs: T0, endUs: T0 + 1_000_000 })).toEqual([id]);
  });

  it('lists calls between services', () => {
    const store = new SpanStore({ path: ':memory:' });
    store.insert(sample);
    const deps = store.dependencies(T0 + 10_000_000, 20_000_000);
    expect(deps).toContainEqual({ parent: 'web-frontend', child: 'api-gateway', callCount: 1 });
    expect(deps).toContainEqual({ parent: 'orders', child: 'email-worker', callCount: 1 });
    expect(deps.every((d) => d.parent !== d.child)).toBe(true);
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

  it('deletes by age and by size, whole traces oldest first', () => {
    const store = new SpanStore({ path: ':memory:', retentionHours: 1, maxSpans: 40 });
    const shifted = (spans: WireSpan[], traceId: string, byUs: number) => spans.map((s) => ({ ...s, traceId, startUs: s.startUs + byUs }));
    const now = T0 + 10 * 3_600_000_000;
    store.insert(shifted(sample, 'a'.repeat(32), 0)); // 10 h old
    store.insert(shifted(sample, 'b'.repeat(32), 9.5 * 3_600_000_000));
    store.insert(shifted(sample, 'c'.repeat(32), 9.9 * 3_600_000_000));
    expect(store.enforceRetention(now)).toBe(33 + 33); // 'a' by age, then 'b' for size
    expect(store.search({ service: 'cart' })).toEqual(['c'.repeat(32)]);
  });
});
