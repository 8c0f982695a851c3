import type * as TS from 'typescript';
import { skipOuter } from './components';

/** Calls that join class names (`cn('size-24', …)`): their plain string arguments always apply. */
const CLASS_JOINERS = /^(cn|clsx|classnames|classNames|cx|twMerge|twJoin|mergeClasses)$/;
/** A length that does not depend on the content: a spacing step, `px`, or an arbitrary value with a unit. */
const FIXED = String.raw`(?:\d+(?:\.\d+)?|px|\[\d+(?:\.\d+)?(?:px|rem|em|vh|vw|svh|dvh|lvh)\])`;
const SIZE = new RegExp(`^size-${FIXED}$`);
/** A width known before the image arrives: fixed, or the container's (`w-full`). */
const WIDTH = new RegExp(`^w-(?:${FIXED}|full|screen)$`);
/** A height known before the image arrives: fixed (a percentage of an auto-height parent collapses). */
const HEIGHT = new RegExp(`^h-(?:${FIXED}|screen)$`);
const ASPECT = /^aspect-(?:square|video|\[[^\]]+\]|\d+\/\d+)$/;

/**
 * Whether the Tailwind utility classes a `className` always applies fix the element's box before its content
 * loads: `size-24`, `w-32 h-32`, `w-full h-48`, or an aspect ratio (`aspect-video`, as the `aspectRatio`
 * style counts). Only classes without a variant (`sm:size-24` applies on some screens only) and outside
 * conditions count: a literal, a template's literal parts, or the plain string arguments of `cn()`/`clsx()`.
 */
export function classesFixBox(ts: typeof TS, className: TS.Expression): boolean {
  const classes = new Set(
    alwaysApplied(ts, className)
      .filter((c) => !c.includes(':'))
      .map((c) => c.replace(/^!/, '')),
  );
  const has = (pattern: RegExp) => [...classes].some((c) => pattern.test(c));
  return has(SIZE) || has(ASPECT) || (has(WIDTH) && has(HEIGHT));
}

/** The classes an expression always applies, as far as its literal parts show. */
export function alwaysApplied(ts: typeof TS, expression: TS.Expression): string[] {
  const node = skipOuter(ts, expression);
  if (ts.isStringLiteralLike(node)) return words(node.text);
  if (ts.isTemplateExpression(node)) {
    // A word that touches a substitution is only part of a class (`size-${n}`): left out.
    const parts = [node.head.text, ...node.templateSpans.map((span) => span.literal.text)];
    return parts.flatMap((part, i) => {
      const list = words(part);
      if (i > 0 && !/^\s/.test(part)) list.shift();
      if (i < parts.length - 1 && !/\s$/.test(part)) list.pop();
      return list;
    });
  }
  if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && CLASS_JOINERS.test(node.expression.text))
    return node.arguments.flatMap((argument) => {
      const inner = skipOuter(ts, argument);
      return ts.isStringLiteralLike(inner) || ts.isTemplateExpression(inner) ? alwaysApplied(ts, inner) : [];
    });
  return [];
}

function words(text: string): string[] {
  return text.split(/\s+/).filter(Boolean);
}

/** The `className` value of a JSX opening element, when it has one. */
export function classNameOf(ts: typeof TS, opening: TS.JsxOpeningLikeElement): TS.Expression | undefined {
  for (const property of opening.attributes.properties) {
    if (!ts.isJsxAttribute(property) || !ts.isIdentifier(property.name) || property.name.text !== 'className') continue;
    const initializer = property.initializer;
    if (!initializer) return undefined;
    if (ts.isStringLiteral(initializer)) return initializer;
    return ts.isJsxExpression(initializer) ? initializer.expression : undefined;
  }
  return undefined;
}
