/**
 * An image's intrinsic size from the first bytes of its file: PNG, GIF, JPEG, WebP and SVG (width/height in
 * pixels, else the viewBox). Pure: the caller reads the file. Undefined for anything it cannot read for sure.
 */

export interface ImageSize {
  width: number;
  height: number;
}

export function imageSize(bytes: Uint8Array): ImageSize | undefined {
  if (bytes.length < 10) return undefined;
  return png(bytes) ?? gif(bytes) ?? jpeg(bytes) ?? webp(bytes) ?? svg(bytes);
}

function ascii(bytes: Uint8Array, start: number, length: number): string {
  return String.fromCharCode(...bytes.subarray(start, start + length));
}

const u16be = (b: Uint8Array, i: number) => (b[i] << 8) | b[i + 1];
const u16le = (b: Uint8Array, i: number) => b[i] | (b[i + 1] << 8);
const u24le = (b: Uint8Array, i: number) => b[i] | (b[i + 1] << 8) | (b[i + 2] << 16);
const u32be = (b: Uint8Array, i: number) => ((b[i] << 24) >>> 0) + ((b[i + 1] << 16) | (b[i + 2] << 8) | b[i + 3]);

function sized(width: number, height: number): ImageSize | undefined {
  return width > 0 && height > 0 && Number.isFinite(width) && Number.isFinite(height) ? { width, height } : undefined;
}

/** Signature, then the IHDR chunk: width and height as 32-bit big-endian. */
function png(b: Uint8Array): ImageSize | undefined {
  if (b.length < 24 || b[0] !== 0x89 || ascii(b, 1, 3) !== 'PNG' || ascii(b, 12, 4) !== 'IHDR') return undefined;
  return sized(u32be(b, 16), u32be(b, 20));
}

/** `GIF87a`/`GIF89a`, then the logical screen's width and height, 16-bit little-endian. */
function gif(b: Uint8Array): ImageSize | undefined {
  if (!/^GIF8[79]a$/.test(ascii(b, 0, 6))) return undefined;
  return sized(u16le(b, 6), u16le(b, 8));
}

/** Segments after SOI until a start-of-frame (SOF0–SOF15 but DHT, JPG and DAC), whose header holds the size. */
function jpeg(b: Uint8Array): ImageSize | undefined {
  if (b[0] !== 0xff || b[1] !== 0xd8) return undefined;
  let i = 2;
  while (i + 9 < b.length) {
    if (b[i] !== 0xff) return undefined;
    const marker = b[i + 1];
    if (marker === 0xff) {
      i++;
      continue;
    }
    // Markers without a length: TEM, RSTn.
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      i += 2;
      continue;
    }
    const length = u16be(b, i + 2);
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc)
      return sized(u16be(b, i + 7), u16be(b, i + 5));
    i += 2 + length;
  }
  return undefined;
}

/** RIFF container; the first chunk says lossy (VP8), lossless (VP8L) or extended (VP8X, the canvas size). */
function webp(b: Uint8Array): ImageSize | undefined {
  if (b.length < 30 || ascii(b, 0, 4) !== 'RIFF' || ascii(b, 8, 4) !== 'WEBP') return undefined;
  const chunk = ascii(b, 12, 4);
  if (chunk === 'VP8 ') return sized(u16le(b, 26) & 0x3fff, u16le(b, 28) & 0x3fff);
  if (chunk === 'VP8L') {
    const bits = b[21] | (b[22] << 8) | (b[23] << 16) | (b[24] << 24);
    return sized((bits & 0x3fff) + 1, ((bits >>> 14) & 0x3fff) + 1);
  }
  if (chunk === 'VP8X') return sized(u24le(b, 24) + 1, u24le(b, 27) + 1);
  return undefined;
}

/**
 * The root `<svg>`'s width and height in pixels (or unitless), else its viewBox's, rounded: HTML's width and
 * height attributes are whole pixels.
 */
function svg(b: Uint8Array): ImageSize | undefined {
  const size = svgSize(b);
  return size && sized(Math.round(size.width), Math.round(size.height));
}

function svgSize(b: Uint8Array): ImageSize | undefined {
  const text = new TextDecoder().decode(b.subarray(0, 4096));
  const root = /<svg\b[^>]*>/i.exec(text)?.[0];
  if (!root) return undefined;
  const attribute = (name: string) => new RegExp(`\\s${name}\\s*=\\s*["']([^"']*)["']`, 'i').exec(root)?.[1];
  const pixels = (value: string | undefined) => {
    const match = value && /^\s*([\d.]+)\s*(px)?\s*$/.exec(value);
    return match ? Number(match[1]) : undefined;
  };
  const width = pixels(attribute('width'));
  const height = pixels(attribute('height'));
  if (width !== undefined && height !== undefined) return sized(width, height);
  const box = attribute('viewBox')
    ?.trim()
    .split(/[\s,]+/)
    .map(Number);
  if (box?.length !== 4) return undefined;
  const [, , boxWidth, boxHeight] = box;
  if (width !== undefined) return sized(width, Math.round((width * boxHeight) / boxWidth));
  if (height !== undefined) return sized(Math.round((height * boxWidth) / boxHeight), height);
  return sized(boxWidth, boxHeight);
}
