import type * as LibPgQuery from 'libpg-query';
import type * as TS from 'typescript';
import { loadSharedParsers } from '../assistants/catalog';

/**
 * The parsers structural redaction reads with, loaded once on the first deep review from the query optimizer's
 * chunk (through the catalog: the AI chunk carries no parser of its own). A parser that fails to load leaves its
 * formats to the line rules and the entropy net, which is what a file that does not parse gets.
 */
export interface RedactionParsers {
  ts?: typeof TS;
  pg?: typeof LibPgQuery;
}

const loaded: RedactionParsers = {};
let loading: Promise<RedactionParsers> | undefined;

export function loadRedactionParsers(): Promise<RedactionParsers> {
  loading ??= loadSharedParsers()
    .then(({ ts, pg }) => {
      loaded.ts = ts;
      loaded.pg = pg;
    })
    .catch(() => undefined)
    .then(() => loaded);
  return loading;
}

/** The parsers loaded so far (none before `loadRedactionParsers()` has resolved). */
export function redactionParsers(): RedactionParsers {
  return loaded;
}
