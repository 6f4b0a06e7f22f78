import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { createServer } from './app';
import { decodeTraceRequest, encodeTraceRequest } from '../src/formats/otlp/otlp-proto';
import { SpanStore } from './span-store';
import { searchQuery } from './api-routes';
import { parseGoDuration } from '../src/model/time';

const root = join(import.meta.dirname, '..');
const sampleText = readFileSync(join(root, 'public/samples/sample-checkout-trace.json'), 'utf8');
const TRACE = '7f3a9c2e5b8d41f0a6c3e9b2d4f81a57';

function staticDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'skein-static-'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Skein</title>');
  return dir;
}

const open: Array<{ close(): Promise<unknown> }> = [];
afterEach(async () => {
  for (const app of open.splice(0)) await app.close();
});

async function server(bodyLimitBytes?: number) {
  const store = new SpanStore({ path: ':memory:' });
  // The fixtures are dated (2025, 2026): any start time is accepted here; the window has its own tests.
  const app = await createServer({ staticDir: staticDir(), store, bodyLimitBytes, ingest: { plausibleWindowUs: 0 } });
  open.push(app);
  return { app, store };
}

describe('ingest', () => {
  it('takes OTLP/JSON and answers with an empty success', async () => {
    const { app, store } = await server();
    const response = await app.inject({
      method: 'POST',
      url: '/v1/traces',
      headers: { 'content-type': 'application/json' },
      payload: sampleText,
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({});
    expect(store.spanCount()).toBe(33);
  });

  it('takes OTLP protobuf, gzip-compressed', async () => {
    const { app, store } = await server();
    const json = JSON.parse(sampleText) as {
      resourceSpans: Array<{ scopeSpans: Array<{ spans: Array<Record<string, unknown>> }> }>;
    };
    // protobuf carries ids as bytes: base64 them as protobufjs' JSON form expects.
    for (const rs of json.resourceSpans)
      for (const ss of rs.scopeSpans)
        for (const span of ss.spans) {
          for (const key of ['traceId', 'spanId', 'parentSpanId'])
            if (typeof span[key] === 'string') span[key] = Buffer.from(span[key] as string, 'hex').toString('base64');
          for (const link of (span.links as Array<Record<string, string>> | undefined) ?? []) {
            link.traceId = Buffer.from(link.traceId as string, 'hex').toString('base64');
            link.spanId = Buffer.from(link.spanId as string, 'hex').toString('base64');
          }
        }
    const body = gzipSync(encodeTraceRequest(json));
    const response = await app.inject({
      method: 'POST',
      url: '/v1/traces',
      headers: { 'content-type': 'application/x-protobuf', 'content-encoding': 'gzip' },
      payload: body,
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('application/x-protobuf');
    expect(store.spanCount()).toBe(33);
    const trace = (await app.inject({ url: `/api/traces/${TRACE}` })).json() as {
      data: Array<{ spans: Array<{ operationName: string; references: unknown[] }> }>;
    };
    expect(trace.data[0]?.spans).toHaveLength(33);
    expect(decodeTraceRequest(encodeTraceRequest({ resourceSpans: [] }))).toEqual({});
  });

  it('keeps the valid spans of a request and reports the rejected ones (partial success)', async () => {
    const { app, store } = await server();
    const payload = {
      resourceSpans: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'svc' } }] },
          scopeSpans: [
            {
              spans: [
                {
                  traceId: '11111111111111111111111111111111',
                  spanId: '1111111111111111',
                  name: 'ok',
                  startTimeUnixNano: '1',
                  endTimeUnixNano: '2',
                },
                { name: 'no ids' },
              ],
            },
          ],
        },
      ],
    };
    const response = await app.inject({ method: 'POST', url: '/v1/traces', payload });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      partialSuccess: {
        rejectedSpans: '1',
        errorMessage: 'resourceSpans[0].scopeSpans[0].spans[1]: span needs traceId and spanId; skipped',
      },
    });
    expect(store.spanCount()).toBe(1);
  });

  it('refuses what is not OTLP with a 400 that says why', async () => {
    const { app } = await server();
    const notOtlp = await app.inject({ method: 'POST', url: '/v1/traces', payload: { spans: [] } });
    expect(notOtlp.statusCode).toBe(400);
    expect(notOtlp.json().message).toBe(
      'expected an OTLP ExportTraceServiceRequest with resourceSpans; found an object with keys {spans}',
    );
    const broken = await app.inject({
      method: 'POST',
      url: '/v1/traces',
      headers: { 'content-type': 'application/json' },
      payload: '{"resourceSpans": [',
    });
    expect(broken.statusCode).toBe(400);
    const badProto = await app.inject({
      method: 'POST',
      url: '/v1/traces',
      headers: { 'content-type': 'application/x-protobuf' },
      payload: Buffer.from([0x0a, 0xff, 0xff]),
    });
    expect(badProto.statusCode).toBe(400);
    expect(badProto.json().message).toMatch(/^not an OTLP ExportTraceServiceRequest in protobuf/);
  });

  it('answers 413 to a body over the limit', async () => {
    const { app } = await server(1024);
    const response = await app.inject({
      method: 'POST',
      url: '/v1/traces',
      headers: { 'content-type': 'application/json' },
      payload: sampleText,
    });
    expect(response.statusCode).toBe(413);
  });

  it('takes Zipkin v2 spans', async () => {
    const { app, store } = await server();
    const spans = readFileSync(join(root, 'test/fixtures/zipkin/span-list.json'), 'utf8');
    const response = await app.inject({
      method: 'POST',
      url: '/api/v2/spans',
      headers: { 'content-type': 'application/json' },
      payload: spans,
    });
    expect(response.statusCode).toBe(202);
    expect(store.services()).toEqual(['frontend']);
    expect((await app.inject({ method: 'POST', url: '/api/v2/spans', payload: { not: 'a list' } })).statusCode).toBe(
      400,
    );
  });
});

