import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FLAG_ERROR, FLAG_OK, packSpanKeys, SPAN_KINDS } from '../model/columns';
import type { AttrValue } from '../model/trace';
import { evaluateQuery, parseQuery, QueryError, type AttributeLookup, type QueryColumns } from './trace-query';

interface TestSpan {
  depth: number;
  service: string;
  name: string;
  kind: (typeof SPAN_KINDS)[number];
  status: 'error' | 'ok' | 'unset';
  durationUs: number;
  selfUs: number;
  attrs: Record<string, AttrValue>;
  resource: Record<string, AttrValue>;
}

/** Depth-first spans → the columns a query reads, and an attribute lookup over them. */
function build(spans: TestSpan[]): { columns: QueryColumns; attributes: AttributeLookup } {
  const services = [...new Set(spans.map((s) => s.service))];
  const names = [...new Set(spans.map((s) => s.name))];
  const parent = new Int32Array(spans.length).fill(-1);
  const stack: number[] = [];
  spans.forEach((s, i) => {
    while (stack.length > s.depth) stack.pop();
    parent[i] = stack.length ? (stack[stack.length - 1] as number) : -1;
    stack.push(i);
  });
  const columns: QueryColumns = {
    count: spans.length,
    services,
    names,
    serviceIndex: Int32Array.from(spans, (s) => services.indexOf(s.service)),
    nameIndex: Int32Array.from(spans, (s) => names.indexOf(s.name)),
    kind: Uint8Array.from(spans, (s) => SPAN_KINDS.indexOf(s.kind)),
    flags: Uint8Array.from(spans, (s) => (s.status === 'error' ? FLAG_ERROR : s.status === 'ok' ? FLAG_OK : 0)),
    durationUs: Float64Array.from(spans, (s) => s.durationUs),
    selfUs: Float64Array.from(spans, (s) => s.selfUs),
    depth: Int32Array.from(spans, (_, i) => {
      let d = 0;
      for (let p = parent[i] as number; p !== -1; p = parent[p] as number) d++;
      return d;
    }),
    parent,
    spanKeys: packSpanKeys(spans.map((_, i) => (i + 1).toString(16).padStart(16, '0'))),
    critical: Uint8Array.from(spans, (_, i) => (i % 2 === 0 ? 1 : 0)),
    traceDurationUs: 1000,
  };
  const attributes: AttributeLookup = {
    value: (i, ref) => {
      const span = spans[i] as TestSpan;
      if (ref.scope === 'span') return span.attrs[ref.key];
      if (ref.scope === 'resource') return span.resource[ref.key];
      return span.attrs[ref.key] ?? span.resource[ref.key];
    },
    texts: (i) => Object.values((spans[i] as TestSpan).attrs).map((v) => ('value' in v ? String(v.value) : '')),
  };
  return { columns, attributes };
}

const span = (over: Partial<TestSpan>): TestSpan => ({
  depth: 0,
  service: 'frontend',
  name: 'GET /',
  kind: 'server',
  status: 'unset',
  durationUs: 100,
  selfUs: 10,
  attrs: {},
  resource: {},
  ...over,
});

const sample = build([
  span({
    depth: 0,
    service: 'frontend',
    name: 'GET /checkout',
    kind: 'server',
    durationUs: 120_000,
    attrs: { 'http.response.status_code': { type: 'int', value: '500' } },
  }),
  span({
    depth: 1,
    service: 'orders',
    name: 'POST /order',
    kind: 'client',
    durationUs: 80_000,
    attrs: { 'db.rows': { type: 'int', value: '7' } },
  }),
  span({
    depth: 2,
    service: 'orders',
    name: 'SELECT orders',
    kind: 'client',
    status: 'error',
    durationUs: 45_000,
    attrs: { 'db.statement': { type: 'string', value: 'SELECT * FROM orders' } },
  }),
  span({
    depth: 1,
    service: 'pricing',
    name: 'price',
    kind: 'internal',
    status: 'ok',
    durationUs: 250,
    resource: { 'k8s.pod.name': { type: 'string', value: 'pricing-7d9f' } },
  }),
  span({ depth: 0, service: 'worker', name: 'consume', kind: 'consumer', durationUs: 1_500_000 }),
]);

function matches(query: string, from = sample): number[] {
  const parsed = parseQuery(query);
  if (!parsed) return [];
  const mask = evaluateQuery(parsed, from.columns, from.attributes);
  return [...mask.keys()].filter((i) => mask[i]);
}

