// An image-folder dataset: one subfolder per class (its name is the class name), PNG and JPEG files inside,
// decoded by pngjs and jpeg-js (pure JS). With `imageSize` every image is resized to it (bilinear, pixel centres
// aligned as PIL and tf.image.resizeBilinear with halfPixelCenters); without it every image must have the size of
// the first. Features are pixel values 0..255 as float32, [n, height, width, channels].
import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import { decode as decodeJpeg } from 'jpeg-js';
import { PNG } from 'pngjs';
import { FormatError } from '../../formats/formatError';
import type { Dataset } from './dataset';

/** How to read an image folder. */
export interface ImageFolderOptions {
  /** 3 = RGB (default), 1 = grey (ITU-R 601 luma, as PIL's convert('L')); alpha is dropped. */
  channels?: 1 | 3;
  /** [height, width] every image is resized to; absent: all must have the first image's size. */
  imageSize?: [number, number];
}

const EXTENSIONS = new Set(['.png', '.jpg', '.jpeg']);

/** Reads `dir`: subfolders sorted by name are classes 0..k-1; files of other types are skipped. */
export function readImageFolder(dir: string, options: ImageFolderOptions = {}): Dataset {
  const channels = options.channels ?? 3;
  const classNames = fs.readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.'))
    .map((entry) => entry.name)
    .sort();
  if (classNames.length === 0) throw new Error(`${dir}: expected one subfolder per class holding its images, found none`);
  const files: { file: string; label: number }[] = [];
  classNames.forEach((name, label) => {
    const folder = nodePath.join(dir, name);
    const images = fs.readdirSync(folder).filter((file) => EXTENSIONS.has(nodePath.extname(file).toLowerCase())).sort();
    if (images.length === 0) throw new Error(`${folder}: the class folder holds no .png, .jpg or .jpeg image`);
    for (const file of images) files.push({ file: nodePath.join(folder, file), label });
  });

  let size: { width: number; height: number; file: string } | undefined;
  let features = new Float32Array(0);
  const labels = new Int32Array(files.length);
  files.forEach(({ file, label }, i) => {
    let image = decodeImage(file);
    if (options.imageSize) image = resizeBilinear(image, options.imageSize[1], options.imageSize[0]);
    if (!size) {
      size = { width: image.width, height: image.height, file };
      features = new Float32Array(files.length * image.width * image.height * channels);
    } else if (image.width !== size.width || image.height !== size.height) {
      throw new FormatError(file, `the image is ${image.width}×${image.height}, the first image (${size.file}) is ${size.width}×${size.height}; every image of a dataset must have one size`);
    }
    const pixels = image.width * image.height;
    const base = i * pixels * channels;
    for (let p = 0; p < pixels; p++) {
      const r = image.rgba[4 * p];
      const g = image.rgba[4 * p + 1];
      const b = image.rgba[4 * p + 2];
      if (channels === 1) {
        features[base + p] = (r * 299 + g * 587 + b * 114) / 1000;
      } else {
        features[base + 3 * p] = r;
        features[base + 3 * p + 1] = g;
        features[base + 3 * p + 2] = b;
      }
    }
    labels[i] = label;
  });
  const first = size as { width: number; height: number };
  return { features, shape: [files.length, first.height, first.width, channels], labels, labelShape: [files.length], numClasses: classNames.length, classNames };
}

/**
 * Resizes 8-bit RGBA to `width`×`height` by bilinear interpolation; sample points are pixel centres
 * ((x + 0.5) · scale − 0.5), clamped at the edges. Downscaling by large factors aliases (no area filter).
 */
export function resizeBilinear(image: { width: number; height: number; rgba: Uint8Array }, width: number, height: number): { width: number; height: number; rgba: Uint8Array } {
  if (image.width === width && image.height === height) return image;
  const out = new Uint8Array(width * height * 4);
  const sx = image.width / width;
  const sy = image.height / height;
  for (let y = 0; y < height; y++) {
    const fy = Math.min(Math.max((y + 0.5) * sy - 0.5, 0), image.height - 1);
    const y0 = Math.floor(fy);
    const y1 = Math.min(y0 + 1, image.height - 1);
    const wy = fy - y0;
    for (let x = 0; x < width; x++) {
      const fx = Math.min(Math.max((x + 0.5) * sx - 0.5, 0), image.width - 1);
      const x0 = Math.floor(fx);
      const x1 = Math.min(x0 + 1, image.width - 1);
      const wx = fx - x0;
      for (let c = 0; c < 4; c++) {
        const at = (px: number, py: number) => image.rgba[4 * (py * image.width + px) + c];
        const top = at(x0, y0) * (1 - wx) + at(x1, y0) * wx;
        const bottom = at(x0, y1) * (1 - wx) + at(x1, y1) * wx;
        out[4 * (y * width + x) + c] = Math.round(top * (1 - wy) + bottom * wy);
      }
    }
  }
  return { width, height, rgba: out };
}

/** Decodes a PNG or JPEG (told apart by magic bytes) to 8-bit RGBA. */
function decodeImage(file: string): { width: number; height: number; rgba: Uint8Array } {
  const bytes = fs.readFileSync(file);
  try {
    if (bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) {
      const png = PNG.sync.read(bytes);
      return { width: png.width, height: png.height, rgba: png.data };
    }
    if (bytes[0] === 0xff && bytes[1] === 0xd8) {
      const jpeg = decodeJpeg(bytes, { useTArray: true, formatAsRGBA: true, maxMemoryUsageInMB: 512 });
      return { width: jpeg.width, height: jpeg.height, rgba: jpeg.data };
    }
  } catch (error) {
    throw new FormatError(file, `the image could not be decoded: ${(error as Error).message}`);
  }
  throw new FormatError(file, `expected a PNG (89 50 4E 47) or JPEG (FF D8) file, got ${[...bytes.subarray(0, 4)].map((b) => b.toString(16).padStart(2, '0').toUpperCase()).join(' ')}`, { offset: 0 });
}
