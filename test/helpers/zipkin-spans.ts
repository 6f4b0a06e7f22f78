// Small Zipkin v2 traces written in a test: one span per call, dated from a fixed instant.

/** A Zipkin v2 span of trace `traceId`: its id, parent ('' for a root), service, start and duration in ms. */
export function zipkinSpan(
  traceId: string,
  id: string,
  parentId: string,
  service: string,
  startMs: number,
  durationMs: number,
) {
  return {
    traceId,
    id: id.padStart(16, '0'),
    ...(parentId ? { parentId: parentId.padStart(16, '0') } : {}),
    name: `${service} work`,
    timestamp: 1_700_000_000_000_000 + startMs * 1000,
    duration: durationMs * 1000,
    localEndpoint: { serviceName: service },
  };
}
