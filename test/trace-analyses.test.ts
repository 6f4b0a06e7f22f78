// Queries, critical path and statistics as the page asks the worker for them:
// on a trace imported the streaming way, attributes read back from the file.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateTrace, traceText } from '../bench/gen-trace';
import { TraceSession } from '../src/worker/trace-session';

async function session(text: string, name: string) {
  const s = new TraceSession({ chunkBytes: 4096 });
  const report = await s.importFiles([{ name, blob: new Blob([text]) }]);
  return { s, traceId: report.traces[0]?.summary.traceId ?? '', count: report.traces[0]?.count ?? 0 };
}

describe('analyses of a loaded trace', () => {
  it('a query on an attribute reads it from the file: typed, scoped, and again from the index', async () => {
    const text = readFileSync(join(import.meta.dirname, 'fixtures/otlp/http-5xx-server-is-error.json'), 'utf8');
    const { s, traceId } = await session(text, 'http.json');
    const answer = async (q: string) => {
      const a = await s.query(traceId, q);
      return a?.ok ? a.count : a?.message;
    };
    expect(await answer('{ span.http.response.status_code >= 500 }')).toBe(2);
    expect(await answer('{ span.http.response.status_code = 503 && kind = server }')).toBe(1);
    expect(await answer('{ resource.http.response.status_code >= 500 }')).toBe(0);
    expect(await answer('{ .service.name = "nope" }')).toBe(0);
    expect(await answer('503')).toBe(2); // plain text finds attribute values too
    expect(await answer('{ span.http.response.status_code >= }')).toBe('column 37: expected a value after ">="');
    expect(await s.query('no-such-trace', '{ }')).toBeNull();
  });

  it('the critical path and statistics of a generated trace agree with its spans', async () => {
    const { s, traceId, count } = await session(
      traceText(generateTrace({ seed: 3, spans: 2000, services: 6 }), 'jaeger'),
      'gen.json',
    );
    const path = s.criticalPath(traceId);
    expect(path?.spans.length).toBeGreaterThan(1);
    expect(path?.spans[0]).toBe(0);
    const stats = (await s.stats(traceId, 'service')) ?? [];
    expect(stats.reduce((a, r) => a + r.count, 0)).toBe(count);
    const critical = await s.query(traceId, '{ critical }');
    expect(critical?.ok && critical.count).toBe(path?.spans.length);
  });

  it("statistics by an attribute: one row per value and one for spans without it, each row's query selecting its spans", async () => {
    const text = readFileSync(join(import.meta.dirname, '../public/samples/sample-checkout-trace.json'), 'utf8');
    const { s, traceId, count } = await session(text, 'sample.json');
    const rows = (await s.stats(traceId, 'attribute:span.http.response.status_code')) ?? [];
    expect(rows.reduce((a, r) => a + r.count, 0)).toBe(count);
    const missing = rows.find((r) => r.value === null);
    expect(missing?.query).toBe('{ !(span.http.response.status_code) }');
    expect(rows.some((r) => r.value === '503')).toBe(true);
    for (const row of rows) {
      const answer = await s.query(traceId, row.query);
      expect(answer?.ok && answer.count, row.query).toBe(row.count);
    }
    const byHost = (await s.stats(traceId, 'attribute:resource.host.name')) ?? [];
    expect(byHost.length).toBeGreaterThan(1);
    for (const row of byHost) expect((await s.query(traceId, row.query))?.ok).toBe(true);
    expect(await s.stats(traceId, 'attribute:')).toEqual([]);
  });
});
