import type { TreeNode, TreeValue } from './node-tree';
import { forEachNode, oidField, oidListField, stringField } from './node-tree';

/**
 * What a statement's analysed tree (after the server resolved names, overloads, casts and operators, and
 * the rewriter expanded views and row-level security) refers to: the functions it calls by name, the
 * operators it applies, the types its expressions produce, the relations it reads. The execution check
 * (execution-check.ts) looks each of them up in the catalogue.
 */
export interface TreeObjects {
  /** Functions the statement calls: function calls, casts with a function, aggregates, window functions. */
  functions: Map<number, { cast: boolean }>;
  /** Operators it applies, and those its sorting, grouping, DISTINCT and CYCLE clauses use. */
  operators: Set<number>;
  /** Operator families named directly (row comparisons). */
  families: Set<number>;
  /** Functions the server picked for the statement: hashing and negation of `= ANY`, RANGE offsets, TABLESAMPLE. */
  supportFunctions: Set<number>;
  /** Every type an expression or a column of the statement has. */
  types: Set<number>;
  /** Relations read (RTE_RELATION), by OID. */
  relations: Set<number>;
  /** Node labels the check does not know: what they do is not vetted, so the statement is not executed. */
  unknownNodes: Set<string>;
  /** Why the statement (or a part of it) is not a pure read, as read from the tree. */
  writes: Set<string>;
}

export function emptyObjects(): TreeObjects {
  return {
    functions: new Map(),
    operators: new Set(),
    families: new Set(),
    supportFunctions: new Set(),
    types: new Set(),
    relations: new Set(),
    unknownNodes: new Set(),
    writes: new Set(),
  };
}

/**
 * Nodes of analysed trees (PostgreSQL 12–17 labels) whose only effects are those of the functions,
 * operators and types collected from them. A label outside this list is reported, never ignored.
 */
const KNOWN_NODES = new Set([
  'QUERY',
  'RANGETBLENTRY',
  'RTEPERMISSIONINFO',
  'ALIAS',
  'FROMEXPR',
  'JOINEXPR',
  'RANGETBLREF',
  'TARGETENTRY',
  'SORTGROUPCLAUSE',
  'GROUPINGSET',
  'WINDOWCLAUSE',
  'ROWMARKCLAUSE',
  'COMMONTABLEEXPR',
  'CTESEARCHCLAUSE',
  'CTECYCLECLAUSE',
  'SETOPERATIONSTMT',
  'WITHCHECKOPTION',
  'TABLESAMPLECLAUSE',
  'RANGETBLFUNCTION',
  'TABLEFUNC',
  'ONCONFLICTEXPR',
  'MERGEACTION',
  'INFERENCEELEM',
  'VAR',
  'CONST',
  'PARAM',
  'AGGREF',
  'GROUPINGFUNC',
  'WINDOWFUNC',
  'SUBSCRIPTINGREF',
  'FUNCEXPR',
  'NAMEDARGEXPR',
  'OPEXPR',
  'DISTINCTEXPR',
  'NULLIFEXPR',
  'SCALARARRAYOPEXPR',
  'BOOLEXPR',
  'SUBLINK',
  'FIELDSELECT',
  'FIELDSTORE',
  'RELABELTYPE',
  'COERCEVIAIO',
  'ARRAYCOERCEEXPR',
  'CONVERTROWTYPEEXPR',
  'COLLATEEXPR',
  'CASEEXPR',
  'CASEWHEN',
  'CASETESTEXPR',
  'ARRAYEXPR',
  'ROWEXPR',
  'ROWCOMPAREEXPR',
  'COALESCEEXPR',
  'MINMAXEXPR',
  'SQLVALUEFUNCTION',
  'XMLEXPR',
  'NULLTEST',
  'BOOLEANTEST',
  'COERCETODOMAIN',
  'COERCETODOMAINVALUE',
  'SETTODEFAULT',
  'JSONFORMAT',
  'JSONRETURNING',
  'JSONVALUEEXPR',
  'JSONCONSTRUCTOREXPR',
  'JSONISPREDICATE',
]);

/** Fields that hold a type OID, or a list of them, in any node. */
const TYPE_FIELDS = [
  'vartype',
  'consttype',
  'paramtype',
  'funcresulttype',
  'opresulttype',
  'aggtype',
  'aggtranstype',
  'wintype',
  'resulttype',
  'casetype',
  'coalescetype',
  'minmaxtype',
  'row_typeid',
  'array_typeid',
  'element_typeid',
  'refcontainertype',
  'refelemtype',
  'refrestype',
  'typeId',
  'typid',
  'cycle_mark_type',
];
const TYPE_LIST_FIELDS = ['aggargtypes', 'coltypes', 'colTypes', 'funccoltypes', 'ctecoltypes'];
/** Fields of particular nodes that name operators, operator families, support functions or types. */
const REFERENCES: Readonly<
  Record<
    string,
    { operators?: string[]; operatorLists?: string[]; familyLists?: string[]; support?: string[]; types?: string[] }
  >
