/**
 * How the workshop's texts reach a language without knowing VS Code: the editor passes `vscode.l10n.t`, the
 * CLI a function over the same German bundle (`l10n/bundle.l10n.de.json`). The English text is the key, as in
 * `vscode.l10n`, so one bundle serves both and the completeness test reads every `t('…')` call.
 */
export type Translate = (message: string, ...args: Array<string | number>) => string;

/** Fills `{0}`, `{1}`… as `vscode.l10n.t` does. */
export function fillArgs(message: string, args: readonly (string | number)[]): string {
  return message.replace(/\{(\d+)\}/g, (whole, index: string) => {
    const value = args[Number(index)];
    return value === undefined ? whole : String(value);
  });
}

/** A translation from a bundle (English key → text); a key missing from it stays English. */
export function bundleTranslate(bundle: Readonly<Record<string, string>> | undefined): Translate {
  return (message, ...args) => fillArgs(bundle?.[message] ?? message, args);
}

export const english: Translate = bundleTranslate(undefined);

/** The languages the extension and the CLI speak; rule messages and pages are English in both. */
export type Locale = 'en' | 'de';

/** A language tag as VS Code (`de`, `de-AT`) or POSIX (`de_DE.UTF-8`) writes it: German, or else English. */
export function localeOf(tag: string | undefined): Locale {
  return /^de([_.@-]|$)/i.test(tag ?? '') ? 'de' : 'en';
}
