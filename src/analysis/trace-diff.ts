// Two traces of the same request, side by side: spans are matched by their
// path from the root (each ancestor's service and operation, then their own),
// so "payments › POST /charge under api › POST /order" in one trace meets the
// same call in the other, however many times either made it. Each path sums
// its spans' count, durations, self times and errors per trace; the rows that
// changed most say where the slower trace spent its extra time, and paths
// only one trace has show calls that came or went (a retry, a cache miss).
// One pass per trace, in depth-first order (parents come before children):
// no recursion, and a path is named by its parent's id, not by a string as
// long as the trace is deep.
import { FLAG_ERROR } from '../model/columns';
import { quote, type StatsColumns } from './span-stats';

export interface DiffColumns extends StatsColumns {
  count: number;
  parent: Int32Array;
}

export interface DiffSide {
  count: number;
  totalUs: number;
  selfUs: number;
  errors: number;
}

export interface DiffRow {
  /** This path's id; its parent path's id, -1 at a root. */
  id: number;
  parent: number;
  depth: number;
  service: string;
  operation: string;
  /** The query that selects this call's spans (by service and operation, under its parent and grandparent). */
  query: string;
  a: DiffSide;
  b: DiffSide;
}

export interface TraceDiff {
  rows: DiffRow[];
  /** Paths one trace has and the other lacks. */
  onlyA: number;
  onlyB: number;
}

/** Levels of a path its query names: the call, its parent and grandparent (a longer query reads badly). */
const QUERY_LEVELS = 3;

const clause = (service: string, operation: string) => `{ service = ${quote(service)} && name = ${quote(operation)} }`;

/** The query for a path's spans: the call as a child of its parent, of its grandparent (`>` between them). */
function pathQuery(rows: readonly DiffRow[], parent: number, service: string, operation: string): string {
  const steps = [clause(service, operation)];
  for (let at = parent; at >= 0 && steps.length < QUERY_LEVELS; at = (rows[at] as DiffRow).parent) {
    const up = rows[at] as DiffRow;
    steps.unshift(clause(up.service, up.operation));
  }
  return steps.join(' > ');
}

const empty = (): DiffSide => ({ count: 0, totalUs: 0, selfUs: 0, errors: 0 });

function addTrace(columns: DiffColumns, side: 'a' | 'b', byKey: Map<string, number>, rows: DiffRow[]): void {
  const pathOf = new Int32Array(columns.count);
  for (let i = 0; i < columns.count; i++) {
    const p = columns.parent[i] as number;
    // Parents come first; anything else (a damaged column) is taken as a root rather than trusted.
    const parentPath = p >= 0 && p < i ? (pathOf[p] as number) : -1;
    const service = columns.services[columns.serviceIndex[i] as number] ?? '';
    const operation = columns.names[columns.nameIndex[i] as number] ?? '';
    const key = `${parentPath}\u0000${service}\u0000${operation}`;
    let id = byKey.get(key);
    if (id === undefined) {
      id = rows.length;
      byKey.set(key, id);
      rows.push({
        id,
        parent: parentPath,
        depth: parentPath < 0 ? 0 : (rows[parentPath] as DiffRow).depth + 1,
        service,
        operation,
        query: pathQuery(rows, parentPath, service, operation),
        a: empty(),
        b: empty(),
      });
    }
    pathOf[i] = id;
    const figures = (rows[id] as DiffRow)[side];
    figures.count++;
    figures.totalUs += columns.durationUs[i] as number;
    figures.selfUs += columns.selfUs[i] as number;
    if (((columns.flags[i] as number) & FLAG_ERROR) !== 0) figures.errors++;
  }
}

/** Trace `a` against trace `b`: one row per path either has, in order of first appearance (a's, then b's own). */
export function diffTraces(a: DiffColumns, b: DiffColumns): TraceDiff {
  const byKey = new Map<string, number>();
  const rows: DiffRow[] = [];
  addTrace(a, 'a', byKey, rows);
  addTrace(b, 'b', byKey, rows);
  let onlyA = 0;
  let onlyB = 0;
  for (const row of rows) {
    if (row.b.count === 0) onlyA++;
    else if (row.a.count === 0) onlyB++;
  }
  return { rows, onlyA, onlyB };
}

/** How much a row changed from a to b: self time, the time the path itself spent (positive: b took longer). */
export function selfDelta(row: DiffRow): number {
  return row.b.selfUs - row.a.selfUs;
}

/** The names of a row's nearest ancestors, nearest last (at most `most` of them; "…" when there are more). */
export function ancestry(rows: readonly DiffRow[], row: DiffRow, most = 2): string[] {
  const names: string[] = [];
  let at = row.parent;
  while (at >= 0 && names.length < most) {
    const up = rows[at] as DiffRow;
    names.unshift(`${up.service} ${up.operation}`);
    at = up.parent;
  }
  if (at >= 0) names.unshift('…');
  return names;
}
