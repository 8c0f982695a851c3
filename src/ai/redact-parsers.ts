import type * as LibPgQuery from 'libpg-query';
import type * as TS from 'typescript';

/**
 * The parsers structural redaction reads with, loaded once on the first deep review (the AI layer is its own
 * chunk; these load inside it, after it). A parser that fails to load leaves its formats to the line rules
 * and the entropy net, which is what a file that does not parse gets.
 */
export interface RedactionParsers {
  ts?: typeof TS;
  pg?: typeof LibPgQuery;
}

const loaded: RedactionParsers = {};
let loading: Promise<RedactionParsers> | undefined;

export function loadRedactionParsers(): Promise<RedactionParsers> {
  loading ??= Promise.all([
    import('typescript')
      .then((module) => void (loaded.ts = (module as { default?: typeof TS }).default ?? module))
      .catch(() => undefined),
    import('libpg-query')
      .then(async (module) => {
        await module.loadModule();
        loaded.pg = module;
      })
      .catch(() => undefined),
  ]).then(() => loaded);
  return loading;
}

/** The parsers loaded so far (none before `loadRedactionParsers()` has resolved). */
export function redactionParsers(): RedactionParsers {
  return loaded;
}
