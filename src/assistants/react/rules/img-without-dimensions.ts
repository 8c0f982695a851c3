import path from 'node:path';
import type * as TS from 'typescript';
import type { Fix } from '../../../core/finding';
import { classNameOf, classesFixBox } from '../class-sizes';
import { skipOuter } from '../components';
import type { ReactEdits } from '../edits';
import type { ImageSize } from '../image-size';
import { imageSize } from '../image-size';
import type { FileModel, JsxUse } from '../model';
import type { ReactRule } from '../rule';
import { classesOf, importedStylesheets, sizedClasses } from '../stylesheet-sizes';

/** Files whose size the fix can read (a bundler's static image imports). */
const IMAGE_FILE = /\.(png|jpe?g|gif|webp|svg)$/i;

/**
 * `<img>` without both `width` and `height`: the browser cannot reserve its box before the image arrives, so
 * the content below jumps when it does (Cumulative Layout Shift). An inline style that sets both sizes or an
 * `aspect-ratio` is enough; a class or spread props may size it in a way the source does not show, and then
 * the finding says it is not sure.
 */
export const imgWithoutDimensions: ReactRule = {
  id: 'img-without-dimensions',
  assistant: 'react',
  title: '<img> without width and height (layout shift)',
  defaultSeverity: 'warning',
  impact: 'medium',
  effort: 'small',
  roadmap: {
    task: 'Give {count} image(s) their intrinsic size',
    baseHours: 1,
    hoursPerPlace: 0.25,
    risk: 'low',
    mitigation:
      'Set width and height to the image file’s intrinsic size (CSS can still scale it: height: auto keeps the ratio); compare the page’s CLS in Lighthouse before and after.',
    skills: ['React', 'Web performance'],
  },
  docs: `
## Why it matters

An image without \`width\` and \`height\` takes no space until its bytes arrive; then it pushes everything
below it down. That jump is Cumulative Layout Shift, one of the three Core Web Vitals, and users click the
wrong thing because of it. With both attributes the browser reserves the box from the aspect ratio at once,
even when CSS scales the image (\`width: 100%; height: auto\`).

Not reported when an inline \`style\` sets both \`width\` and \`height\` or an \`aspectRatio\`, nor when its Tailwind
classes do (\`size-24\`, \`w-32 h-32\`, \`w-full h-48\`, \`aspect-video\`; classes without a screen or state variant,
outside conditions, in a literal or in \`cn()\`/\`clsx()\`), nor when it is the only element inside a box whose
classes fix its size (the box does not change when the image arrives), nor when a stylesheet the file imports
(\`import './Header.less'\`, \`import styles from './Card.module.css'\`; CSS, Less or Sass) sizes one of its
classes: a block ending in that class (\`.avatar\`, nested or not, not under \`@media\` nor with \`:hover\`) that
sets \`width\` and a \`height\` other than a percentage or \`auto\`, or an \`aspect-ratio\`; the class is read from
a literal or off the module (\`className={styles.avatar}\`). When the element has another \`className\` or spread
props, a stylesheet the file does not import (a global one) or the spread may size it: the finding is then an
information, saying it cannot tell.

## How to fix it

Add \`width\` and \`height\` with the image file's intrinsic size (in pixels, without units), or give it an
\`aspect-ratio\` in CSS. When \`src\` is a local file — a static import (\`import hero from './hero.png'\`), a
relative path, or a root path served from a \`public/\` folder — the quick fix reads the size from the file's
header (PNG, JPEG, GIF, WebP, SVG) and sets both (or the missing one, in proportion to the one that is set).
In a Next.js project (its package.json declares \`next\`, or a \`next.config.*\` is above the file, even when the
file imports nothing from Next) the message adds that \`next/image\`, Next's own image component, needs the same
size (or \`fill\`).

## When to ignore it

Images positioned out of the flow (absolute, fixed), and images inside a container whose size is fixed by CSS.
`,
  reads(model) {
    const images = unsized(model);
    if (!images.length) return [];
    const stylesheets = images.some((use) => use.attributes.some((a) => a.name === 'className'))
      ? importedStylesheets(model).map((sheet) => sheet.file)
      : [];
    return [...images.flatMap((use) => localFiles(model, use)), ...stylesheets];
  },
  check({ model, edits, report, fileBytes, framework }) {
    const ts = model.ts;
    // In a Next.js project its own image component is the usual way: it requires the size (or \`fill\`).
    const nextImage = framework.next ? ' In this Next.js project, `next/image` also requires them (or `fill`).' : '';
    let styled: { sized: Set<string>; modules: Set<string> } | undefined;
    for (const use of unsized(model)) {
      const names = new Set(use.attributes.map((a) => a.name));
      const style = use.attributes.find((a) => a.name === 'style')?.value;
      const sized = style ? styleSizes(ts, style) : undefined;
      if (sized === 'sized') continue;
      // Utility classes the source shows (`size-24`, `w-full h-48`), on the image or on a box that holds it alone.
      const className = use.attributes.find((a) => a.name === 'className')?.value;
      if (className && classesFixBox(ts, className)) continue;
      if (inFixedBox(ts, use)) continue;
      if (className) {
        styled ??= stylesheetSizes(model, fileBytes);
        if (classesOf(ts, className, styled.modules).some((name) => styled!.sized.has(name))) continue;
      }
      const missing = ['width', 'height'].filter((n) => !names.has(n)).join(' and ');
      const unsure = use.spread || names.has('className') || sized === 'unknown';
      const why = use.spread
        ? 'spread props may pass them'
        : names.has('className')
          ? 'its class may size it in a stylesheet'
          : 'its style is not a literal this can read';
      const file = localFiles(model, use).find((f) => fileBytes(f));
      const size = file ? imageSize(fileBytes(file)!) : undefined;
      const fixes = size ? sizeFixes(model, edits, use, size) : [];
      const known = size && fixes.length ? ` (${path.posix.basename(file!)} is ${size.width}×${size.height} px)` : '';
      report({
        range: edits.rangeOf(use.opening.tagName),
        message: unsure
          ? `<img> has no ${missing} attribute; ${why}, which cannot be seen from here. If nothing sizes it, the page shifts when it loads (CLS): set width and height to the image's intrinsic size${known}.${nextImage}`
          : `<img> has no ${missing}: the browser reserves no space for it, so the content below jumps when it loads (layout shift, CLS). Set width and height to the image's intrinsic size${known}.${nextImage}`,
        ...(unsure ? { severity: 'info' as const } : {}),
        ...(fixes.length ? { fixes } : {}),
      });
    }
  },
};

