// Spans a part scan has captured and not parsed yet (see scan-part.ts).
import type { PathSegment } from './json-scan';

/**
 * Captured spans not parsed yet, as columns (a span file has hundreds of
 * thousands: no object per span). Span k is `source[k][from[k]..to[k])`, a
 * view of the bytes read (they are not reused), at `list[k]` + `index[k]`.
 */
export class HeldSpans {
  count = 0;
  source: Uint8Array[] = [];
  /** The span's path: the list it is in (one array for all the spans of a list) and its index there. */
  list: (readonly PathSegment[])[] = [];
  index: PathSegment[] = [];
  from = new Int32Array(256);
  to = new Int32Array(256);
  /** Where the span starts in the file. */
  offset = new Float64Array(256);
  line = new Int32Array(256);
  column = new Int32Array(256);
  group = new Int32Array(256);
  doc = new Int32Array(256);

  add(
    source: Uint8Array,
    from: number,
    to: number,
    offset: number,
    line: number,
    column: number,
    group: number,
    doc: number,
    list: readonly PathSegment[],
    index: PathSegment,
  ): number {
    const k = this.count++;
    if (k === this.from.length) this.grow();
    this.source.push(source);
    this.list.push(list);
    this.index.push(index);
    this.from[k] = from;
    this.to[k] = to;
    this.offset[k] = offset;
    this.line[k] = line;
    this.column[k] = column;
    this.group[k] = group;
    this.doc[k] = doc;
    return k;
  }

  bytes(k: number): Uint8Array {
    return (this.source[k] as Uint8Array).subarray(this.from[k], this.to[k]);
  }

  length(k: number): number {
    return (this.to[k] as number) - (this.from[k] as number);
  }

  /** Keeps the spans from `first` on that `keep` accepts, in order (rare: a broken JSON line). */
  retain(first: number, keep: (k: number) => boolean): void {
    let to = first;
    for (let k = first; k < this.count; k++) {
      if (!keep(k)) continue;
      if (to !== k) this.move(k, to);
      to++;
    }
    this.count = to;
    this.source.length = to;
    this.list.length = to;
    this.index.length = to;
  }

  clear(): void {
    this.count = 0;
    this.source = [];
    this.list = [];
    this.index = [];
  }

  private move(k: number, to: number): void {
    this.source[to] = this.source[k] as Uint8Array;
    this.list[to] = this.list[k] as readonly PathSegment[];
    this.index[to] = this.index[k] as PathSegment;
    for (const column of [this.from, this.to, this.offset, this.line, this.column, this.group, this.doc])
      column[to] = column[k] as number;
  }

  private grow(): void {
    const n = this.from.length * 2;
    const int = (column: Int32Array) => {
      const bigger = new Int32Array(n);
      bigger.set(column);
      return bigger;
    };
    const offset = new Float64Array(n);
    offset.set(this.offset);
    this.offset = offset;
    this.from = int(this.from);
    this.to = int(this.to);
    this.line = int(this.line);
    this.column = int(this.column);
    this.group = int(this.group);
    this.doc = int(this.doc);
  }
}
