import type { SqlRule } from '../rule';

/**
 * A query run once per element of a loop in application code (`for (const r of reviews) await
 * pool.query(…)`, `items.map(async …)`): the N+1 pattern. One round trip per element; the count grows with
 * the data, and inside `Promise.all` they also take a pooled connection each. A loop that waits between
 * rounds (a sleep, a backoff) polls, and one counting a few attempts retries: neither grows with the data.
 */
export const queryInLoop: SqlRule = {
  id: 'query-in-loop',
  assistant: 'sql',
  title: 'Query runs once per element of a loop (N+1 queries)',
  defaultSeverity: 'warning',
  impact: 'high',
  effort: 'medium',
  roadmap: {
    task: 'Batch {count} per-element {query|queries} (N+1)',
    baseHours: 1,
    hoursPerPlace: 1.5,
    risk: 'low',
    mitigation:
      'Fetch with WHERE id = ANY($1) or a JOIN and map the rows back in code; keep the order the callers expect.',
    skills: ['SQL', 'TypeScript'],
    earliestPhase: 'quick-wins',
  },
  docs: `
## Why it matters

\`for (const review of reviews) await pool.query('SELECT … FROM users WHERE id = $1', [review.user_id])\`
sends one query per element: a product page with 100 reviews makes 101 round trips, each paying network
latency and a pool checkout. The number grows with the data, so a page that is fast in development is slow
for the customers with the most orders. \`Promise.all(items.map(async …))\` does the same concurrently and
can drain the connection pool for everyone else.

Reported for SQL in TypeScript/JavaScript run inside a \`for\`/\`while\` loop or an array callback
(\`.map\`, \`.forEach\`…) of the same function, unless the loop goes over batches (\`for (const batch of
chunk(rows, 500))\`). Writes in a loop are informational: batching them is cheaper,
but each is often needed.

## How to fix it

Fetch everything in one query and match in code: \`WHERE id = ANY($1)\` with an array of ids, or a \`JOIN\`
in the first query. Insert many rows with one multi-row \`INSERT … SELECT * FROM unnest($1, $2, …)\`.

Not reported for a loop that runs until the query's own result says nothing is left (\`do { n = await …DELETE
… LIMIT 1000 } while (n > 0)\`: batches through a table), nor for a loop that waits between rounds (a \`sleep\`, \`delay\`, \`setTimeout\` or backoff in its body:
a poller asks once per wait, however much data there is) nor for a retry loop counting a few attempts
(\`for (let attempt = 0; attempt < 3; attempt++)\`), nor for an endless loop that reads a page per round and
stops when a page comes back empty (keyset pagination), nor for schema changes (\`ALTER TABLE\` for each of a
list of tables), nor for a loop over a list the code writes out (\`for (const t of ['orders', 'payments'])\`, a
\`const\` of such literals, or a list named in constant case such as \`REPORT_TABLES\`), nor over the keys or values of an
object the code writes out (\`Object.entries({ daily: …, weekly: … })\`, a \`const\` of one): those work through objects
the code names, not through the data.

## When to ignore it

The loop is bounded by a small constant, or each iteration must see the previous one's effect.
`,
  check(context) {
    const { fragment, statement, parsed } = context;
    const loop = fragment.loop;
    if (!loop || !fragment.caller || statement !== parsed.statements[0]) return;
    if (!PER_ROW_WORK.has(context.ast.type)) return;
    const text = context.document.text;
    if (waitsBetweenRounds(text.slice(loop.body.start, loop.body.end))) return;
    if (countsAttempts(text.slice(loop.start, loop.end))) return;
    if (drainsByResult(text, loop, fragment.caller.start)) return;
    if (pagesUntilEmpty(text, loop)) return;
    if (loopsOverBatches(text.slice(loop.start, loop.body.start))) return;
    if (loop.over && overConstantList(text, text.slice(loop.over.start, loop.over.end))) return;
    const reads = context.ast.type === 'SelectStmt';
    const call = fragment.caller;
    const loopRange = context.hostRange(loop.start, loop.end);
    context.report({
      range: context.hostRange(call.start, call.end),
      severity: reads ? undefined : 'info',
      message: reads
        ? `${call.name} runs this query once per element of the ${loop.kind} loop: N elements make N round trips (N+1 with the query that produced them), growing with the data. ` +
          'Fetch them all in one query (WHERE … = ANY($1) with an array, or a JOIN) and match them up in code.'
        : `${call.name} runs this ${context.ast.type.replace(/Stmt$/, '').toUpperCase()} once per element of the ${loop.kind} loop: one round trip per element. ` +
          'Batch it into one statement (a multi-row INSERT, or unnest($1::bigint[], …)) where the logic allows.',
      related: [{ file: context.document.file, range: loopRange, message: `the ${loop.kind} loop` }],
    });
  },
};

