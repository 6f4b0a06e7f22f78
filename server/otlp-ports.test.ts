// The OTLP listeners as SDKs meet them: the OpenTelemetry JS exporters (HTTP
// JSON, HTTP protobuf, gRPC with gzip) pointed at free ports, browsers'
// preflight, logs and metrics, oversized and implausible requests.
import * as grpc from '@grpc/grpc-js';
import { ROOT_CONTEXT } from '@opentelemetry/api';
import { OTLPTraceExporter as GrpcExporter } from '@opentelemetry/exporter-trace-otlp-grpc';
import { OTLPTraceExporter as JsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as ProtoExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, SimpleSpanProcessor, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseOtlp } from '../src/formats/otlp/otlp';
import {
  countJsonSpans,
  exportBody,
  exportTraces,
  originAllowed,
  rejectionMessage,
  type TraceExporter,
} from './ingest';
import { startIngestThread } from './ingest-thread';
import { countProtoSpans, encodeTraceRequest } from '../src/formats/otlp/otlp-proto';
import { listenProblem, startOtlpGrpc, startOtlpHttp, stopGrpc } from './otlp-ports';
import { SpanStore } from './span-store';

const closers: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

const LIMIT = 16 * 1024 * 1024;

async function send(exporter: SpanExporter, service: string): Promise<void> {
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': service }),
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  const tracer = provider.getTracer('skein-test');
  const parent = tracer.startSpan('GET /checkout', {}, ROOT_CONTEXT);
  parent.end();
  await provider.forceFlush();
  await provider.shutdown();
}

function request(spans: number, startNs: bigint) {
  return {
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'load' } }] },
        scopeSpans: [
          {
            spans: Array.from({ length: spans }, (_, i) => ({
              traceId: 'ab'.repeat(16),
              spanId: (i + 1).toString(16).padStart(16, '0'),
              name: 'op',
              startTimeUnixNano: String(startNs),
              endTimeUnixNano: String(startNs + 1000n),
            })),
          },
        ],
      },
    ],
  };
}

const nowNs = () => BigInt(Date.now()) * 1_000_000n;

describe('OTLP/HTTP on its own port', () => {
  it('takes what the SDK exporters send (JSON and protobuf), answers browsers from localhost, and drops logs and metrics with a count', async () => {
    const store = new SpanStore({ path: ':memory:' });
    const lines: string[] = [];
    const { app, url } = await startOtlpHttp(store, {
      host: '127.0.0.1',
      port: 0,
      bodyLimitBytes: LIMIT,
      log: (line) => lines.push(line),
    });
    closers.push(() => app.close());
    await send(new JsonExporter({ url: `${url}/v1/traces` }), 'sdk-json');
    await send(new ProtoExporter({ url: `${url}/v1/traces` }), 'sdk-proto');
    expect(store.services()).toEqual(['sdk-json', 'sdk-proto']);

    const preflight = await fetch(`${url}/v1/traces`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://localhost:5173',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(preflight.headers.get('access-control-allow-methods')).toContain('POST');
    const foreign = await fetch(`${url}/v1/traces`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(foreign.status).toBe(403);
    const post = await fetch(`${url}/v1/traces`, {
      method: 'POST',
      headers: { origin: 'https://evil.example', 'content-type': 'application/json' },
      body: JSON.stringify(request(1, nowNs())),
    });
    expect(post.headers.get('access-control-allow-origin')).toBeNull();

    for (const signal of ['logs', 'metrics']) {
      const json = await fetch(`${url}/v1/${signal}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"resourceLogs":[]}',
      });
      expect(json.status).toBe(200);
      expect(await json.json()).toEqual({});
      const proto = await fetch(`${url}/v1/${signal}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-protobuf' },
        body: new Uint8Array([10, 0]),
      });
      expect(proto.status).toBe(200);
      expect(proto.headers.get('content-type')).toContain('application/x-protobuf');
    }
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^dropped 1 logs request .*Skein stores traces only$/);
  });

  it('says in one sentence that a port is taken', async () => {
    const blocker = createServer();
    await new Promise<void>((done) => blocker.listen(0, '127.0.0.1', () => done()));
    closers.push(() => new Promise((done) => blocker.close(done)));
    const port = (blocker.address() as { port: number }).port;
    const store = new SpanStore({ path: ':memory:' });
    const error = await startOtlpHttp(store, { host: '127.0.0.1', port, bodyLimitBytes: LIMIT }).catch(
      (e: unknown) => e,
    );
    expect(listenProblem('OTLP/HTTP', '127.0.0.1', port, error)).toBe(
      `OTLP/HTTP is not listening: 127.0.0.1:${port} is taken by another program (an OpenTelemetry Collector?). Stop it, or choose another port with --otlp-http-port (off turns it off). The rest of Skein runs.`,
    );
    const grpcError = await startOtlpGrpc(store, { host: '127.0.0.1', port, bodyLimitBytes: LIMIT }).catch(
      (e: unknown) => e,
    );
    expect(listenProblem('OTLP/gRPC', '127.0.0.1', port, grpcError)).toContain('is taken by another program');
  });
});

