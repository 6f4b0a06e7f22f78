// A copy of a span fit to attach to a ticket: attribute values are replaced
// by a short hash of themselves (equal values stay equal, so a reader can
// still see that two spans share a user or a URL), while ids, names,
// services, times, kinds, statuses and the tree stay as they are. Keys that
// say how a request went rather than whose it was keep their values; keys
// that name a secret (a password, a token, a cookie) go altogether. Both lists
// are key patterns (`*` for any run of characters) a person can change.
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

/** Keys whose attributes are left out altogether: a hash of a secret is still too much of it. */
export const DROPPED_PATTERNS: readonly string[] = [
  '*password*',
  '*passwd*',
  '*secret*',
  '*token*',
  '*api_key*',
  '*apikey*',
  '*authorization*',
  '*cookie*',
  'http.request.header.*',
];

/** What a redacted copy keeps and drops, by key pattern; every other attribute value is hashed. Drop wins. */
export interface RedactRules {
  keep: readonly string[];
  drop: readonly string[];
}

export const DEFAULT_RULES: RedactRules = { keep: [...KEPT_KEYS], drop: DROPPED_PATTERNS };

/** The most patterns a list takes, and the longest pattern. */
const MAX_PATTERNS = 200;
const MAX_PATTERN_LENGTH = 200;
/** Stars in one pattern (each is a `.*` the matcher may backtrack over). */
const MAX_STARS = 6;

/**
 * A list of key patterns as a person types it (commas or new lines between them), or what is wrong with it (which
 * pattern, and why).
 */
export function parsePatterns(text: string): { patterns: string[] } | { error: string } {
  const patterns = text
    .split(/[,\n]/)
    .map((p) => p.trim())
    .filter(Boolean);
  if (patterns.length > MAX_PATTERNS) return { error: `at most ${MAX_PATTERNS} patterns, not ${patterns.length}` };
  for (const [n, pattern] of patterns.entries()) {
    if (pattern.length > MAX_PATTERN_LENGTH) {
      return { error: `pattern ${n + 1} is longer than ${MAX_PATTERN_LENGTH} characters` };
    }
    if (/\s/.test(pattern)) return { error: `pattern ${n + 1} ("${pattern}") has a space inside` };
    if (/^\*+$/.test(pattern)) return { error: `pattern ${n + 1} ("${pattern}") matches every key` };
    if (pattern.split('*').length - 1 > MAX_STARS) {
      return { error: `pattern ${n + 1} has more than ${MAX_STARS} *` };
    }
  }
  return { patterns };
}

/** Rules as they arrive from elsewhere (the page, storage): only the patterns parsePatterns takes. */
export function checkedRules(rules: { keep?: unknown; drop?: unknown }): RedactRules {
  const list = (value: unknown, fallback: readonly string[]): readonly string[] => {
    if (!Array.isArray(value)) return fallback;
    const parsed = parsePatterns(value.filter((v): v is string => typeof v === 'string').join('\n'));
    return 'patterns' in parsed ? parsed.patterns : fallback;
  };
  return { keep: list(rules.keep, DEFAULT_RULES.keep), drop: list(rules.drop, DEFAULT_RULES.drop) };
}

/** One test for a list of key patterns: `*` stands for any run of characters, case does not matter. */
export function keyMatcher(patterns: readonly string[]): (key: string) => boolean {
  if (patterns.length === 0) return () => false;
  const body = patterns
    .map((p) =>
      p
        .split('*')
        .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
        .join('.*'),
    )
    .join('|');
  const pattern = new RegExp(`^(?:${body})$`, 'i');
  return (key) => pattern.test(key);
}

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

/** What one rule set does with an attribute of a key: keep its value, hash it, or leave it out. */
type Redactor = (key: string) => 'keep' | 'hash' | 'drop';

/** Keys whose answer is remembered: a trace repeats a few keys on every span. */
const REMEMBERED_KEYS = 10_000;

/** The rules compiled once for a whole trace; each key is decided once. */
export function redactor(rules: RedactRules = DEFAULT_RULES): Redactor {
  const keeps = keyMatcher(rules.keep);
  const drops = keyMatcher(rules.drop);
  const decided = new Map<string, 'keep' | 'hash' | 'drop'>();
  return (key) => {
    let answer = decided.get(key);
    if (answer === undefined) {
      answer = drops(key) ? 'drop' : keeps(key) ? 'keep' : 'hash';
      if (decided.size < REMEMBERED_KEYS) decided.set(key, answer);
    }
    return answer;
  };
}

function redactAttributes(attributes: readonly Attribute[], r: Redactor): Attribute[] {
  const out: Attribute[] = [];
  for (const a of attributes) {
    const answer = r(a.key);
    if (answer !== 'drop') out.push(answer === 'keep' ? a : { key: a.key, value: hashedValue(a.value) });
  }
  return out;
}

/**
 * The span with every attribute value (span, resource, events, links) hashed, but for the keys `r` keeps (as they
 * are) and drops (left out); its status message hashed too.
 */
export function redactSpan(span: WireSpan, r: Redactor = redactor()): WireSpan {
  const message = span.status.message ? `redacted:${fnv1a(span.status.message)}` : '';
  return {
    ...span,
    status: { ...span.status, message },
    attributes: redactAttributes(span.attributes, r),
    resource: redactAttributes(span.resource, r),
    events: span.events.map((e) => ({ ...e, attributes: redactAttributes(e.attributes, r) })),
    links: span.links.map((l) => ({ ...l, attributes: redactAttributes(l.attributes, r) })),
  };
}
