import type { Warning } from '../model/trace';
import type { SpanTable } from './span-table';

/**
 * Drops exact repeats of a span (same id, timing, name, service, kind and
 * half), as happen when the same file is dropped twice or an exporter retries
 * a batch. Only spans whose id collides are compared, so the common case costs
 * one map lookup per span.
 */
export function dedupeRows(table: SpanTable, rows: readonly number[]): { rows: number[]; warnings: Warning[] } {
  const firstById = new Map<string, number>();
  let collisions: Set<string> | null = null;
  for (const row of rows) {
    const id = table.spanIds[row] as string;
    if (firstById.has(id)) (collisions ??= new Set()).add(id);
    else firstById.set(id, row);
  }
  if (!collisions) return { rows: rows.slice(), warnings: [] };
  const seen = new Set<string>();
  const kept: number[] = [];
  let dropped = 0;
  for (const row of rows) {
    const id = table.spanIds[row] as string;
    if (collisions.has(id)) {
      const identity = `${id}|${table.startUs[row]}|${table.durationUs[row]}|${table.nameIndex[row]}|${table.serviceIndex[row]}|${table.kind[row]}|${table.shared[row]}`;
      if (seen.has(identity)) {
        dropped++;
        continue;
      }
      seen.add(identity);
    }
    kept.push(row);
  }
  const warnings: Warning[] = dropped
    ? [
        {
          code: 'duplicate-span',
          message: `${dropped} exact duplicate span${dropped === 1 ? ' was' : 's were'} dropped`,
        },
      ]
    : [];
  return { rows: kept, warnings };
}