describe('OTLP/gRPC', () => {
  it('takes the gRPC exporter, gzip included; refuses malformed and oversized messages with gRPC status codes', async () => {
    const store = new SpanStore({ path: ':memory:' });
    const { server, address } = await startOtlpGrpc(store, {
      host: '127.0.0.1',
      port: 0,
      bodyLimitBytes: LIMIT,
      maxSpansPerRequest: 10,
    });
    closers.push(() => stopGrpc(server));
    await send(new GrpcExporter({ url: `http://${address}` }), 'sdk-grpc');
    await send(new GrpcExporter({ url: `http://${address}`, compression: 'gzip' as never }), 'sdk-grpc-gzip');
    expect(store.services()).toEqual(['sdk-grpc', 'sdk-grpc-gzip']);

    const client = new grpc.Client(address, grpc.credentials.createInsecure());
    closers.push(async () => client.close());
    const call = (body: Uint8Array) =>
      new Promise<{ code: number; details: string }>((done) =>
        client.makeUnaryRequest(
          '/opentelemetry.proto.collector.trace.v1.TraceService/Export',
          (b: Buffer) => b,
          (b: Buffer) => b,
          Buffer.from(body),
          (error) => done(error ? { code: error.code, details: error.details } : { code: 0, details: '' }),
        ),
      );
    expect(await call(new Uint8Array([0x0a, 0x05, 0x01]))).toEqual({
      code: grpc.status.INVALID_ARGUMENT,
      details: 'not an OTLP ExportTraceServiceRequest in protobuf: the bytes are not well-formed',
    });
    expect(await call(encodeTraceRequest(request(11, nowNs())))).toEqual({
      code: grpc.status.RESOURCE_EXHAUSTED,
      details: 'the request carries 11 spans; at most 10 are accepted in one request',
    });
    expect((await call(encodeTraceRequest(request(10, nowNs())))).code).toBe(0);
    expect(store.spanCount()).toBe(12);
  });
});

