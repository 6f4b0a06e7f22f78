import { describe, expect, it } from 'vitest';
import { contrastRatio, labelColor, luminanceOf, paletteColors, serviceColor, traceColors } from './service-color';

describe('service colours', () => {
  it('keep a service its own colour when nothing in the trace collides', () => {
    expect(traceColors(['web', 'orders'])).toEqual([serviceColor('web'), serviceColor('orders')]);
  });
  it('give the services of one trace distinct colours, the same set the same ones', () => {
    const services = Array.from({ length: 72 }, (_, i) => `service-${i}`);
    const colors = traceColors(services);
    expect(new Set(colors).size).toBe(72);
    expect(traceColors([...services].reverse())).toEqual([...colors].reverse());
  });
  it('move only the later name of a colliding pair', () => {
    // Find two names that hash to one colour.
    const seen = new Map<string, string>();
    let pair: [string, string] | null = null;
    for (let i = 0; !pair; i++) {
      const name = `svc-${i}`;
      const color = serviceColor(name);
      const other = seen.get(color);
      if (other) pair = [other, name];
      else seen.set(color, name);
    }
    const [first, second] = pair;
    const colors = traceColors([second, first]);
    expect(colors[1]).toBe(serviceColor(first));
    expect(colors[0]).not.toBe(serviceColor(first));
  });
  it('label every palette colour at WCAG AA contrast (4.5:1)', () => {
    for (const color of paletteColors()) {
      const label = labelColor(color);
      const ratio = contrastRatio(luminanceOf(color), label === '#ffffff' ? 1 : 0);
      expect(ratio, color).toBeGreaterThanOrEqual(4.5);
    }
  });
  it('computes luminance as WCAG defines it', () => {
    expect(luminanceOf('hsl(0 0% 100%)')).toBeCloseTo(1, 5);
    expect(luminanceOf('hsl(0 0% 0%)')).toBeCloseTo(0, 5);
    expect(luminanceOf('hsl(0 100% 50%)')).toBeCloseTo(0.2126, 4);
  });
});
