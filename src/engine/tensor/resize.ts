/**
 * Antialiased bilinear resampling, ported from Pillow's `libImaging/Resample.c` (8-bit path), which
 * is what torchvision's `Resize` runs on PIL images. The browser's own canvas resize uses a different
 * filter; on ambiguous photos that is enough to move a classifier's top-1, so we reproduce Pillow
 * bit for bit instead: same coefficients, same 22-bit fixed point, same rounding between passes.
 *
 * Only the pixels inside `crop` are computed, so "resize then centre-crop" costs no more than the
 * crop itself (a 12-megapixel photo is mostly skipped by the horizontal pass).
 */

/** An interleaved 8-bit image: `channels` bytes per pixel, row-major, no padding. */
export interface Image8 {
  width: number;
  height: number;
  channels: number;
  data: Uint8Array | Uint8ClampedArray;
}

/** A rectangle in the resized image's coordinates. */
export interface Rect {
  left: number;
  top: number;
  width: number;
  height: number;
}

// From Resample.c: 32 bits minus 8 for the pixel value minus 2 for the sign and overflow.
const PRECISION_BITS = 32 - 8 - 2;
const ONE = 1 << PRECISION_BITS;
const HALF = 1 << (PRECISION_BITS - 1);
const OVERFLOW = ONE << 8;
/** A Pillow resampling filter: its kernel and half-width (support) at scale 1. */
export interface ResampleFilter {
  support: number;
  kernel: (x: number) => number;
}

// From Resample.c: bilinear_filter and bicubic_filter (a = -0.5).
export const BILINEAR: ResampleFilter = {
  support: 1,
  kernel: (x) => {
    const a = Math.abs(x);
    return a < 1 ? 1 - a : 0;
  },
};

const BICUBIC_A = -0.5;
export const BICUBIC: ResampleFilter = {
  support: 2,
  kernel: (x) => {
    const v = Math.abs(x);
    if (v < 1) return ((BICUBIC_A + 2) * v - (BICUBIC_A + 3)) * v * v + 1;
    if (v < 2) return (((v - 5) * v + 8) * v - 4) * BICUBIC_A;
    return 0;
  },
};

/** Filter taps for each output position: `start[i]`, `count[i]` and `ksize` fixed-point weights at `weights[i * ksize]`. */
interface Taps {
  start: Int32Array;
  count: Int32Array;
  weights: Int32Array;
  ksize: number;
}

/** Pillow's `precompute_coeffs` + `normalize_coeffs_8bpc`, for output positions [first, first + n). */
function computeTaps(inSize: number, outSize: number, first: number, n: number, filter: ResampleFilter): Taps {
  const scale = inSize / outSize;
  const filterScale = Math.max(scale, 1); // the filter widens when downscaling: that is the antialiasing
  const support = filter.support * filterScale;
  const ksize = Math.ceil(support) * 2 + 1;
  const start = new Int32Array(n);
  const count = new Int32Array(n);
  const weights = new Int32Array(n * ksize);
  const raw = new Float64Array(ksize);
  const inverseFilterScale = 1 / filterScale; // Pillow multiplies by the inverse: keep its rounding
  for (let i = 0; i < n; i++) {
    const center = (first + i + 0.5) * scale;
    const xmin = Math.max(Math.trunc(center - support + 0.5), 0);
    const xmax = Math.min(Math.trunc(center + support + 0.5), inSize) - xmin;
    let total = 0;
    for (let x = 0; x < xmax; x++) {
      raw[x] = filter.kernel((x + xmin - center + 0.5) * inverseFilterScale);
      total += raw[x];
    }
    for (let x = 0; x < xmax; x++) {
      const w = total !== 0 ? raw[x] / total : raw[x];
      weights[i * ksize + x] = w < 0 ? Math.trunc(-0.5 + w * ONE) : Math.trunc(0.5 + w * ONE);
    }
    start[i] = xmin;
    count[i] = xmax;
  }
  return { start, count, weights, ksize };
}

function clip8(sum: number): number {
  if (sum >= OVERFLOW) return 255;
  if (sum <= 0) return 0;
  return sum >> PRECISION_BITS;
}

/** The horizontal pass on RGBA pixels to RGB: the hot loop of a large photo, kept small for the JIT. */
function horizontalPassRgba(src32: Uint32Array, width: number, firstRow: number, rows: number, outWidth: number, taps: Taps, temp: Uint8Array): void {
  const { start, count, weights, ksize } = taps;
  let out = 0;
  for (let y = 0; y < rows; y++) {
    const rowStart = (y + firstRow) * width;
    for (let x = 0; x < outWidth; x++) {
      // Sums stay below 2^31 (255 x 2^22 at most): int32 arithmetic is exact.
      let r = HALF;
      let g = HALF;
      let b = HALF;
      const n = count[x];
      for (let k = 0, kw = x * ksize, p = rowStart + start[x]; k < n; k++, kw++, p++) {
        const w = weights[kw];
        const pixel = src32[p];
        r = (r + Math.imul(pixel & 0xff, w)) | 0;
        g = (g + Math.imul((pixel >>> 8) & 0xff, w)) | 0;
        b = (b + Math.imul((pixel >>> 16) & 0xff, w)) | 0;
      }
      temp[out++] = clip8(r);
      temp[out++] = clip8(g);
      temp[out++] = clip8(b);
    }
  }
}

