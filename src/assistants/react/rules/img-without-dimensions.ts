import type * as TS from 'typescript';
import { skipOuter } from '../components';
import type { ReactRule } from '../rule';

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

Not reported when an inline \`style\` sets both \`width\` and \`height\` or an \`aspectRatio\`. When the element has a
\`className\` or spread props, a stylesheet or the spread may size it: the finding is then an information,
saying it cannot tell.

## How to fix it

Add \`width\` and \`height\` with the image file's intrinsic size (in pixels, without units), or give it an
\`aspect-ratio\` in CSS. No quick fix yet: the size comes from the image file.

## When to ignore it

Images positioned out of the flow (absolute, fixed), and images inside a container whose size is fixed by CSS.
`,
  check({ model, edits, report }) {
    const ts = model.ts;
    for (const use of model.jsx) {
      if (use.tag !== 'img') continue;
      const names = new Set(use.attributes.map((a) => a.name));
      if (names.has('width') && names.has('height')) continue;
      const style = use.attributes.find((a) => a.name === 'style')?.value;
      const sized = style ? styleSizes(ts, style) : undefined;
      if (sized === 'sized') continue;
      const missing = ['width', 'height'].filter((n) => !names.has(n)).join(' and ');
      const unsure = use.spread || names.has('className') || sized === 'unknown';
      const why = use.spread
        ? 'spread props may pass them'
        : names.has('className')
          ? 'its class may size it in a stylesheet'
          : 'its style is not a literal this can read';
      report({
        range: edits.rangeOf(use.opening.tagName),
        message: unsure
          ? `<img> has no ${missing} attribute; ${why}, which cannot be seen from here. If nothing sizes it, the page shifts when it loads (CLS): set width and height to the image's intrinsic size.`
          : `<img> has no ${missing}: the browser reserves no space for it, so the content below jumps when it loads (layout shift, CLS). Set width and height to the image's intrinsic size.`,
        ...(unsure ? { severity: 'info' as const } : {}),
      });
    }
  },
};

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
