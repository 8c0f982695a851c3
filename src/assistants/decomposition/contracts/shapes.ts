import type * as TS from 'typescript';
import { nameOf } from './names';

/**
 * The types a contract passes, read from the checker into a small model that both the TypeScript module and
 * the OpenAPI document are written from, so the two always say the same thing.
 */
export type Shape =
  | { kind: 'primitive'; name: 'string' | 'number' | 'boolean' | 'null' | 'undefined' | 'void' | 'never' | 'bigint' }
  | { kind: 'literal'; value: string | number | boolean }
  | { kind: 'date' }
  | { kind: 'array'; element: Shape }
  | { kind: 'tuple'; elements: Shape[] }
  | { kind: 'set'; element: Shape }
  | { kind: 'map'; key: Shape; value: Shape }
  | { kind: 'promise'; value: Shape }
  | { kind: 'union'; members: Shape[] }
  | { kind: 'intersection'; members: Shape[] }
  | { kind: 'object'; properties: PropertyShape[]; index?: Shape }
  | { kind: 'ref'; name: string; args: Shape[] }
  | { kind: 'parameter'; name: string }
  /** What the contract cannot say: a function, `any`, a type from outside the analysed files; `why` says which. */
  | { kind: 'unknown'; why: string };

export interface PropertyShape {
  name: string;
  shape: Shape;
  optional: boolean;
}

/** A named type the contract declares beside its operations. */
export type Declaration = { name: string; parameters: string[]; file: string } & (
  | { kind: 'interface'; properties: PropertyShape[]; index?: Shape }
  | { kind: 'alias'; shape: Shape }
  | { kind: 'enum'; members: { name: string; value: string | number }[] }
);

/** Why a type resolved to nothing: the notes of a contract explain it once (`OUTSIDE_EXPLAINED`). */
export const OUTSIDE = 'not in the analysed source';
export const OUTSIDE_EXPLAINED =
  `"${OUTSIDE}": the type is declared in a package whose declaration files are not installed in the workspace, ` +
  'or in a file past the import depth the contract follows';

/** Named types nested deeper than this below an operation are left unknown (the contract stays readable). */
export const MAX_TYPE_DEPTH = 6;

/**
 * Reads checker types into shapes for one contract, gathering the named types they reach (interfaces, classes
 * as their data, type aliases, enums) transitively up to `MAX_TYPE_DEPTH`, each under a name unique in the
 * contract. Methods of a class passed as data are left out: a message carries data only.
 */
export class ShapeReader {
  readonly declarations = new Map<string, Declaration>();
  /** What could not be converted, once each: shown in the contract's notes. */
  readonly unconverted = new Set<string>();
  private readonly names = new Map<TS.Symbol, string>();
  private readonly taken: Set<string>;

  constructor(
    private readonly ts: typeof TS,
    private readonly checker: TS.TypeChecker,
    /** The workspace file a program path stands for; undefined for lib files and files outside the program. */
    private readonly workspaceFileOf: (programPath: string) => string | undefined,
    reserved: Iterable<string>,
    /** The package whose installed declaration file a program path is (`@prisma/client`); undefined for others. */
    private readonly packageOf: (programPath: string) => string | undefined = () => undefined,
  ) {
    this.taken = new Set(reserved);
  }

  /** The shape of a declared thing (a parameter, a property), with the written type to explain an unresolved one. */
  shapeOfSymbol(symbol: TS.Symbol, at: TS.Node, depth: number, parameters: ReadonlySet<string>): Shape {
    const type = this.checker.getTypeOfSymbolAtLocation(symbol, at);
    const written = writtenType(this.ts, symbol.valueDeclaration);
    const alias = this.writtenAlias(symbol.valueDeclaration);
    if (alias && !(type.flags & this.ts.TypeFlags.Any)) return this.named(alias, [], depth, parameters);
    return this.shapeOf(type, depth, parameters, written);
  }

  /**
   * The workspace's type alias a declaration is written with (`order: NewOrder`), when the checker does not keep
   * the name: an alias of a type computed in a package (`type NewOrder = z.infer<typeof NewOrder>`) reaches it
   * as the package's helper, and the contract would lose the name the code gives it.
   */
  private writtenAlias(declaration: TS.Declaration | undefined): TS.Symbol | undefined {
    const { ts, checker } = this;
    const node = (declaration as { type?: TS.TypeNode } | undefined)?.type;
    if (!node || !ts.isTypeReferenceNode(node) || node.typeArguments?.length) return undefined;
    let symbol = checker.getSymbolAtLocation(node.typeName);
    if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
    if (!symbol || !(symbol.flags & ts.SymbolFlags.TypeAlias)) return undefined;
    // Only an alias the workspace declares is written as it is (declaredHere would also take a package's).
    const declared = symbol.declarations?.[0];
    return declared && this.workspaceFileOf(declared.getSourceFile().fileName) !== undefined ? symbol : undefined;
  }

