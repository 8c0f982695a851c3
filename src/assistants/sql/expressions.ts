import type { Node } from '@pgsql/types';
import type { NodeRef } from './ast';
import { asRef, names } from './ast';

/** What an expression is, where a rule must tell values from columns: a bound value, a constant integer, random(). */

/** Is the node a `$n` parameter or a constant (a bound value, not a column)? */
export function isValue(node: Node | NodeRef | undefined): boolean {
  const ref = asRef(node);
  if (!ref) return false;
  if (ref.type === 'ParamRef' || ref.type === 'A_Const') return true;
  if (ref.type === 'TypeCast') return isValue(ref.node.arg);
  return false;
}

/** Is this FuncCall `random()`? */
export function isRandomCall(ref: NodeRef | undefined): boolean {
  return (
    ref?.type === 'FuncCall' &&
    names(ref.node.funcname).pop()?.toLowerCase() === 'random' &&
    !(ref.node.args ?? []).length
  );
}

/** The constant integer of a node (`10000`, `'10000'::int`), if it is one. */
export function integerValue(node: Node | undefined): number | undefined {
  const ref = asRef(node);
  if (ref?.type === 'TypeCast') return integerValue(ref.node.arg);
  if (ref?.type !== 'A_Const') return undefined;
  if (ref.node.ival !== undefined) return Number(ref.node.ival.ival ?? 0);
  if (ref.node.fval !== undefined) return Number(ref.node.fval.fval);
  if (ref.node.sval !== undefined && /^\d+$/.test(String(ref.node.sval.sval))) return Number(ref.node.sval.sval);
  return undefined;
}
