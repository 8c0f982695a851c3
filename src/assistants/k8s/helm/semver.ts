import { RenderError } from './go-values';
import { newMap } from './values';
/**
 * Masterminds/semver constraints as Helm's `semverCompare` reads them: comparisons (`=`, `!=`, `>`, `>=`, `<`,
 * `<=`), `~` and `^` ranges, `x` wildcards, hyphen ranges, `,` or space for "and", `||` for "or". A `-0`
 * pre-release on a constraint (">=1.19-0") admits pre-releases, which a cluster's "v1.30.2-eks-…" is.
 */

type Version = [number, number, number];

function parse(text: string): { v: Version; parts: number; pre: string } | undefined {
  const m = /^\s*v?(\d+|[xX*])(?:\.(\d+|[xX*]))?(?:\.(\d+|[xX*]))?(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?\s*$/.exec(
    text,
  );
  if (!m) return undefined;
  const nums = [m[1], m[2], m[3]];
  const v = nums.map((n) => (n === undefined || /[xX*]/.test(n) ? 0 : Number(n))) as Version;
  // Parts after a wildcard are wildcards too.
  const firstWild = nums.findIndex((n) => n === undefined || /[xX*]/.test(n));
  return { v, parts: firstWild < 0 ? 3 : firstWild, pre: m[4] ?? '' };
}

function cmp(a: Version, b: Version): number {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}

function bump(v: Version, at: number): Version {
  const out: Version = [...v];
  out[at]++;
  for (let i = at + 1; i < 3; i++) out[i] = 0;
  return out;
}

function satisfies(
  version: { v: Version; pre: string },
  op: string,
  target: { v: Version; parts: number; pre: string },
): boolean {
  const c = cmp(version.v, target.v);
  const p = target.parts;
  switch (op) {
    case '':
    case '=':
      return p === 3
        ? c === 0
        : cmp(version.v, target.v) >= 0 && cmp(version.v, bump(target.v, Math.max(0, p - 1))) < 0;
    case '!=':
      return !satisfies(version, '=', target);
    case '>':
      return p === 3 ? c > 0 : cmp(version.v, bump(target.v, Math.max(0, p - 1))) >= 0;
    case '>=':
    case '=>':
      return c >= 0;
    case '<':
      return c < 0;
    case '<=':
    case '=<':
      return p === 3 ? c <= 0 : cmp(version.v, bump(target.v, Math.max(0, p - 1))) < 0;
    case '~':
    case '~>':
      return c >= 0 && cmp(version.v, bump(target.v, p >= 2 ? 1 : 0)) < 0;
    case '^': {
      const at = target.v[0] > 0 || p <= 1 ? 0 : target.v[1] > 0 || p <= 2 ? 1 : 2;
      return c >= 0 && cmp(version.v, bump(target.v, at)) < 0;
    }
    default:
      return false;
  }
}

export function semverCompare(constraint: string, versionText: string): boolean {
  const version = parse(versionText);
  if (!version) throw new Error(`Invalid Semantic Version: ${versionText}`);
  return constraint.split('||').some((alternative) => {
    // ">= 1.23-0": an operator may stand apart from its version.
    const spec = alternative
      .trim()
      .replace(/\s+-\s+/g, ' - ')
      .replace(/(!=|>=|=>|<=|=<|~>|[=<>~^])\s+/g, '$1');
    const hyphen = /^(\S+) - (\S+)$/.exec(spec);
    const terms: [string, string][] = hyphen
      ? [
          ['>=', hyphen[1]],
          ['<=', hyphen[2]],
        ]
      : spec
          .split(/\s*,\s*|\s+(?=[<>=!~^]|\d|v)/)
          .filter(Boolean)
          .map((term) => {
            const m = /^(!=|>=|=>|<=|=<|~>|[=<>~^])?\s*(.*)$/.exec(term.trim())!;
            return [m[1] ?? '', m[2]];
          });
    return terms.every(([op, target]) => {
      const t = parse(target);
      if (!t) throw new Error(`improper constraint: ${constraint}`);
      // A pre-release version satisfies only constraints that admit pre-releases.
      if (version.pre && !t.pre) return false;
      return satisfies(version, op, t);
    });
  });
}

/**
 * Sprig's `semver`: the version's parts (`(semver .Chart.Version).Major`); a text that is not a version fails the
 * render, as Sprig's error does.
 */
export function semver(text: string): Record<string, unknown> {
  const parsed = parse(text);
  if (!parsed || parsed.parts < 1 || /[xX*]/.test(text)) throw new RenderError(`semver: invalid version "${text}"`);
  const out = newMap();
  Object.assign(out, {
    Major: parsed.v[0],
    Minor: parsed.v[1],
    Patch: parsed.v[2],
    Prerelease: parsed.pre,
    Metadata: /\+([0-9A-Za-z.-]+)\s*$/.exec(text)?.[1] ?? '',
    Original: text,
  });
  return out;
}
