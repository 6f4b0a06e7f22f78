import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ApiError } from './http';
import { jaegerSource } from './jaeger-query';

const trace = JSON.parse(
  readFileSync(join(import.meta.dirname, '../../test/fixtures/jaeger/envelope-data-array.json'), 'utf8'),
) as unknown;

/** A fetch that answers from a table of URL → [status, body], and records what was asked. */
function fakeFetch(routes: Record<string, [number, string]>, asked: string[] = []) {
  return (async (input: RequestInfo | URL) => {
    const url = String(input);
    asked.push(url);
    const route = Object.entries(routes).find(([prefix]) => url.startsWith(prefix));
    if (!route) throw new TypeError('fetch failed');
    return new Response(route[1][1], { status: route[1][0] });
  }) as typeof fetch;
}

describe('Jaeger query API source', () => {
  it('lists services and operations, sorted', async () => {
    const source = jaegerSource(
      'j',
      'Jaeger',
      'http://jaeger',
      fakeFetch({
        'http://jaeger/api/services/front%20end/operations': [200, '{"data":["b","a"]}'],
        'http://jaeger/api/services': [200, '{"data":["orders","frontend"],"total":2}'],
      }),
    );
    expect(await source.services()).toEqual(['frontend', 'orders']);
    expect(await source.operations('front end')).toEqual(['a', 'b']);
  });

  it('searches with µs times, Go durations and tags as JSON, and summarizes each trace', async () => {
    const asked: string[] = [];
    const source = jaegerSource(
      'j',
      'Jaeger',
      'http://jaeger/',
      fakeFetch({ 'http://jaeger/api/traces?': [200, JSON.stringify(trace)] }, asked),
    );
    const rows = await source.search({
      service: 'frontend',
      tags: { error: 'true' },
      startUs: 1,
      endUs: 2,
      minDurationUs: 1500,
      limit: 20,
    });
    const url = new URL(asked[0] ?? '');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      service: 'frontend',
      start: '1',
      end: '2',
      limit: '20',
      tags: '{"error":"true"}',
      minDuration: '1500us',
    });
    expect(rows).toEqual([
      {
        traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
        rootService: 'frontend',
        rootName: 'GET /checkout',
        startUs: 1735689600000000,
        durationUs: 120500,
        spanCount: 3,
        errorCount: 0,
        services: [
          { service: 'frontend', spans: 2, errors: 0 },
          { service: 'orders-db', spans: 1, errors: 0 },
        ],
      },
    ]);
  });

  it('asks for dependencies in milliseconds', async () => {
    const asked: string[] = [];
    const source = jaegerSource(
      'j',
      'Jaeger',
      'http://jaeger',
      fakeFetch(
        { 'http://jaeger/api/dependencies?': [200, '{"data":[{"parent":"a","child":"b","callCount":2}]}'] },
        asked,
      ),
    );
    expect(await source.dependencies?.(86_400_000_000, 3_600_000_000)).toEqual([
      { parent: 'a', child: 'b', callCount: 2 },
    ]);
    expect(asked[0]).toBe('http://jaeger/api/dependencies?endTs=86400000&lookback=3600000');
  });

  it('turns failures into messages: down, HTTP errors with the backend message, malformed bodies', async () => {
    const down = jaegerSource('j', 'Jaeger', 'http://nowhere', fakeFetch({}));
    await expect(down.services()).rejects.toThrow(
      /could not reach http:\/\/nowhere\/api\/services: the backend is down or unreachable/,
    );
    const failing = jaegerSource(
      'j',
      'Jaeger',
      'http://jaeger',
      fakeFetch({
        'http://jaeger/api/services': [500, '{"data":null,"errors":[{"code":500,"msg":"storage unavailable"}]}'],
        'http://jaeger/api/traces/abc': [404, '{"data":null,"errors":[{"code":404,"msg":"trace not found"}]}'],
        'http://jaeger/api/traces?': [200, '<html>proxy error</html>'],
      }),
    );
    await expect(failing.services()).rejects.toThrow('http://jaeger/api/services answered 500: storage unavailable');
    await expect(failing.trace('abc')).rejects.toMatchObject({
      status: 404,
      message: 'http://jaeger/api/traces/abc answered 404: trace not found',
    });
    await expect(failing.search({ service: 's', startUs: 0, endUs: 1, limit: 1 })).rejects.toBeInstanceOf(ApiError);
  });
});

