import type * as TS from 'typescript';
import { skipOuter } from '../components';
import { attribute, removeAttribute, stringValue } from '../jsx-attributes';
import type { FileModel, JsxUse } from '../model';
import type { ReactRule } from '../rule';

/** Files that render a whole page or its frame: routes, pages, layouts. */
const PAGE_FILE =
  /(^|\/)(pages|routes|views|screens)\/(?!api\/)[^/]+|(^|\/)app\/(.*\/)?(page|layout)\.[cm]?[jt]sx?$|(^|\/)(_app|_document|root)\.[cm]?[jt]sx?$/;
/** Components whose first image is what the visitor sees first. */
const HERO_COMPONENT = /hero|banner|landing|splash|jumbotron|cover|masthead/i;
/** Images that are small by what they show: never the largest paint. */
const SMALL_IMAGE = /logo|avatar|icon|badge|emoji|flag|thumb|spinner/i;
/** Below this (CSS pixels, both sides) an image is too small to be the largest paint. */
const SMALL_SIDE = 160;

/**
 * The likely Largest Contentful Paint image — the first large image of a page, layout or hero component —
 * lazy-loaded: `loading="lazy"` on an `<img>`, or a `next/image` without `priority` (it lazy-loads by
 * default). The browser then starts fetching it only after layout, so the page's main image, and its LCP,
 * come later by a whole round trip and the download.
 */
export const lcpImageLazy: ReactRule = {
  id: 'lcp-image-lazy',
  assistant: 'react',
  title: 'Likely LCP image is lazy-loaded',
  defaultSeverity: 'warning',
  impact: 'medium',
  effort: 'small',
  roadmap: {
    task: 'Load the main image of {count} page(s) eagerly, with high priority',
    baseHours: 0.5,
    hoursPerPlace: 0.25,
    risk: 'low',
    mitigation:
      'Only the image visible without scrolling should be eager; check in Lighthouse (or the Performance panel) that it is the LCP element and that LCP improves.',
    skills: ['React', 'Web performance'],
  },
  docs: `
## Why it matters

Largest Contentful Paint, one of the three Core Web Vitals, is when the largest thing in the first screen
appears: on most pages, the hero or product image. \`loading="lazy"\` tells the browser to wait until layout
to decide whether to fetch an image, so the page's main image starts downloading late, and LCP moves by that
delay plus the download. \`next/image\` lazy-loads every image unless it has \`priority\` (or
\`loading="eager"\`), so a hero rendered with it has the same problem by default.

The rule cannot know which element the browser will measure: it takes the first image of a page, layout or
route file, or of a component named like a hero (\`Hero\`, \`Banner\`, \`Landing\`, \`Cover\`), that is not small
(both sides under ${SMALL_SIDE} px, or a logo, avatar or icon) and not rendered in a list. Check with
Lighthouse or the browser's Performance panel, which name the LCP element.

## How to fix it

- \`<img loading="lazy">\`: remove \`loading="lazy"\` (the quick fix); add \`fetchPriority="high"\` too if it is the
  LCP element. In a Next.js project (its package.json declares \`next\`, or a \`next.config.*\` is above the file),
  the message names \`next/image\`'s \`priority\`, which does both.
- \`next/image\`: add \`priority\` (the quick fix), which preloads it and turns lazy loading off.

Only the image above the fold: images further down should stay lazy.

## When to ignore it

When the image is below the fold on every screen size, or when the LCP element is text.
`,
  check({ model, edits, report, framework }) {
    const ts = model.ts;
    const pageFile = PAGE_FILE.test(model.file.replace(/\\/g, '/'));
    const seen = new Set<string>();
    for (const use of model.jsx) {
      const owner = use.owner;
      if (!owner) continue;
      const hero = HERO_COMPONENT.test(owner.name);
      const scope = hero ? owner.name : pageFile ? '' : undefined;
      if (scope === undefined || seen.has(scope)) continue;
      const image = imageKind(model, use);
      if (!image) continue;
      if (small(ts, use) || inList(ts, use.element, owner.render)) continue;
      seen.add(scope);
      const loading = attribute(use, 'loading');
      const lazy = loading?.value && stringValue(ts, loading.value) === 'lazy';
      const where = hero ? `the first large image of ${owner.name}` : `the first large image of this page`;
      if (lazy && loading) {
        report({
          range: edits.rangeOf(loading.node),
          message: `This ${image === 'img' ? '<img>' : `<${use.tag}> (next/image)`} is likely the page's Largest Contentful Paint (${where}), and \`loading="lazy"\` makes the browser fetch it only after layout: LCP comes later by that wait plus the download. Remove it${image === 'img' ? `, and add fetchPriority="high" if it is the LCP element${framework.next ? ' (with `next/image`, as this Next.js project may: `priority`)' : ''}` : ' and add `priority`'}.`,
          fixes:
            image === 'img'
              ? removeAttribute(model, edits, loading, 'Remove loading="lazy"')
              : [
                  {
                    title: 'Replace loading="lazy" by priority',
                    edits: [edits.replace(loading.node, 'priority')],
                    isPreferred: true,
                  },
                ],
        });
        continue;
      }
      if (image === 'next' && !loading && !attribute(use, 'priority') && !highPriority(ts, use))
        report({
          range: edits.rangeOf(use.opening.tagName),
          message: `<${use.tag}> is likely the page's Largest Contentful Paint (${where}), and next/image lazy-loads images without \`priority\`: the browser fetches it only after layout, so LCP comes later by that wait plus the download. Add \`priority\` (it also preloads the image).`,
          fixes: [
            {
              title: 'Add priority',
              edits: [edits.insertAt(use.opening.tagName.end, ' priority')],
              isPreferred: true,
            },
          ],
        });
    }
  },
};

