// A copy of a span fit to attach to a ticket: attribute values are replaced
// by a short hash of themselves (equal values stay equal, so a reader can
// still see that two spans share a user or a URL), while ids, names,
// services, times, kinds, statuses and the tree stay as they are. Keys that
// say how a request went rather than whose it was keep their values.
import type { Attribute, AttrValue, WireSpan } from './trace';

/** Keys whose values are kept: they describe the request's outcome, not its content. */
export const KEPT_KEYS: ReadonlySet<string> = new Set([
  'service.name',
  'service.namespace',
  'service.version',
  'span.kind',
  'error',
  'otel.status_code',
  'http.status_code',
  'http.response.status_code',
  'http.method',
  'http.request.method',
  'rpc.system',
  'rpc.grpc.status_code',
  'db.system',
  'messaging.system',
  'telemetry.sdk.name',
  'telemetry.sdk.language',
  'telemetry.sdk.version',
]);

/** FNV-1a, 32 bits, as 8 hex digits: short and stable, not a secret-keeping hash (see the README). */
function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

function hashedValue(value: AttrValue): AttrValue {
  if (value.type === 'empty') return value;
  return { type: 'string', value: `redacted:${fnv1a(JSON.stringify(value))}` };
}

function redactAttributes(attributes: readonly Attribute[], keep: ReadonlySet<string>): Attribute[] {
  return attributes.map((a) => (keep.has(a.key) ? a : { key: a.key, value: hashedValue(a.value) }));
}

/**
 * The span with every attribute value (span, resource, events, links) hashed but for `keep`; its status message too.
 */
export function redactSpan(span: WireSpan, keep: ReadonlySet<string> = KEPT_KEYS): WireSpan {
  const message = span.status.message ? `redacted:${fnv1a(span.status.message)}` : '';
  return {
    ...span,
    status: { ...span.status, message },
    attributes: redactAttributes(span.attributes, keep),
    resource: redactAttributes(span.resource, keep),
    events: span.events.map((e) => ({ ...e, attributes: redactAttributes(e.attributes, keep) })),
    links: span.links.map((l) => ({ ...l, attributes: redactAttributes(l.attributes, keep) })),
  };
}
