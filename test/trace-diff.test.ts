// Two traces of one request compared call by call (src/analysis/trace-diff.ts), on traces the importer built.
import { describe, expect, it } from 'vitest';
import { TraceSession } from '../src/worker/trace-session';
import { normalCheckout, slowCheckout, zipkinSpan } from './helpers/zipkin-spans';
import { ancestry, diffTraces, selfDelta } from '../src/analysis/trace-diff';
import type { TraceColumns } from '../src/model/columns';

async function columnsOf(spans: object[]): Promise<TraceColumns> {
  const report = await new TraceSession().importFiles([{ name: 't.json', blob: new Blob([JSON.stringify(spans)]) }]);
  const columns = report.traces[0];
  if (!columns) throw new Error('no trace');
  return columns;
}

const fast = normalCheckout('a');
const slow = slowCheckout('b');

describe('diffTraces', () => {
  it('matches spans by their path from the root and sums each side', async () => {
    const { rows, onlyA, onlyB } = diffTraces(await columnsOf(fast), await columnsOf(slow));
    const byPath = new Map(rows.map((r) => [[...ancestry(rows, r, 9), `${r.service} ${r.operation}`].join(' › '), r]));
    expect([...byPath.keys()]).toEqual([
      'frontend frontend work',
      'frontend frontend work › api api work',
      'frontend frontend work › api api work › payments payments work',
      'frontend frontend work › api api work › cart cart work',
      'frontend frontend work › api api work › fraud fraud work',
      'frontend frontend work › api api work › fraud fraud work › payments payments work',
    ]);
    const payments = byPath.get('frontend frontend work › api api work › payments payments work');
    expect(payments?.a).toEqual({ count: 1, totalUs: 50_000, selfUs: 50_000, errors: 0 });
    expect(payments?.b).toEqual({ count: 2, totalUs: 170_000, selfUs: 170_000, errors: 0 });
    expect(payments && selfDelta(payments)).toBe(120_000);
    expect(rows[0]?.a.totalUs).toBe(100_000);
    expect(rows[0]?.b.totalUs).toBe(250_000);
    expect(onlyA).toBe(1); // the cart
    expect(onlyB).toBe(2); // the fraud check and the payment under it
    expect(rows.map((r) => r.depth)).toEqual([0, 1, 2, 2, 2, 3]);
    expect(payments?.query).toBe(
      '{ service = "frontend" && name = "frontend work" } > { service = "api" && name = "api work" } > ' +
        '{ service = "payments" && name = "payments work" }',
    );
    expect(rows[0]?.query).toBe('{ service = "frontend" && name = "frontend work" }');
  });

  it('names at most a few ancestors, and says when there are more', async () => {
    const { rows } = diffTraces(await columnsOf(slow), await columnsOf(fast));
    const deepest = rows.find((r) => r.depth === 3);
    expect(deepest && ancestry(rows, deepest)).toEqual(['…', 'api api work', 'fraud fraud work']);
  });

  it('walks a trace 100,000 levels deep without recursion', async () => {
    const chain = Array.from({ length: 100_000 }, (_, i) =>
      zipkinSpan('c', (i + 1).toString(16), i ? i.toString(16) : '', 'svc', i, 100_000 - i),
    );
    const columns = await columnsOf(chain);
    const diff = diffTraces(columns, columns);
    expect(diff.rows).toHaveLength(100_000);
    expect(diff.rows[99_999]?.depth).toBe(99_999);
    expect(diff.onlyA + diff.onlyB).toBe(0);
  });
});
