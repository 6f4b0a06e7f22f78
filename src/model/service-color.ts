// A service keeps its colour across traces, reloads and people: the hue comes
// from a hash of its name, never from its position in a list.

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

export function serviceHue(service: string): number {
  return fnv1a(service) % 360;
}

export function serviceColor(service: string): string {
  const hash = fnv1a(service);
  const hue = hash % 360;
  const saturation = 55 + ((hash >>> 9) % 20);
  const lightness = 48 + ((hash >>> 17) % 10);
  return `hsl(${hue} ${saturation}% ${lightness}%)`;
}
