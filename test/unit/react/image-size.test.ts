import { strict as assert } from 'node:assert';
import { createReactAssistant } from '../../../src/assistants/react/index';
import { imageSize } from '../../../src/assistants/react/image-size';
import { DEFAULT_CONFIG } from '../../../src/core/config';
import { loadTypeScript } from '../../../src/core/module-graph/typescript';
import { analyzeDocument } from '../../../src/core/pipeline';
import { memoryWorkspace } from '../../../src/core/workspace';
import { applyEdits } from '../helpers/apply-edits';

/**
 * Image sizes read from file headers written byte by byte here, and img-without-dimensions' fix that sets
 * them, with the file read injected (a static import, a public/ path, a proportional missing side).
 */

function bytes(...parts: (string | number[])[]): Uint8Array {
  const out: number[] = [];
  for (const part of parts) {
    if (typeof part === 'string') for (const c of part) out.push(c.charCodeAt(0));
    else out.push(...part);
  }
  return new Uint8Array([...out, ...new Array<number>(32).fill(0)]);
}

const be32 = (n: number) => [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
const le16 = (n: number) => [n & 255, (n >>> 8) & 255];
const be16 = (n: number) => [(n >>> 8) & 255, n & 255];
const le24 = (n: number) => [n & 255, (n >>> 8) & 255, (n >>> 16) & 255];

function png(width: number, height: number): Uint8Array {
  return bytes([0x89], 'PNG\r\n', [0x1a, 0x0a], be32(13), 'IHDR', be32(width), be32(height), [8, 6, 0, 0, 0]);
}

describe('image sizes from file headers', () => {
  it('PNG: the IHDR chunk', () => {
    assert.deepEqual(imageSize(png(1200, 630)), { width: 1200, height: 630 });
  });

  it('GIF: the logical screen', () => {
    assert.deepEqual(imageSize(bytes('GIF89a', le16(320), le16(100))), { width: 320, height: 100 });
  });

  it('JPEG: the start-of-frame after other segments (APP0, a comment), not the Huffman table', () => {
    const app0 = [
      0xff,
      0xe0,
      ...be16(16),
      ...'JFIF\0'.split('').map((c) => c.charCodeAt(0)),
      1,
      1,
      0,
      0,
      1,
      0,
      1,
      0,
      0,
    ];
    const comment = [0xff, 0xfe, ...be16(5), 104, 105, 33];
    const dht = [0xff, 0xc4, ...be16(4), 0, 0];
    const sof2 = [0xff, 0xc2, ...be16(17), 8, ...be16(480), ...be16(640), 3];
    assert.deepEqual(imageSize(bytes([0xff, 0xd8], app0, comment, dht, sof2)), { width: 640, height: 480 });
  });

  it('WebP: lossy, lossless and extended', () => {
    const riff = (chunk: string, body: number[]) => bytes('RIFF', be32(0), 'WEBP', chunk, be32(0), body);
    assert.deepEqual(imageSize(riff('VP8 ', [0, 0, 0, 0x9d, 0x01, 0x2a, ...le16(800), ...le16(600)])), {
      width: 800,
      height: 600,
    });
    const bits = (400 - 1) | ((300 - 1) << 14);
    assert.deepEqual(
      imageSize(riff('VP8L', [0x2f, bits & 255, (bits >>> 8) & 255, (bits >>> 16) & 255, bits >>> 24])),
      {
        width: 400,
        height: 300,
      },
    );
    assert.deepEqual(imageSize(riff('VP8X', [0, 0, 0, 0, ...le24(1919), ...le24(1079)])), {
      width: 1920,
      height: 1080,
    });
  });

  it('SVG: width and height in pixels, else the viewBox (scaled to a single given side), in whole pixels', () => {
    const svg = (attributes: string) => new TextEncoder().encode(`<?xml version="1.0"?>\n<svg ${attributes}></svg>`);
    assert.deepEqual(imageSize(svg('width="120" height="40px"')), { width: 120, height: 40 });
    assert.deepEqual(imageSize(svg('viewBox="0 0 24 12" width="2em" height="1em"')), { width: 24, height: 12 });
    assert.deepEqual(imageSize(svg('viewBox="0 0 24 12" width="48"')), { width: 48, height: 24 });
    assert.deepEqual(imageSize(svg('viewBox="0 0 841.9 595.3"')), { width: 842, height: 595 });
  });

  it('anything else, or a truncated header, is no size', () => {
    assert.equal(imageSize(new TextEncoder().encode('not an image at all, just text')), undefined);
    assert.equal(imageSize(png(0, 10)), undefined);
    assert.equal(imageSize(new Uint8Array([0x89, 0x50])), undefined);
  });
});

describe('img-without-dimensions sets the size read from a local image', () => {
  before(() => loadTypeScript());

  const FILE = 'web/src/Hero.tsx';
  const TEXT = [
    "import hero from './hero.png';",
    'export function Hero() {',
    '  return (',
    '    <div>',
    '      <img src={hero} alt="" />',
    '      <img src="/banner.gif" alt="" width={160} />',
    '      <img src="https://cdn.example.com/x.png" alt="" />',
    '      <img src="/missing.png" alt="" />',
    '    </div>',
    '  );',
    '}',
    '',
  ].join('\n');
  const FILES = new Map<string, Uint8Array>([
    ['web/src/hero.png', png(1600, 900)],
    ['web/public/banner.gif', bytes('GIF89a', le16(320), le16(100))],
  ]);

  async function findings() {
    const read: string[] = [];
    const engine = createReactAssistant({
      importCost: false,
      readFile: async (file) => {
        read.push(file);
        return FILES.get(file);
      },
    });
    const result = await analyzeDocument(engine, { file: FILE, text: TEXT }, DEFAULT_CONFIG, undefined, {
      workspace: memoryWorkspace(new Map([[FILE, TEXT]])),
    });
    return { read, findings: result.findings.filter((f) => f.ruleId === 'img-without-dimensions') };
  }

  it('offers width and height from the file, or the missing side in proportion, and nothing for remote or missing files', async () => {
    const { read, findings: found } = await findings();
    assert.deepEqual(
      found.map((f) => [f.range.start.line + 1, f.fixes?.map((x) => x.title) ?? []]),
      [
        [5, ['Set width 1600 height 900 (read from the image file)']],
        [6, ['Set height 50 (read from the image file)']],
        [7, []],
        [8, []],
      ],
    );
    assert.match(found[0].message, /hero\.png is 1600×900 px/);
    assert.ok(!read.some((f) => f.includes('cdn.example.com')), 'a remote image is never read');
    assert.ok(read.includes('web/public/missing.png') && read.includes('public/missing.png'), read.join(', '));
    const fixed = applyEdits(TEXT, [...found[0].fixes![0].edits, ...found[1].fixes![0].edits]);
    assert.match(fixed, /<img width=\{1600\} height=\{900\} src=\{hero\} alt="" \/>/);
    assert.match(fixed, /<img height=\{50\} src="\/banner.gif" alt="" width=\{160\} \/>/);
  });
});
