// A file of many small traces: the columns cross to the page in a few packed
// buffers (Chromium's transfer time grows with the square of the buffer count),
// and each trace reads the same as before packing.
import { describe, expect, it } from 'vitest';
import { packedBuffers, packTraces, transferBuffers, unpackTraces, type TraceColumns } from '../src/model/columns';
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
  start: [...c.startUs],
  duration: [...c.durationUs],
  self: [...c.selfUs],
  flags: [...c.flags],
  events: [...c.eventOffset],
  eventTimes: [...c.eventTimeUs],
  ends: [...c.spanKeys.ends],
  service: [...c.serviceIndex],
});

describe('many traces in one file', () => {
  it('2,000 one-span traces each become a trace, and cross to the page in 16 buffers and one text, reading the same', async () => {
    const report = await new TraceSession().importFiles([{ name: 'many.json', blob: new Blob([zipkinTraces(2000)]) }]);
    expect(report.traces).toHaveLength(2000);
    const packed = packTraces(report.traces);
    expect(packedBuffers(packed)).toHaveLength(16);
    const unpacked = unpackTraces(structuredClone(packed));
    expect(unpacked.map(snapshot)).toEqual(report.traces.map(snapshot));
    expect(unpacked.map((t) => t.summary)).toEqual(report.traces.map((t) => t.summary));
    expect(unpacked.map((t) => [t.services, t.names, t.serviceStats, t.count, t.spanKeys.text])).toEqual(
      report.traces.map((t) => [t.services, t.names, t.serviceStats, t.count, t.spanKeys.text]),
    );
    const first = unpacked[0] as unknown as Record<string, unknown>;
    const original = report.traces[0] as unknown as Record<string, unknown>;
    for (const [key, value] of Object.entries(original))
      if (ArrayBuffer.isView(value)) expect((first[key] as object).constructor).toBe(value.constructor);
  });

  it("a few traces cross with their own buffers, copies of the session's", async () => {
    const session = new TraceSession();
    const report = await session.importFiles([{ name: 'few.json', blob: new Blob([zipkinTraces(3)]) }]);
    const trace = report.traces[0] as TraceColumns;
    const starts = [...trace.startUs];
    const buffers = transferBuffers(report.traces);
    expect(buffers).toHaveLength(3 * 14);
    expect(new Set(buffers).size).toBe(buffers.length);
    // Moved away (detached here, as a postMessage to the page leaves them): the session still has its own.
    structuredClone(buffers, { transfer: buffers });
    expect(trace.startUs.length).toBe(0);
    const path = session.criticalPath(trace.summary.traceId);
    expect(path?.spans.length).toBeGreaterThan(0);
    expect([...(session.criticalPath(trace.summary.traceId)?.pathUs ?? [])].length).toBeGreaterThan(0);
    expect(starts.length).toBe(trace.count);
  });
});