describe('Jaeger without v1 search (API v3)', () => {
  it('switches to v3 on a 404 and reads OTLP results, merged traces and "no traces" 404s', async () => {
    const asked: string[] = [];
    const otlp = {
      result: {
        resourceSpans: [
          {
            resource: { attributes: [{ key: 'service.name', value: { stringValue: 'shop' } }] },
            scopeSpans: [
              {
                spans: [
                  {
                    traceId: '11111111111111111111111111111111',
                    spanId: '1111111111111111',
                    name: 'GET /a',
                    kind: 2,
                    startTimeUnixNano: '1767261600000000000',
                    endTimeUnixNano: '1767261600002000000',
                  },
                  {
                    traceId: '22222222222222222222222222222222',
                    spanId: '2222222222222222',
                    name: 'GET /b',
                    kind: 2,
                    startTimeUnixNano: '1767261601000000000',
                    endTimeUnixNano: '1767261601005000000',
                    status: { code: 2 },
                  },
                ],
              },
            ],
          },
        ],
      },
    };
    let searches = 0;
    const fetchImpl = (async (input: RequestInfo | URL) => {
      const url = String(input);
      asked.push(url);
      if (url.endsWith('/api/services') || url.includes('/api/traces?'))
        return new Response('404 page not found', { status: 404 });
      if (url.endsWith('/api/v3/services')) return new Response(JSON.stringify({ services: ['shop', 'db'] }));
      if (url.includes('/api/v3/operations?service=shop'))
        return new Response(
          JSON.stringify({
            operations: [
              { name: 'GET /b', spanKind: 'server' },
              { name: 'GET /a', spanKind: 'server' },
              { name: 'GET /a', spanKind: 'client' },
            ],
          }),
        );
      if (url.includes('/api/v3/traces?')) {
        searches++;
        return searches === 1
          ? new Response(JSON.stringify(otlp))
          : new Response(JSON.stringify({ error: { httpCode: 404, message: 'No traces found' } }), {
              status: 404,
              headers: { 'content-type': 'text/plain' },
            });
      }
      return new Response('', { status: 500 });
    }) as typeof fetch;
    const source = jaegerSource('j', 'Jaeger', 'http://jaeger', fetchImpl);
    expect(await source.services()).toEqual(['db', 'shop']);
    expect(await source.operations('shop')).toEqual(['GET /a', 'GET /b']);
    const rows = await source.search({
      service: 'shop',
      tags: { error: 'true' },
      startUs: 1_767_261_000_000_000,
      endUs: 1_767_261_700_000_000,
      minDurationUs: 1000,
      limit: 5,
    });
    expect(rows.map((r) => [r.rootName, r.durationUs, r.errorCount])).toEqual([
      ['GET /a', 2000, 0],
      ['GET /b', 5000, 1],
    ]);
    const v3 = new URL(asked.find((u) => u.includes('/api/v3/traces?')) ?? '');
    expect(Object.fromEntries(v3.searchParams)).toEqual({
      'query.service_name': 'shop',
      'query.start_time_min': '2026-01-01T09:50:00.000Z',
      'query.start_time_max': '2026-01-01T10:01:40.000Z',
      'query.num_traces': '5',
      'query.duration_min': '1ms',
      'query.attributes': '{"error":"true"}',
    });
    expect(await source.search({ service: 'shop', startUs: 0, endUs: 1, limit: 5 })).toEqual([]);
    // v1 is asked only once; after the switch every call goes to v3.
    expect(asked.filter((u) => u.endsWith('/api/services'))).toHaveLength(1);
  });

  it('with trace summaries (Skein’s server, Jaeger 2.19+): searches for summaries, opens traces as OTLP, reads v3 errors', async () => {
    const asked: string[] = [];
    const summary = {
      traceId: 'ab'.repeat(16),
      rootServiceName: 'web',
      rootOperationName: 'GET /',
      minStartTimeUnixNano: '1000000000',
      maxEndTimeUnixNano: '1250000000',
      spanCount: 3,
      errorSpanCount: 1,
      services: [
        { name: 'web', spanCount: 2 },
        { name: 'db', spanCount: 1, errorSpanCount: 1 },
      ],
    };
    const source = jaegerSource(
      'local',
      'This server',
      'http://skein',
      fakeFetch(
        {
          'http://skein/api/v3/trace-summaries': [200, JSON.stringify({ summaries: [summary] })],
          'http://skein/api/v3/traces/missing': [404, '{"error":{"httpCode":404,"message":"No traces found"}}'],
          'http://skein/api/v3/traces/': [200, '{"result":{"resourceSpans":[]}}'],
        },
        asked,
      ),
      { summaries: true },
    );
    const rows = await source.search({ service: 'web', startUs: 0, endUs: 2e15, limit: 20 });
    expect(rows).toEqual([
      {
        traceId: summary.traceId,
        rootService: 'web',
        rootName: 'GET /',
        startUs: 1e6,
        durationUs: 250_000,
        spanCount: 3,
        errorCount: 1,
        services: [
          { service: 'web', spans: 2, errors: 0 },
          { service: 'db', spans: 1, errors: 1 },
        ],
      },
    ]);
    expect(asked[0]).toMatch(/^http:\/\/skein\/api\/v3\/trace-summaries\?query\.service_name=web&/);
    expect(await (await source.trace('ab'.repeat(16))).text()).toBe('{"result":{"resourceSpans":[]}}');
    await expect(source.trace('missing')).rejects.toThrow(
      'http://skein/api/v3/traces/missing answered 404: No traces found',
    );
  });
});
