/**
 * File → 8-bit RGBA pixels, in a worker (createImageBitmap + OffscreenCanvas). Orientation from EXIF
 * is applied; colour profiles are not, because the reference pipeline (Pillow) ignores them too.
 */
import { Failure } from '../../shared/errors';
import type { Image8 } from '../tensor/resize';
import { sniffImage } from './sniff';

/** Larger images are refused before decoding: 50 MP of RGBA is already 200 MB of memory. */
export const MAX_IMAGE_PIXELS = 50_000_000;

/** A problem with the user's image, worded for the user. */
export class ImageInputError extends Failure {
  override name = 'ImageInputError';
  constructor(message: string) {
    super('bad-input', message);
  }
}

const megapixels = (w: number, h: number) => `${((w * h) / 1e6).toFixed(1)} megapixels`;

function checkSize(width: number, height: number, name: string): void {
  if (width === 0 || height === 0) {
    throw new ImageInputError(`"${name}" declares an empty image (${width}x${height} pixels). Choose another image.`);
  }
  if (width * height > MAX_IMAGE_PIXELS) {
    throw new ImageInputError(
      `"${name}" is ${width}x${height} (${megapixels(width, height)}), over the ${MAX_IMAGE_PIXELS / 1e6} megapixel limit ` +
        'for decoding safely in the browser. Scale it down and try again.',
    );
  }
}

/** Decodes an image file, refusing empty, unrecognised, oversized and corrupt files with a clear message. */
export async function decodeImageFile(file: Blob, name = 'The file'): Promise<Image8> {
  return bitmapToPixels(await decodeBitmap(file, name), name);
}

/**
 * Checks that a file is an image this browser decodes, as `decodeImageFile` would, without reading
 * its pixels back (cheap enough for the page, when a photo is picked): its size, or the same error.
 */
export async function checkImageFile(file: Blob, name = 'The file'): Promise<{ width: number; height: number }> {
  const bitmap = await decodeBitmap(file, name);
  const size = { width: bitmap.width, height: bitmap.height };
  bitmap.close();
  return size;
}

async function decodeBitmap(file: Blob, name: string): Promise<ImageBitmap> {
  if (file.size === 0) throw new ImageInputError(`"${name}" is empty (0 bytes). Choose an image file.`);
  const bytes = new Uint8Array(await file.arrayBuffer());
  const header = sniffImage(bytes);
  if (!header && looksLikeSvg(bytes)) {
    throw new ImageInputError(`"${name}" is an SVG (vector) drawing, which cannot be turned into pixels off the main thread. Export it as PNG or JPEG and choose that.`);
  }
  if (header) {
    checkSize(header.width, header.height, name);
    if (!header.complete) {
      throw new ImageInputError(`"${name}" is a truncated JPEG: the file ends before the image does. Download or export it again.`);
    }
  }
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(new Blob([bytes], { type: file.type }), {
      imageOrientation: 'from-image',
      colorSpaceConversion: 'none',
      premultiplyAlpha: 'none',
    });
  } catch {
    throw new ImageInputError(
      header
        ? `"${name}" looks like a ${header.format.toUpperCase()} file but could not be decoded: it may be corrupt or truncated. Try another copy of the image.`
        : `"${name}" is not an image this browser can decode. Use a JPEG, PNG, GIF, WebP or BMP file.`,
    );
  }
  return bitmap;
}

function looksLikeSvg(bytes: Uint8Array): boolean {
  const head = new TextDecoder().decode(bytes.subarray(0, 1024)).trimStart();
  return head.startsWith('<') && /<svg[\s>]/i.test(head);
}

/** Reads an ImageBitmap's pixels (and closes it). Used for decoded files and camera frames alike. */
export function bitmapToPixels(bitmap: ImageBitmap, name = 'The image'): Image8 {
  try {
    checkSize(bitmap.width, bitmap.height, name);
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    // willReadFrequently keeps the canvas on the CPU, where getImageData is a copy and not a GPU readback.
    const context = canvas.getContext('2d', { willReadFrequently: true });
    if (!context) throw new ImageInputError('This browser cannot read image pixels in a worker (no OffscreenCanvas 2D).');
    context.drawImage(bitmap, 0, 0);
    const { data, width, height } = context.getImageData(0, 0, bitmap.width, bitmap.height);
    return { width, height, channels: 4, data };
  } finally {
    bitmap.close();
  }
}
