import { describe, expect, it } from 'vitest';
import { checkedRules, DEFAULT_RULES, keyMatcher, parsePatterns, redactor, redactSpan } from './redact';
import type { WireSpan } from './trace';

const span: WireSpan = {
  traceId: 't',
  spanId: 's',
  parentSpanId: '',
  name: 'POST /login',
  service: 'auth',
  host: '',
  kind: 'server',
  startUs: 1,
  durationUs: 2,
  status: { code: 'error', message: 'bad password for alice' },
  attributes: [
    { key: 'http.response.status_code', value: { type: 'int', value: 401 } },
    { key: 'user.email', value: { type: 'string', value: 'alice@example.com' } },
    { key: 'http.request.header.authorization', value: { type: 'string', value: 'Bearer abc' } },
    { key: 'db.Password', value: { type: 'string', value: 'hunter2' } },
  ],
  resource: [{ key: 'service.name', value: { type: 'string', value: 'auth' } }],
  events: [],
  links: [],
  warnings: [],
} as unknown as WireSpan;

describe('key patterns', () => {
  it('match whole keys, * as any run of characters, whatever the case, and nothing else', () => {
    const matches = keyMatcher(['http.*', '*token*', 'user.id']);
    expect(['http.route', 'HTTP.method', 'x.api_token.y', 'user.id'].filter(matches)).toHaveLength(4);
    expect(['xhttp.route', 'user.ids', 'user_id', 'tok'].filter(matches)).toEqual([]);
    // Characters that mean something in a regular expression mean only themselves.
    expect(keyMatcher(['a.b'])('axb')).toBe(false);
    expect(keyMatcher(['(x)+'])('(x)+')).toBe(true);
    expect(keyMatcher([])('anything')).toBe(false);
  });

  it('are typed with commas or new lines, and a bad one is named', () => {
    expect(parsePatterns(' http.* ,user.id\n\n*token* ')).toEqual({ patterns: ['http.*', 'user.id', '*token*'] });
    expect(parsePatterns('a, b c')).toEqual({ error: 'pattern 2 ("b c") has a space inside' });
    expect(parsePatterns('a, **')).toEqual({ error: 'pattern 2 ("**") matches every key' });
    expect(parsePatterns('*a*b*c*d*e*f*g')).toEqual({ error: 'pattern 1 has more than 6 *' });
    expect(parsePatterns('x'.repeat(201))).toMatchObject({ error: 'pattern 1 is longer than 200 characters' });
  });

  it('from elsewhere keep only what parsePatterns takes, and fall back to the defaults', () => {
    expect(checkedRules({ keep: ['a.*', 3], drop: 'nope' })).toEqual({ keep: ['a.*'], drop: DEFAULT_RULES.drop });
    expect(checkedRules({ keep: ['a b'] }).keep).toEqual(DEFAULT_RULES.keep);
  });
});

describe('redactSpan', () => {
  it('by default keeps the outcome, drops secrets and hashes the rest, and the status message', () => {
    const out = redactSpan(span);
    expect(out.attributes.map((a) => a.key)).toEqual(['http.response.status_code', 'user.email']);
    expect(out.attributes[0]?.value).toEqual({ type: 'int', value: 401 });
    expect(out.attributes[1]?.value).toEqual({
      type: 'string',
      value: expect.stringMatching(/^redacted:[0-9a-f]{8}$/),
    });
    expect(out.status).toEqual({ code: 'error', message: expect.stringMatching(/^redacted:/) });
    expect(out.resource).toEqual(span.resource);
    expect(out.name).toBe('POST /login');
  });

  it('drop wins over keep; equal values hash equal', () => {
    const out = redactSpan(span, redactor({ keep: ['*'.concat('.email'), 'db.*'], drop: ['*password*'] }));
    expect(out.attributes.map((a) => a.key)).toEqual([
      'http.response.status_code',
      'user.email',
      'http.request.header.authorization',
    ]);
    expect(out.attributes[1]?.value).toEqual({ type: 'string', value: 'alice@example.com' });
    const twice = redactSpan({ ...span, attributes: [span.attributes[1]!, { ...span.attributes[1]!, key: 'x' }] });
    expect(twice.attributes[0]?.value).toEqual(twice.attributes[1]?.value);
  });
});
