// "Did you mean": the names closest to one typed that is not among them.

/** Edit distance between two short texts, giving up (Infinity) once it passes `most`. */
export function editDistance(a: string, b: string, most: number): number {
  if (Math.abs(a.length - b.length) > most) return Infinity;
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowBest = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const value = Math.min(
        (previous[j] as number) + 1,
        (current[j - 1] as number) + 1,
        (previous[j - 1] as number) + cost,
      );
      current.push(value);
      if (value < rowBest) rowBest = value;
    }
    if (rowBest > most) return Infinity;
    previous = current;
  }
  return previous[b.length] as number;
}

const LONGEST = 120;

/**
 * Up to `count` of `names` closest to `typed`, case aside: those it starts, then those holding it, then
 * those a few edits away (a third of its length, at least 2), nearest first.
 */
export function closeMatches(typed: string, names: readonly string[], count = 5): string[] {
  const needle = typed.trim().toLowerCase().slice(0, LONGEST);
  if (!needle) return [];
  const most = Math.max(2, Math.floor(needle.length / 3));
  const ranked: Array<[number, number, string]> = [];
  for (const name of names) {
    const lower = name.toLowerCase();
    if (lower === needle) ranked.push([0, 0, name]);
    else if (lower.startsWith(needle)) ranked.push([1, lower.length, name]);
    else if (lower.includes(needle)) ranked.push([2, lower.length, name]);
    else if (lower.length <= LONGEST) {
      const distance = editDistance(needle, lower, most);
      if (distance <= most) ranked.push([3, distance, name]);
    }
  }
  ranked.sort((x, y) => x[0] - y[0] || x[1] - y[1] || (x[2] < y[2] ? -1 : 1));
  return ranked.slice(0, count).map(([, , name]) => name);
}
