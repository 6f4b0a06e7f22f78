// A generated OTLP file to run the pipeline on while the page is idle, so the
// first real file does not pay for cold code. It is big enough to take the
// path of big files (shared with the helper worker) and to get the hot loops
// optimized, and its spans are shaped like real ones (several services,
// attributes of each value type, events, errors), so the optimized code fits
// real files instead of being thrown away on the first of them. It holds a
// hundred traces: the code that runs once per trace (the build) then runs
// often enough to be optimized as a whole, not only inside its loops.

const SPANS = 6000;
const SERVICES = ['warm-frontend', 'warm-orders', 'warm-db'];

function attribute(key: string, value: string | number | boolean): object {
  const typed =
    typeof value === 'string'
      ? { stringValue: value }
      : typeof value === 'boolean'
        ? { boolValue: value }
        : { intValue: String(value) };
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

const TRACES = 100;

function traceId(t: number): string {
  return `7c3e9a1f5b2d48e6a0f4c8b2${(0x100000 + t * 7919).toString(16).slice(-6)}d6e1a9f3`;
}

/** Span i belongs to trace i % TRACES, where it is the (i / TRACES)th; a trace's spans form a tree of fan-out three. */
function warmUpSpans(service: number): object[] {
  const base = 1_700_000_000_000_000_000n;
  const spans: object[] = [];
  for (let i = service; i < SPANS; i += SERVICES.length) {
    const t = i % TRACES;
    const j = Math.floor(i / TRACES);
    const start = base + BigInt(j) * 1_000n;
    const error = i % 23 === 0;
    spans.push({
      traceId: traceId(t),
      spanId: spanId(i),
      ...(j ? { parentSpanId: spanId((Math.ceil(j / 3) - 1) * TRACES + t) } : {}),
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
    });
  }
  return spans;
}

export function warmUpFile(): string {
  return JSON.stringify({
    resourceSpans: SERVICES.map((name, service) => ({
      resource: { attributes: [attribute('service.name', name), attribute('host.name', `${name}-host`)] },
      scopeSpans: [{ scope: { name: 'warm-up', version: '1' }, spans: warmUpSpans(service) }],
    })),
  });
}
