/**
 * Kubernetes resource quantities ("250m", "0.5", "256Mi", "1G", "1e3") as numbers in base units
 * (cores for cpu, bytes for memory). Undefined for anything the API server would reject, so a rule
 * never reasons from a misread value.
 */

const BINARY: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
const DECIMAL: Record<string, number> = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
};

const QUANTITY = /^([+-]?(?:\d+\.?\d*|\.\d+))(?:([eE][+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE])?)$/;

export function parseQuantity(raw: unknown): number | undefined {
  if (typeof raw === 'number') return Number.isFinite(raw) ? raw : undefined;
  if (typeof raw !== 'string') return undefined;
  const match = QUANTITY.exec(raw.trim());
  if (!match) return undefined;
  const base = Number(match[1]);
  if (match[2]) return base * 10 ** Number(match[2].slice(1));
  const suffix = match[3] ?? '';
  return base * (BINARY[suffix] ?? DECIMAL[suffix]);
}

/** Human text for a quantity of a resource, in the units people write: "1.5 cores", "768Mi". */
export function formatQuantity(resource: string, amount: number): string {
  if (resource === 'cpu') {
    return amount < 1 ? `${Math.round(amount * 1000)}m` : `${+amount.toFixed(2)}`;
  }
  for (const [suffix, factor] of [
    ['Ti', 2 ** 40],
    ['Gi', 2 ** 30],
    ['Mi', 2 ** 20],
    ['Ki', 2 ** 10],
  ] as const) {
    if (amount >= factor) return `${+(amount / factor).toFixed(2)}${suffix}`;
  }
  return `${amount}`;
}
