import { strict as assert } from 'node:assert';
import type { ProcInfo } from '../../../../src/assistants/sql/server/allow-list';
import { executionRefusal, isImplicitSafe, planRefusal } from '../../../../src/assistants/sql/server/allow-list';
import type { TreeNode } from '../../../../src/assistants/sql/server/node-tree';
import {
  forEachNode,
  isList,
  isNode,
  NodeTreeError,
  parseNodeTree,
  stringField,
  tokenize,
} from '../../../../src/assistants/sql/server/node-tree';
import { collectObjects } from '../../../../src/assistants/sql/server/tree-objects';

/** PostgreSQL's node text (what debug_print_rewritten sends), read back and checked without a server. */
describe('sql server engine: reading the server’s statement trees', () => {
  it('tokenizes as the server does: ( ) { } alone, a backslash keeps the next character', () => {
    assert.deepEqual(tokenize('({QUERY :a 1} <> "x\\ y" a\\)b)'), [
      '(',
      '{',
      'QUERY',
      ':a',
      '1',
      '}',
      '<>',
      '"x\\ y"',
      'a\\)b',
      ')',
    ]);
    assert.deepEqual(tokenize('{A :b\n1}'), ['{', 'A', ':b', '1', '}'], 'line breaks are white space');
  });

  it('reads fields by position: an alias that looks like a field is a value', () => {
    const tree = parseNodeTree(
      '({TARGETENTRY :expr {FUNCEXPR :funcid 870 :args <>} :resno 1 :resname :funcid\\ 5 :resjunk false})',
    );
    assert.ok(isList(tree));
    const entry = tree.items[0] as TreeNode;
    assert.equal(entry.label, 'TARGETENTRY');
    assert.equal(stringField(entry, 'resname'), ':funcid\\ 5');
    assert.equal(stringField(entry, 'resjunk'), 'false');
    assert.equal(entry.fields.get('funcid'), undefined);
    const labels: string[] = [];
    forEachNode(tree, (node) => labels.push(node.label));
    assert.deepEqual(labels, ['TARGETENTRY', 'FUNCEXPR']);
  });

  it('reads datums, typed lists and bitmapsets', () => {
    const node = parseNodeTree(
      '{CONST :consttype 23 :constvalue 4 [ 1 0 0 0 0 0 0 0 ] :location 7 :opnos (o 96 664) :cols (b 8 9) :names ("a" "b\\ c")}',
    ) as TreeNode;
    assert.ok(isNode(node));
    assert.equal(stringField(node, 'location'), '7', 'the datum does not swallow the next field');
    const opnos = node.fields.get('opnos');
    assert.ok(isList(opnos) && opnos.kind === 'o');
    assert.deepEqual(isList(opnos) ? opnos.items : [], ['96', '664']);
    const cols = node.fields.get('cols');
    assert.ok(isList(cols) && cols.kind === 'b');
    assert.deepEqual(isList(node.fields.get('names')) ? (node.fields.get('names') as { items: unknown[] }).items : [], [
      '"a"',
      '"b\\ c"',
    ]);
  });

  it('refuses what is not a whole tree, and trees too deep to walk safely', () => {
    for (const text of ['({QUERY :a 1}', '{QUERY :a 1', '{QUERY :a 1}}', '{:a 1}', '{QUERY 1}'])
      assert.throws(() => parseNodeTree(text), NodeTreeError, text);
    const deep = `${'{A :b '.repeat(5000)}1${'}'.repeat(5000)}`;
    assert.throws(() => parseNodeTree(deep), /nested more than/);
  });

  it('collects what a tree calls, applies, reads and types, and what it does not know', () => {
    const objects = collectObjects(
      parseNodeTree(`({QUERY :commandType 1 :hasForUpdate false :hasModifyingCTE false
        :rtable ({RANGETBLENTRY :rtekind 0 :relid 16400 :relkind r} {RANGETBLENTRY :rtekind 1 :relid 0})
        :targetList ({TARGETENTRY :expr {FUNCEXPR :funcid 16500 :funcresulttype 25 :funcformat 1 :args ({VAR :vartype 20})}}
          {TARGETENTRY :expr {AGGREF :aggfnoid 2147 :aggtype 20 :aggargtypes (o 20)}})
        :jointree {FROMEXPR :quals {OPEXPR :opno 410 :opfuncid 467 :opresulttype 16}}
        :sortClause ({SORTGROUPCLAUSE :eqop 98 :sortop 664})
        :havingQual {ROWCOMPAREEXPR :opnos (o 412 413) :opfamilies (o 1976)}
        :limitCount {SCALARARRAYOPEXPR :opno 96 :hashfuncid 450 :negfuncid 0}}
       {QUERY :commandType 4 :hasForUpdate true :hasModifyingCTE true :targetList ({NEXTVALUEEXPR :seqid 5 :typeId 20} {JSONEXPR :x 1})})`),
    );
    assert.deepEqual(
      [...objects.functions],
      [
        [16500, { cast: true }],
        [2147, { cast: false }],
      ],
    );
    assert.deepEqual([...objects.operators].sort(), [410, 412, 413, 664, 96, 98].sort());
    assert.deepEqual([...objects.families], [1976]);
    assert.deepEqual([...objects.supportFunctions], [450]);
    assert.deepEqual([...objects.relations], [16400]);
    assert.deepEqual([...objects.types].sort(), [16, 20, 25]);
    assert.deepEqual([...objects.unknownNodes], ['JSONEXPR']);
    assert.deepEqual([...objects.writes].sort(), [
      'advances a sequence (an identity column)',
      'locks rows (FOR UPDATE/SHARE)',
      'modifies data in a WITH clause',
      'runs DELETE',
    ]);
  });
});