  shapeOf(type: TS.Type, depth: number, parameters: ReadonlySet<string>, written?: string, expand?: TS.Symbol): Shape {
    const { TypeFlags, ObjectFlags } = this.ts;
    const flags = type.flags;
    if (flags & TypeFlags.Any) {
      const error = (type as { intrinsicName?: string }).intrinsicName === 'error';
      if (!error) return this.unknown('any');
      return this.unknown(`${written ?? 'an inferred type'}: ${OUTSIDE}`);
    }
    if (flags & TypeFlags.Unknown) return { kind: 'unknown', why: 'unknown' };
    if (flags & TypeFlags.EnumLike) {
      const enumSymbol = this.enumOf(type);
      if (enumSymbol && this.declaredHere(enumSymbol, [])) return this.named(enumSymbol, [], depth, parameters);
    }
    if (flags & TypeFlags.StringLiteral) return { kind: 'literal', value: (type as TS.StringLiteralType).value };
    if (flags & TypeFlags.NumberLiteral) return { kind: 'literal', value: (type as TS.NumberLiteralType).value };
    if (flags & TypeFlags.BooleanLiteral)
      return { kind: 'literal', value: (type as { intrinsicName?: string }).intrinsicName === 'true' };
    if (flags & TypeFlags.String || flags & TypeFlags.TemplateLiteral) return primitive('string');
    if (flags & TypeFlags.Number) return primitive('number');
    if (flags & TypeFlags.Boolean) return primitive('boolean');
    if (flags & TypeFlags.BigInt || flags & TypeFlags.BigIntLiteral) return primitive('bigint');
    if (flags & TypeFlags.Null) return primitive('null');
    if (flags & TypeFlags.Undefined) return primitive('undefined');
    if (flags & TypeFlags.Void) return primitive('void');
    if (flags & TypeFlags.Never) return primitive('never');
    if (flags & TypeFlags.ESSymbolLike) return this.unknown('a symbol');

    const alias = type.aliasSymbol;
    if (alias && alias !== expand && this.declaredHere(alias, type.aliasTypeArguments ?? []))
      return this.named(alias, type.aliasTypeArguments ?? [], depth, parameters);

    if (flags & TypeFlags.Union) {
      const members = (type as TS.UnionType).types.map((member) => this.shapeOf(member, depth, parameters));
      return union(members);
    }
    if (flags & TypeFlags.Intersection)
      return {
        kind: 'intersection',
        members: (type as TS.IntersectionType).types.map((member) => this.shapeOf(member, depth, parameters)),
      };
    if (flags & TypeFlags.TypeParameter) {
      const name = type.symbol?.name ?? 'T';
      return parameters.has(name) ? { kind: 'parameter', name } : this.unknown(`type parameter ${name} of a class`);
    }
    if (!(flags & TypeFlags.Object)) return this.unknown(`${this.checker.typeToString(type)} (a computed type)`);

    const checker = this.checker;
    if (checker.isArrayType(type))
      return { kind: 'array', element: this.shapeOf(this.argumentsOf(type)[0], depth, parameters) };
    if (checker.isTupleType(type))
      return { kind: 'tuple', elements: this.argumentsOf(type).map((t) => this.shapeOf(t, depth, parameters)) };

    const symbol = type.symbol as TS.Symbol | undefined;
    const objectFlags = (type as TS.ObjectType).objectFlags;
    if (symbol && this.isLib(symbol)) {
      const args = this.argumentsOf(type).map((t) => this.shapeOf(t, depth, parameters));
      switch (symbol.name) {
        case 'Promise':
        case 'PromiseLike':
          return { kind: 'promise', value: args[0] ?? primitive('void') };
        case 'Date':
          return { kind: 'date' };
        case 'Set':
        case 'ReadonlySet':
          return { kind: 'set', element: args[0] ?? { kind: 'unknown', why: 'unknown' } };
        case 'Map':
        case 'ReadonlyMap':
          return {
            kind: 'map',
            key: args[0] ?? primitive('string'),
            value: args[1] ?? { kind: 'unknown', why: 'unknown' },
          };
        case 'ReadonlyArray':
          return { kind: 'array', element: args[0] ?? { kind: 'unknown', why: 'unknown' } };
      }
      if (!(objectFlags & (ObjectFlags.Mapped | ObjectFlags.Anonymous)))
        return this.unknown(`${symbol.name} (a built-in object)`);
    }
    if (symbol && this.fromPackage(symbol)) {
      // A package's own thenable (an ORM's query builder) is what it resolves to when awaited.
      const awaited = checker.getAwaitedType(type);
      if (awaited && awaited !== type) return { kind: 'promise', value: this.shapeOf(awaited, depth, parameters) };
    }
    const namedKind = ObjectFlags.Class | ObjectFlags.Interface | ObjectFlags.Reference;
    if (
      symbol &&
      objectFlags & namedKind &&
      symbol.flags & (this.ts.SymbolFlags.Class | this.ts.SymbolFlags.Interface) &&
      symbol !== expand &&
      this.declaredHere(symbol, this.argumentsOf(type))
    )
      return this.named(symbol, this.argumentsOf(type), depth, parameters);

    if (
      checker.getSignaturesOfType(type, this.ts.SignatureKind.Call).length > 0 &&
      checker.getPropertiesOfType(type).length === 0
    )
      return this.unknown('a function (it cannot cross the network)');
    return this.objectOf(type, depth, parameters);
  }

