import type * as TS from 'typescript';
import type { FileModel } from './model';

/**
 * The lodash function a callee names — `_.orderBy` of a default or namespace import, `sortBy` imported by name
 * from `lodash`/`lodash-es`, or the default import of `lodash/sortBy` — or undefined.
 */
export function lodashFunction(model: FileModel, callee: TS.Expression): string | undefined {
  const ts = model.ts;
  const local = ts.isIdentifier(callee)
    ? callee.text
    : ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression)
      ? callee.expression.text
      : undefined;
  const binding = local === undefined ? undefined : model.imports.get(local);
  if (!binding || !/^lodash(-es)?(\/|$)/.test(binding.specifier)) return undefined;
  if (ts.isPropertyAccessExpression(callee))
    return binding.name === 'default' || binding.name === '*' ? callee.name.text : undefined;
  if (binding.name !== 'default') return binding.name;
  const [, method] = binding.specifier.split('/');
  return method;
}
