// Writes public/samples/sample-checkout-trace.json: the trace behind "Open a
// sample". A checkout request across eight services, in OTLP/JSON, with a
// failed payment attempt (exception event), a retry, a Kafka hand-off joined
// by a span link, and one host whose clock runs 4 ms behind.
import { writeFileSync } from 'node:fs';

const T0 = 1767261600000000000n; // 2026-01-01T10:00:00Z in ns
const TRACE_ID = '7f3a9c2e5b8d41f0a6c3e9b2d4f81a57';
let nextId = 1;

type Value = string | number | boolean | string[];
interface Span {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes: unknown[];
  events?: unknown[];
  links?: unknown[];
  status?: { code: number; message?: string };
}

function attr(key: string, value: Value) {
  if (Array.isArray(value)) return { key, value: { arrayValue: { values: value.map((v) => ({ stringValue: v })) } } };
  if (typeof value === 'boolean') return { key, value: { boolValue: value } };
  if (typeof value === 'number')
    return { key, value: Number.isInteger(value) ? { intValue: String(value) } : { doubleValue: value } };
  return { key, value: { stringValue: value } };
}
const ns = (ms: number) => String(T0 + BigInt(Math.round(ms * 1_000_000)));
const spanId = () => (nextId++).toString(16).padStart(4, '0') + 'a1b2c3d4e5f6';

const services = new Map<string, { host: string; version: string; lang: string; spans: Span[] }>();
function service(name: string, host: string, lang: string) {
  services.set(name, { host, version: '2.14.1', lang, spans: [] });
}
service('web-frontend', 'web-7f9c', 'nodejs');
service('api-gateway', 'gw-2', 'go');
service('cart', 'cart-1', 'java');
service('inventory', 'inv-3', 'go');
service('pricing', 'pricing-1', 'python');
service('payments', 'pay-2', 'java');
service('orders', 'orders-1', 'go');
service('email-worker', 'mail-1', 'python');

// Kinds: 1 internal, 2 server, 3 client, 4 producer, 5 consumer
function span(
  svc: string,
  name: string,
  kind: number,
  startMs: number,
  durMs: number,
  parent: Span | null,
  attrs: Record<string, Value> = {},
  extra: Partial<Span> = {},
): Span {
  const s: Span = {
    traceId: TRACE_ID,
    spanId: spanId(),
    ...(parent ? { parentSpanId: parent.spanId } : {}),
    name,
    kind,
    startTimeUnixNano: ns(startMs),
    endTimeUnixNano: ns(startMs + durMs),
    attributes: Object.entries(attrs).map(([k, v]) => attr(k, v)),
    ...extra,
  };
  services.get(svc)?.spans.push(s);
  return s;
}
const rpc = (
  from: string,
  to: string,
  method: string,
  startMs: number,
  durMs: number,
  parent: Span,
  netMs = 0.6,
  attrs: Record<string, Value> = {},
) => {
  const client = span(from, method, 3, startMs, durMs, parent, {
    'rpc.system': 'grpc',
    'rpc.service': to,
    'server.address': `${to}.prod.svc`,
    'server.port': 50051,
  });
  const server = span(to, method, 2, startMs + netMs, durMs - 2 * netMs, client, {
    'rpc.system': 'grpc',
    'rpc.grpc.status_code': 0,
    ...attrs,
  });
  return { client, server };
};

const root = span('web-frontend', 'GET /checkout', 2, 0, 912, null, {
  'http.request.method': 'GET',
  'url.path': '/checkout',
  'url.scheme': 'https',
  'http.route': '/checkout',
  'http.response.status_code': 200,
  'user_agent.original': 'Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0',
  'client.address': '203.0.113.24',
  'session.id': 's-5d1c8e',
});
span('web-frontend', 'session lookup', 1, 1.2, 3.1, root, { 'cache.hit': true });
const gwClient = span('web-frontend', 'POST /api/checkout', 3, 5, 860, root, {
  'http.request.method': 'POST',
  'url.full': 'http://api-gateway/api/checkout',
  'http.response.status_code': 200,
});
const gw = span('api-gateway', 'POST /api/checkout', 2, 6.1, 857, gwClient, {
  'http.request.method': 'POST',
  'http.route': '/api/checkout',
  'http.response.status_code': 200,
  'user.id': 'u-88213',
  'request.body': JSON.stringify({
    cartId: 'c-5521',
    currency: 'EUR',
    shipping: { method: 'express', country: 'DE' },
    coupon: null,
  }),
});
span('api-gateway', 'authenticate', 1, 7, 4.2, gw, { 'auth.method': 'jwt', 'enduser.id': 'u-88213' });

const cart = rpc('api-gateway', 'cart', 'cart.CartService/GetCart', 12, 38, gw);
span('cart', 'HGETALL', 3, 14, 2.4, cart.server, {
  'db.system': 'redis',
  'db.operation.name': 'HGETALL',
  'db.query.text': 'HGETALL cart:c-5521',
});
span('cart', 'SELECT cart_items', 3, 17, 27, cart.server, {
  'db.system': 'postgresql',
  'db.query.text': 'SELECT sku, qty, price_cents FROM cart_items WHERE cart_id = $1',
  'db.response.returned_rows': 7,
});

const inv = rpc('api-gateway', 'inventory', 'inventory.Inventory/Reserve', 52, 96, gw);
for (let i = 0; i < 3; i++) {
  span('inventory', 'SELECT stock', 3, 55 + i * 9, 7.5, inv.server, {
    'db.system': 'postgresql',
    'db.query.text': 'SELECT available FROM stock WHERE sku = $1 FOR UPDATE',
    'app.sku': `SKU-${1040 + i}`,
  });
}
span(
  'inventory',
  'UPDATE stock',
  3,
  84,
  58,
  inv.server,
  {
    'db.system': 'postgresql',
    'db.query.text': 'UPDATE stock SET available = available - $2 WHERE sku = ANY($1)',
    'db.response.returned_rows': 3,
  },
  {
    events: [
      {
        timeUnixNano: ns(90),
        name: 'lock wait',
        attributes: [attr('lock.wait_ms', 41.5), attr('lock.holder', 'pid 31877')],
      },
    ],
  },
);

