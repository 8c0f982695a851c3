import type { Node } from '@pgsql/types';
import type { NodeRef, ParentLink, Payload } from './ast';
import { asRef, columnParts, hasStar, unwrap, walk, walkCarrying } from './ast';
import type { Catalog, ColumnInfo, TableInfo } from './schema';

/**
 * Query levels and their scopes: which tables (with aliases) each SELECT / UPDATE / DELETE reads, and
 * which table a column reference belongs to, using the schema catalog for unqualified names.
 */

export interface RangeEntry {
  /** The name columns are qualified with: the alias, else the table name. */
  alias: string;
  kind: 'table' | 'cte' | 'subquery' | 'function' | 'values';
  /** For tables: the catalog's table, when the schema knows it. */
  table?: TableInfo;
  /** For tables: the RangeVar. */
  rangeVar?: Payload;
  node: NodeRef;
  /** Null-extended by an outer join (the right side of a LEFT JOIN…). */
  nullable: boolean;
  /** How it joined the items before it: a comma (`FROM a, b`), an explicit join, or first. */
  joinedBy: 'first' | 'comma' | 'join' | 'cross';
}

export interface ResolvedColumn {
  entry: RangeEntry;
  column: string;
  info?: ColumnInfo;
}

export class QueryScope {
  constructor(
    readonly level: NodeRef,
    readonly entries: RangeEntry[],
    readonly parent: QueryScope | undefined,
    private readonly catalog: Catalog,
  ) {}

  entry(alias: string): RangeEntry | undefined {
    return this.entries.find((e) => e.alias === alias);
  }

  /**
   * resolveLocal's answers by ColumnRef: the rules resolve the same columns of a level again and again. Read-only.
   * Made on the first question: many levels are never asked.
   */
  private resolved?: Map<Payload, ResolvedColumn | undefined>;

  /** The entry and column a ColumnRef names in this scope (not outer ones); undefined when unknown or ambiguous. */
  resolveLocal(ref: Payload): ResolvedColumn | undefined {
    const resolved = (this.resolved ??= new Map());
    let answer = resolved.get(ref);
    if (answer === undefined && !resolved.has(ref)) {
      answer = this.resolveLocalNow(ref);
      resolved.set(ref, answer);
    }
    return answer;
  }

  private resolveLocalNow(ref: Payload): ResolvedColumn | undefined {
    const parts = columnParts(ref);
    const column = parts[parts.length - 1];
    if (!column || column === '*') return undefined;
    if (parts.length >= 2) {
      const qualifier = parts[parts.length - 2];
      const entry =
        this.entry(qualifier) ??
        this.entries.find((e) => e.kind === 'table' && e.rangeVar?.relname === qualifier && !e.rangeVar?.alias);
      return entry ? { entry, column, info: entry.table?.columns.get(column) } : undefined;
    }
    const owners = this.entries.filter((e) => e.table?.columns.has(column));
    if (owners.length === 1) return { entry: owners[0], column, info: owners[0].table!.columns.get(column) };
    // One table and nothing else to confuse it with: the column is its own (if the schema does not know it).
    if (this.entries.length === 1 && owners.length === 0 && !this.entries[0].table?.columnsKnown)
      return { entry: this.entries[0], column };
    return undefined;
  }

  /** Does a ColumnRef refer to this scope (true), an outer scope (false), or can we not tell (undefined)? */
  isLocal(ref: Payload): boolean | undefined {
    const parts = columnParts(ref);
    if (parts.length >= 2) {
      const qualifier = parts[parts.length - 2];
      if (this.entry(qualifier) || this.entries.some((e) => e.rangeVar?.relname === qualifier && !e.rangeVar?.alias))
        return true;
      for (let s = this.parent; s; s = s.parent) if (s.entry(qualifier)) return false;
      return undefined;
    }
    const column = parts[0];
    if (this.entries.some((e) => e.table?.columns.has(column))) return true;
    if (this.entries.every((e) => e.table?.columnsKnown)) {
      for (let s = this.parent; s; s = s.parent) if (s.entries.some((e) => e.table?.columns.has(column))) return false;
    }
    return undefined;
  }

  get baseTables(): RangeEntry[] {
    return this.entries.filter((e) => e.kind === 'table');
  }