/**
 * Statements whose count can grow with the data. A schema change in a loop (`ALTER TABLE`, `DROP TABLE` for
 * each of a list of tables or constraint names) works through objects the code names, a few and fixed.
 */
const PER_ROW_WORK = new Set(['SelectStmt', 'InsertStmt', 'UpdateStmt', 'DeleteStmt', 'MergeStmt', 'CallStmt']);

/**
 * An endless loop (`while (true)`, `for (;;)`) that reads a page per round and stops when a query's result
 * comes back empty (`if (rows.length === 0) break;`): keyset pagination through a table, its rounds set by
 * the rows and the page size, not a lookup per element held in code.
 */
function pagesUntilEmpty(text: string, loop: { start: number; body: { start: number; end: number } }): boolean {
  const head = text.slice(loop.start, loop.body.start);
  if (!/^\s*(?:while\s*\(\s*(?:true|1)\s*\)|for\s*\(\s*;\s*;\s*\))/.test(head)) return false;
  const body = text.slice(loop.body.start, loop.body.end);
  const results = [...body.matchAll(/(?:const|let|var)?\s*\[?\s*([A-Za-z_$][\w$]*)\s*\]?\s*=\s*await\b/g)].map(
    (m) => m[1],
  );
  return results.some((name) =>
    new RegExp(
      `\\bif\\s*\\(\\s*(?:!\\s*${escaped(name)}(?:\\??\\.\\w+)*\\??\\.length|${escaped(name)}(?:\\??\\.\\w+)*\\??\\.length\\s*(?:===?\\s*0|<\\s*[\\w$.]+))[^)]*\\)\\s*\\{?\\s*(?:break|return)\\b`,
    ).test(body),
  );
}

/**
 * A loop over batches (`for (const batch of batchIterate(rows, 500))`, `for (const chunk of chunk(ids, 100))`): each
 * round sends a whole batch, which is the fix this rule asks for; the rounds grow with rows / batch size.
 */