  /** The data members of an object type: no methods, no private or protected members. */
  private objectOf(type: TS.Type, depth: number, parameters: ReadonlySet<string>): Shape {
    const { ts, checker } = this;
    const properties: PropertyShape[] = [];
    for (const property of checker.getPropertiesOfType(type)) {
      if (property.flags & ts.SymbolFlags.Method) continue;
      const declaration = property.valueDeclaration;
      if (declaration) {
        const modifiers = ts.getCombinedModifierFlags(declaration as TS.Declaration);
        if (modifiers & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected)) continue;
        if (ts.isPrivateIdentifier((declaration as TS.NamedDeclaration).name as TS.Node)) continue;
      }
      const optional = (property.flags & ts.SymbolFlags.Optional) !== 0;
      const propertyType = checker.getTypeOfSymbol(property);
      if (
        checker.getSignaturesOfType(propertyType, ts.SignatureKind.Call).length > 0 &&
        checker.getPropertiesOfType(propertyType).length === 0
      )
        continue;
      const shape = this.shapeOf(propertyType, depth, parameters, writtenType(ts, declaration));
      properties.push({ name: property.name, optional, shape: optional ? withoutUndefined(shape) : shape });
    }
    const index = checker.getIndexInfosOfType(type).find((info) => info.keyType.flags & ts.TypeFlags.String);
    return {
      kind: 'object',
      properties,
      ...(index ? { index: this.shapeOf(index.type, depth, parameters) } : {}),
    };
  }

  /** A named type: its declaration is read once (before its members, so a recursive type ends). */
  private named(symbol: TS.Symbol, args: readonly TS.Type[], depth: number, parameters: ReadonlySet<string>): Shape {
    const { ts, checker } = this;
    let name = this.names.get(symbol);
    if (name === undefined) {
      const declaration = symbol.declarations![0];
      const own = nameOf(ts, symbol, declaration) ?? 'Default';
      if (depth >= MAX_TYPE_DEPTH) return this.unknown(`${own} (nested deeper than ${MAX_TYPE_DEPTH} types)`);
      name = this.uniqueName(own);
      this.names.set(symbol, name);
      const path = declaration.getSourceFile().fileName;
      const file = this.workspaceFileOf(path) ?? this.packageOf(path) ?? path;
      const next = depth + 1;
      if (symbol.flags & ts.SymbolFlags.Enum) {
        const members = (symbol.declarations ?? [])
          .filter(ts.isEnumDeclaration)
          .flatMap((d) => d.members)
          .map((member) => ({
            name: member.name.getText(),
            value: checker.getConstantValue(member) ?? member.name.getText(),
          }));
        this.declarations.set(name, { name, parameters: [], file, kind: 'enum', members });
      } else if (symbol.flags & ts.SymbolFlags.TypeAlias) {
        const typeParameters = typeParameterNames(ts, declaration);
        this.declarations.set(name, {
          name,
          parameters: typeParameters,
          file,
          kind: 'alias',
          shape: primitive('never'),
        });
        const shape = this.shapeOf(
          checker.getDeclaredTypeOfSymbol(symbol),
          next,
          new Set(typeParameters),
          undefined,
          symbol,
        );
        this.declarations.set(name, { name, parameters: typeParameters, file, kind: 'alias', shape });
      } else {
        const declared = checker.getDeclaredTypeOfSymbol(symbol) as TS.InterfaceType;
        const typeParameters = (declared.typeParameters ?? []).map((p) => p.symbol.name);
        this.declarations.set(name, { name, parameters: typeParameters, file, kind: 'interface', properties: [] });
        const body = this.objectOf(declared, next, new Set(typeParameters));
        if (body.kind === 'object')
          this.declarations.set(name, {
            name,
            parameters: typeParameters,
            file,
            kind: 'interface',
            properties: body.properties,
            ...(body.index ? { index: body.index } : {}),
          });
      }
    }
    const declared = this.declarations.get(name);
    const count = declared?.parameters.length ?? 0;
    return { kind: 'ref', name, args: args.slice(0, count).map((arg) => this.shapeOf(arg, depth, parameters)) };
  }

  private argumentsOf(type: TS.Type): readonly TS.Type[] {
    return (type as TS.ObjectType).objectFlags & this.ts.ObjectFlags.Reference
      ? this.checker.getTypeArguments(type as TS.TypeReference)
      : [];
  }

  private enumOf(type: TS.Type): TS.Symbol | undefined {
    const symbol = type.symbol;
    if (!symbol) return undefined;
    if (symbol.flags & this.ts.SymbolFlags.Enum) return symbol;
    if (symbol.flags & this.ts.SymbolFlags.EnumMember) return (symbol as { parent?: TS.Symbol }).parent;
    return undefined;
  }

  /**
   * Whether the contract declares the type under its own name: any type of the workspace, and a package's type the
   * code names as it is (a Prisma model `User`). A package's generic type (zod's `objectOutputType<…>`, a
   * mapped helper) is a means of computing one: the contract writes out what it computes instead.
   */
  private declaredHere(symbol: TS.Symbol, args: readonly TS.Type[]): boolean {
    const declaration = symbol.declarations?.[0];
    if (declaration === undefined) return false;
    const path = declaration.getSourceFile().fileName;
    if (this.workspaceFileOf(path) !== undefined) return true;
    if (this.packageOf(path) === undefined || args.length > 0) return false;
    const typeParameters = (declaration as { typeParameters?: readonly TS.Node[] }).typeParameters;
    return !typeParameters?.length;
  }

  private fromPackage(symbol: TS.Symbol): boolean {
    const declaration = symbol.declarations?.[0];
    return declaration !== undefined && this.packageOf(declaration.getSourceFile().fileName) !== undefined;
  }

  /** Declared by TypeScript's libs (or a file outside the program), not by the workspace or an installed package. */
  private isLib(symbol: TS.Symbol): boolean {
    const declaration = symbol.declarations?.[0];
    if (declaration === undefined) return false;
    const path = declaration.getSourceFile().fileName;
    return this.workspaceFileOf(path) === undefined && this.packageOf(path) === undefined;
  }

  private uniqueName(base: string): string {
    let name = base;
    for (let n = 2; this.taken.has(name); n++) name = `${base}${n}`;
    this.taken.add(name);
    return name;
  }

  private unknown(why: string): Shape {
    this.unconverted.add(why);
    return { kind: 'unknown', why };
  }
}