describe('query API (Jaeger-compatible)', () => {
  async function loaded() {
    const { app, store } = await server();
    await app.inject({
      method: 'POST',
      url: '/v1/traces',
      headers: { 'content-type': 'application/json' },
      payload: sampleText,
    });
    return { app, store };
  }

  it('lists services and operations', async () => {
    const { app } = await loaded();
    expect((await app.inject({ url: '/api/services' })).json()).toMatchObject({
      data: expect.arrayContaining(['payments', 'cart']),
      total: 8,
      errors: null,
    });
    expect((await app.inject({ url: '/api/services/cart/operations' })).json().data).toEqual([
      'HGETALL',
      'SELECT cart_items',
      'cart.CartService/GetCart',
    ]);
    expect((await app.inject({ url: '/api/operations?service=cart&spanKind=server' })).json().data).toEqual([
      { name: 'cart.CartService/GetCart', spanKind: 'server' },
    ]);
    expect((await app.inject({ url: '/api/operations' })).statusCode).toBe(400);
  });

  it('searches traces like Jaeger: tags as JSON or key:value, durations, error=true', async () => {
    const { app } = await loaded();
    const ids = async (query: string) =>
      ((await app.inject({ url: `/api/traces?${query}` })).json().data as Array<{ traceID: string }>).map(
        (t) => t.traceID,
      );
    expect(await ids('service=payments')).toEqual([TRACE]);
    expect(await ids(`service=payments&tags=${encodeURIComponent('{"http.response.status_code":"503"}')}`)).toEqual([
      TRACE,
    ]);
    expect(await ids('service=payments&tag=error:true')).toEqual([TRACE]);
    expect(await ids('service=cart&tag=error:true')).toEqual([]);
    expect(await ids('service=payments&minDuration=500ms')).toEqual([TRACE]);
    expect(await ids('service=cart&minDuration=1s')).toEqual([]);
    expect(await ids(`traceID=${TRACE}`)).toEqual([TRACE]);
    const bad = await app.inject({ url: '/api/traces?service=cart&minDuration=fast' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].msg).toBe('minDuration must be a duration such as 1.5ms or 2s');
  });

  it('returns a trace by id in Jaeger JSON, 404 when unknown, and dependencies', async () => {
    const { app } = await loaded();
    const trace = (await app.inject({ url: `/api/traces/${TRACE}` })).json();
    expect(trace.data[0].spans).toHaveLength(33);
    expect(
      Object.values(trace.data[0].processes as Record<string, { serviceName: string }>).map((p) => p.serviceName),
    ).toContain('payments');
    const missing = await app.inject({ url: '/api/traces/0000000000000000000000000000abcd' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().errors[0].msg).toMatch(/not found/);
    const deps = (await app.inject({ url: '/api/dependencies?endTs=1767261610000&lookback=86400000' })).json().data;
    expect(deps).toContainEqual({ parent: 'api-gateway', child: 'payments', callCount: 1 });
  });
});

describe('stored traces streamed', () => {
  it('answers a trace bigger than one piece, and several traces, as valid Jaeger JSON', async () => {
    const { generateTrace, traceText } = await import('../bench/gen-trace');
    const { app } = await server();
    for (const seed of [11, 12]) {
      const text = traceText(generateTrace({ seed, spans: 2500, services: 5 }), 'otlp');
      const posted = await app.inject({
        method: 'POST',
        url: '/v1/traces',
        headers: { 'content-type': 'application/json' },
        payload: text,
      });
      expect(posted.statusCode).toBe(200);
    }
    const ids = (await app.inject({ url: '/api/services' })).json().data as string[];
    const search = await app.inject({ url: `/api/traces?service=${encodeURIComponent(ids[0] ?? '')}&limit=5` });
    const traces = search.json().data as Array<{ traceID: string; spans: unknown[] }>;
    expect(traces).toHaveLength(2);
    for (const trace of traces) {
      expect(trace.spans).toHaveLength(2500);
      const one = await app.inject({ url: `/api/traces/${trace.traceID}` });
      expect(one.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(one.body.length).toBeGreaterThan(200_000);
      expect(one.json().data[0].spans).toHaveLength(2500);
    }
  });
});

describe('query parameters', () => {
  it('reads Go durations', () => {
    expect(parseGoDuration('1.5ms')).toBe(1500);
    expect(parseGoDuration('1h30m')).toBe(5_400_000_000);
    expect(parseGoDuration('250us')).toBe(250);
    expect(parseGoDuration('fast')).toBeNull();
  });
  it('requires a service and checks max ≥ min', () => {
    expect(searchQuery({})).toBe('parameter "service" is required (or give traceID)');
    expect(searchQuery({ service: 'a', minDuration: '2s', maxDuration: '1s' })).toBe(
      'maxDuration must be at least minDuration',
    );
  });
});
