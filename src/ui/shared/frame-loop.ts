// One requestAnimationFrame loop for every canvas: painters mark themselves
// dirty, and each frame runs the dirty ones once. Scroll, pan and zoom only
// mark painters dirty; they never re-render React.

type Painter = () => void;

const painters = new Set<Painter>();
const dirty = new Set<Painter>();
let scheduled = false;

function frame(): void {
  scheduled = false;
  const now = [...dirty];
  dirty.clear();
  for (const paint of now) if (painters.has(paint)) paint();
}

export function addPainter(paint: Painter): () => void {
  painters.add(paint);
  invalidate(paint);
  return () => {
    painters.delete(paint);
    dirty.delete(paint);
  };
}

export function invalidate(paint?: Painter): void {
  if (paint) dirty.add(paint);
  else for (const p of painters) dirty.add(p);
  if (!scheduled) {
    scheduled = true;
    requestAnimationFrame(frame);
  }
}
