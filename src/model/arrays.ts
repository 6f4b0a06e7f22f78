// Appending one list to another without spread arguments: a spread call passes each
// item as an argument, and past about 100,000 of them the engine's stack
// overflows (an OTLP file with one resource per span has that many). Lint
// forbids spread arguments outside tests; this is the way instead.

export function pushAll<T>(target: T[], items: readonly T[]): T[] {
  for (let k = 0; k < items.length; k++) target.push(items[k] as T);
  return target;
}

/** The largest `pick(item)`, and at least `floor` (the floor also answers for an empty list). */
export function maxOf<T>(items: readonly T[], pick: (item: T) => number, floor: number): number {
  let max = floor;
  for (const item of items) {
    const value = pick(item);
    if (value > max) max = value;
  }
  return max;
}
