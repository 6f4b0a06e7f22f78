// What the WebAssembly modules here share on the JavaScript side: loading a
// module committed as base64 (scripts/build-wasm.mjs), growing its memory,
// and writing names into it the way the modules read them.

export const WASM_PAGE = 64 * 1024;

/** Compiles and instantiates a module (no imports); throws where WebAssembly, or a feature it uses, is not there. */
export function instantiate<T extends { memory: WebAssembly.Memory }>(base64: string): T {
  const binary = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  return new WebAssembly.Instance(new WebAssembly.Module(binary), {}).exports as unknown as T;
}

/**
 * The first call makes the module's wrapper and every later one returns it
 * (one per worker: its calls are synchronous, so one scratch space serves
 * all); null where it cannot be made (no WebAssembly, or no SIMD).
 */
export function oneModule<T>(make: () => T): () => T | null {
  let made: T | null | undefined;
  return () => {
    if (made === undefined) {
      try {
        made = make();
      } catch {
        made = null;
      }
    }
    return made;
  };
}

/** The memory as bytes, grown so that `end` bytes fit; `view` is returned as it is when the memory did not move. */
export function memoryBytes(memory: WebAssembly.Memory, end: number, view?: Uint8Array): Uint8Array {
  const missing = end - memory.buffer.byteLength;
  if (missing > 0) memory.grow(Math.ceil(missing / WASM_PAGE));
  return view?.buffer === memory.buffer ? view : new Uint8Array(memory.buffer);
}

export function padded(n: number): number {
  return (n + 3) & ~3;
}

/** How many bytes `writeNames` takes for these names. */
export function namesSize(names: readonly Uint8Array[]): number {
  return names.reduce((sum, name) => sum + 4 + padded(name.length), 0);
}

/** Writes each name (UTF-8) as an i32 length and its bytes, padded to 4, from `at`; returns where they end. */
export function writeNames(bytes: Uint8Array, at: number, names: readonly Uint8Array[]): number {
  const view = new DataView(bytes.buffer);
  for (const name of names) {
    view.setInt32(at, name.length, true);
    bytes.set(name, at + 4);
    at += 4 + padded(name.length);
  }
  return at;
}
