import { encodePng } from './png';

type Rgba = [number, number, number, number];

/** The app's accent colour (manifest `accentColor`, the colour icon's background). */
export const ACCENT = '#3B5BDB';
const ACCENT_RGBA: Rgba = [0x3b, 0x5b, 0xdb, 255];
const WHITE: Rgba = [255, 255, 255, 255];
const BAND: Rgba = [0xfa, 0x52, 0x52, 255];
const CLEAR: Rgba = [0, 0, 0, 0];

/**
 * A life buoy, the helpdesk's sign: `paint(u, v)` gives the colour at a point of the square
 * (-1..1 both ways). Four red bands at the diagonals, like the real thing.
 */
function lifeBuoy(outer: number, inner: number, ring: Rgba, band: Rgba, outside: Rgba) {
  return (u: number, v: number): Rgba => {
    const r = Math.hypot(u, v);
    if (r > outer || r < inner) return outside;
    const angle = ((Math.atan2(v, u) * 180) / Math.PI + 360) % 90;
    return Math.abs(angle - 45) < 17 ? band : ring;
  };
}

/** Renders `paint` at `size` pixels with 4×4 supersampling (smooth edges, premultiplied average). */
function render(size: number, paint: (u: number, v: number) => Rgba): Buffer {
  const samples = 4;
  const pixels = new Uint8Array(size * size * 4);
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) {
      const sum = [0, 0, 0, 0];
      for (let sy = 0; sy < samples; sy++)
        for (let sx = 0; sx < samples; sx++) {
          const u = ((x + (sx + 0.5) / samples) / size) * 2 - 1;
          const v = ((y + (sy + 0.5) / samples) / size) * 2 - 1;
          const [r, g, b, a] = paint(u, v);
          sum[0] += (r * a) / 255;
          sum[1] += (g * a) / 255;
          sum[2] += (b * a) / 255;
          sum[3] += a;
        }
      const n = samples * samples;
      const alpha = sum[3] / n;
      const at = (y * size + x) * 4;
      pixels[at + 3] = Math.round(alpha);
      for (let c = 0; c < 3; c++) pixels[at + c] = alpha ? Math.round(((sum[c] / n) * 255) / alpha) : 0;
    }
  return encodePng(size, size, pixels);
}

/** Teams' colour icon: 192×192, full-bleed background. */
export function colorIcon(): Buffer {
  return render(192, lifeBuoy(0.62, 0.32, WHITE, BAND, ACCENT_RGBA));
}

/** Teams' outline icon: 32×32, white on transparent only (the bands are gaps). */
export function outlineIcon(): Buffer {
  return render(32, lifeBuoy(0.94, 0.5, WHITE, CLEAR, CLEAR));
}
