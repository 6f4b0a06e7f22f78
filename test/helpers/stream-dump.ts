import { TraceSession } from '../../src/worker/trace-session';
import { dumpColumns } from './dump-trace';

export interface StreamOptionsForTest {
  chunkBytes?: number;
  oneShotLimit?: number;
  batchBytes?: number;
  readWholeBytes?: number;
}

/**
 * The streaming path as the page uses it (chunks → scanner → batches →
 * columns, details read again from the bytes), dumped like the one-shot path's traces.
 */
export async function streamDump(
  text: string,
  name: string,
  options: StreamOptionsForTest = {},
): Promise<{ dump: string; error: string | null }> {
  const session = new TraceSession(options);
  const report = await session.importFiles([{ name, blob: new Blob([text]) }]);
  if (report.failures.length) return { dump: '', error: report.failures[0]?.message ?? '' };
  const dumps: Array<[string, string]> = [];
  for (const columns of report.traces) {
    const details = await Promise.all(
      Array.from({ length: columns.count }, (_, i) => session.details(columns.summary.traceId, i)),
    );
    dumps.push([columns.summary.traceId, dumpColumns(columns, details)]);
  }
  dumps.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return { dump: dumps.map(([, d]) => d).join('\n\n'), error: null };
}