describe('sql server engine: the allow-list', () => {
  const proc = (over: Partial<ProcInfo>): ProcInfo => ({
    oid: 870,
    name: 'lower',
    schema: 'pg_catalog',
    volatility: 'i',
    kind: 'f',
    language: 'internal',
    support: 0,
    ...over,
  });

  it('executes vetted built-ins only', () => {
    assert.equal(executionRefusal(proc({})), undefined, 'lower()');
    assert.equal(executionRefusal(proc({ name: 'now', volatility: 's' })), undefined);
    assert.equal(executionRefusal(proc({ name: 'random', volatility: 'v' })), undefined, 'vetted volatile');
    assert.equal(executionRefusal(proc({ name: 'count', kind: 'a' })), undefined);
    assert.deepEqual(executionRefusal(proc({ oid: 1574, name: 'nextval', volatility: 'v' })), {
      fn: 'nextval()',
      why: 'changes a sequence (a rollback does not undo that)',
    });
    assert.match(executionRefusal(proc({ oid: 2923, name: 'table_to_xml', volatility: 's' }))!.why, /runs SQL/);
    assert.match(executionRefusal(proc({ oid: 2943, name: 'txid_current', volatility: 's' }))!.why, /transaction ID/);
    assert.match(
      executionRefusal(proc({ oid: 3999, name: 'pg_whatever', volatility: 'v' }))!.why,
      /VOLATILE and not on the allow-list/,
    );
  });

  it('never executes user-defined, extension or look-alike functions', () => {
    const lookAlike = executionRefusal(proc({ oid: 16501, schema: 'app', language: 'plpgsql' }))!;
    assert.equal(lookAlike.fn, 'app.lower()');
    assert.match(lookAlike.why, /user-defined in plpgsql/);
    // Created by initdb in pg_catalog, but an extension's: not a built-in.
    assert.ok(executionRefusal(proc({ oid: 13500, name: 'plpgsql_call_handler', extension: 'plpgsql' })));
    assert.match(
      executionRefusal(
        proc({
          oid: 16600,
          name: 'dblink_exec',
          schema: 'public',
          language: 'c',
          volatility: 'v',
          extension: 'dblink',
        }),
      )!.why,
      /another connection/,
    );
    assert.match(
      executionRefusal(proc({ oid: 16700, schema: 'public', kind: 'p', language: 'sql' }))!.why,
      /procedure/,
    );
    assert.match(
      executionRefusal(proc({ oid: 16701, name: 'evil_sum', schema: 'public', kind: 'a' }))!.why,
      /aggregate/,
    );
  });

  it('trusts the server’s own choices only when built in or compiled by an extension', () => {
    assert.equal(isImplicitSafe(proc({ name: 'bthandler', volatility: 'v' })), true);
    assert.equal(
      isImplicitSafe(
        proc({ oid: 16800, name: 'gin_extract_query_trgm', schema: 'public', language: 'c', extension: 'pg_trgm' }),
      ),
      true,
    );
    assert.equal(isImplicitSafe(proc({ oid: 16801, name: 'my_hash', schema: 'public', language: 'plpgsql' })), false);
    assert.equal(
      isImplicitSafe(proc({ oid: 16802, name: 'my_in', schema: 'public', language: 'c' })),
      false,
      'C outside an extension',
    );
    assert.equal(isImplicitSafe(proc({ oid: 2924, name: 'query_to_xml', volatility: 'v' })), false);
  });

  it('plans what the planner cannot end up running', () => {
    const user = { oid: 16900, schema: 'public', language: 'plpgsql' };
    assert.equal(planRefusal(proc({ ...user, volatility: 'v' }), 'call'), undefined, 'volatile: never folded');
    assert.match(planRefusal(proc({ ...user, volatility: 's' }), 'call')!, /may evaluate public\.lower\(\) \(STABLE/);
    assert.match(planRefusal(proc({ ...user, volatility: 'v' }), 'operator')!, /on column statistics/);
    assert.match(
      planRefusal(proc({ ...user, language: 'sql', volatility: 'v', inlinable: true }), 'call')!,
      /may inline public\.lower\(\)/,
    );
    assert.equal(planRefusal(proc({ ...user, language: 'c', extension: 'pg_trgm' }), 'call'), undefined);
    assert.equal(planRefusal(proc({ name: 'pg_terminate_backend', volatility: 'v' }), 'call'), undefined);
    assert.match(planRefusal(proc({ name: 'table_to_xml', volatility: 's' }), 'call')!, /STABLE, a built-in/);
  });
});
