// Reads a file (a Blob) in slices, in file order, a window ahead of the scan
// that consumes them, and hands what it read past one part of the file to
// the scan of the next part.

/**
 * Files are read in slices this size, in file order, a window ahead of the scan, so the browser reads while the worker
 * scans.
 */
const SLICE_BYTES = 8 * 1024 * 1024;
/** The first slices are smaller (from this size, doubling), so that scanning starts sooner. */
const FIRST_SLICE_BYTES = 512 * 1024;
const READ_AHEAD_BYTES = 48 * 1024 * 1024;
/**
 * Slices asked for and not yet taken, at most. Each one asked for costs the reading thread a few milliseconds before it
 * can answer the one before: with the whole window asked for at once, the scan waited 25 ms for its second slice.
 */
const READ_AHEAD_SLICES = 3;

/**
 * Bytes of the file read already, from `from` on: the import worker reads
 * ahead of its scan and hands what it read past its part to the helper, so
 * the file is read once, in order, and no read competes with the scan's.
 */
export interface ReadAhead {
  from: number;
  buffers: ArrayBuffer[];
}

interface Slice {
  at: number;
  read: Promise<ArrayBuffer>;
}

/** Reads a blob in slices, in file order, a window ahead of the consumer. */
export class SliceReader {
  private readonly slices: Slice[] = [];
  private requested: number;
  private size = FIRST_SLICE_BYTES;
  /**
   * Until the first slice is in, it is the only read asked for: asking for a slice of a file on disk costs the thread
   * that asks a few milliseconds, and with the whole window asked for at once the first bytes came 30–50 ms later.
   */
  private firstIn = false;

  /**
   * `read` reads one slice; by default this worker reads it itself. Reading
   * costs the thread that receives the bytes (about 2 ms a megabyte here), so
   * a worker busy scanning can have an idle one read for it (see PartHelper.read).
   */
  constructor(
    private readonly blob: Blob,
    from: number,
    given?: ReadAhead,
    private readonly read: (at: number, end: number) => Promise<ArrayBuffer> = (at, end) =>
      blob.slice(at, end).arrayBuffer(),
  ) {
    this.requested = from;
    if (given && given.from <= from) {
      // Bytes read already, from `from` or before it (the consumer skips to `from`).
      let at = given.from;
      for (const buffer of given.buffers) {
        if (at + buffer.byteLength > from) this.slices.push({ at, read: Promise.resolve(buffer) });
        at += buffer.byteLength;
      }
      if (this.slices.length) {
        this.requested = at;
        this.size = SLICE_BYTES;
        this.firstIn = true;
      }
    }
  }

  /** The next slice's bytes, left for `next` (the format is sniffed from them while the read-ahead runs). */
  async peek(): Promise<Uint8Array | null> {
    this.fill();
    const slice = this.slices[0];
    if (!slice) return null;
    const bytes = new Uint8Array(await slice.read);
    this.arrived();
    return bytes;
  }

  /** The next slice and where it starts; null at the end of the file. */
  async next(): Promise<{ at: number; bytes: Uint8Array } | null> {
    this.fill();
    const slice = this.slices.shift();
    if (!slice) return null;
    const bytes = new Uint8Array(await slice.read);
    this.arrived();
    return { at: slice.at, bytes };
  }

  private arrived(): void {
    this.firstIn = true;
    this.fill();
  }

  private fill(): void {
    const from = this.slices[0]?.at ?? this.requested;
    while (
      this.requested < this.blob.size &&
      this.requested - from < READ_AHEAD_BYTES &&
      this.slices.length < (this.firstIn ? READ_AHEAD_SLICES : 1)
    ) {
      const at = this.requested;
      const read = this.read(at, Math.min(this.blob.size, at + this.size));
      read.catch(() => undefined); // a consumer that stops early never awaits its read-ahead
      this.slices.push({ at, read });
      this.requested += this.size;
      this.size = Math.min(SLICE_BYTES, this.size * 2);
    }
  }

  /**
   * What is read from `offset` on, for the next part: the rest of `current`
   * (copied: the held spans of this part keep views of it) and the slices
   * read ahead after it (moved: nothing here refers to them).
   */
  async handOver(current: { at: number; bytes: Uint8Array }, offset: number): Promise<ReadAhead> {
    const buffers = [current.bytes.slice(offset - current.at).buffer];
    for (const slice of this.slices.splice(0)) buffers.push(await slice.read);
    return { from: offset, buffers };
  }
}