describe('hostile requests', () => {
  it('count protobuf spans without decoding, and refuse too many before decoding JSON spans too', async () => {
    expect(countProtoSpans(encodeTraceRequest(request(37, nowNs())))).toBe(37);
    expect(countProtoSpans(new Uint8Array([0x0a, 0x7f]))).toBe(-1);
    const store = new SpanStore({ path: ':memory:' });
    expect(await exportTraces(store, request(6, nowNs()), { maxSpansPerRequest: 5 })).toEqual({
      ok: false,
      status: 413,
      message: 'the request carries 6 spans; at most 5 are accepted in one request',
    });
    expect(store.spanCount()).toBe(0);
  });

  it('reject spans dated far from now with partial success, naming at most 10 problems', async () => {
    const store = new SpanStore({ path: ':memory:' });
    const future = BigInt(Date.UTC(2100, 0, 1)) * 1_000_000n;
    const mixed = request(25, future);
    const fine = request(2, nowNs()).resourceSpans[0]?.scopeSpans[0]?.spans ?? [];
    fine.forEach((s, i) =>
      mixed.resourceSpans[0]?.scopeSpans[0]?.spans.push({ ...s, spanId: `f${i}`.padStart(16, '0') }),
    );
    const answer = await exportTraces(store, mixed, {});
    expect(answer.ok && answer.stored).toBe(2);
    expect(answer.ok && answer.rejected).toBe(25);
    expect(answer.ok && answer.message).toMatch(
      /^span 0000000000000001: starts 2100-01-01 00:00:00\.000000 UTC, more than 366 days from now; .*; and 15 more$/,
    );
    expect(store.spanCount()).toBe(2);
    expect(await exportTraces(new SpanStore({ path: ':memory:' }), mixed, { plausibleWindowUs: 0 })).toMatchObject({
      ok: true,
      stored: 27,
    });
  });

  it('keep a rejection small whatever was sent', () => {
    expect(rejectionMessage(Array.from({ length: 1_000_000 }, (_, i) => `span ${i}: bad`)).length).toBeLessThan(200);
    expect(rejectionMessage(['a', 'b'])).toBe('a; b');
  });

  it('allow browser origins: localhost by default, a list, or any', () => {
    expect(originAllowed('http://localhost:3000', undefined)).toBe(true);
    expect(originAllowed('http://127.0.0.1', undefined)).toBe(true);
    expect(originAllowed('http://localhost.evil.example', undefined)).toBe(false);
    expect(originAllowed('https://app.example', ['https://app.example'])).toBe(true);
    expect(originAllowed('https://other.example', ['https://app.example'])).toBe(false);
    expect(originAllowed('https://other.example', ['*'])).toBe(true);
  });
});

describe('counting JSON spans before parsing', () => {
  it('counts the objects in arrays named "spans" as JSON.parse would find them, and refuses a bomb before parsing', async () => {
    const body = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
    for (const n of [0, 1, 7, 250]) expect(countJsonSpans(body(request(n, nowNs())))).toBe(n);
    // Strings that look like structure, escapes, a key "spans" that is not the array's, events inside spans.
    const tricky = {
      resourceSpans: [
        {
          resource: { attributes: [{ key: 'spans', value: { stringValue: '[{"a\\\\":{}},{}]' } }] },
          scopeSpans: [{ spans: [{ name: 'x "spans": [{', events: [{ name: 'e' }] }, {}] }],
        },
      ],
    };
    expect(countJsonSpans(body(tricky))).toBe(2);
    expect(countJsonSpans(new TextEncoder().encode('['.repeat(2000)))).toBe(-1);
    const store = new SpanStore({ path: ':memory:' });
    const bomb = new TextEncoder().encode(
      `{"resourceSpans":[{"scopeSpans":[{"spans":[${Array(300_000).fill('{}').join(',')}]}]}]}`,
    );
    expect(await exportBody(store, bomb, 'json', {})).toEqual({
      ok: false,
      status: 413,
      message: 'the request carries 300000 spans; at most 100000 are accepted in one request',
    });
  });
});