  get catalogRef(): Catalog {
    return this.catalog;
  }
}

export interface QueryLevel {
  ref: NodeRef;
  scope: QueryScope;
  /** Parents of the level's node within the statement. */
  parents: readonly ParentLink[];
  /** The level's WHERE and JOIN conditions as `levelPredicates` found them, kept by it (read-only). */
  predicates?: { where: Node | undefined; quals: readonly Node[] };
}

const NO_CTES: ReadonlySet<string> = new Set();

/** Every SELECT / UPDATE / DELETE / INSERT…SELECT level of a statement, outermost first. */
export function queryLevels(statement: Node, catalog: Catalog): QueryLevel[] {
  // One walk: the CTE names (a level's entries need all of them) and the levels, each with the index of the level
  // it is nested in (carried down the walk, so no chain of parents is built); the scopes after it. The set of CTE
  // names is made for a statement that has one: most have none, and every statement of every rule comes here.
  let ctes: Set<string> | undefined;
  const found: { ref: NodeRef; outer: number }[] = [];
  walkCarrying(statement, -1, (ref, outer) => {
    if (ref.type === 'CommonTableExpr' && ref.node.ctename) (ctes ??= new Set()).add(String(ref.node.ctename));
    if (ref.type !== 'SelectStmt' && ref.type !== 'UpdateStmt' && ref.type !== 'DeleteStmt') return outer;
    if (ref.type === 'SelectStmt' && ref.node.op && ref.node.op !== 'SETOP_NONE') return outer;
    found.push({ ref, outer });
    return found.length - 1;
  });
  const root = asRef(statement);
  const levels: QueryLevel[] = [];
  for (const { ref, outer } of found) {
    const scope = new QueryScope(ref, rangeEntries(ref, catalog, ctes ?? NO_CTES), levels[outer]?.scope, catalog);
    levels.push(new Level(ref, scope, statement, ref.node === root?.node));
  }
  return levels;
}

/**
 * A level whose parents are found when asked (few rules read them), by a walk with parents. A class: an object
 * literal with its own getter, made for every level of every statement, was a measurable part of a cold run.
 */
class Level implements QueryLevel {
  private parentLinks?: readonly ParentLink[];
  predicates?: { where: Node | undefined; quals: readonly Node[] } = undefined;

  constructor(
    readonly ref: NodeRef,
    readonly scope: QueryScope,
    private readonly statement: Node,
    isRoot: boolean,
  ) {
    if (isRoot) this.parentLinks = [];
  }

  get parents(): readonly ParentLink[] {
    return (this.parentLinks ??= parentsOf(this.statement, this.ref));
  }
}

/** The chain of parents through which a walk of `root` reaches `target`. */
function parentsOf(root: Node, target: NodeRef): readonly ParentLink[] {
  let out: readonly ParentLink[] = [];
  let done = false;
  walk(root, (ref, parents) => {
    if (done) return 'skip';
    if (ref.node !== target.node || ref.type !== target.type) return;
    out = parents.slice();
    done = true;
    return 'skip';
  });
  return out;
}

/**
 * Keys of the tables a statement reads at any level (what a plan engine must load), in first-seen order;
 * none when its levels cannot be resolved (an engine then fails on the unknown table and says so).
 */
export function tablesRead(statement: Node, catalog: Catalog): string[] {
  const tables = new Set<string>();
  try {
    for (const level of queryLevels(statement, catalog))
      for (const entry of level.scope.baseTables) if (entry.table) tables.add(entry.table.key);
  } catch {
    return [];
  }
  return [...tables];
}

function rangeEntries(level: NodeRef, catalog: Catalog, ctes: ReadonlySet<string>): RangeEntry[] {
  const entries: RangeEntry[] = [];
  const from: Node[] =
    level.type === 'SelectStmt'
      ? (level.node.fromClause ?? [])
      : level.type === 'UpdateStmt'
        ? (level.node.fromClause ?? [])
        : (level.node.usingClause ?? []);
  if (level.type !== 'SelectStmt' && level.node.relation) {
    addEntries(entries, { RangeVar: level.node.relation } as Node, false, 'first', catalog, ctes);
  }
  for (let i = 0; i < from.length; i++)
    addEntries(entries, from[i], false, i === 0 && entries.length === 0 ? 'first' : 'comma', catalog, ctes);
  return entries;
}

