import { describe, expect, it } from 'vitest';
import { cellColour } from './Heatmap.js';

function luminance(rgb: number[]): number {
  const [r = 0, g = 0, b = 0] = rgb.map((v) => {
    const c = v / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrast(a: number[], b: number[]): number {
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
  return ((x ?? 0) + 0.05) / ((y ?? 0) + 0.05);
}

const parse = (css: string) =>
  css.startsWith('#')
    ? [1, 3, 5].map((i) => Number.parseInt(css.slice(i, i + 2), 16))
    : (css.match(/\d+/g) ?? []).map(Number);

describe('heatmap cells', () => {
  it('keep text readable (at least 4.5:1) at every shade', () => {
    for (let share = 0; share <= 1; share += 0.01) {
      const { background, color } = cellColour(share);
      expect(contrast(parse(background), parse(color)), `share ${share}`).toBeGreaterThanOrEqual(4.5);
    }
  });
});
