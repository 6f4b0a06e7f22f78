import { describe, expect, it } from 'vitest';
import { tempoSource } from './tempo';
import { annotationQuery, zipkinSource } from './zipkin-api';

function fakeFetch(routes: Record<string, unknown>, asked: string[] = []) {
  return (async (input: RequestInfo | URL) => {
    const url = String(input);
    asked.push(url);
    const route = Object.entries(routes).find(([prefix]) => url.startsWith(prefix));
    if (!route) return new Response('not found', { status: 404 });
    return new Response(JSON.stringify(route[1]), { status: 200 });
  }) as typeof fetch;
}

describe('Zipkin API v2 source', () => {
  it('searches with ms windows, µs durations and annotationQuery, and summarizes traces', async () => {
    const asked: string[] = [];
    const trace = [
      {
        traceId: 'a1',
        id: '01',
        name: 'get /',
        kind: 'SERVER',
        timestamp: 1_000_000,
        duration: 5000,
        localEndpoint: { serviceName: 'web' },
        tags: { error: 'boom' },
      },
      {
        traceId: 'a1',
        id: '02',
        parentId: '01',
        name: 'db',
        kind: 'CLIENT',
        timestamp: 1_001_000,
        duration: 1000,
        localEndpoint: { serviceName: 'web' },
      },
    ];
    const source = zipkinSource(
      'z',
      'Zipkin',
      'http://zipkin',
      fakeFetch({ 'http://zipkin/api/v2/traces?': [trace], 'http://zipkin/api/v2/services': ['web', 'api'] }, asked),
    );
    expect(await source.services()).toEqual(['api', 'web']);
    const rows = await source.search({
      service: 'web',
      tags: { error: 'true', 'http.path': '/x' },
      startUs: 1_000_000,
      endUs: 61_000_000,
      minDurationUs: 2000,
      limit: 10,
    });
    expect(Object.fromEntries(new URL(asked[1] ?? '').searchParams)).toEqual({
      serviceName: 'web',
      endTs: '61000',
      lookback: '60000',
      limit: '10',
      annotationQuery: 'error and http.path=/x',
      minDuration: '2000',
    });
    expect(rows).toMatchObject([
      { traceId: '000000000000000000000000000000a1', rootName: 'get /', spanCount: 2, errorCount: 1, durationUs: 5000 },
    ]);
  });
  it('writes annotation queries', () => {
    expect(annotationQuery({ error: 'true', k: 'v' })).toBe('error and k=v');
  });
});

describe('Tempo source', () => {
  it('searches with logfmt tags and seconds, pads trimmed ids, reads service stats', async () => {
    const asked: string[] = [];
    const source = tempoSource(
      't',
      'Tempo',
      'http://tempo/',
      fakeFetch(
        {
          'http://tempo/api/search?': {
            traces: [
              {
                traceID: '2f3e0cee77ae5dc9c17ade3689eb2e54',
                rootServiceName: 'shop',
                rootTraceName: 'GET /',
                startTimeUnixNano: '1767261600000000000',
                durationMs: 120,
                serviceStats: { shop: { spanCount: 3 }, db: { spanCount: 1, errorCount: 1 } },
              },
              {
                traceID: 'f2a3e4',
                rootServiceName: 'shop',
                rootTraceName: 'GET /fast',
                startTimeUnixNano: '1767261601000000000',
                serviceStats: { shop: { spanCount: 1 } },
              },
            ],
          },
          'http://tempo/api/search/tag/service.name/values': { tagValues: ['shop', 'db'] },
        },
        asked,
      ),
    );
    expect(await source.services()).toEqual(['db', 'shop']);
    const rows = await source.search({
      service: 'shop',
      operation: 'GET /',
      tags: { 'http.route': 'a b' },
      startUs: 1_767_261_000_000_000,
      endUs: 1_767_261_700_000_000,
      maxDurationUs: 2_000_000,
      limit: 20,
    });
    expect(Object.fromEntries(new URL(asked[1] ?? '').searchParams)).toEqual({
      tags: 'service.name=shop name="GET /" http.route="a b"',
      start: '1767261000',
      end: '1767261700',
      limit: '20',
      maxDuration: '2000000us',
    });
    expect(rows[0]).toMatchObject({
      rootService: 'shop',
      durationUs: 120_000,
      spanCount: 4,
      errorCount: 1,
      startUs: 1_767_261_600_000_000,
    });
    expect(rows[1]).toMatchObject({ traceId: '00000000000000000000000000f2a3e4', durationUs: 0 });
  });
});

describe('dependencies and Tempo trace versions', () => {
  it('asks Zipkin for dependencies in milliseconds', async () => {
    const asked: string[] = [];
    const source = zipkinSource(
      'z',
      'Zipkin',
      'http://zipkin',
      fakeFetch({ 'http://zipkin/api/v2/dependencies?': [{ parent: 'a', child: 'b', callCount: 3 }] }, asked),
    );
    expect(await source.dependencies?.(2_000_000_000, 1_000_000_000)).toEqual([
      { parent: 'a', child: 'b', callCount: 3 },
    ]);
    expect(asked[0]).toBe('http://zipkin/api/v2/dependencies?endTs=2000000&lookback=1000000');
  });
  it('reads a Tempo trace from v2 (which flags partial traces), else from v1', async () => {
    const v2 = tempoSource(
      't',
      'Tempo',
      'http://tempo',
      fakeFetch({ 'http://tempo/api/v2/traces/abc': { trace: { resourceSpans: [] }, status: 'PARTIAL' } }),
    );
    expect(await (await v2.trace('abc')).text()).toContain('PARTIAL');
    const v1 = tempoSource('t', 'Tempo', 'http://tempo', fakeFetch({ 'http://tempo/api/traces/abc': { batches: [] } }));
    expect(await (await v1.trace('abc')).text()).toBe('{"batches":[]}');
  });
});
