// An image-folder dataset: one subfolder per class (its name is the class name), PNG and JPEG files inside,
// decoded by pngjs and jpeg-js (pure JS). Every image must have the size of the first; resizing is not done
// here. Features are pixel values 0..255 as float32, [n, height, width, channels].
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
    const image = decodeImage(file);
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