function loopsOverBatches(head: string): boolean {
  return (
    /\b(?:const|let|var)\s+\w*(?:batch|chunk)\w*\s+of\b/i.test(head) ||
    /\bof\s+(?:await\s+)?[\w$.]*(?:batch|chunk)\w*\s*\(/i.test(head)
  );
}

/** A call that pauses (`await sleep(1000)`, `delay(backoff)`, `setTimeout(…)`, `pg_sleep(1)`): the loop polls. */
const WAIT_CALL =
  /(?:^|[^\w$])(?:sleep|delay|wait|backoff|pause|setTimeout|pg_sleep)(?:For|Ms|Millis|Seconds|Until)?\s*\(|\bexponentialBackoff\b/i;

function waitsBetweenRounds(body: string): boolean {
  return WAIT_CALL.test(body);
}

/**
 * A loop that runs until the query reports nothing left (`do { n = await db.$executeRaw\`DELETE … LIMIT 1000\` }
 * while (n > 0)`): it works through the table in batches, each round needing the previous one's effect, so
 * the rounds grow with the rows to process, not with elements held in code.
 */
function drainsByResult(
  text: string,
  loop: { start: number; end: number; body: { start: number; end: number } },
  call: number,
): boolean {
  // The assignment on the call's own line: `n = await …`, `const { rowCount } = await …`.
  const line = text.slice(text.lastIndexOf('\n', call - 1) + 1, call);
  const target = /^\s*(?:(?:const|let|var)\s+)?\(?([\w$\s,:{}[\]]+?)\s*=\s*(?:await\s+)?[\w$.]*(?:\s*\(\s*)?$/.exec(
    line,
  );
  if (!target) return false;
  const names: string[] = [...(target[1].match(/[A-Za-z_$][\w$]*/g) ?? [])];
  // One step further: a statement of the body that takes a count from the result (`removed = result.rowCount`).
  const body = text.slice(loop.body.start, loop.body.end);
  for (const name of [...names]) {
    for (const m of body.matchAll(
      new RegExp(
        `^\\s*(?:(?:const|let|var)\\s+)?([A-Za-z_$][\\w$]*)\\s*=[^=;\\n]*(?<![\\w$])${escaped(name)}\\b`,
        'gm',
      ),
    ))
      names.push(m[1]);
  }
  // A do…while's span is its keyword; its condition follows the body.
  const after = /^\s*while\s*\([^;\n]*/.exec(text.slice(loop.body.end, loop.body.end + 200))?.[0] ?? '';
  const condition = text.slice(loop.start, loop.body.start) + text.slice(loop.body.end, loop.end) + after;
  return names.some((name) => new RegExp(`(?<![\\w$.])${escaped(name)}(?![\\w$])`).test(condition));
}

const LITERAL = String.raw`(?:'[^'\\\n]*'|"[^"\\\n]*"|-?\d+(?:\.\d+)?)`;
/** An array literal of string and number literals only (`['users', 'orders'] as const`). */
const LITERAL_LIST = new RegExp(String.raw`^\[\s*(?:${LITERAL}\s*,\s*)*(?:${LITERAL}\s*,?\s*)?\](?:\s*as\s+const)?$`);

/**
 * A loop over a list the code writes out (`for (const table of ['users', 'orders'])`, or a `const TABLES = […]` of
 * literals in the file): a fixed number of rounds, the same whatever the data, so not N+1.
 */
function overConstantList(text: string, iterated: string): boolean {
  const written = iterated.trim();
  if (LITERAL_LIST.test(written)) return true;
  const keysOf = OBJECT_ITERATION.exec(written);
  if (keysOf) return constantObject(text, keysOf[1].trim());
  if (!/^[A-Za-z_$][\w$]*$/.test(written)) return false;
  // A list named in constant case (`TX_METADATA_TABLES`, often imported from a helpers module) is one the code
  // writes out, by the convention that names compile-time constants so; data read at run time is not named so.
  if (/^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/.test(written)) return true;
  const declared = new RegExp(
    String.raw`\bconst\s+${escaped(written)}\s*(?::[^=\n]+)?=\s*(\[[^\]]*\](?:\s*as\s+const)?)`,
  ).exec(text);
  // `for (const key in LIMITS)` over a `const` object literal: its keys.
  return (!!declared && LITERAL_LIST.test(declared[1]!.trim())) || constantObject(text, written);
}

/** `Object.keys(x)`, `Object.values(x)`, `Object.entries(x)`: as many rounds as `x` has keys. */
const OBJECT_ITERATION = /^Object\.(?:keys|values|entries)\(\s*([\s\S]*?)\s*\)$/;

/**
 * An object whose keys the code writes out: a literal (`{ users: …, orders: … }`), a `const` of one in the file, or
 * a name in constant case. Its values may be anything; the keys set the rounds. A spread (`...more`) brings keys
 * the code does not write, so it is not one.
 */
function constantObject(text: string, object: string): boolean {
  if (object.startsWith('{')) return objectLiteralWrittenOut(object);
  if (!/^[A-Za-z_$][\w$]*$/.test(object)) return false;
  if (/^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/.test(object)) return true;
  const declared = new RegExp(String.raw`\bconst\s+${escaped(object)}\s*(?::[^=\n]+)?=\s*\{`).exec(text);
  if (!declared) return false;
  // Filled in later (`byUser[id] = …`): its keys come from the data.
  if (new RegExp(String.raw`(?<![\w$.])${escaped(object)}\s*(?:\[[^\]\n]*\]|\.[\w$]+)\s*=(?!=)`).test(text))
    return false;
  const open = declared.index + declared[0].length - 1;
  const close = matchingBrace(text, open);
  return close > open && objectLiteralWrittenOut(text.slice(open, close + 1));
}

/** The object literal's own keys are all written (some, and no spread at its top level). */
function objectLiteralWrittenOut(literal: string): boolean {
  // `{}` is filled in at run time, whatever it starts as.
  if (/^\{\s*\}$/.test(literal)) return false;
  let depth = 0;
  for (let i = 0; i < literal.length; i++) {
    const c = literal[i];
    if (c === '{' || c === '[' || c === '(') depth++;
    else if (c === '}' || c === ']' || c === ')') depth--;
    else if (depth === 1 && literal.startsWith('...', i)) return false;
  }
  return depth === 0;
}

/** The index of the brace closing the one at `open` (strings and comments not told apart: a rough bound). */
function matchingBrace(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length && i < open + 20_000; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) return i;
  }
  return -1;
}

function escaped(name: string): string {
  return name.replace(/\$/g, '\\$');
}

/** Retries: the head counts attempts (`attempt < 3`, `retries-- > 0`) or stops at a small constant. */
function countsAttempts(head: string): boolean {
  if (/\b(?:attempts?|retry|retries|tries|tryCount)\b/i.test(head)) return true;
  const bound = /<=?\s*(\d+)\s*;/.exec(head);
  return bound !== null && Number(bound[1]) <= 10;
}
