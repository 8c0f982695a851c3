import type * as TS from 'typescript';
import type { Shape, ShapeReader } from './shapes';
import { primitive, withoutUndefined } from './shapes';
import type { Target } from './sites';

export interface TypedSignature {
  typeParameters: string[];
  parameters: { name: string; shape: Shape; optional: boolean; rest: boolean }[];
  returns: Shape;
}

/**
 * The signature of what a target is, as the checker declares it (not as one call site instantiates it): a
 * function's or method's first signature (the first overload when there are several), a class's constructor
 * (returning an instance), a constant's type (read, no parameters). A destructured parameter is named after
 * its type (`{ id }: OrderRef` → `orderRef`), or `arg<n>`.
 */
export function signatureOf(
  ts: typeof TS,
  checker: TS.TypeChecker,
  reader: ShapeReader,
  target: Target,
): TypedSignature {
  const at = target.declaration;
  const type = checker.getTypeOfSymbolAtLocation(target.typed, at);
  if (target.kind === 'constant')
    return { typeParameters: [], parameters: [], returns: reader.shapeOf(type, 0, new Set()) };
  const kind = target.kind === 'constructor' ? ts.SignatureKind.Construct : ts.SignatureKind.Call;
  const signature = checker.getSignaturesOfType(type, kind)[0] ?? ownSignature(ts, checker, target.declaration);
  if (!signature) {
    const returns =
      target.kind === 'constructor'
        ? reader.shapeOf(checker.getDeclaredTypeOfSymbol(target.typed), 0, new Set())
        : { kind: 'unknown' as const, why: `${target.symbol} has no call signature the checker could read` };
    return { typeParameters: [], parameters: [], returns };
  }
  const typeParameters = (signature.getTypeParameters() ?? []).map((p) => p.symbol.name);
  const bound = new Set(typeParameters);
  const used = new Set<string>();
  const parameters = signature.getParameters().map((parameter, index) => {
    const declaration = parameter.valueDeclaration as TS.ParameterDeclaration | undefined;
    const rest = declaration !== undefined && declaration.dotDotDotToken !== undefined;
    const optional =
      declaration !== undefined &&
      (declaration.questionToken !== undefined || declaration.initializer !== undefined) &&
      !rest;
    let shape = reader.shapeOfSymbol(parameter, declaration ?? at, 0, bound);
    if (optional) shape = withoutUndefined(shape);
    // A rest parameter whose type did not resolve is still a list.
    if (rest && shape.kind !== 'array' && shape.kind !== 'tuple') shape = { kind: 'array', element: shape };
    let name = parameter.name;
    if (!declaration || !ts.isIdentifier(declaration.name)) name = nameFromShape(shape) ?? `arg${index}`;
    while (used.has(name)) name = `${name}${index}`;
    used.add(name);
    return { name, shape, optional, rest };
  });
  const returns = reader.shapeOf(signature.getReturnType(), 0, bound);
  return { typeParameters, parameters, returns: returns ?? primitive('void') };
}

/**
 * A function whose declared type could not be resolved (`const handler: RequestHandler = (req, res) => …`
 * with the package's types outside the program) still has the signature its own function expression gives.
 */
function ownSignature(ts: typeof TS, checker: TS.TypeChecker, declaration: TS.Declaration): TS.Signature | undefined {
  const initializer = ts.isVariableDeclaration(declaration) ? declaration.initializer : undefined;
  if (!initializer || !(ts.isArrowFunction(initializer) || ts.isFunctionExpression(initializer))) return undefined;
  return checker.getSignatureFromDeclaration(initializer);
}

function nameFromShape(shape: Shape): string | undefined {
  if (shape.kind !== 'ref') return undefined;
  return shape.name.charAt(0).toLowerCase() + shape.name.slice(1);
}
