import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { TraceSession, type InputFile } from './trace-session';
import { zipkinSpan } from '../../test/helpers/zipkin-spans';

const root = join(import.meta.dirname, '../..');
const file = (path: string, name = path.split('/').pop() ?? path): InputFile => {
  return { name, blob: new Blob([readFileSync(join(root, path))]) };
};

/** A span of trace abc (see zipkinSpan). */
function span(id: string, parentId: string, service: string, startMs: number, durationMs: number) {
  return zipkinSpan('abc', id, parentId, service, startMs, durationMs);
}

function zipkinFile(name: string, spans: object[]): InputFile {
  return { name, blob: new Blob([JSON.stringify(spans)]) };
}

describe('TraceSession', () => {
  it('merges one export per service (OTLP + Zipkin) into one trace with cross-file parents', async () => {
    const session = new TraceSession();
    const report = await session.importFiles([
      file('e2e/files/export-frontend-service.json'),
      file('e2e/files/export-basket-service.json'),
    ]);
    expect(report.failures).toEqual([]);
    expect(report.traces).toHaveLength(1);
    const [trace] = report.traces;
    expect(trace?.summary).toMatchObject({ spanCount: 4, serviceCount: 2, depth: 4, errorCount: 1, orphanCount: 0 });
    expect(trace?.summary.files).toEqual(['export-frontend-service.json', 'export-basket-service.json']);
  });

  it('a newer export of an open trace replaces its spans by id and keeps the spans it lacks, and says so', async () => {
    const session = new TraceSession();
    await session.importFiles([zipkinFile('basket.json', [span('b1', 'a1', 'basket', 20, 50)])]);
    await session.importFiles([zipkinFile('frontend-early.json', [span('a1', '', 'frontend', 0, 100)])]);
    const later = await session.importFiles([
      zipkinFile('frontend-late.json', [span('a1', '', 'frontend', 0, 250), span('a2', 'a1', 'frontend', 120, 90)]),
    ]);
    expect(later.replaced).toEqual([
      {
        traceId: '00000000000000000000000000000abc',
        file: 'frontend-late.json',
        replacedSpans: 1,
        addedSpans: 1,
      },
    ]);
    const trace = later.traces[0];
    expect(trace?.summary).toMatchObject({ spanCount: 3, durationUs: 250_000, orphanCount: 0 });
    expect(trace?.summary.files).toEqual(['basket.json', 'frontend-late.json']);
    expect(trace?.summary.warnings.filter((w) => w.code === 'duplicate-span' || w.code === 'duplicate-id')).toEqual([]);
  });

  it('closes one trace: the others stay, and a file that brings it again opens it afresh', async () => {
    const session = new TraceSession();
    const both = await session.importFiles([
      zipkinFile('two-traces.json', [
        span('a1', '', 'frontend', 0, 100),
        { ...span('c1', '', 'cart', 0, 10), traceId: 'def' },
      ]),
    ]);
    expect(both.traces).toHaveLength(2);
    expect(session.close('00000000000000000000000000000abc')).toBe(true);
    expect(session.close('00000000000000000000000000000abc')).toBe(false);
    expect(await session.details('00000000000000000000000000000abc', 0)).toBeNull();
    expect(await session.details('00000000000000000000000000000def', 0)).not.toBeNull();
    const again = await session.importFiles([zipkinFile('again.json', [span('a1', '', 'frontend', 0, 100)])]);
    expect(again.replaced).toEqual([]);
    expect(again.traces[0]?.summary).toMatchObject({ spanCount: 1, files: ['again.json'] });
  });

  it('resolves parents across separate drops, and dropping the same file again changes nothing', async () => {
    const session = new TraceSession();
    const first = await session.importFiles([file('e2e/files/export-basket-service.json')]);
    expect(first.traces[0]?.summary.orphanCount).toBe(1);
    const second = await session.importFiles([file('e2e/files/export-frontend-service.json')]);
    expect(second.traces[0]?.summary).toMatchObject({ spanCount: 4, orphanCount: 0 });
    const again = await session.importFiles([file('e2e/files/export-frontend-service.json')]);
    expect(again.traces[0]?.summary.spanCount).toBe(4);
  });

  it('reads gzip files and reports failures without losing the good files', async () => {
    const session = new TraceSession();
    const text = readFileSync(join(root, 'test/fixtures/zipkin/span-list.json'));
    const gz = gzipSync(text);
    const report = await session.importFiles([
      { name: 'spans.json.gz', blob: new Blob([gz]) },
      file('test/fixtures/errors/trailing-comma.json'),
    ]);
    expect(report.traces.map((t) => t.summary.spanCount)).toEqual([3]);
    expect(report.failures.map((f) => f.message)).toEqual([expect.stringContaining('trailing-comma.json:3:38')]);
  });

  it('answers a span detail request with self time, references and resolved links', async () => {
    const session = new TraceSession();
    const report = await session.importFiles([file('public/samples/sample-checkout-trace.json')]);
    const columns = report.traces[0];
    if (!columns) throw new Error('no trace');
    const consumer = columns.names.indexOf('orders.created process');
    const index = [...columns.nameIndex].indexOf(consumer);
    const details = await session.details(columns.summary.traceId, index);
    expect(details?.kind).toBe('consumer');
    expect(details?.selfUs).toBe(212_000 - 31_000 - 170_000);
    expect(details?.references.map((r) => [r.kind, r.loaded?.index])).toEqual([
      ['parent', index - 1],
      ['link', index - 1],
    ]);
    expect(await session.details('nope', 0)).toBeNull();
  });
});
