import type { Declaration, Shape } from './shapes';
import { awaited } from './shapes';
import type { OperationShape } from './typescript-module';
import { typeText } from './typescript-module';

type Schema = Record<string, unknown>;

const COMPONENT = '#/components/schemas/';

/**
 * Writes JSON Schemas (OpenAPI 3.1 dialect) for shapes. A generic named type becomes one component per
 * instantiation (`Page<Order>` → `PageOfOrder`), since JSON Schema has no type parameters. What has no JSON
 * form (a function, `any`, a type from outside the analysed files) is the empty schema, any value, with a
 * description saying what it stands for; a Map is an object of its values, a Set an array of unique items.
 */
class SchemaWriter {
  readonly components: Record<string, Schema> = {};

  constructor(private readonly declarations: ReadonlyMap<string, Declaration>) {}

  schema(shape: Shape): Schema {
    switch (shape.kind) {
      case 'primitive':
        switch (shape.name) {
          case 'string':
          case 'number':
          case 'boolean':
          case 'null':
            return { type: shape.name };
          case 'bigint':
            return { type: 'string', pattern: '^-?[0-9]+$', description: 'a bigint, as a decimal string' };
          case 'never':
            return { not: {} };
          default:
            return { type: 'null', description: `${shape.name}: nothing is sent` };
        }
      case 'literal':
        return { const: shape.value };
      case 'date':
        return { type: 'string', format: 'date-time' };
      case 'array':
        return { type: 'array', items: this.schema(shape.element) };
      case 'set':
        return { type: 'array', items: this.schema(shape.element), uniqueItems: true };
      case 'tuple':
        return {
          type: 'array',
          prefixItems: shape.elements.map((e) => this.schema(e)),
          minItems: shape.elements.length,
          maxItems: shape.elements.length,
        };
      case 'map':
        return {
          type: 'object',
          additionalProperties: this.schema(shape.value),
          description: `a Map<${typeText(shape.key)}, …>, sent as an object keyed by its keys as strings`,
        };
      case 'promise':
        return this.schema(shape.value);
      case 'union':
        return this.union(shape.members);
      case 'intersection':
        return { allOf: shape.members.map((m) => this.schema(m)) };
      case 'object':
        return this.object(shape.properties, shape.index);
      case 'ref':
        return { $ref: COMPONENT + this.component(shape) };
      case 'parameter':
        return { description: `type parameter ${shape.name}: any JSON value` };
      case 'unknown':
        return shape.why === 'unknown' ? {} : { description: `not converted: ${shape.why}` };
    }
  }

  private union(members: Shape[]): Schema {
    const present = members.filter((m) => !(m.kind === 'primitive' && (m.name === 'undefined' || m.name === 'void')));
    if (present.length === 1) return this.schema(present[0]);
    const literals = present.filter((m): m is Extract<Shape, { kind: 'literal' }> => m.kind === 'literal');
    const nullable = present.some((m) => m.kind === 'primitive' && m.name === 'null');
    const rest = present.filter((m) => m.kind !== 'literal' && !(m.kind === 'primitive' && m.name === 'null'));
    if (literals.length > 0 && rest.length === 0) {
      const types = [...new Set(literals.map((l) => (typeof l.value === 'number' ? 'number' : typeof l.value)))];
      const values: unknown[] = literals.map((l) => l.value);
      if (nullable) values.push(null);
      const type = nullable ? [...types, 'null'] : types.length === 1 ? types[0] : types;
      return { type, enum: values };
    }
    return { anyOf: present.map((m) => this.schema(m)) };
  }

  private object(properties: { name: string; shape: Shape; optional: boolean }[], index?: Shape): Schema {
    const required = properties.filter((p) => !p.optional && !acceptsUndefined(p.shape)).map((p) => p.name);
    return {
      type: 'object',
      properties: Object.fromEntries(properties.map((p) => [p.name, this.schema(p.shape)])),
      ...(required.length ? { required } : {}),
      ...(index ? { additionalProperties: this.schema(index) } : {}),
    };
  }

