// Draws the extension's marketplace icon, packaging/icon.png: a shield (what policy does) with a
// dark blue rim and a cream field carrying orange and near-black patches (a calico coat), on a
// transparent background, 128×128 RGBA as the marketplace asks.
//
// Our own design, drawn from geometry only: every pixel is the average of 4×4 samples of the shape
// functions below, so the edges are smooth, and the PNG is written with Node's zlib and a CRC-32
// of our own. The pixels are a pure function of this file (no time, no randomness), so
// test/unit/package-readme.test.ts can check that the committed PNG holds exactly the pixels this
// script draws. Pixels, not bytes: another zlib may compress the same rows differently.
//
// usage: node scripts/gen-icon.mjs            writes packaging/icon.png
//        node scripts/gen-icon.mjs --check    exits 1 when packaging/icon.png holds other pixels
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync, inflateSync } from 'node:zlib';

export const SIZE = 128;
const SAMPLES = 4;

const RIM = [0x1f, 0x3a, 0x5f]; // the galleryBanner colour, so icon and banner belong together
const FIELD = [0xf6, 0xef, 0xe4];
const ORANGE = [0xe8, 0x84, 0x2a];
const DARK = [0x2a, 0x2a, 0x2e];

/**
 * Half the shield's width at height y (coordinates in [0, 1], y downwards), or -1 above or below
 * it: straight sides down to y = 0.52, then a curve that narrows to the point at y = 0.92.
 */
function halfWidth(y, top, bottom, straight, width) {
  if (y < top || y > bottom) return -1;
  if (y <= straight) return width;
  const t = (y - straight) / (bottom - straight);
  return width * Math.pow(Math.cos((Math.PI / 2) * t), 0.75);
}

/** Whether (x, y) lies in the shield; `inset` shrinks it, which gives the inner field. */
function inShield(x, y, inset) {
  const top = 0.08 + inset;
  const bottom = 0.93 - inset * 1.35;
  const width = 0.4 - inset;
  // The top edge dips gently towards the middle, as heraldic shields do.
  const dx = Math.abs(x - 0.5);
  if (dx > width) return false;
  const topAt = top + 0.035 * (1 - (dx / width) ** 2);
  if (y < topAt) return false;
  const w = halfWidth(y, top, bottom, 0.52, width);
  return w >= 0 && dx <= w;
}

const inCircle = (x, y, cx, cy, r) => (x - cx) ** 2 + (y - cy) ** 2 <= r * r;

/** The colour of one sample point, or undefined outside the shield (transparent). */
function sample(x, y) {
  if (!inShield(x, y, 0)) return undefined;
  if (!inShield(x, y, 0.075)) return RIM;
  if (inCircle(x, y, 0.37, 0.33, 0.15) || inCircle(x, y, 0.47, 0.41, 0.11) || inCircle(x, y, 0.66, 0.29, 0.065)) return ORANGE;
  if (inCircle(x, y, 0.63, 0.62, 0.13) || inCircle(x, y, 0.54, 0.73, 0.09) || inCircle(x, y, 0.35, 0.6, 0.05)) return DARK;
  return FIELD;
}

/** The icon's pixels as RGBA rows: the mean colour of the covered samples, alpha the share covered. */
export function drawIcon(size = SIZE) {
  const pixels = Buffer.alloc(size * size * 4);
  const n = SAMPLES * SAMPLES;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let covered = 0;
      for (let sy = 0; sy < SAMPLES; sy++) {
        for (let sx = 0; sx < SAMPLES; sx++) {
          const c = sample((px + (sx + 0.5) / SAMPLES) / size, (py + (sy + 0.5) / SAMPLES) / size);
          if (!c) continue;
          r += c[0];
          g += c[1];
          b += c[2];
          covered++;
        }
      }
      const o = (py * size + px) * 4;
      if (covered === 0) continue;
      pixels[o] = Math.round(r / covered);
      pixels[o + 1] = Math.round(g / covered);
      pixels[o + 2] = Math.round(b / covered);
      pixels[o + 3] = Math.round((255 * covered) / n);
    }
  }
  return pixels;
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[i] = c >>> 0;
  }
  return table;
})();

function crc32(buf) {
  let c = 0xffffffff;
  for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** Encodes RGBA pixels as a PNG (8 bits per channel, colour type 6, no filtering). */
export function encodePng(pixels, width, height) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  const rows = Buffer.alloc(height * (width * 4 + 1));
  for (let y = 0; y < height; y++) pixels.copy(rows, y * (width * 4 + 1) + 1, y * width * 4, (y + 1) * width * 4);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** The RGBA pixels of a PNG that `encodePng` wrote (one IDAT chunk, no filtering), with its size. */
export function decodePng(png) {
  if (png.readUInt32BE(12) !== 0x49484452) throw new Error('not a PNG (no IHDR first)');
  const width = png.readUInt32BE(16);
  const height = png.readUInt32BE(20);
  const idat = [];
  for (let p = 8; p < png.length; ) {
    const length = png.readUInt32BE(p);
    if (png.toString('latin1', p + 4, p + 8) === 'IDAT') idat.push(png.subarray(p + 8, p + 8 + length));
    p += 12 + length;
  }
  const rows = inflateSync(Buffer.concat(idat));
  const pixels = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++) {
    if (rows[y * (width * 4 + 1)] !== 0) throw new Error(`row ${y} uses a PNG filter; this decoder reads unfiltered rows only`);
    rows.copy(pixels, y * width * 4, y * (width * 4 + 1) + 1, (y + 1) * (width * 4 + 1));
  }
  return { width, height, bitDepth: png[24], colourType: png[25], pixels };
}

/** The icon as PNG bytes. */
export function iconPng() {
  return encodePng(drawIcon(SIZE), SIZE, SIZE);
}

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const ICON_PATH = join(ROOT, 'packaging', 'icon.png');

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const png = iconPng();
  if (process.argv.includes('--check')) {
    const same = Buffer.compare(decodePng(readFileSync(ICON_PATH)).pixels, drawIcon(SIZE)) === 0;
    if (!same) console.error('packaging/icon.png differs from what scripts/gen-icon.mjs draws; run node scripts/gen-icon.mjs');
    process.exit(same ? 0 : 1);
  }
  writeFileSync(ICON_PATH, png);
  console.log(`wrote ${ICON_PATH} (${png.length} bytes)`);
}