describe('storing a span as it was received', () => {
  const T = 'ab'.repeat(16);
  const now = String(nowNs());
  const span = (id: string, extra = '') =>
    `{ "traceId":"${T}",  "spanId":"${id}", "name":"op"${extra}, "startTimeUnixNano":"${now}", "endTimeUnixNano":"${now}" }`;
  const body = (spans: string[]) =>
    new TextEncoder().encode(
      `{"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"kept"}}]},"scopeSpans":[{"spans":[${spans.join(',')}]}]}]}`,
    );
  const stored = (store: SpanStore) => {
    const pieces: string[] = [];
    for (const piece of store.otlpTraceText(T)) pieces.push(piece.toString());
    return pieces.join('');
  };

  it('keeps the received bytes of each span, and they read back as the spans that were parsed', async () => {
    const store = new SpanStore({ path: ':memory:' });
    const spans = [
      span('0000000000000001', ', "x-vendor": {"spans": "not a list"}'),
      span('0000000000000002'),
      span('0000000000000003', ',"kind":"SPAN_KIND_SERVER"'),
    ];
    expect(await exportBody(store, body(spans), 'json', {})).toMatchObject({ ok: true, stored: 3 });
    // Byte for byte, spacing and unknown fields included: nothing was converted and written again.
    for (const text of spans) expect(stored(store)).toContain(text);
    const expected = parseOtlp(JSON.parse(new TextDecoder().decode(body(spans)))).spans;
    expect(store.spansOf(T)).toEqual(expected);
  });

  it('writes a span anew when its bytes cannot stand for it: ids not as stored, spans nested where none belong, a span left out', async () => {
    const store = new SpanStore({ path: ':memory:' });
    const upper = span('00000000000000AA');
    const nested = span('0000000000000002', `, "extra": {"spans": [${span('0000000000000009')}]}`);
    const old = `{"traceId":"${T}","spanId":"0000000000000003","name":"old","startTimeUnixNano":"1000","endTimeUnixNano":"2000"}`;
    const answer = await exportBody(store, body([upper, old, span('0000000000000004')]), 'json', {});
    expect(answer).toMatchObject({ ok: true, stored: 2, rejected: 1 });
    expect(stored(store)).toContain('"spanId":"00000000000000aa"');
    expect(stored(store)).toContain(span('0000000000000004')); // after the left-out span, the ranges still line up
    await exportBody(store, body([nested]), 'json', {});
    expect(stored(store)).not.toContain('0000000000000009');
    expect(
      store
        .spansOf(T)
        .map((s) => s.spanId)
        .sort(),
    ).toEqual(['0000000000000002', '0000000000000004', '00000000000000aa']);
  });
});

describe('the ingest thread', () => {
  it('decodes and stores OTLP and Zipkin bodies off the server’s thread, and counts their calls there', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'skein-thread-')), 'skein.db');
    const store = new SpanStore({ path, maintainDependencies: false });
    const thread = startIngestThread(path, {});
    closers.push(async () => {
      await thread.close();
      store.close();
    });
    const seen: string[] = [];
    const exporter: TraceExporter = (body, format) => {
      seen.push(format);
      return thread.exporter(body, format);
    };
    const { app, url } = await startOtlpHttp(store, { host: '127.0.0.1', port: 0, bodyLimitBytes: LIMIT, exporter });
    closers.push(() => app.close());
    const nowUs = Date.now() * 1000;
    const zipkin = [
      {
        traceId: 'cd'.repeat(16),
        id: '0000000000000001',
        name: 'get /',
        timestamp: nowUs,
        duration: 900,
        localEndpoint: { serviceName: 'edge' },
      },
      {
        traceId: 'cd'.repeat(16),
        id: '0000000000000002',
        parentId: '0000000000000001',
        name: 'query',
        timestamp: nowUs + 10,
        duration: 500,
        localEndpoint: { serviceName: 'db' },
      },
    ];
    const posted = await fetch(`${url}/api/v2/spans`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(zipkin),
    });
    expect(posted.status).toBe(202);
    const otlp = await fetch(`${url}/v1/traces`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(request(3, nowNs())),
    });
    expect(otlp.status).toBe(200);
    const bad = await fetch(`${url}/api/v2/spans`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"not":"a list"}',
    });
    expect(bad.status).toBe(400);
    expect((await bad.json()).message).toBe('expected a JSON array of Zipkin v2 spans');
    expect(seen).toEqual(['zipkin', 'json', 'zipkin']);
    // Acknowledged means committed: this thread's own connection reads them at once.
    expect(store.services()).toEqual(['db', 'edge', 'load']);
    expect(store.dependencies(nowUs + 60e6, 3_600e6)).toEqual([{ parent: 'edge', child: 'db', callCount: 1 }]);
  });
});
