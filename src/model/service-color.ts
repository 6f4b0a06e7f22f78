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

const HUES = [
  4, 18, 32, 45, 58, 82, 110, 140, 158, 172, 186, 198, 210, 222, 234, 248, 262, 276, 290, 304, 318, 332, 346, 356,
];
const TONES: ReadonlyArray<readonly [number, number]> = [
  [68, 52],
  [52, 40],
  [78, 63],
];

const SLOTS = HUES.length * TONES.length;

function slotOf(service: string): number {
  const hash = fnv1a(service);
  return (hash % HUES.length) + HUES.length * (Math.floor(hash / HUES.length) % TONES.length);
}

function slotHsl(slot: number): readonly [number, number, number] {
  const [saturation, lightness] = TONES[Math.floor(slot / HUES.length) % TONES.length] as readonly [number, number];
  return [HUES[slot % HUES.length] as number, saturation, lightness];
}

function slotColor(slot: number): string {
  const [h, s, l] = slotHsl(slot);
  return `hsl(${h} ${s}% ${l}%)`;
}

/** A service's own colour, the same in every trace (a hash of its name). */
export function serviceColor(service: string): string {
  return slotColor(slotOf(service));
}

function hueGap(a: number, b: number): number {
  const d = Math.abs((HUES[a % HUES.length] as number) - (HUES[b % HUES.length] as number));
  return Math.min(d, 360 - d) + (Math.floor(a / HUES.length) === Math.floor(b / HUES.length) ? 0 : 6);
}

const traceColorCache = new WeakMap<readonly string[], string[]>();

/**
 * The colours of one trace's services, by their index: each service keeps its
 * own colour unless another service of the trace has it already (services
 * are taken in name order, so the same set gets the same colours); then it
 * takes the free colour furthest in hue from those in use. Up to 72 services
 * no two share a colour.
 */
export function traceColors(services: readonly string[]): string[] {
  const cached = traceColorCache.get(services);
  if (cached) return cached;
  const order = services
    .map((_, i) => i)
    .sort((a, b) =>
      (services[a] as string) < (services[b] as string)
        ? -1
        : (services[a] as string) > (services[b] as string)
          ? 1
          : a - b,
    );
  const used = new Set<number>();
  const slots = new Array<number>(services.length);
  for (const i of order) {
    let slot = slotOf(services[i] as string);
    if (used.has(slot) && used.size < SLOTS) {
      let best = -1;
      let bestGap = -1;
      for (let k = 1; k < SLOTS; k++) {
        const candidate = (slot + k) % SLOTS;
        if (used.has(candidate)) continue;
        let gap = Infinity;
        for (const u of used) gap = Math.min(gap, hueGap(candidate, u));
        if (gap > bestGap) {
          bestGap = gap;
          best = candidate;
        }
      }
      slot = best;
    }
    used.add(slot);
    slots[i] = slot;
  }
  const colors = slots.map(slotColor);
  traceColorCache.set(services, colors);
  return colors;
}

function channel(value: number): number {
  return value <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
}

/** Relative luminance (WCAG 2) of a colour this module makes. */
export function luminanceOf(color: string): number {
  const match = /^hsl\((\d+(?:\.\d+)?) (\d+(?:\.\d+)?)% (\d+(?:\.\d+)?)%\)$/.exec(color);
  if (!match) return 0.5;
  const h = Number(match[1]);
  const s = Number(match[2]) / 100;
  const l = Number(match[3]) / 100;
  const a = s * Math.min(l, 1 - l);
  const f = (n: number) => {
    const k = (n + h / 30) % 12;
    return l - a * Math.max(-1, Math.min(k - 3, 9 - k, 1));
  };
  return 0.2126 * channel(f(0)) + 0.7152 * channel(f(8)) + 0.0722 * channel(f(4));
}

export function contrastRatio(l1: number, l2: number): number {
  return (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);
}

/** The label colour for text on a bar of `color`: white or black, whichever contrasts more (always at least 4.5:1). */
export function labelColor(color: string): '#ffffff' | '#000000' {
  const l = luminanceOf(color);
  return contrastRatio(l, 1) >= contrastRatio(l, 0) ? '#ffffff' : '#000000';
}

/** Every colour of the palette, for tests. */
export function paletteColors(): string[] {
  return Array.from({ length: SLOTS }, (_, slot) => slotColor(slot));
}

const finderCache = new WeakMap<readonly string[], (service: string) => string>();

/** A service's colour within a trace, by name (a service not in the trace gets its own colour). */
export function traceColorFinder(services: readonly string[]): (service: string) => string {
  let find = finderCache.get(services);
  if (!find) {
    const colors = traceColors(services);
    const byName = new Map<string, string>();
    services.forEach((service, i) => byName.set(service, colors[i] as string));
    find = (service: string) => byName.get(service) ?? serviceColor(service);
    finderCache.set(services, find);
  }
  return find;
}