// The pricing host's clock runs 4 ms behind: its server span starts "before" its client.
const priceClient = span('api-gateway', 'pricing.Pricing/Quote', 3, 150, 31, gw, {
  'rpc.system': 'grpc',
  'rpc.service': 'pricing',
});
const priceServer = span('pricing', 'pricing.Pricing/Quote', 2, 150.8 - 4, 29, priceClient, {
  'rpc.system': 'grpc',
  'pricing.currency': 'EUR',
  'pricing.rules_evaluated': 18,
});
span('pricing', 'apply coupon rules', 1, 152 - 4, 22, priceServer, { 'coupon.code': '(none)' });

const pay = rpc('api-gateway', 'payments', 'payments.Payments/Charge', 184, 604, gw, 0.8, {
  'payment.amount_cents': 18_990,
  'payment.currency': 'EUR',
});
span('payments', 'fraud check', 1, 187, 41, pay.server, { 'fraud.score': 0.07, 'fraud.model': 'gbdt-v12' });
span(
  'payments',
  'POST /v1/charges',
  3,
  230,
  251,
  pay.server,
  {
    'http.request.method': 'POST',
    'url.full': 'https://api.psp.example/v1/charges',
    'server.address': 'api.psp.example',
    'http.response.status_code': 503,
    'http.request.resend_count': 0,
  },
  {
    status: { code: 2, message: 'upstream PSP returned 503 Service Unavailable' },
    events: [
      {
        timeUnixNano: ns(480),
        name: 'exception',
        attributes: [
          attr('exception.type', 'com.shop.payments.PspUnavailableException'),
          attr('exception.message', 'upstream PSP returned 503 Service Unavailable'),
          attr(
            'exception.stacktrace',
            'com.shop.payments.PspUnavailableException: upstream PSP returned 503 Service Unavailable\n\tat com.shop.payments.PspClient.charge(PspClient.java:142)\n\tat com.shop.payments.ChargeHandler.handle(ChargeHandler.java:77)\n\tat io.grpc.stub.ServerCalls$UnaryServerCallHandler.onHalfClose(ServerCalls.java:182)',
          ),
        ],
      },
    ],
  },
);
span(
  'payments',
  'backoff',
  1,
  482,
  100,
  pay.server,
  { 'retry.attempt': 1, 'retry.delay_ms': 100 },
  {
    events: [{ timeUnixNano: ns(482), name: 'retry scheduled', attributes: [attr('retry.reason', 'http 503')] }],
  },
);
span('payments', 'POST /v1/charges', 3, 583, 198, pay.server, {
  'http.request.method': 'POST',
  'url.full': 'https://api.psp.example/v1/charges',
  'server.address': 'api.psp.example',
  'http.response.status_code': 201,
  'http.request.resend_count': 1,
  'psp.charge_id': 'ch_3QkZ9p2eZvKYlo2C',
});

const ord = rpc('api-gateway', 'orders', 'orders.Orders/Create', 792, 64, gw);
span('orders', 'INSERT orders', 3, 795, 14, ord.server, {
  'db.system': 'postgresql',
  'db.query.text': 'INSERT INTO orders (id, user_id, total_cents) VALUES ($1, $2, $3)',
});
span('orders', 'INSERT order_items', 3, 810, 19, ord.server, {
  'db.system': 'postgresql',
  'db.response.returned_rows': 7,
});
const publish = span('orders', 'orders.created publish', 4, 832, 6, ord.server, {
  'messaging.system': 'kafka',
  'messaging.destination.name': 'orders.created',
  'messaging.operation.type': 'send',
  'messaging.kafka.message.key': 'o-771042',
});
span('web-frontend', 'render confirmation', 1, 868, 40, root, { template: 'checkout/confirmation.html' });

// The email worker picks the message up after the request has ended; it links to the publish span.
const consume = span(
  'email-worker',
  'orders.created process',
  5,
  931,
  212,
  publish,
  {
    'messaging.system': 'kafka',
    'messaging.destination.name': 'orders.created',
    'messaging.operation.type': 'process',
    'messaging.consumer.group.name': 'email',
  },
  { links: [{ traceId: TRACE_ID, spanId: publish.spanId, attributes: [attr('link.reason', 'message produced by')] }] },
);
span('email-worker', 'render email', 1, 935, 31, consume, { template: 'order-confirmation', locale: 'de-DE' });
span('email-worker', 'POST /v3/mail/send', 3, 968, 170, consume, {
  'http.request.method': 'POST',
  'server.address': 'mail.example',
  'http.response.status_code': 202,
});

const output = {
  resourceSpans: [...services].map(([name, s]) => ({
    resource: {
      attributes: [
        attr('service.name', name),
        attr('service.version', s.version),
        attr('host.name', s.host),
        attr('telemetry.sdk.language', s.lang),
        attr('deployment.environment.name', 'production'),
      ],
    },
    scopeSpans: [{ scope: { name: `io.opentelemetry.${s.lang}`, version: '1.44.0' }, spans: s.spans }],
  })),
};
writeFileSync(
  new URL('../public/samples/sample-checkout-trace.json', import.meta.url),
  JSON.stringify(output, null, 1) + '\n',
);
console.log(`wrote ${[...services.values()].reduce((n, s) => n + s.spans.length, 0)} spans`);
