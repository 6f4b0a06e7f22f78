// The demo that fills an empty store on `npm start`: a few services, each
// instrumented with the real OpenTelemetry JS SDK and exporting OTLP/HTTP to
// this server (some as JSON, some as protobuf), play out checkout requests
// in the spirit of Jaeger's HotROD: most are normal, some slow, some fail.
// Times are set explicitly, so a half hour of traffic is made in a moment.
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Span, type Tracer } from '@opentelemetry/api';
import { OTLPTraceExporter as JsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as ProtoExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';

interface Service {
  name: string;
  tracer: Tracer;
  provider: BasicTracerProvider;
}

export interface DemoOptions {
  /** The server's base URL; spans go to `${baseUrl}/v1/traces`. */
  baseUrl: string;
  requests?: number;
  /** Deterministic choices for tests. */
  seed?: number;
  /** Epoch ms that the traffic ends at (default: now). */
  endMs?: number;
}

function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function service(name: string, baseUrl: string, protobuf: boolean): Service {
  const url = `${baseUrl.replace(/\/$/, '')}/v1/traces`;
  const exporter = protobuf ? new ProtoExporter({ url }) : new JsonExporter({ url });
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({
      'service.name': name,
      'service.version': '1.4.2',
      'host.name': `${name}-1`,
      'deployment.environment.name': 'demo',
    }),
    spanProcessors: [new BatchSpanProcessor(exporter, { maxExportBatchSize: 256, scheduledDelayMillis: 200 })],
  });
  return { name, tracer: provider.getTracer(`skein-demo/${name}`, '1.0.0'), provider };
}

/** Sends the demo traffic and waits until every span is exported. Returns the number of requests. */
export async function runDemo(options: DemoOptions): Promise<number> {
  const rand = random(options.seed ?? 42);
  const frontend = service('frontend', options.baseUrl, false);
  const api = service('api', options.baseUrl, true);
  const cart = service('cart', options.baseUrl, false);
  const inventory = service('inventory', options.baseUrl, true);
  const payments = service('payments', options.baseUrl, true);
  const all = [frontend, api, cart, inventory, payments];
  const requests = options.requests ?? 30;
  const endMs = options.endMs ?? Date.now();

  for (let r = 0; r < requests; r++) {
    const t0 = endMs - 30 * 60_000 + Math.floor((r / requests) * 30 * 60_000);
    const slow = rand() < 0.15;
    const failing = !slow && rand() < 0.15;
    let at = t0;
    const child = (
      svc: Service,
      parent: Span,
      name: string,
      kind: SpanKind,
      startMs: number,
      attributes: Record<string, string | number | boolean> = {},
    ) => svc.tracer.startSpan(name, { kind, startTime: startMs, attributes }, trace.setSpan(ROOT_CONTEXT, parent));

    const root = frontend.tracer.startSpan('GET /checkout', {
      kind: SpanKind.SERVER,
      startTime: at,
      attributes: {
        'http.request.method': 'GET',
        'http.route': '/checkout',
        'user.id': `u-${1000 + Math.floor(rand() * 50)}`,
      },
    });
    const call = child(frontend, root, 'POST /api/order', SpanKind.CLIENT, (at += 2));
    const handler = child(api, call, 'POST /api/order', SpanKind.SERVER, (at += 1), {
      'http.request.method': 'POST',
      'http.route': '/api/order',
    });

    const cartCall = child(api, handler, 'cart.GetCart', SpanKind.CLIENT, (at += 1), { 'rpc.system': 'grpc' });
    const cartServer = child(cart, cartCall, 'cart.GetCart', SpanKind.SERVER, at + 1);
    const cartDb = child(cart, cartServer, 'SELECT cart_items', SpanKind.CLIENT, at + 2, {
      'db.system': 'postgresql',
      'db.query.text': 'SELECT * FROM cart_items WHERE cart_id = $1',
    });
    cartDb.end(at + 14);
    cartServer.end(at + 16);
    cartCall.end((at += 17));

    const stockMs = slow ? 700 + Math.floor(rand() * 900) : 20 + Math.floor(rand() * 40);
    const invCall = child(api, handler, 'inventory.Reserve', SpanKind.CLIENT, (at += 1), { 'rpc.system': 'grpc' });
    const invServer = child(inventory, invCall, 'inventory.Reserve', SpanKind.SERVER, at + 1);
    if (slow) invServer.addEvent('lock wait', { 'lock.wait_ms': stockMs - 15 }, at + 2);
    const invDb = child(inventory, invServer, 'UPDATE stock', SpanKind.CLIENT, at + 2, { 'db.system': 'postgresql' });
    invDb.end(at + stockMs);
    invServer.end(at + stockMs + 1);
    invCall.end((at += stockMs + 2));

    const payCall = child(api, handler, 'payments.Charge', SpanKind.CLIENT, (at += 1), { 'rpc.system': 'grpc' });
    const payServer = child(payments, payCall, 'payments.Charge', SpanKind.SERVER, at + 1, {
      'payment.amount_cents': 1000 + Math.floor(rand() * 9000),
    });
    const psp = child(payments, payServer, 'POST /v1/charges', SpanKind.CLIENT, at + 3, {
      'http.request.method': 'POST',
      'server.address': 'psp.example',
    });
    if (failing) {
      psp.setAttribute('http.response.status_code', 503);
      psp.recordException({ name: 'PspUnavailable', message: 'upstream PSP returned 503' }, at + 60);
      psp.setStatus({ code: SpanStatusCode.ERROR, message: 'upstream PSP returned 503' });
      payServer.setStatus({ code: SpanStatusCode.ERROR, message: 'charge failed' });
      handler.setAttribute('http.response.status_code', 502);
      handler.setStatus({ code: SpanStatusCode.ERROR, message: 'payment failed' });
    } else psp.setAttribute('http.response.status_code', 201);
    psp.end(at + 62);
    payServer.end(at + 64);
    payCall.end((at += 66));

    handler.end((at += 2));
    call.end((at += 1));
    root.setAttribute('http.response.status_code', failing ? 502 : 200);
    if (failing) root.setStatus({ code: SpanStatusCode.ERROR });
    root.end(at + 3);
  }
  await Promise.all(all.map((s) => s.provider.forceFlush()));
  await Promise.all(all.map((s) => s.provider.shutdown()));
  return requests;
}