/** The classes the file's imported stylesheets size, and the names their modules are imported under. */
function stylesheetSizes(
  model: FileModel,
  fileBytes: (file: string) => Uint8Array | undefined,
): { sized: Set<string>; modules: Set<string> } {
  const sized = new Set<string>();
  const modules = new Set<string>();
  for (const sheet of importedStylesheets(model)) {
    if (sheet.binding) modules.add(sheet.binding);
    const bytes = fileBytes(sheet.file);
    if (bytes) for (const name of sizedClasses(new TextDecoder().decode(bytes))) sized.add(name);
  }
  return { sized, modules };
}

/**
 * An image that is the only element inside a box whose classes fix its size (`<a className="size-20"><img/></a>`):
 * when the image arrives the box does not change, so nothing around it moves.
 */
function inFixedBox(ts: typeof TS, use: JsxUse): boolean {
  const parent = use.element.parent;
  if (!parent || !ts.isJsxElement(parent)) return false;
  const elements = parent.children.filter((c) => ts.isJsxElement(c) || ts.isJsxSelfClosingElement(c));
  if (elements.length !== 1) return false;
  const className = classNameOf(ts, parent.openingElement);
  return className !== undefined && classesFixBox(ts, className);
}

/** `sized` when an inline style sets an aspect ratio or both sizes; `unknown` when it is not a literal. */
function styleSizes(ts: typeof TS, style: TS.Expression): 'sized' | 'unsized' | 'unknown' {
  const node = skipOuter(ts, style);
  if (!ts.isObjectLiteralExpression(node)) return 'unknown';
  const keys = new Set<string>();
  for (const property of node.properties) {
    if (ts.isSpreadAssignment(property)) return 'unknown';
    if (property.name && (ts.isIdentifier(property.name) || ts.isStringLiteral(property.name)))
      keys.add(property.name.text);
  }
  if (keys.has('aspectRatio') || keys.has('aspect-ratio')) return 'sized';
  return keys.has('width') && keys.has('height') ? 'sized' : 'unsized';
}

