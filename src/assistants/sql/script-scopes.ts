import type * as TS from 'typescript';
import { unwrapExpression } from '../../core/ts-syntax';

/**
 * Where a script's names get their values, so SQL built in one place and run in another can be followed
 * within the file: `const text = \`…\`; client.query(text)`, `let q = 'SELECT …'; q += ' WHERE …'`,
 * `query.append(SQL\`…\`)`, a function that returns the statement. One walk over the file (an explicit
 * stack: generated code nests deeply) records declarations with the span of the block they live in,
 * assignments and `.append(…)` calls; a name is then resolved at a position to the innermost declaration
 * whose block holds it.
 */

export interface Binding {
  name: string;
  /** Host offset of the declaration. */
  at: number;
  scopeStart: number;
  scopeEnd: number;
  kind: 'const' | 'let' | 'var' | 'parameter' | 'function';
  /** The initializer, for a variable. */
  value?: TS.Expression;
  /** The function, for a function declaration or a variable initialised with one. */
  fn?: TS.SignatureDeclaration & { body?: TS.Node };
}

interface Change {
  at: number;
  /** `=` replaces the value, `+=` and `.append(…)` add to it. */
  replaces: boolean;
  value: TS.Expression;
}

/** The value a name has at a position: where it was last set, then what was added to it since, in order. */
export interface ValueAt {
  binding: Binding;
  base: TS.Expression;
  additions: TS.Expression[];
}

export class ScriptScopes {
  private readonly bindings = new Map<string, Binding[]>();
  private readonly changes = new Map<string, Change[]>();
  /** Bindings by the start of their initializer, for a tagged template that is a variable's first value. */
  private readonly byInitializer = new Map<number, Binding>();

  constructor(
    private readonly tsm: typeof TS,
    private readonly source: TS.SourceFile,
  ) {
    this.index();
  }

  /** The declaration `name` refers to at `at`: the innermost whose block holds it. */
  binding(name: string, at: number): Binding | undefined {
    let best: Binding | undefined;
    for (const b of this.bindings.get(name) ?? []) {
      if (at < b.scopeStart || at >= b.scopeEnd) continue;
      if (!best || b.scopeStart > best.scopeStart || (b.scopeStart === best.scopeStart && b.at <= at && b.at > best.at))
        best = b;
    }
    return best;
  }

  /** The value of `name` at `at` (see ValueAt); undefined for a parameter or a name declared elsewhere. */
  valueAt(name: string, at: number): ValueAt | undefined {
    const binding = this.binding(name, at);
    if (!binding || binding.kind === 'parameter' || binding.kind === 'function') return undefined;
    let base = binding.value;
    let since = binding.at;
    const changes = (this.changes.get(name) ?? []).filter(
      (c) => c.at > binding.at && c.at < at && this.binding(name, c.at) === binding,
    );
    for (const change of changes)
      if (change.replaces && binding.kind !== 'const') {
        base = change.value;
        since = change.at;
      }
    if (!base) return undefined;
    const additions = changes.filter((c) => !c.replaces && c.at > since).map((c) => c.value);
    return { binding, base, additions };
  }

  /** The variable whose initializer starts at `start`, and everything added to it in its block. */
  initializedAt(start: number): ValueAt | undefined {
    const binding = this.byInitializer.get(start);
    return binding ? this.valueAt(binding.name, binding.scopeEnd - 1) : undefined;
  }

  private add(binding: Binding): void {
    const list = this.bindings.get(binding.name);
    if (list) list.push(binding);
    else this.bindings.set(binding.name, [binding]);
    if (binding.value) this.byInitializer.set(binding.value.getStart(this.source), binding);
  }

  private change(name: string, change: Change): void {
    const list = this.changes.get(name);
    if (list) list.push(change);
    else this.changes.set(name, [change]);
  }

  private index(): void {
    const tsm = this.tsm;
    const source = this.source;
    const pending: { node: TS.Node; scope: TS.Node }[] = [{ node: source, scope: source }];
    while (pending.length > 0) {
      const { node, scope } = pending.pop()!;
      const span = { scopeStart: scope.pos, scopeEnd: scope.end };
      let inner = scope;
      if (
        tsm.isBlock(node) ||
        tsm.isCaseBlock(node) ||
        tsm.isModuleBlock(node) ||
        tsm.isForStatement(node) ||
        tsm.isForOfStatement(node) ||
        tsm.isForInStatement(node) ||
        tsm.isCatchClause(node) ||
        tsm.isFunctionLike(node)
      )
        inner = node;
      if (tsm.isVariableDeclarationList(node)) {
        const kind = node.flags & tsm.NodeFlags.Const ? 'const' : node.flags & tsm.NodeFlags.Let ? 'let' : 'var';
        for (const decl of node.declarations) {
          if (!tsm.isIdentifier(decl.name)) continue;
          const init = decl.initializer && unwrap(tsm, decl.initializer);
          const fn = init && (tsm.isArrowFunction(init) || tsm.isFunctionExpression(init)) ? init : undefined;
          this.add({
            name: decl.name.text,
            at: decl.getStart(source),
            ...span,
            kind,
            value: fn ? undefined : decl.initializer,
            fn,
          });
        }
      } else if (tsm.isFunctionDeclaration(node) && node.name) {
        this.add({ name: node.name.text, at: node.getStart(source), ...span, kind: 'function', fn: node });
      } else if (tsm.isParameter(node) && tsm.isIdentifier(node.name)) {
        // A parameter lives in its function, which is the scope its node was queued with.
        this.add({ name: node.name.text, at: node.getStart(source), ...span, kind: 'parameter' });
      } else if (
        tsm.isBinaryExpression(node) &&
        tsm.isIdentifier(node.left) &&
        (node.operatorToken.kind === tsm.SyntaxKind.EqualsToken ||
          node.operatorToken.kind === tsm.SyntaxKind.PlusEqualsToken)
      ) {
        this.change(node.left.text, {
          at: node.getStart(source),
          replaces: node.operatorToken.kind === tsm.SyntaxKind.EqualsToken,
          value: node.right,
        });
      } else if (
        tsm.isCallExpression(node) &&
        tsm.isPropertyAccessExpression(node.expression) &&
        node.expression.name.text === 'append' &&
        tsm.isIdentifier(node.expression.expression) &&
        node.arguments[0]
      ) {
        this.change(node.expression.expression.text, {
          at: node.getStart(source),
          replaces: false,
          value: node.arguments[0],
        });
      }
      const children: TS.Node[] = [];
      tsm.forEachChild(node, (child) => void children.push(child));
      for (let i = children.length - 1; i >= 0; i--) pending.push({ node: children[i], scope: inner });
    }
  }
}

/** An expression without the parentheses and type assertions around it. */
export const unwrap = unwrapExpression;
