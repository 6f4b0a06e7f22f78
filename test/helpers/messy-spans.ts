// fast-check arbitrary: random, messy span sets (missing parents, duplicate
// ids, loops, several hosts, overlapping and skewed timings).
import fc from 'fast-check';
import type { SpanKind } from '../../src/model/trace';
import { newWireSpan } from '../../src/model/wire-span';

const KINDS: SpanKind[] = ['server', 'client', 'internal', 'producer', 'consumer', 'unspecified'];

export const messySpans = fc
  .array(
    fc.record({
      id: fc.integer({ min: 1, max: 40 }),
      parent: fc.integer({ min: 0, max: 45 }),
      host: fc.integer({ min: 0, max: 3 }),
      kind: fc.constantFrom(...KINDS),
      startUs: fc.integer({ min: 0, max: 10_000 }),
      durationUs: fc.integer({ min: 0, max: 5_000 }),
    }),
    { minLength: 1, maxLength: 60 },
  )
  .map((records) =>
    records.map((r) =>
      newWireSpan({
        traceId: 'a'.repeat(32),
        spanId: r.id.toString(16).padStart(16, '0'),
        parentSpanId: r.parent === 0 ? '' : r.parent.toString(16).padStart(16, '0'),
        name: `op${r.id}`,
        service: `svc${r.host}`,
        host: `host${r.host}`,
        kind: r.kind,
        startUs: 1_700_000_000_000_000 + r.startUs,
        durationUs: r.durationUs,
      }),
    ),
  );