function unsized(model: FileModel): JsxUse[] {
  return model.jsx.filter((use) => {
    if (use.tag !== 'img') return false;
    const names = new Set(use.attributes.map((a) => a.name));
    return !(names.has('width') && names.has('height'));
  });
}

/**
 * Where the image's file may be, named as the document is: a static import's file, a path relative to the
 * document, or a root path under a \`public/\` folder of the document's folder or any above it.
 */
function localFiles(model: FileModel, use: JsxUse): string[] {
  const ts = model.ts;
  const value = use.attributes.find((a) => a.name === 'src')?.value;
  if (!value) return [];
  const file = model.file.replace(/\\/g, '/');
  const dir = path.posix.dirname(file);
  let node = skipOuter(ts, value);
  // Next's static import object: \`hero.src\`.
  if (ts.isPropertyAccessExpression(node) && node.name.text === 'src') node = skipOuter(ts, node.expression);
  if (ts.isIdentifier(node)) {
    const binding = model.imports.get(node.text);
    if (!binding || binding.name !== 'default' || !/^\.\.?\//.test(binding.specifier)) return [];
    return IMAGE_FILE.test(binding.specifier) ? [path.posix.join(dir, binding.specifier)] : [];
  }
  if (!ts.isStringLiteralLike(node)) return [];
  const src = node.text.replace(/[?#].*$/, '');
  if (!IMAGE_FILE.test(src) || /^([a-z]+:|\/\/)/i.test(src)) return [];
  if (!src.startsWith('/')) return [path.posix.join(dir, src)];
  const out: string[] = [];
  for (let current = dir; ; current = path.posix.dirname(current)) {
    out.push(path.posix.join(current === '.' ? '' : current, 'public', src));
    const parent = path.posix.dirname(current);
    if (parent === current) break;
  }
  return out;
}

/** \`width={w} height={h}\` after the tag, or the missing one in proportion to a literal one that is set. */
function sizeFixes(model: FileModel, edits: ReactEdits, use: JsxUse, size: ImageSize): Fix[] {
  const ts = model.ts;
  const literal = (name: string): number | undefined => {
    const value = use.attributes.find((a) => a.name === name)?.value;
    const node = value && skipOuter(ts, value);
    if (!node) return undefined;
    if (ts.isNumericLiteral(node)) return Number(node.text);
    return ts.isStringLiteralLike(node) && /^\d+$/.test(node.text) ? Number(node.text) : undefined;
  };
  const names = new Set(use.attributes.map((a) => a.name));
  let text: string;
  if (!names.has('width') && !names.has('height')) text = ` width={${size.width}} height={${size.height}}`;
  else if (names.has('width')) {
    const width = literal('width');
    if (width === undefined) return [];
    text = ` height={${Math.round((width * size.height) / size.width)}}`;
  } else {
    const height = literal('height');
    if (height === undefined) return [];
    text = ` width={${Math.round((height * size.width) / size.height)}}`;
  }
  return [
    {
      title: `Set${text.replace(/[{}]/g, '').replace(/=/g, ' ')} (read from the image file)`,
      edits: [edits.insertAt(use.opening.tagName.end, text)],
      isPreferred: true,
    },
  ];
}
