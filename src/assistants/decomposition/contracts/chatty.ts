import type { ChattyPair } from '../model';
import type { CountedSite } from './sites';

/** Below these a pair is never chatty, however small the plan: a couple of calls is what services do. */
export const MIN_CHATTY_OPERATIONS = 3;
export const MIN_CHATTY_SITES = 6;

export interface ChattyThresholds {
  operations: number;
  callSites: number;
}

/**
 * The thresholds scale with the plan: a pair is chatty when it alone uses as many distinct operations as an
 * average service exposes to all others (cross-service operations ÷ services), or has as many call sites as an
 * average service receives (cross-service call sites ÷ services), and never below 3 operations or 6 sites.
 */
export function chattyThresholds(sites: readonly CountedSite[], services: number): ChattyThresholds {
  const operations = new Set(sites.map((s) => `${s.service}\0${s.target.key}`)).size;
  const perService = Math.max(1, services);
  return {
    operations: Math.max(MIN_CHATTY_OPERATIONS, Math.ceil(operations / perService)),
    callSites: Math.max(MIN_CHATTY_SITES, Math.ceil(sites.length / perService)),
  };
}

/**
 * Pairs of services (caller → callee) that would talk too much once split: past a threshold of distinct
 * operations or call sites, or calling a function or method inside a loop (`for`, `while`, `.map`, `.forEach`,
 * …), which becomes one network round trip per element. Sorted by call sites, most first.
 */
export function chattyPairs(sites: readonly CountedSite[], services: number): ChattyPair[] {
  const thresholds = chattyThresholds(sites, services);
  const pairs = new Map<string, CountedSite[]>();
  for (const site of sites) {
    const key = `${site.service}\0${site.target.service}`;
    const list = pairs.get(key);
    if (list) list.push(site);
    else pairs.set(key, [site]);
  }
  const out: ChattyPair[] = [];
  for (const list of pairs.values()) {
    const operations = new Set(list.map((s) => s.target.key)).size;
    const why: string[] = [];
    if (operations >= thresholds.operations)
      why.push(`${operations} distinct operations (chatty from ${thresholds.operations} in this plan)`);
    if (list.length >= thresholds.callSites)
      why.push(`${list.length} call sites (chatty from ${thresholds.callSites} in this plan)`);
    // `new` of another service's class and a constant read stay local once split (a shared library or a copy):
    // only calls become round trips.
    const loops = list
      .filter((s) => s.loop && (s.target.kind === 'function' || s.target.kind === 'method'))
      .map((s) => ({ file: s.file, range: s.range, operation: s.target.symbol, loop: s.loop!.kind }));
    if (loops.length)
      why.push(`${loops.length} call${loops.length === 1 ? '' : 's'} inside loops: one round trip per element`);
    if (!why.length) continue;
    out.push({
      from: list[0].service,
      to: list[0].target.service,
      operations,
      callSites: list.length,
      why,
      ...(loops.length ? { loops } : {}),
    });
  }
  return out.sort((a, b) => b.callSites - a.callSites || a.from.localeCompare(b.from) || a.to.localeCompare(b.to));
}