/** `img`, a `next/image` component (`next/image`, `next/legacy/image`), or neither. */
function imageKind(model: FileModel, use: JsxUse): 'img' | 'next' | undefined {
  if (use.tag === 'img') return 'img';
  if (use.intrinsic) return undefined;
  const binding = model.imports.get(use.tag);
  return binding && /^next\/(legacy\/)?image$/.test(binding.specifier) && binding.name === 'default'
    ? 'next'
    : undefined;
}

function numberValue(ts: typeof TS, value: TS.Expression | undefined): number | undefined {
  if (!value) return undefined;
  const node = skipOuter(ts, value);
  if (ts.isNumericLiteral(node)) return Number(node.text);
  if (ts.isStringLiteralLike(node) && /^\d+(px)?$/.test(node.text)) return parseInt(node.text, 10);
  return undefined;
}

function small(ts: typeof TS, use: JsxUse): boolean {
  const width = numberValue(ts, attribute(use, 'width')?.value);
  const height = numberValue(ts, attribute(use, 'height')?.value);
  if (width !== undefined && height !== undefined && width < SMALL_SIDE && height < SMALL_SIDE) return true;
  return ['src', 'alt', 'className'].some((name) => {
    const value = attribute(use, name)?.value;
    return value !== undefined && SMALL_IMAGE.test(value.getText());
  });
}

function highPriority(ts: typeof TS, use: JsxUse): boolean {
  const value = attribute(use, 'fetchPriority')?.value;
  return value !== undefined && stringValue(ts, value) === 'high';
}

/** Inside a callback (a `.map` row): one of many, never all of them eager. */
function inList(ts: typeof TS, node: TS.Node, render: TS.Node | undefined): boolean {
  for (let current = node.parent; current && current !== render; current = current.parent) {
    if (ts.isArrowFunction(current) || ts.isFunctionExpression(current))
      return ts.isCallExpression(current.parent) && current.parent.arguments.includes(current);
    if (ts.isFunctionDeclaration(current)) return false;
  }
  return false;
}
