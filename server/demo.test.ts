// The real OpenTelemetry JS SDK exports to a listening server, over OTLP/HTTP
// as JSON (frontend, cart) and as protobuf (api, inventory, payments).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startServer } from './app';
import { runDemo } from './demo';
import { SpanStore } from './span-store';

describe('demo traffic through the OpenTelemetry SDK', () => {
  it('arrives whole, in JSON and protobuf, and is searchable', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'skein-demo-'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html>');
    const store = new SpanStore({ path: ':memory:' });
    const { app, url } = await startServer({ host: '127.0.0.1', port: 0, staticDir: dir, store });
    try {
      const endMs = Date.now();
      expect(await runDemo({ baseUrl: url, requests: 12, seed: 7, endMs })).toBe(12);
      expect(store.services()).toEqual(['api', 'cart', 'frontend', 'inventory', 'payments']);
      expect(store.spanCount()).toBe(12 * 12);
      const all = store.search({ service: 'frontend', limit: 100 });
      expect(all).toHaveLength(12);
      const failed = store.search({ service: 'payments', tags: { error: 'true' }, limit: 100 });
      const slow = store.search({ service: 'inventory', minDurationUs: 500_000, limit: 100 });
      expect(failed.length + slow.length).toBeGreaterThan(0);
      // One trace, whole: 12 spans across 5 services, parented across services.
      const spans = store.spansOf(all[0] as string);
      expect(new Set(spans.map((s) => s.service)).size).toBe(5);
      expect(spans.filter((s) => s.parentSpanId === '')).toHaveLength(1);
    } finally {
      await app.close();
      store.close();
    }
  });
});
