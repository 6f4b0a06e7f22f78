import { importText } from '../../src/formats/detect';
import type { Trace } from '../../src/model/trace';
import { buildTrace, groupByTrace } from '../../src/tree/build-trace';

/** The whole import pipeline in-process: text → every trace in it. */
export function loadTraces(text: string, fileName = 'input.json'): { traces: Trace[]; error: string | null } {
  const imported = importText(text, fileName);
  if (!imported.ok) return { traces: [], error: imported.message };
  const traces = [...groupByTrace(imported.spans).values()].map((spans) =>
    buildTrace(spans, { format: imported.format, warnings: imported.warnings }),
  );
  return { traces, error: null };
}
