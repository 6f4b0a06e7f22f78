// A generated OTLP trace to run the pipeline on while the page is idle, so the
// first real file does not pay for cold code. It is big enough to take the
// path of big files (shared with the helper worker) and to get the hot loops
// optimized, and its spans are shaped like real ones (several services,
// attributes of each value type, events, errors), so the optimized code fits
// real files instead of being thrown away on the first of them.

const SPANS = 6000;
const SERVICES = ['warm-frontend', 'warm-orders', 'warm-db'];

function attribute(key: string, value: string | number | boolean): object {
  const typed = typeof value === 'string' ? { stringValue: value } : typeof value === 'boolean' ? { boolValue: value } : { intValue: String(value) };
  return { key, value: typed };
}

/**
 * A span id that looks like a real one: 64 bits spread over the whole range (small sequential ids
 * would teach the optimizer that id halves are small integers, and real ones would undo that).
 */
function spanId(i: number): string {
  const half = (n: number) => (Math.imul(n, 0x9e3779b1) >>> 0).toString(16).padStart(8, '0');
  return half(i + 1) + half(i + 0x5bd1e995);
}

function warmUpSpans(service: number): object[] {
  const count = SPANS / SERVICES.length;
  const base = 1_700_000_000_000_000_000n;
  return Array.from({ length: count }, (_, k) => {
    const i = service * count + k;
    const start = base + BigInt(i) * 1_000n;
    const error = i % 23 === 0;
    return {
      traceId: '7c3e9a1f5b2d48e6a0f4c8b2d6e1a9f3',
      spanId: spanId(i),
      ...(i ? { parentSpanId: spanId(Math.ceil(i / 3) - 1) } : {}),
      name: `warm ${i % 7}`,
      kind: 1 + (i % 4),
      startTimeUnixNano: String(start),
      endTimeUnixNano: String(start + BigInt(500 + (i % 97))),
      attributes: [
        attribute('component', i % 2 ? 'http' : 'db'),
        attribute('http.response.status_code', error ? 503 : 200),
        attribute('app.item_count', i % 31),
        attribute('app.cached', i % 3 === 0),
        attribute('url.full', `https://warm.example/items/${i}?page=${i % 9}`),
      ],
      events: i % 7 === 0 ? [{ timeUnixNano: String(start + 100n), name: 'retry' }] : [],
      status: error ? { code: 2, message: 'warm failure' } : {},
    };
  });
}

export function warmUpFile(): string {
  return JSON.stringify({
    resourceSpans: SERVICES.map((name, service) => ({
      resource: { attributes: [attribute('service.name', name), attribute('host.name', `${name}-host`)] },
      scopeSpans: [{ scope: { name: 'warm-up', version: '1' }, spans: warmUpSpans(service) }],
    })),
  });
}
