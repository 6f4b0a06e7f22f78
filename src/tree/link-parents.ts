import type { Warning } from '../model/trace';
import type { IdIndex } from './id-index';
import { PARENT_NONE, type SpanTable } from './span-table';

export interface ParentLinks {
  parents: Int32Array;
  orphans: number[];
  spanWarnings: Map<number, Warning[]>;
}

/**
 * Resolves each parent key to an index; a parent that is not here makes the
 * span an orphan root. `indexByKey` may be passed in when the caller has it.
 */
export function linkParents(
  keys: readonly string[],
  parentKeys: readonly string[],
  known?: ReadonlyMap<string, number>,
): ParentLinks {
  let indexByKey = known;
  if (!indexByKey) {
    const map = new Map<string, number>();
    keys.forEach((key, index) => map.set(key, index));
    indexByKey = map;
  }
  const links: ParentLinks = {
    parents: new Int32Array(keys.length).fill(-1),
    orphans: [],
    spanWarnings: new Map<number, Warning[]>(),
  };
  parentKeys.forEach((parentKey, index) => {
    if (parentKey === '') return;
    link(links, index, indexByKey.get(parentKey) ?? -1, parentKey);
  });
  return links;
}

function link(links: ParentLinks, index: number, parent: number, parentKey: string): void {
  if (parent === -1) {
    links.orphans.push(index);
    links.spanWarnings.set(index, [
      { code: 'orphan', message: `parent span ${parentKey} is not in the trace; shown as a root` },
    ]);
  } else if (parent === index) {
    links.spanWarnings.set(index, [{ code: 'cycle', message: 'the span names itself as its parent; shown as a root' }]);
  } else links.parents[index] = parent;
}

/**
 * The same for table rows whose ids are all 16 hex digits, none repeated,
 * with `index` mapping each id (as numbers) to its place in `rows`.
 */
export function linkParentsByNumber(table: SpanTable, rows: readonly number[], index: IdIndex): ParentLinks {
  const links: ParentLinks = { parents: new Int32Array(rows.length).fill(-1), orphans: [], spanWarnings: new Map() };
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as number;
    if ((table.idForm[row] as number) & PARENT_NONE) continue;
    link(
      links,
      i,
      index.get(table.parentHigh[row] as number, table.parentLow[row] as number),
      table.parentIds[row] as string,
    );
  }
  return links;
}
