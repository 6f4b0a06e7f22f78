// The status rule of a Zipkin span, shared by the row of a parsed span (zipkin.ts) and of one read by the
// WebAssembly row reader (zipkin-rows.ts).
import { stringAttr } from '../../model/attributes';
import type { Attribute, SpanKind, SpanStatus } from '../../model/trace';
import { asString, HTTP_STATUS_KEYS, withHttpServerError, type JsonObject } from '../wire';

/** A span's status from its tags: the `error` tag, else a server span's HTTP 5xx status. */
export function statusFromTags(kind: SpanKind, tags: JsonObject): SpanStatus {
  let status: SpanStatus = { code: 'unset', message: '' };
  if (Object.hasOwn(tags, 'error')) {
    const text = asString(tags.error);
    status = { code: 'error', message: text !== 'true' ? text : '' };
  }
  // Most spans have no HTTP status tag: no list to make for them.
  const statusTags: Attribute[] = [];
  for (const key of HTTP_STATUS_KEYS)
    if (Object.hasOwn(tags, key)) statusTags.push(stringAttr(key, asString(tags[key])));
  return statusTags.length ? withHttpServerError(kind, statusTags, status) : status;
}
