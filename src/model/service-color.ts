// A service keeps its colour across traces, reloads and people: the colour is
// picked by a hash of its name, never by its position in a list. A curated set
// of well-separated hues, each in two tones, keeps neighbours apart better
// than a raw hue from the hash would.

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  // Finalizer (from MurmurHash3): spreads similar names apart in the low bits.
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
}

const HUES = [4, 18, 32, 45, 58, 82, 110, 140, 158, 172, 186, 198, 210, 222, 234, 248, 262, 276, 290, 304, 318, 332, 346, 356];
const TONES: ReadonlyArray<readonly [number, number]> = [
  [68, 52],
  [52, 40],
  [78, 63],
];

export function serviceColor(service: string): string {
  const hash = fnv1a(service);
  const hue = HUES[hash % HUES.length] as number;
  const [saturation, lightness] = TONES[Math.floor(hash / HUES.length) % TONES.length] as readonly [number, number];
  return `hsl(${hue} ${saturation}% ${lightness}%)`;
}