  /** The component for a named type (instantiated when generic), written once. */
  private component(ref: Extract<Shape, { kind: 'ref' }>): string {
    const declaration = this.declarations.get(ref.name);
    // Component names allow letters, digits, `.`, `-` and `_` only (a TypeScript name may hold `$`).
    const name = (ref.args.length ? `${ref.name}Of${ref.args.map(componentWord).join('And')}` : ref.name).replace(
      /[^A-Za-z0-9._-]/g,
      '_',
    );
    if (name in this.components || !declaration) return name;
    this.components[name] = {};
    const bindings = new Map(declaration.parameters.map((p, i) => [p, ref.args[i] ?? unknownShape(p)]));
    const bound = (shape: Shape) => substitute(shape, bindings);
    let schema: Schema;
    switch (declaration.kind) {
      case 'enum': {
        const values = declaration.members.map((m) => m.value);
        const types = [...new Set(values.map((v) => typeof v))];
        schema = { type: types.length === 1 ? types[0] : types, enum: values };
        break;
      }
      case 'alias':
        schema = this.schema(bound(declaration.shape));
        break;
      case 'interface':
        schema = this.object(
          declaration.properties.map((p) => ({ ...p, shape: bound(p.shape) })),
          declaration.index && bound(declaration.index),
        );
    }
    this.components[name] = { ...schema, 'x-typescript': `${declaration.name} (${declaration.file})` };
    return name;
  }
}

/** A result that may be `undefined` is sent as JSON `null`. */
function absentAsNull(shape: Shape): Shape {
  if (shape.kind !== 'union') return shape;
  const members = shape.members.map((m): Shape =>
    m.kind === 'primitive' && m.name === 'undefined' ? { kind: 'primitive', name: 'null' } : m,
  );
  return {
    kind: 'union',
    members: members.filter((m, i) => members.findIndex((n) => JSON.stringify(n) === JSON.stringify(m)) === i),
  };
}

function unknownShape(parameter: string): Shape {
  return { kind: 'unknown', why: `type parameter ${parameter} not given` };
}

function acceptsUndefined(shape: Shape): boolean {
  return shape.kind === 'union' && shape.members.some((m) => m.kind === 'primitive' && m.name === 'undefined');
}

function componentWord(shape: Shape): string {
  const word = typeText(shape)
    .replace(/\/\*.*?\*\//g, '')
    .replace(/[^A-Za-z0-9]+/g, ' ');
  return word
    .trim()
    .split(' ')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');
}

/** A generic declaration's body with its type parameters replaced by the arguments of one use. */
export function substitute(shape: Shape, bindings: ReadonlyMap<string, Shape>): Shape {
  const s = (inner: Shape) => substitute(inner, bindings);
  switch (shape.kind) {
    case 'parameter':
      return bindings.get(shape.name) ?? shape;
    case 'array':
    case 'set':
      return { ...shape, element: s(shape.element) };
    case 'tuple':
      return { ...shape, elements: shape.elements.map(s) };
    case 'map':
      return { ...shape, key: s(shape.key), value: s(shape.value) };
    case 'promise':
      return { ...shape, value: s(shape.value) };
    case 'union':
    case 'intersection':
      return { ...shape, members: shape.members.map(s) };
    case 'object':
      return {
        ...shape,
        properties: shape.properties.map((p) => ({ ...p, shape: s(p.shape) })),
        ...(shape.index ? { index: s(shape.index) } : {}),
      };
    case 'ref':
      return { ...shape, args: shape.args.map(s) };
    default:
      return shape;
  }
}

/**
 * The service's contract as an OpenAPI 3.1 document: one POST path per operation (`/<operation>`), its
 * parameters as the properties of a JSON request body, its result (a promise unwrapped) as the 200 response, or
 * 204 when it returns nothing.
 */
export function openapiDocument(
  service: string,
  operations: readonly OperationShape[],
  declarations: ReadonlyMap<string, Declaration>,
): Record<string, unknown> {
  const writer = new SchemaWriter(declarations);
  const paths: Record<string, unknown> = {};
  for (const operation of operations) {
    const parameters = operation.parameters.map((p) => ({
      name: p.name,
      optional: p.optional || p.rest,
      shape: p.shape,
    }));
    const body = writer.schema({ kind: 'object', properties: parameters });
    const result = absentAsNull(awaited(operation.returns));
    const empty = result.kind === 'primitive' && (result.name === 'void' || result.name === 'undefined');
    const callers = operation.callers.map((c) => `${c.service} (${c.sites})`).join(', ');
    paths[`/${operation.name}`] = {
      post: {
        operationId: operation.name,
        summary: `${operation.symbol} (${operation.file})`,
        description: `Called today by ${callers}.`,
        ...(operation.typeParameters.length ? { 'x-type-parameters': operation.typeParameters } : {}),
        ...(parameters.length
          ? { requestBody: { required: true, content: { 'application/json': { schema: body } } } }
          : {}),
        responses: empty
          ? { '204': { description: 'Done; nothing is returned.' } }
          : {
              '200': {
                description: typeText(result),
                content: { 'application/json': { schema: writer.schema(result) } },
              },
            },
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: `${service} service`,
      version: '0.1.0',
      description: `What other services call on ${service} today, synthesised from their call sites.`,
    },
    paths,
    components: { schemas: writer.components },
  };
}
