import type { Warning } from '../model/trace';

export interface ParentLinks {
  parents: Int32Array;
  orphans: number[];
  spanWarnings: Map<number, Warning[]>;
}

/**
 * Resolves each parent key to an index; a parent that is not here makes the
 * span an orphan root. `indexByKey` may be passed in when the caller has it.
 */
export function linkParents(keys: readonly string[], parentKeys: readonly string[], known?: ReadonlyMap<string, number>): ParentLinks {
  let indexByKey = known;
  if (!indexByKey) {
    const map = new Map<string, number>();
    keys.forEach((key, index) => map.set(key, index));
    indexByKey = map;
  }
  const parents = new Int32Array(keys.length).fill(-1);
  const orphans: number[] = [];
  const spanWarnings = new Map<number, Warning[]>();
  parentKeys.forEach((parentKey, index) => {
    if (parentKey === '') return;
    const parent = indexByKey.get(parentKey);
    if (parent === undefined) {
      orphans.push(index);
      spanWarnings.set(index, [{ code: 'orphan', message: `parent span ${parentKey} is not in the trace; shown as a root` }]);
    } else if (parent === index) {
      spanWarnings.set(index, [{ code: 'cycle', message: 'the span names itself as its parent; shown as a root' }]);
    } else parents[index] = parent;
  });
  return { parents, orphans, spanWarnings };
}
