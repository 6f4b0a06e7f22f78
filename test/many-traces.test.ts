// A file of many small traces: the columns cross to the page in a few packed
// buffers (Chromium's transfer time grows with the square of the buffer count),
// and each trace reads the same as before packing.
import { describe, expect, it } from 'vitest';
import { transferBuffers, type TraceColumns } from '../src/model/columns';
import { TraceSession } from '../src/worker/trace-session';

function zipkinTraces(count: number): string {
  const spans = Array.from({ length: count }, (_, i) => ({
    traceId: (i + 1).toString(16).padStart(32, '0'),
    id: (i + 1).toString(16).padStart(16, '0'),
    name: `op ${i % 7}`,
    timestamp: 1_735_689_600_000_000 + i * 1000,
    duration: 100 + i,
    localEndpoint: { serviceName: `svc-${i % 3}` },
    annotations: i % 2 ? [{ timestamp: 1_735_689_600_000_000 + i * 1000 + 5, value: 'tick' }] : [],
  }));
  return JSON.stringify(spans);
}

const snapshot = (c: TraceColumns) => ({
  start: [...c.startUs], duration: [...c.durationUs], self: [...c.selfUs], flags: [...c.flags],
  events: [...c.eventOffset], eventTimes: [...c.eventTimeUs], ends: [...c.spanKeys.ends], service: [...c.serviceIndex],
});

describe('many traces in one file', () => {
  it('2,000 one-span traces each become a trace, and cross to the page in 14 buffers with the same values', async () => {
    const report = await new TraceSession().importFiles([{ name: 'many.json', blob: new Blob([zipkinTraces(2000)]) }]);
    expect(report.traces).toHaveLength(2000);
    const before = report.traces.map(snapshot);
    const buffers = transferBuffers(report.traces);
    expect(buffers).toHaveLength(14);
    expect(report.traces.map(snapshot)).toEqual(before);
    expect(report.traces[1999]?.durationUs.buffer).toBe(report.traces[0]?.durationUs.buffer);
  });

  it('a few traces keep their own buffers', async () => {
    const report = await new TraceSession().importFiles([{ name: 'few.json', blob: new Blob([zipkinTraces(3)]) }]);
    expect(transferBuffers(report.traces)).toHaveLength(3 * 14);
  });
});
