import { PNG } from 'pngjs';

/** Harbour's accent colour: the colour icon's background and the manifest's accentColor. */
export const ACCENT_COLOR = '#0F5F6B';

/**
 * The mark in unit coordinates (0..1): a harbour light (tower and lamp) above two waves. Kept as
 * geometry so both icons are drawn from one source at any size, with no binary files to keep in step.
 */
function inMark(x: number, y: number): boolean {
  const tower = y >= 0.3 && y <= 0.66 && Math.abs(x - 0.5) <= 0.06 + (y - 0.3) * 0.18;
  const lamp = y >= 0.17 && y <= 0.27 && Math.abs(x - 0.5) <= 0.1;
  const roof = y >= 0.1 && y < 0.17 && Math.abs(x - 0.5) <= (y - 0.1) * 1.4;
  const wave = (base: number) => Math.abs(y - (base + 0.035 * Math.sin((x - 0.18) * Math.PI * 6))) <= 0.035 && x >= 0.16 && x <= 0.84;
  return tower || lamp || roof || wave(0.74) || wave(0.86);
}

/** Fraction of a pixel covered by the mark, by 4×4 supersampling (smooth edges at 32 px). */
function coverage(px: number, py: number, size: number, inset: number): number {
  let hits = 0;
  for (let sy = 0; sy < 4; sy++) {
    for (let sx = 0; sx < 4; sx++) {
      const u = (px + (sx + 0.5) / 4) / size;
      const v = (py + (sy + 0.5) / 4) / size;
      const x = (u - inset) / (1 - 2 * inset);
      const y = (v - inset) / (1 - 2 * inset);
      if (x >= 0 && x <= 1 && y >= 0 && y <= 1 && inMark(x, y)) hits++;
    }
  }
  return hits / 16;
}

const hex = (c: string) => [1, 3, 5].map((i) => parseInt(c.slice(i, i + 2), 16)) as [number, number, number];

/** The 192×192 colour icon Teams shows in the store and app bar: white mark on the accent colour. */
export function colorIcon(size = 192): Buffer {
  const png = new PNG({ width: size, height: size, colorType: 6 });
  const [r, g, b] = hex(ACCENT_COLOR);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const a = coverage(x, y, size, 0.12);
      const i = (y * size + x) * 4;
      png.data[i] = Math.round(r + (255 - r) * a);
      png.data[i + 1] = Math.round(g + (255 - g) * a);
      png.data[i + 2] = Math.round(b + (255 - b) * a);
      png.data[i + 3] = 255;
    }
  }
  return PNG.sync.write(png);
}

/** The 32×32 outline icon: white only, on a transparent background, as Teams requires. */
export function outlineIcon(size = 32): Buffer {
  const png = new PNG({ width: size, height: size, colorType: 6 });
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const a = coverage(x, y, size, 0.04);
      const i = (y * size + x) * 4;
      png.data[i] = png.data[i + 1] = png.data[i + 2] = 255;
      png.data[i + 3] = Math.round(255 * a);
    }
  }
  return PNG.sync.write(png);
}
