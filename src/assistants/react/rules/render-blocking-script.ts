import type * as TS from 'typescript';
import { skipOuter } from '../components';
import { attribute, stringValue } from '../jsx-attributes';
import type { JsxUse } from '../model';
import type { ReactRule } from '../rule';

/** A script from another origin: `https://…`, `http://…`, `//…`. */
const THIRD_PARTY = /^(https?:)?\/\//i;

/**
 * Third-party scripts the page does not need before it is interactive — analytics, tag managers, ads, chat and
 * social widgets — and the Next.js strategy that suits each: measurement as soon as the page is interactive,
 * widgets once the browser is idle.
 */
const NON_CRITICAL: { pattern: RegExp; kind: string; strategy: 'afterInteractive' | 'lazyOnload' }[] = [
  {
    pattern:
      /googletagmanager|google-analytics|gtag|segment\.(com|io)|plausible|clarity\.ms|hotjar|mixpanel|amplitude|posthog|matomo|heap(analytics)?\.|fullstory|umami/i,
    kind: 'analytics',
    strategy: 'afterInteractive',
  },
  {
    pattern: /doubleclick|googlesyndication|adsbygoogle|adservice|amazon-adsystem|taboola|outbrain/i,
    kind: 'advertising',
    strategy: 'lazyOnload',
  },
  {
    pattern:
      /intercom|crisp\.chat|drift|zendesk|zdassets|tawk\.to|hubspot|livechat|olark|facebook\.net|connect\.facebook|platform\.twitter|linkedin|tiktok|disqus|youtube\.com\/iframe_api/i,
    kind: 'a chat or social widget',
    strategy: 'lazyOnload',
  },
];

/**
 * A third-party `<script src>` without `async` or `defer` (and not a module script) rendered in a document, a
 * layout or `_document`: the HTML parser stops at it until the script is downloaded and run, so nothing below it
 * paints. And Next's `<Script strategy="beforeInteractive">` for a script that is known not to be needed before
 * the page is interactive (analytics, ads, widgets).
 */
export const renderBlockingScript: ReactRule = {
  id: 'render-blocking-script',
  assistant: 'react',
  title: 'Third-party script blocks rendering',
  defaultSeverity: 'warning',
  impact: 'medium',
  effort: 'small',
  roadmap: {
    task: 'Stop {count} third-party script(s) from blocking the first paint',
    baseHours: 1,
    hoursPerPlace: 0.5,
    risk: 'medium',
    mitigation:
      'A deferred script runs after the document is parsed: check that nothing inline expects it earlier (a global it defines, document.write), and compare First Contentful Paint in Lighthouse before and after.',
    skills: ['React', 'Web performance'],
  },
  docs: `
## Why it matters

A classic \`<script src>\` stops the HTML parser: nothing after it is parsed or painted until the script has
been downloaded from its server and run. For a third-party script that is a DNS lookup, a connection and a
download from someone else's server, on the critical path of every page view; when that server is slow or
down, the page stays blank. First Contentful Paint and Largest Contentful Paint wait for it.

\`async\` downloads the script in parallel and runs it as soon as it arrives; \`defer\` downloads it in parallel
and runs it after the document is parsed, in order. Module scripts (\`type="module"\`) are deferred already.

In Next.js, \`<Script strategy="beforeInteractive">\` puts the script in the document's head, before the page's
own code; it is meant for scripts the page cannot work without (bot detection, consent managers). Analytics,
tag managers, ads and chat widgets are not: the rule reports those it recognises by their URL.

## How to fix it

- \`<script src>\`: add \`defer\` (the preferred quick fix: keeps the order between scripts) or \`async\` (for a
  script that depends on nothing, such as most analytics snippets).
- Next.js: use \`strategy="afterInteractive"\` (the default) for analytics and tag managers, \`"lazyOnload"\` for
  chat, social widgets and ads; the quick fix sets the one that suits the script.

## When to ignore it

When inline code right after the script uses what it defines at once, or the script uses \`document.write\`
(then it must stay blocking, or be rewritten).
`,
  check({ model, edits, report }) {
    const ts = model.ts;
    for (const use of model.jsx) {
      if (use.tag === 'script') {
        const src = sourceOf(ts, use);
        if (!src || !THIRD_PARTY.test(src) || use.spread) continue;
        if (isSet(ts, use, 'async') || isSet(ts, use, 'defer')) continue;
        const type = attribute(use, 'type')?.value;
        if (type && stringValue(ts, type) === 'module') continue;
        const host = hostOf(src);
        report({
          range: edits.rangeOf(use.opening),
          message: `<script src> from ${host} has neither \`async\` nor \`defer\`: the browser stops parsing the page until it is downloaded from ${host} and run, so nothing after it paints until then (a slow or unreachable server leaves the page blank). Add \`defer\` (runs after parsing, in order) or \`async\` (runs when it arrives).`,
          fixes: [
            {
              title: 'Add defer',
              edits: [edits.insertAt(use.opening.tagName.end, ' defer')],
              isPreferred: true,
            },
            { title: 'Add async', edits: [edits.insertAt(use.opening.tagName.end, ' async')] },
          ],
        });
        continue;
      }
      if (use.intrinsic || model.imports.get(use.tag)?.specifier !== 'next/script') continue;
      const strategy = attribute(use, 'strategy');
      if (!strategy?.value || stringValue(ts, strategy.value) !== 'beforeInteractive') continue;
      const src = sourceOf(ts, use);
      const known = src && NON_CRITICAL.find((entry) => entry.pattern.test(src));
      if (!src || !known) continue;
      const quote = model.text[strategy.value.getStart(model.source)];
      report({
        range: edits.rangeOf(strategy.node),
        message: `\`strategy="beforeInteractive"\` loads this ${known.kind} script (${hostOf(src)}) before any of the page's own code and delays hydration for it, though the page does not need it to work. Use \`strategy="${known.strategy}"\`.`,
        fixes: [
          {
            title: `Load it ${known.strategy === 'afterInteractive' ? 'after the page is interactive' : 'when the browser is idle'} (strategy="${known.strategy}")`,
            edits: [edits.replace(strategy.value, `${quote}${known.strategy}${quote}`)],
            isPreferred: true,
          },
        ],
      });
    }
  },
};

function sourceOf(ts: typeof TS, use: JsxUse): string | undefined {
  const value = attribute(use, 'src')?.value;
  if (!value) return undefined;
  const node = skipOuter(ts, value);
  if (ts.isStringLiteralLike(node)) return node.text;
  // `https://host/path?id=${id}`: the host is written, which is what tells a third party.
  if (ts.isTemplateExpression(node)) return node.head.text;
  return undefined;
}

/** A bare boolean attribute, or `={true}`. */
function isSet(ts: typeof TS, use: JsxUse, name: string): boolean {
  const found = attribute(use, name);
  if (!found) return false;
  return !found.value || skipOuter(ts, found.value).kind !== ts.SyntaxKind.FalseKeyword;
}

function hostOf(src: string): string {
  return /^(?:https?:)?\/\/([^/?#]+)/i.exec(src)?.[1] ?? src;
}
