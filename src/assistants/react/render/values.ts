import type * as TS from 'typescript';

/** How values are generated: the item count of a list, and how deep objects are filled in. */
export interface ValueOptions {
  /** Items of an array the component renders as a list (a top-level array prop, a loader's array). */
  listItems: number;
  /** Items of arrays nested inside other values. */
  nestedItems: number;
  maxDepth: number;
}

export const DEFAULT_VALUE_OPTIONS: ValueOptions = { listItems: 1000, nestedItems: 3, maxDepth: 6 };

/**
 * JavaScript source for a value of `type`: strings, numbers and booleans, arrays of generated items, objects with
 * their required properties, no-op functions. A list's items differ from each other (`id` 1, 2, 3…; `name 1`,
 * `name 2`…) so keys are unique and rows are not all equal. Types it cannot fill in (`any`, a type parameter)
 * become `undefined`, which the report mentions through the prop's name.
 */
export function valueSource(
  ts: typeof TS,
  checker: TS.TypeChecker,
  type: TS.Type,
  options: ValueOptions = DEFAULT_VALUE_OPTIONS,
  name = 'value',
): string {
  return new ValueWriter(ts, checker, options).write(type, name, 0, options.listItems);
}

class ValueWriter {
  constructor(
    private readonly ts: typeof TS,
    private readonly checker: TS.TypeChecker,
    private readonly options: ValueOptions,
  ) {}

  /** `index`: the item's index inside a generated array (an expression `i`), else undefined. */
  write(type: TS.Type, name: string, depth: number, items: number, index?: string): string {
    const ts = this.ts;
    const flags = type.flags;
    if (type.isUnion()) return this.write(this.preferred(type.types), name, depth, items, index);
    if (type.isStringLiteral()) return JSON.stringify(type.value);
    if (type.isNumberLiteral()) return String(type.value);
    if (flags & ts.TypeFlags.BooleanLiteral) return (type as { intrinsicName?: string }).intrinsicName ?? 'false';
    if (flags & ts.TypeFlags.StringLike) return this.stringValue(name, index);
    if (flags & ts.TypeFlags.NumberLike) return index ? `${index} + 1` : '1';
    if (flags & ts.TypeFlags.BigIntLike) return '1n';
    if (flags & ts.TypeFlags.BooleanLike) return 'false';
    if (flags & (ts.TypeFlags.Null | ts.TypeFlags.Undefined | ts.TypeFlags.Void)) return 'undefined';
    if (flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown | ts.TypeFlags.TypeParameter | ts.TypeFlags.Never))
      return 'undefined';
    if (depth > this.options.maxDepth) return 'undefined';
    if (type.getCallSignatures().length > 0) return '() => undefined';
    const symbolName = type.getSymbol()?.getName();
    // React's own types: children and elements render as text, styles and refs as plain objects.
    if (symbolName && /^(ReactNode|ReactElement|ReactPortal|JSX)$/.test(symbolName))
      return this.stringValue(name, index);
    if (symbolName === 'Date') return 'new Date(0)';
    if (this.checker.isArrayType(type) || this.checker.isTupleType(type)) {
      const element = this.checker.getTypeArguments(type as TS.TypeReference)[0];
      if (!element) return '[]';
      const i = `i${depth}`;
      const item = this.write(element, singular(name), depth + 1, this.options.nestedItems, i);
      return `Array.from({ length: ${items} }, (_, ${i}) => (${item}))`;
    }
    if (flags & ts.TypeFlags.Object || type.isIntersection()) {
      const fields: string[] = [];
      for (const property of this.checker.getPropertiesOfType(type)) {
        if (property.flags & ts.SymbolFlags.Optional) continue;
        const declaration = property.valueDeclaration ?? property.declarations?.[0];
        if (!declaration) continue;
        const propertyType = this.checker.getTypeOfSymbolAtLocation(property, declaration);
        const value = this.write(propertyType, property.getName(), depth + 1, this.options.nestedItems, index);
        fields.push(`${JSON.stringify(property.getName())}: ${value}`);
      }
      return `{ ${fields.join(', ')} }`;
    }
    return 'undefined';
  }

  /** A union's member that renders most: a non-null one (`false` of `boolean`: a list, not its loading state). */
  private preferred(types: readonly TS.Type[]): TS.Type {
    const ts = this.ts;
    const present = types.filter((t) => !(t.flags & (ts.TypeFlags.Null | ts.TypeFlags.Undefined | ts.TypeFlags.Void)));
    return (present.length ? present : types)[0];
  }

  private stringValue(name: string, index?: string): string {
    const base = /url|src|href|image/i.test(name) ? `https://example.test/${name}` : name;
    return index ? `${JSON.stringify(`${base} `)} + (${index} + 1)` : JSON.stringify(base);
  }
}

/** `products` → `product`: what an item of a list is called, for its generated strings. */
function singular(name: string): string {
  return name.length > 3 && name.endsWith('s') ? name.slice(0, -1) : name;
}
