// A tiny generated OTLP trace to run the pipeline on while the page is idle,
// so the first real file does not pay for cold (interpreted) code.
function warmUpSpans(): object[] {
  return Array.from({ length: 300 }, (_, i) => ({
    traceId: 'abababababababababababababababab',
    spanId: (i + 1).toString(16).padStart(16, '0'),
    ...(i ? { parentSpanId: Math.ceil(i / 3).toString(16).padStart(16, '0') } : {}),
    name: `warm ${i % 7}`,
    kind: 1 + (i % 3),
    startTimeUnixNano: `${1_700_000_000_000_000_000n + BigInt(i) * 1000n}`,
    endTimeUnixNano: `${1_700_000_000_000_000_000n + BigInt(i) * 1000n + 500n}`,
    attributes: [{ key: 'k', value: { stringValue: 'v' } }],
  }));
}

const WARM_UP_RESOURCE = { attributes: [{ key: 'service.name', value: { stringValue: 'warm' } }] };

export function warmUpFile(): string {
  return JSON.stringify({ resourceSpans: [{ resource: WARM_UP_RESOURCE, scopeSpans: [{ spans: warmUpSpans() }] }] });
}