> = {
  OPEXPR: { operators: ['opno'] },
  DISTINCTEXPR: { operators: ['opno'] },
  NULLIFEXPR: { operators: ['opno'] },
  // `= ANY (…)` hashes with the server's choice of function, and `<> ALL (…)` negates with another.
  SCALARARRAYOPEXPR: { operators: ['opno'], support: ['hashfuncid', 'negfuncid'] },
  ROWCOMPAREEXPR: { operatorLists: ['opnos'], familyLists: ['opfamilies'] },
  SORTGROUPCLAUSE: { operators: ['eqop', 'sortop'] },
  CTECYCLECLAUSE: { operators: ['cycle_mark_neop'] },
  WINDOWCLAUSE: { support: ['startInRangeFunc', 'endInRangeFunc'] },
  TABLESAMPLECLAUSE: { support: ['tsmhandler'] },
  SQLVALUEFUNCTION: { types: ['type'] },
  XMLEXPR: { types: ['type'] },
};
/** CmdType: 1 SELECT; 2 UPDATE, 3 INSERT, 4 DELETE, 5 MERGE write; 6 utility. */
const COMMAND_WORDS: Record<string, string> = {
  '2': 'UPDATE',
  '3': 'INSERT',
  '4': 'DELETE',
  '5': 'MERGE',
  '6': 'a utility statement',
};
/** CoercionForm 1 and 2: the function call is a cast (explicit or implicit). */
const CAST_FORMS = new Set(['1', '2']);

/** Adds what `tree` (a value read by parseNodeTree) refers to into `into`. */
export function collectObjects(tree: TreeValue, into: TreeObjects = emptyObjects()): TreeObjects {
  forEachNode(tree, (node) => visit(node, into));
  return into;
}

function visit(node: TreeNode, into: TreeObjects): void {
  if (node.label === 'NEXTVALUEEXPR') into.writes.add('advances a sequence (an identity column)');
  else if (!KNOWN_NODES.has(node.label)) into.unknownNodes.add(node.label);
  for (const field of TYPE_FIELDS) addOid(into.types, oidField(node, field));
  for (const field of TYPE_LIST_FIELDS) for (const oid of oidListField(node, field)) into.types.add(oid);
  switch (node.label) {
    case 'QUERY': {
      const command = stringField(node, 'commandType');
      if (command && COMMAND_WORDS[command]) into.writes.add(`runs ${COMMAND_WORDS[command]}`);
      if (stringField(node, 'hasForUpdate') === 'true') into.writes.add('locks rows (FOR UPDATE/SHARE)');
      if (stringField(node, 'hasModifyingCTE') === 'true') into.writes.add('modifies data in a WITH clause');
      break;
    }
    case 'RANGETBLENTRY':
      // RTE_RELATION: a table, view, sequence or foreign table the statement names.
      if (stringField(node, 'rtekind') === '0') addOid(into.relations, oidField(node, 'relid'));
      break;
    case 'FUNCEXPR': {
      const id = oidField(node, 'funcid');
      if (id !== undefined) addFunction(into, id, CAST_FORMS.has(stringField(node, 'funcformat') ?? ''));
      break;
    }
    case 'AGGREF':
      addFunction(into, oidField(node, 'aggfnoid'), false);
      break;
    case 'WINDOWFUNC':
      addFunction(into, oidField(node, 'winfnoid'), false);
      break;
  }
  const refs = REFERENCES[node.label];
  if (!refs) return;
  for (const field of refs.operators ?? []) addOid(into.operators, oidField(node, field));
  for (const field of refs.operatorLists ?? []) for (const oid of oidListField(node, field)) into.operators.add(oid);
  for (const field of refs.familyLists ?? []) for (const oid of oidListField(node, field)) into.families.add(oid);
  for (const field of refs.support ?? []) addOid(into.supportFunctions, oidField(node, field));
  for (const field of refs.types ?? []) addOid(into.types, oidField(node, field));
}

function addFunction(into: TreeObjects, id: number | undefined, cast: boolean): void {
  if (id === undefined) return;
  const known = into.functions.get(id);
  into.functions.set(id, { cast: cast || (known?.cast ?? false) });
}

function addOid(set: Set<number>, oid: number | undefined): void {
  if (oid !== undefined) set.add(oid);
}
