import type { Warning } from '../model/trace';

/**
 * Finds parent chains that loop (a → b → c → a) and cuts each loop at its
 * earliest-starting span, which becomes a root. Walks up parent pointers with
 * an explicit path, marking spans done, so every span is visited once.
 * Mutates `parents`; returns the warnings per span that was cut loose.
 */
export function breakCycles(parents: Int32Array, startUs: ArrayLike<number>): Map<number, Warning[]> {
  const state = new Uint8Array(parents.length); // 0 new, 1 on the current path, 2 done
  const cut = new Map<number, Warning[]>();
  const path: number[] = [];
  for (let i = 0; i < parents.length; i++) {
    if (state[i] !== 0) continue;
    path.length = 0;
    let node = i;
    while (node !== -1 && state[node] === 0) {
      state[node] = 1;
      path.push(node);
      node = parents[node] ?? -1;
    }
    if (node !== -1 && state[node] === 1) {
      const loop = path.slice(path.indexOf(node));
      let earliest = loop[0] as number;
      for (const member of loop) if ((startUs[member] ?? 0) < (startUs[earliest] ?? 0)) earliest = member;
      parents[earliest] = -1;
      cut.set(earliest, [
        { code: 'cycle', message: `parent links form a loop through ${loop.length} spans; cut here, shown as a root` },
      ]);
    }
    for (const member of path) state[member] = 2;
  }
  return cut;
}
