import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Locale, Translate } from '../core/translate';
import { bundleTranslate, english, localeOf } from '../core/translate';

export type { Locale };

/**
 * `--locale` when given, else the environment as POSIX tools read it (LC_ALL, then LC_MESSAGES, then LANG):
 * `de_DE.UTF-8` → de; anything else, or nothing, English.
 */
export function cliLocale(flag: string | undefined, env: Readonly<Record<string, string | undefined>>): Locale {
  return localeOf(flag ?? env.LC_ALL ?? env.LC_MESSAGES ?? env.LANG);
}

/**
 * A file the package ships beside its bundles (dist/ one level down) or sources (src/cli/ two levels down): looked
 * for upwards rather than at a fixed depth, as packageVersion() does.
 */
export function shippedPath(relative: string, startDir: string = __dirname): string | undefined {
  let dir = startDir;
  for (let depth = 0; depth < 4; depth++) {
    const candidate = path.join(dir, relative);
    try {
      readFileSync(path.join(dir, 'package.json'));
      return candidate;
    } catch {
      const parent = path.dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
  }
  return undefined;
}

/** The translation for `locale`, from the same German bundle the extension uses (l10n/bundle.l10n.de.json). */
export function translation(locale: Locale): Translate {
  if (locale === 'en') return english;
  const file = shippedPath(path.join('l10n', 'bundle.l10n.de.json'));
  try {
    return bundleTranslate(JSON.parse(readFileSync(file ?? '', 'utf8')) as Record<string, string>);
  } catch {
    return english;
  }
}