/** The horizontal pass for any channel layout. */
function horizontalPass(
  src: Uint8Array | Uint8ClampedArray,
  width: number,
  inChannels: number,
  channels: number,
  firstRow: number,
  rows: number,
  outWidth: number,
  taps: Taps,
  temp: Uint8Array,
): void {
  const { start, count, weights, ksize } = taps;
  for (let y = 0; y < rows; y++) {
    const rowStart = (y + firstRow) * width;
    for (let x = 0; x < outWidth; x++) {
      const pixelOffset = (rowStart + start[x]) * inChannels;
      const out = (y * outWidth + x) * channels;
      for (let c = 0; c < channels; c++) {
        let sum = HALF;
        for (let k = 0, p = pixelOffset + c; k < count[x]; k++, p += inChannels) sum += src[p] * weights[x * ksize + k];
        temp[out + c] = clip8(sum);
      }
    }
  }
}

/**
 * Resizes `source` to `outWidth` x `outHeight` with Pillow's bilinear (or another) filter and returns only the
 * `crop` rectangle of the result (the whole image when `crop` is omitted), with `channels` channels
 * (the first ones of the source; alpha is dropped by asking for 3).
 */
export function resizeBilinear(
  source: Image8,
  outWidth: number,
  outHeight: number,
  crop: Rect = { left: 0, top: 0, width: outWidth, height: outHeight },
  channels = Math.min(source.channels, 3),
  filter: ResampleFilter = BILINEAR,
): Image8 {
  if (crop.left < 0 || crop.top < 0 || crop.left + crop.width > outWidth || crop.top + crop.height > outHeight) {
    throw new RangeError(`crop ${JSON.stringify(crop)} lies outside the ${outWidth}x${outHeight} image`);
  }
  const horizontal = computeTaps(source.width, outWidth, crop.left, crop.width, filter);
  const vertical = computeTaps(source.height, outHeight, crop.top, crop.height, filter);
  // Rows of the source that the vertical pass reads: the horizontal pass only visits those.
  const firstRow = vertical.start[0];
  const lastRow = vertical.start[crop.height - 1] + vertical.count[crop.height - 1];
  const tempRows = lastRow - firstRow;

  const inChannels = source.channels;
  const src = source.data;
  const temp = new Uint8Array(tempRows * crop.width * channels);
  // RGBA input (what canvases give) is read one pixel per 32-bit load; little-endian, as every browser is.
  if (inChannels === 4 && channels === 3 && src.byteOffset % 4 === 0) {
    horizontalPassRgba(new Uint32Array(src.buffer, src.byteOffset, src.length >> 2), source.width, firstRow, tempRows, crop.width, horizontal, temp);
  } else {
    horizontalPass(src, source.width, inChannels, channels, firstRow, tempRows, crop.width, horizontal, temp);
  }

  const result = new Uint8Array(crop.width * crop.height * channels);
  const vw = vertical.weights;
  const stride = crop.width * channels;
  for (let y = 0; y < crop.height; y++) {
    const kOffset = y * vertical.ksize;
    const n = vertical.count[y];
    const rowStart = (vertical.start[y] - firstRow) * stride;
    const outRow = y * stride;
    for (let i = 0; i < stride; i++) {
      let sum = HALF;
      for (let k = 0, p = rowStart + i; k < n; k++, p += stride) sum += temp[p] * vw[kOffset + k];
      result[outRow + i] = clip8(sum);
    }
  }
  return { width: crop.width, height: crop.height, channels, data: result };
}

/** Python 3's `round`: halves go to the even neighbour (torchvision's CenterCrop uses it). */
export function roundHalfEven(x: number): number {
  const floor = Math.floor(x);
  const diff = x - floor;
  if (diff > 0.5) return floor + 1;
  if (diff < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}

/** torchvision `Resize(shorter)` output size: the shorter side becomes `shorter`, the longer is truncated. */
export function resizeShorterSide(width: number, height: number, shorter: number): { width: number; height: number } {
  if (width <= height) return { width: shorter, height: Math.trunc((shorter * height) / width) };
  return { width: Math.trunc((shorter * width) / height), height: shorter };
}

/** torchvision `CenterCrop(size)` rectangle within a `width` x `height` image. */
export function centerCrop(width: number, height: number, size: number): Rect {
  if (size > width || size > height) {
    throw new RangeError(`cannot centre-crop ${size}x${size} from ${width}x${height}`);
  }
  return {
    left: roundHalfEven((width - size) / 2),
    top: roundHalfEven((height - size) / 2),
    width: size,
    height: size,
  };
}
