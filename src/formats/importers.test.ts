import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findAttr } from '../model/attributes';
import { importText } from './detect';
import { spanKindFromText } from './wire';

const fixtures = join(import.meta.dirname, '../../test/fixtures');
const load = (path: string) => {
  const result = importText(readFileSync(join(fixtures, path), 'utf8'), path);
  if (!result.ok) throw new Error(result.message);
  return result;
};
const spanNamed = (spans: ReturnType<typeof load>['spans'], name: string) => {
  const span = spans.find((s) => s.name === name);
  if (!span) throw new Error(`no span ${name}`);
  return span;
};

describe('Jaeger importer', () => {
  it('keeps every tag type: int64 as a lossless string, binary as base64, floats, bools', () => {
    const span = spanNamed(load('jaeger/tag-types-and-error-values.json').spans, 'error-bool-true');
    expect(findAttr(span.attributes, 'db.rows')).toEqual({ type: 'int', value: '9223372036854775000' });
    expect(findAttr(span.attributes, 'ratio')).toEqual({ type: 'double', value: 0.25 });
    expect(findAttr(span.attributes, 'payload')).toEqual({ type: 'bytes', value: 'AQID' });
    expect(findAttr(span.attributes, 'cached')).toEqual({ type: 'bool', value: false });
  });

  it('turns logs into events named by their event field, and reads an inline process', () => {
    const span = spanNamed(load('jaeger/inline-process-and-logs.json').spans, 'handle');
    expect(span.service).toBe('inline-svc');
    expect(span.host).toBe('10.0.0.7');
    expect(span.events.map((e) => e.name)).toEqual(['cache miss', 'done']);
    expect(span.events[0]?.attributes).toEqual([{ key: 'key', value: { type: 'string', value: 'user:42' } }]);
  });

  it('makes the first resolvable CHILD_OF the parent and every other reference a link', () => {
    const span = spanNamed(load('jaeger/references-child-of-and-links.json').spans, 'child-with-links');
    expect(span.parentSpanId).toBe('0000000000000001');
    expect(span.links.map((l) => [l.kind, l.spanId])).toEqual([
      ['child_of', '00000000000000ff'],
      ['follows_from', '0000000000000002'],
      ['child_of', '0000000000000777'],
    ]);
    expect(span.links[2]?.traceId).toBe('00000000000000000000000000000999');
  });

  it('reads the status message of OTel-converted spans', () => {
    const span = spanNamed(load('jaeger/tag-types-and-error-values.json').spans, 'otel-status-error');
    expect(span.status).toEqual({ code: 'error', message: 'deadline exceeded' });
  });
});

describe('Zipkin importer', () => {
  it('maps local and remote endpoints, annotations and the error tag message', () => {
    const spans = load('zipkin/span-list.json').spans;
    const client = spanNamed(spans, 'get');
    expect(findAttr(client.attributes, 'peer.service')).toEqual({ type: 'string', value: 'backend' });
    expect(findAttr(client.attributes, 'network.peer.port')).toEqual({ type: 'int', value: '9000' });
    expect(findAttr(client.resource, 'host.ip')).toEqual({ type: 'string', value: '172.17.0.13' });
    expect(client.events.map((e) => [e.name, e.timeUs])).toEqual([
      ['wire send', 1735689600003000],
      ['wire recv', 1735689600021000],
    ]);
    const failed = spanNamed(load('zipkin/error-tag.json').spans, 'POST /order');
    expect(failed.status).toEqual({ code: 'error', message: 'payment declined' });
  });

  it('marks the server half of a shared span', () => {
    const spans = load('zipkin/shared-client-server-span.json').spans.filter((s) => s.spanId === '0000000000000002');
    expect(spans.map((s) => [s.kind, s.shared])).toEqual([
      ['client', false],
      ['server', true],
    ]);
  });
});

describe('OTLP importer', () => {
  it('reads every AnyValue', () => {
    const span = load('otlp/any-values-links-dropped-counts.json').spans[0];
    const attr = (key: string) => findAttr(span?.attributes ?? [], key);
    expect(attr('big')).toEqual({ type: 'int', value: '9007199254740993' });
    expect(attr('n')).toEqual({ type: 'int', value: '42' });
    expect(attr('d')).toEqual({ type: 'double', value: 3.5 });
    expect(attr('raw')).toEqual({ type: 'bytes', value: '3q2+7w==' });
    expect(attr('list')).toEqual({
      type: 'array',
      value: [
        { type: 'string', value: 'a' },
        { type: 'int', value: '1' },
      ],
    });
    expect(attr('map')).toEqual({ type: 'kvlist', value: [{ key: 'inner', value: { type: 'bool', value: false } }] });
    expect(attr('nothing')).toEqual({ type: 'empty' });
    expect(span?.links).toEqual([
      {
        traceId: '77777777777777777777777777777777',
        spanId: '7777777777777771',
        kind: 'link',
        attributes: [{ key: 'reason', value: { type: 'string', value: 'batch' } }],
      },
    ]);
    expect(span?.dropped).toEqual({ attributes: 3, events: 1, links: 0 });
  });

  it('keeps the scope and resource, and event attributes', () => {
    const spans = load('otlp/resource-spans-hex-ids.json').spans;
    const span = spanNamed(spans, 'reserve stock');
    expect(span.scope).toEqual({ name: 'my.library', version: '1.0.0' });
    expect(span.host).toBe('node-1');
    expect(span.events[0]).toEqual({
      timeUs: 1735689600050000,
      name: 'retry',
      attributes: [{ key: 'attempt', value: { type: 'int', value: '2' } }],
    });
  });

  it('reads ns strings exactly through BigInt for durations', () => {
    const span = spanNamed(load('otlp/nanosecond-durations-exact.json').spans, 'inner 1.5us');
    expect(span.durationUs).toBe(1.5);
  });
});

describe('span kinds', () => {
  it('are read as every format spells them: upper or lower case, with a SPAN_KIND_ or SpanKind. prefix', () => {
    const spelled: Array<[string, string]> = [
      ['SERVER', 'server'],
      ['server', 'server'],
      ['Client', 'client'],
      ['SPAN_KIND_PRODUCER', 'producer'],
      ['SpanKind.CONSUMER', 'consumer'],
      ['INTERNAL', 'internal'],
      ['LOCAL', 'unspecified'],
      ['', 'unspecified'],
    ];
    expect(spelled.map(([text]) => [text, spanKindFromText(text)])).toEqual(spelled);
  });
});
