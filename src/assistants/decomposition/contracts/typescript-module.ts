import type { Declaration, Shape } from './shapes';
import { awaited } from './shapes';

/** An operation as the writers see it: its shapes, not the checker's types. */
export interface OperationShape {
  name: string;
  /** Where it is defined today, and as what (`placeOrder`, `OrdersService.create`). */
  file: string;
  symbol: string;
  typeParameters: string[];
  parameters: { name: string; shape: Shape; optional: boolean; rest: boolean }[];
  returns: Shape;
  callers: { service: string; sites: number }[];
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

export function propertyKey(name: string): string {
  return IDENTIFIER.test(name) ? name : JSON.stringify(name);
}

/** A shape as TypeScript source; what cannot be converted is `unknown` with a comment saying why. */
export function typeText(shape: Shape): string {
  switch (shape.kind) {
    case 'primitive':
      return shape.name;
    case 'literal':
      return typeof shape.value === 'string' ? JSON.stringify(shape.value) : String(shape.value);
    case 'date':
      return 'Date';
    case 'array':
      return `${grouped(shape.element)}[]`;
    case 'tuple':
      return `[${shape.elements.map(typeText).join(', ')}]`;
    case 'set':
      return `Set<${typeText(shape.element)}>`;
    case 'map':
      return `Map<${typeText(shape.key)}, ${typeText(shape.value)}>`;
    case 'promise':
      return `Promise<${typeText(shape.value)}>`;
    case 'union':
      return shape.members.map(grouped).join(' | ');
    case 'intersection':
      return shape.members.map(grouped).join(' & ');
    case 'object': {
      const members = shape.properties.map(
        (p) => `${propertyKey(p.name)}${p.optional ? '?' : ''}: ${typeText(p.shape)}`,
      );
      if (shape.index) members.push(`[key: string]: ${typeText(shape.index)}`);
      return members.length ? `{ ${members.join('; ')} }` : '{}';
    }
    case 'ref':
      return shape.args.length ? `${shape.name}<${shape.args.map(typeText).join(', ')}>` : shape.name;
    case 'parameter':
      return shape.name;
    case 'unknown':
      return shape.why === 'unknown' ? 'unknown' : `unknown /* ${shape.why.replace(/\*\//g, '* /')} */`;
  }
}

function grouped(shape: Shape): string {
  const text = typeText(shape);
  return shape.kind === 'union' || shape.kind === 'intersection' ? `(${text})` : text;
}

function parametersText(operation: OperationShape): string {
  return operation.parameters
    .map((p) =>
      p.rest ? `...${p.name}: ${typeText(p.shape)}` : `${p.name}${p.optional ? '?' : ''}: ${typeText(p.shape)}`,
    )
    .join(', ');
}

/** How a caller sees the operation once it is remote: always asynchronous. */
export function remoteSignature(operation: OperationShape): string {
  const generics = operation.typeParameters.length ? `<${operation.typeParameters.join(', ')}>` : '';
  return `${generics}(${parametersText(operation)}): Promise<${typeText(awaited(operation.returns))}>`;
}

function declarationText(declaration: Declaration): string {
  const generics = declaration.parameters.length ? `<${declaration.parameters.join(', ')}>` : '';
  const from = `/** From ${declaration.file}. */\n`;
  switch (declaration.kind) {
    case 'enum': {
      const members = declaration.members.map((m) => `  ${propertyKey(m.name)} = ${JSON.stringify(m.value)},`);
      return `${from}export enum ${declaration.name} {\n${members.join('\n')}\n}`;
    }
    case 'alias':
      return `${from}export type ${declaration.name}${generics} = ${typeText(declaration.shape)};`;
    case 'interface': {
      const members = declaration.properties.map(
        (p) => `  ${propertyKey(p.name)}${p.optional ? '?' : ''}: ${typeText(p.shape)};`,
      );
      if (declaration.index) members.push(`  [key: string]: ${typeText(declaration.index)};`);
      return `${from}export interface ${declaration.name}${generics} {\n${members.join('\n')}${members.length ? '\n' : ''}}`;
    }
  }
}

/**
 * The service's contract as a TypeScript module that compiles on its own: one interface of its operations as
 * other services will call them (asynchronous, as over the network) and the data types they pass.
 */
export function typescriptModule(
  service: string,
  interfaceName: string,
  operations: readonly OperationShape[],
  declarations: readonly Declaration[],
): string {
  const methods = operations.map((operation) => {
    const callers = operation.callers.map((c) => `${c.service} (${c.sites} site${c.sites === 1 ? '' : 's'})`);
    return (
      `  /** ${operation.symbol} in ${operation.file}; called by ${callers.join(', ')}. */\n` +
      `  ${propertyKey(operation.name)}${remoteSignature(operation)};`
    );
  });
  const parts = [
    `// The operations other services call on ${service} today, from their call sites; generated, do not edit.`,
    `export interface ${interfaceName} {\n${methods.join('\n')}\n}`,
    ...declarations.map(declarationText),
  ];
  return `${parts.join('\n\n')}\n`;
}
