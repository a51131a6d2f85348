/**
 * Colour arithmetic for tests of what users see: CSS rgb() colours composited over a surface, WCAG
 * contrast, CIELAB distance (CIE76), and red-green colour blindness simulated (Machado et al. 2009,
 * severity 1).
 */
export type Rgb = [number, number, number];

/** "rgb(37 99 235 / 0.45)", "rgb(1, 2, 3)" or "#1b1c1f" -> channels 0..255 and alpha. */
export function parseColour(css: string): { rgb: Rgb; alpha: number } {
  const hex = css.trim().match(/^#([0-9a-f]{6})$/i);
  if (hex) return { rgb: [0, 2, 4].map((i) => parseInt(hex[1].slice(i, i + 2), 16)) as Rgb, alpha: 1 };
  const parts = css.match(/[\d.]+/g);
  if (!parts || parts.length < 3) throw new Error(`not a colour: ${css}`);
  return { rgb: parts.slice(0, 3).map(Number) as Rgb, alpha: parts.length > 3 ? Number(parts[3]) : 1 };
}

/** A translucent colour as it shows over an opaque one. */
export function over(css: string, surface: Rgb): Rgb {
  const { rgb, alpha } = parseColour(css);
  return rgb.map((v, i) => v * alpha + surface[i] * (1 - alpha)) as Rgb;
}

const linear = (c: number) => ((c /= 255) <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
const gamma = (c: number) => 255 * (c <= 0.0031308 ? 12.92 * c : 1.055 * c ** (1 / 2.4) - 0.055);
const luminance = (rgb: Rgb) => {
  const [r, g, b] = rgb.map(linear);
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
};

/** WCAG 2 contrast ratio (1..21). */
export function contrast(a: Rgb, b: Rgb): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

function lab(rgb: Rgb): Rgb {
  const [r, g, b] = rgb.map(linear);
  const f = (t: number) => (t > 0.008856 ? Math.cbrt(t) : 7.787 * t + 16 / 116);
  const x = f((0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047);
  const y = f(0.2126 * r + 0.7152 * g + 0.0722 * b);
  const z = f((0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883);
  return [116 * y - 16, 500 * (x - y), 200 * (y - z)];
}

/** CIE76 colour difference: about 2 is just noticeable, over 10 clearly different at a glance. */
export function deltaE(a: Rgb, b: Rgb): number {
  const [p, q] = [lab(a), lab(b)];
  return Math.hypot(p[0] - q[0], p[1] - q[1], p[2] - q[2]);
}

const VISION = {
  typical: [[1, 0, 0], [0, 1, 0], [0, 0, 1]],
  protanopia: [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216], [-0.003882, -0.048116, 1.051998]],
  deuteranopia: [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.01182, 0.04294, 0.968881]],
} as const;
export type Vision = keyof typeof VISION;
export const VISIONS = Object.keys(VISION) as Vision[];

/** The colour as someone with that vision sees it. */
export function seenWith(vision: Vision, rgb: Rgb): Rgb {
  const l = rgb.map(linear);
  return VISION[vision].map((row) => gamma(Math.min(1, Math.max(0, row[0] * l[0] + row[1] * l[1] + row[2] * l[2])))) as Rgb;
}

/** The theme's custom properties from global.css: light (`:root`) and dark (`prefers-color-scheme: dark`). */
export function themeColours(css: string): { light: Record<string, string>; dark: Record<string, string> } {
  const vars = (block: string) => Object.fromEntries([...block.matchAll(/--([\w-]+):\s*([^;]+);/g)].map((m) => [m[1], m[2].trim()]));
  const dark = css.indexOf('prefers-color-scheme: dark');
  return { light: vars(css.slice(0, dark)), dark: vars(css.slice(dark, css.indexOf('}', css.indexOf('}', dark) + 1))) };
}
