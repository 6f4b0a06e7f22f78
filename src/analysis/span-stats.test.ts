import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FLAG_ERROR } from '../model/columns';
import { computeSpanStats, type StatsColumns } from './span-stats';

const columnsOf = (
  spans: ReadonlyArray<{ s: number; n: number; d: number; self: number; error: boolean }>,
): StatsColumns => ({
  services: ['a', 'b', 'c'],
  names: ['x', 'y'],
  serviceIndex: Int32Array.from(spans, (x) => x.s),
  nameIndex: Int32Array.from(spans, (x) => x.n),
  durationUs: Float64Array.from(spans, (x) => x.d),
  selfUs: Float64Array.from(spans, (x) => x.self),
  flags: Uint8Array.from(spans, (x) => (x.error ? FLAG_ERROR : 0)),
});

const spanList = fc.array(
  fc.record({ s: fc.nat(2), n: fc.nat(1), d: fc.nat(1000), self: fc.nat(1000), error: fc.boolean() }),
  { maxLength: 60 },
);

describe('span statistics', () => {
  it('agree with a brute force over every group, for both groupings', () => {
    fc.assert(
      fc.property(spanList, fc.constantFrom('service' as const, 'operation' as const), (spans, grouping) => {
        const rows = computeSpanStats(columnsOf(spans), grouping);
        const services = ['a', 'b', 'c'];
        const names = ['x', 'y'];
        const groups = new Map<string, typeof spans>();
        for (const x of spans) {
          const key = grouping === 'service' ? services[x.s] : `${services[x.s]}/${names[x.n]}`;
          groups.set(key as string, [...(groups.get(key as string) ?? []), x]);
        }
        expect(rows).toHaveLength(groups.size);
        for (const row of rows) {
          const members = groups.get(grouping === 'service' ? row.service : `${row.service}/${row.operation}`) ?? [];
          expect(row.count).toBe(members.length);
          expect(row.totalUs).toBe(members.reduce((a, x) => a + x.d, 0));
          expect(row.selfUs).toBe(members.reduce((a, x) => a + x.self, 0));
          expect(row.minUs).toBe(Math.min(...members.map((x) => x.d)));
          expect(row.maxUs).toBe(Math.max(...members.map((x) => x.d)));
          expect(row.errors).toBe(members.filter((x) => x.error).length);
          if (grouping === 'service') expect(row.operation).toBeNull();
        }
      }),
    );
  });
});