/**
 * A FROM item, and the items of its joins left to right, with a stack: a chain of N joins nests N deep. A function
 * of the module, not a closure made for every query level.
 */
function addEntries(
  entries: RangeEntry[],
  from: Node | undefined,
  outer: boolean,
  how: RangeEntry['joinedBy'],
  catalog: Catalog,
  ctes: ReadonlySet<string>,
): void {
  const pending = [{ item: from, nullable: outer, joinedBy: how }];
  while (pending.length > 0) {
    const { item, nullable, joinedBy } = pending.pop()!;
    const ref = asRef(item);
    if (!ref) continue;
    switch (ref.type) {
      case 'RangeVar': {
        const name = String(ref.node.relname ?? '');
        const alias = String(ref.node.alias?.aliasname ?? name);
        const isCte = !ref.node.schemaname && ctes.has(name);
        entries.push({
          alias,
          kind: isCte ? 'cte' : 'table',
          table: isCte ? undefined : catalog.resolveRangeVar(ref.node),
          rangeVar: ref.node,
          node: ref,
          nullable,
          joinedBy,
        });
        break;
      }
      case 'JoinExpr': {
        const type = String(ref.node.jointype ?? 'JOIN_INNER');
        const left = type === 'JOIN_RIGHT' || type === 'JOIN_FULL';
        const right = type === 'JOIN_LEFT' || type === 'JOIN_FULL';
        const isCross = type === 'JOIN_INNER' && !ref.node.quals && !ref.node.usingClause && !ref.node.isNatural;
        pending.push(
          { item: ref.node.rarg, nullable: nullable || right, joinedBy: isCross ? 'cross' : 'join' },
          { item: ref.node.larg, nullable: nullable || left, joinedBy },
        );
        break;
      }
      case 'RangeSubselect':
      case 'RangeFunction':
      case 'RangeTableFunc':
        entries.push({
          alias: String(ref.node.alias?.aliasname ?? ''),
          kind: ref.type === 'RangeSubselect' ? 'subquery' : 'function',
          node: ref,
          nullable,
          joinedBy,
        });
        break;
      default:
        entries.push({ alias: '', kind: 'values', node: ref, nullable, joinedBy });
    }
  }
}

/** Column references of an expression at this query level (subqueries not entered). */
export function columnRefs(expr: Node | NodeRef | undefined): NodeRef[] {
  const out: NodeRef[] = [];
  walk(expr, (ref) => {
    if (ref.type === 'SubLink' || ref.type === 'SelectStmt') return 'skip';
    if (ref.type === 'ColumnRef') out.push(ref);
  });
  return out;
}

/** A column reference (looking through no-op parentheses), or undefined. */
export function asColumnRef(node: Node | NodeRef | undefined): NodeRef | undefined {
  const ref = asRef(node);
  return ref?.type === 'ColumnRef' && !hasStar(ref.node) ? ref : undefined;
}

/** Does the expression reference no column of this level (a constant, a parameter, an outer column)? */
export function isIndependentOf(expr: Node | NodeRef | undefined, scope: QueryScope): boolean {
  return columnRefs(expr).every((c) => scope.isLocal(c.node) === false) && !containsSubquery(expr);
}

/**
 * Does a nested level read a column of the level around it (`WHERE r.product_id = p.id` with `p` outside)? A
 * correlated subquery runs once per outer row; an uncorrelated one runs once.
 */
export function refersToOuter(inner: QueryLevel, outer: QueryLevel): boolean {
  let found = false;
  walk(inner.ref, (ref) => {
    if (found) return 'skip';
    if (ref.type === 'ColumnRef' && inner.scope.isLocal(ref.node) === false && outer.scope.resolveLocal(ref.node))
      found = true;
  });
  return found;
}

export function containsSubquery(expr: Node | NodeRef | undefined): boolean {
  let found = false;
  walk(expr, (ref) => {
    if (ref.type === 'SubLink') found = true;
  });
  return found;
}

export function unwrapNode(value: unknown): NodeRef | undefined {
  return unwrap(value);
}