describe('trace query', () => {
  it('plain text matches service, operation, span id and attribute values, ignoring case', () => {
    expect(matches('orders')).toEqual([1, 2]);
    expect(matches('select * from')).toEqual([2]);
    expect(matches('0000000000000004')).toEqual([3]);
    expect(matches('')).toEqual([]);
  });

  it('each comparison operator on intrinsics, with durations in their units', () => {
    expect(matches('{ name = "price" }')).toEqual([3]);
    expect(matches('{ name != "price" }')).toEqual([0, 1, 2, 4]);
    expect(matches('{ duration > 100ms }')).toEqual([0, 4]);
    expect(matches('{ duration >= 80ms }')).toEqual([0, 1, 4]);
    expect(matches('{ duration < 250us }')).toEqual([]);
    expect(matches('{ duration <= 250us }')).toEqual([3]);
    expect(matches('{ duration > 1.5s }')).toEqual([]);
    expect(matches('{ name =~ "GET.*" }')).toEqual([0]);
    expect(matches('{ name =~ "GET" }')).toEqual([]); // regular expressions match the whole value
    expect(matches('{ name !~ ".*order.*" }')).toEqual([0, 3, 4]);
  });

  it('status, kind, service, depth, self and critical', () => {
    expect(matches('{ status = error }')).toEqual([2]);
    expect(matches('{ status = ok }')).toEqual([3]);
    expect(matches('{ status != unset }')).toEqual([2, 3]);
    expect(matches('{ kind = client }')).toEqual([1, 2]);
    expect(matches('{ resource.service.name = "orders" }')).toEqual([1, 2]);
    expect(matches('{ service = "pricing" }')).toEqual([3]);
    expect(matches('{ depth >= 2 }')).toEqual([2]);
    expect(matches('{ self > 5 }')).toEqual([0, 1, 2, 3, 4]);
    expect(matches('{ critical }')).toEqual([0, 2, 4]);
    expect(matches('{ critical = false }')).toEqual([1, 3]);
  });

  it('attributes are typed: numbers compare as numbers, scoped or not', () => {
    expect(matches('{ span.http.response.status_code >= 500 }')).toEqual([0]);
    expect(matches('{ span.http.response.status_code = "500" }')).toEqual([0]);
    expect(matches('{ .db.rows > 5 }')).toEqual([1]);
    expect(matches('{ .db.rows > 50 }')).toEqual([]);
    expect(matches('{ resource.k8s.pod.name =~ "pricing-.*" }')).toEqual([3]);
    expect(matches('{ span.k8s.pod.name =~ "pricing-.*" }')).toEqual([]);
    expect(matches('{ .k8s.pod.name }')).toEqual([3]);
    expect(matches('{ span.db.rows != 7 }')).toEqual([]); // spans without it match no comparison
  });

  it('&&, ||, ! and parentheses', () => {
    expect(matches('{ service = "orders" && status = error }')).toEqual([2]);
    expect(matches('{ service = "pricing" || status = error }')).toEqual([2, 3]);
    expect(matches('{ !(service = "orders") }')).toEqual([0, 3, 4]);
    expect(matches('{ (kind = client || kind = internal) && duration < 50ms }')).toEqual([2, 3]);
    expect(matches('{ }')).toEqual([0, 1, 2, 3, 4]);
  });

  it('structural operators: descendants, children, siblings; spansets joined by && and ||', () => {
    expect(matches('{ name = "GET /checkout" } >> { kind = client }')).toEqual([1, 2]);
    expect(matches('{ name = "GET /checkout" } > { kind = client }')).toEqual([1]);
    expect(matches('{ service = "orders" && depth = 1 } ~ { }')).toEqual([3]);
    expect(matches('{ depth = 0 } ~ { }')).toEqual([0, 4]); // roots are siblings of each other
    expect(matches('{ status = error } && { status = ok }')).toEqual([2, 3]);
    expect(matches('{ status = error } && { name = "nothing" }')).toEqual([]);
    expect(matches('{ status = error } || { status = ok }')).toEqual([2, 3]);
    expect(matches('{ } >> { } >> { status = error }')).toEqual([2]);
  });

  it('syntax errors say what and at which column', () => {
    const error = (query: string) => {
      try {
        parseQuery(query);
      } catch (e) {
        return e instanceof QueryError ? e.message : String(e);
      }
      return 'no error';
    };
    expect(error('{ name = "a" ')).toBe('column 14: expected "}" but found the end of the query');
    expect(error('{ duration > fast }')).toBe('column 14: duration compares with a number or a duration (100ms, 1.5s)');
    expect(error('{ status = broken }')).toBe('column 12: status is error, ok or unset');
    expect(error('{ kind = sideways }')).toBe(
      'column 10: kind is one of unspecified, internal, server, client, producer, consumer',
    );
    expect(error('{ colour = "red" }')).toMatch(/^column 3: unknown field "colour"/);
    expect(error('{ name =~ "(" }')).toMatch(/^column 11: not a regular expression/);
    expect(error('{ name = "a" } }')).toBe('column 16: unexpected "}" after the query');
    expect(error('{ name = "a }')).toBe('column 10: a string that is never closed');
    expect(error('{ name = }')).toBe('column 10: expected a value after "="');
    expect(error(`{ ${'!'.repeat(5000)} }`)).toMatch(/at most 4096 characters/);
  });

  // An independent evaluator: one span at a time, ancestors found by walking up.
  const random = fc
    .array(
      fc.record({
        up: fc.nat(3),
        service: fc.constantFrom('a', 'b', 'c'),
        name: fc.constantFrom('x', 'y'),
        kind: fc.constantFrom(...SPAN_KINDS),
        status: fc.constantFrom('error' as const, 'ok' as const, 'unset' as const),
        durationUs: fc.nat(2000),
        code: fc.option(fc.constantFrom(200, 404, 500, 503), { nil: undefined }),
      }),
      { minLength: 1, maxLength: 30 },
    )
    .map((list) => {
      let depth = 0;
      return list.map((s, i) => {
        depth = i === 0 ? 0 : Math.max(0, depth + 1 - s.up);
        return span({
          depth,
          service: s.service,
          name: s.name,
          kind: s.kind,
          status: s.status,
          durationUs: s.durationUs,
          attrs: s.code === undefined ? {} : { code: { type: 'int', value: String(s.code) } },
        });
      });
    });

  type Leaf = { text: string; test: (s: TestSpan) => boolean };
  const leaf: fc.Arbitrary<Leaf> = fc.oneof(
    fc.constantFrom('a', 'b', 'c').map((v) => ({ text: `service = "${v}"`, test: (s: TestSpan) => s.service === v })),
    fc.constantFrom('x', 'y').map((v) => ({ text: `name != "${v}"`, test: (s: TestSpan) => s.name !== v })),
    fc.constantFrom(...SPAN_KINDS).map((v) => ({ text: `kind = ${v}`, test: (s: TestSpan) => s.kind === v })),
    fc
      .constantFrom('error', 'ok', 'unset')
      .map((v) => ({ text: `status = ${v}`, test: (s: TestSpan) => s.status === v })),
    fc.nat(2000).map((v) => ({ text: `duration > ${v}us`, test: (s: TestSpan) => s.durationUs > v })),
    fc.constantFrom(200, 404, 500).map((v) => ({
      text: `span.code >= ${v}`,
      test: (s: TestSpan) => s.attrs.code !== undefined && Number((s.attrs.code as { value: string }).value) >= v,
    })),
  );
  const condition: fc.Arbitrary<Leaf> = fc.letrec((tie) => ({
    node: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      leaf,
      fc
        .tuple(tie('node') as fc.Arbitrary<Leaf>, tie('node') as fc.Arbitrary<Leaf>)
        .map(([l, r]) => ({ text: `(${l.text} && ${r.text})`, test: (s: TestSpan) => l.test(s) && r.test(s) })),
      fc
        .tuple(tie('node') as fc.Arbitrary<Leaf>, tie('node') as fc.Arbitrary<Leaf>)
        .map(([l, r]) => ({ text: `(${l.text} || ${r.text})`, test: (s: TestSpan) => l.test(s) || r.test(s) })),
      (tie('node') as fc.Arbitrary<Leaf>).map((x) => ({ text: `!(${x.text})`, test: (s: TestSpan) => !x.test(s) })),
    ),
  })).node;

  it('agrees with a span-at-a-time evaluator on random traces, for conditions and structural operators', () => {
    fc.assert(
      fc.property(
        random,
        condition,
        condition,
        fc.constantFrom('' as const, '>>', '>', '~', '&&', '||'),
        (spans, a, b, op) => {
          const built = build(spans);
          const parentOf = (i: number) => built.columns.parent[i] as number;
          const inA = (i: number) => a.test(spans[i] as TestSpan);
          const inB = (i: number) => b.test(spans[i] as TestSpan);
          const anyA = spans.some((_, i) => inA(i));
          const anyB = spans.some((_, i) => inB(i));
          const expected = spans.map((_, i) => {
            switch (op) {
              case '':
                return inA(i);
              case '>>': {
                for (let p = parentOf(i); p !== -1; p = parentOf(p)) if (inA(p)) return inB(i);
                return false;
              }
              case '>':
                return parentOf(i) !== -1 && inA(parentOf(i)) && inB(i);
              case '~':
                return inB(i) && spans.some((_, j) => j !== i && parentOf(j) === parentOf(i) && inA(j));
              case '&&':
                return anyA && anyB && (inA(i) || inB(i));
              case '||':
                return inA(i) || inB(i);
            }
          });
          const query = op === '' ? `{ ${a.text} }` : `{ ${a.text} } ${op} { ${b.text} }`;
          const got = evaluateQuery(
            parseQuery(query) as NonNullable<ReturnType<typeof parseQuery>>,
            built.columns,
            built.attributes,
          );
          expect([...got].map(Boolean)).toEqual(expected);
        },
      ),
      { numRuns: 300 },
    );
  });
});
