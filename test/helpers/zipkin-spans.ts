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

/**
 * One checkout, twice: a normal run, and a slow one that retried the payment, skipped the cart and ran a fraud check
 * (which made a payment call of its own: the same service and operation at another place in the tree).
 */
export function normalCheckout(traceId: string) {
  return [
    zipkinSpan(traceId, '1', '', 'frontend', 0, 100),
    zipkinSpan(traceId, '2', '1', 'api', 5, 80),
    zipkinSpan(traceId, '3', '2', 'payments', 10, 50),
    zipkinSpan(traceId, '4', '2', 'cart', 70, 10),
  ];
}

export function slowCheckout(traceId: string) {
  return [
    zipkinSpan(traceId, '1', '', 'frontend', 0, 250),
    zipkinSpan(traceId, '2', '1', 'api', 5, 230),
    zipkinSpan(traceId, '3', '2', 'payments', 10, 50),
    zipkinSpan(traceId, '5', '2', 'payments', 70, 120),
    zipkinSpan(traceId, '6', '2', 'fraud', 195, 30),
    zipkinSpan(traceId, '7', '6', 'payments', 200, 5),
  ];
}