export function primitive(name: Extract<Shape, { kind: 'primitive' }>['name']): Shape {
  return { kind: 'primitive', name };
}

/** `true | false` read back as `boolean`, duplicates dropped. */
function union(members: Shape[]): Shape {
  const hasTrue = members.some((m) => m.kind === 'literal' && m.value === true);
  const hasFalse = members.some((m) => m.kind === 'literal' && m.value === false);
  let out = members;
  if (hasTrue && hasFalse) {
    out = members.filter((m) => !(m.kind === 'literal' && typeof m.value === 'boolean'));
    out.push(primitive('boolean'));
  }
  const seen = new Set<string>();
  out = out.filter((m) => {
    const key = JSON.stringify(m);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  // `Product | undefined` as people write it: the absent values last.
  const absent = (m: Shape) => m.kind === 'primitive' && (m.name === 'undefined' || m.name === 'null');
  out = [...out.filter((m) => !absent(m)), ...out.filter(absent)];
  return out.length === 1 ? out[0] : { kind: 'union', members: out };
}

function typeParameterNames(ts: typeof TS, declaration: TS.Declaration): string[] {
  return ts.isTypeAliasDeclaration(declaration) ? (declaration.typeParameters ?? []).map((p) => p.name.text) : [];
}

/** The type as the source writes it (`PoolClient`), to name what could not be resolved. */
function writtenType(ts: typeof TS, declaration: TS.Declaration | undefined): string | undefined {
  const node = declaration as { type?: TS.TypeNode } | undefined;
  if (!node?.type || !ts.isTypeNode(node.type)) return undefined;
  const text = node.type.getText();
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}

/** An optional member's or parameter's type without the `undefined` its `?` already says. */
export function withoutUndefined(shape: Shape): Shape {
  if (shape.kind !== 'union') return shape;
  const members = shape.members.filter((m) => !(m.kind === 'primitive' && m.name === 'undefined'));
  return members.length === 1 ? members[0] : { kind: 'union', members };
}

/** `Promise<T>` → T: what an HTTP response carries. */
export function awaited(shape: Shape): Shape {
  return shape.kind === 'promise' ? awaited(shape.value) : shape;
}
