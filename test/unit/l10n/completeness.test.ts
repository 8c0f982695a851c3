import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PANEL_STRINGS_EN } from '../../../src/editor/decomposition/common/strings';
import { ASSESSMENT_SECTIONS } from '../../../src/roadmap/assessment-fields';
import { ASSESSMENT_WORDS } from '../../../src/roadmap/assessment-words';
import { ROADMAP_TEXT } from '../../../src/roadmap/locale';
import { ROADMAP_STRINGS_EN } from '../../../src/roadmap/panel-strings';
import { ROOT, l10nCalls, panelStringCalls, readJson, tableLeaves } from './extract';

/**
 * Texts that are the same in German: names, identifiers and texts with nothing to translate. Anything else equal to
 * its English is an untranslated string.
 */
// Names and terms German uses as they are (product names, "Services", "Phase", a linter rule's id).
const SAME_IN_GERMAN = new Set([
  'Scaling Assistant',
  '{0}: {1}',
  'SQL',
  'HPA',
  'PGlite',
  'Claude',
  'Services',
  'Phase {0}',
  'ESLint no-restricted-imports',
  'Kubernetes',
  'React',
  'Roadmap',
  'Assessment',
  'Phase',
  'Phase {0} · {1}',
  '{0} in {1}',
  'in {0}',
  '{0} vCPU',
  '{0} GiB',
  'Monolith',
  'Microservices',
  'Serverless',
  'Budget',
  'Normal',
]);
const PLACEHOLDERS = /\{\d+\}/g;
const COMMAND_LINKS = /\]\((command:[^)]+)\)/g;

function placeholders(text: string): string[] {
  return [...text.matchAll(PLACEHOLDERS)].map((m) => m[0]).sort();
}

/** As JSON lines a translator (or the lead, merging) can paste into the bundle and fill in. */
function toFill(keys: readonly string[]): string {
  return keys.map((k) => `  ${JSON.stringify(k)}: "",`).join('\n');
}

/** A language table of src/roadmap and its German: the same keys, every text translated, placeholders kept. */
function translatedTables(english: Record<string, string>, german: Record<string, string>): void {
  it('has every English key in German, and no other', () => {
    const missing = Object.keys(english).filter((k) => !(k in german));
    assert.deepEqual(missing, [], 'add these to the German table');
    assert.deepEqual(
      Object.keys(german).filter((k) => !(k in english)),
      [],
      'the German table has keys the English one lacks',
    );
  });

  it('translates every text and keeps its placeholders', () => {
    const untranslated = Object.keys(english).filter(
      (k) => german[k].trim() === '' || (german[k] === english[k] && !SAME_IN_GERMAN.has(english[k])),
    );
    assert.deepEqual(untranslated, [], 'German text empty or equal to the English one');
    for (const key of Object.keys(english))
      assert.deepEqual(placeholders(german[key]), placeholders(english[key]), `placeholders of ${key}`);
  });
}

describe('l10n: every user-facing text in English and German', () => {
  const calls = l10nCalls();
  const bundle = readJson('l10n/bundle.l10n.de.json');

  it('translates with a literal English text, so the bundle can be checked', () => {
    const dynamic = calls.filter((c) => c.message === undefined).map((c) => `${c.file}:${c.line}`);
    assert.deepEqual(dynamic, [], `l10n.t / t called with a computed text at:\n${dynamic.join('\n')}`);
  });

  it('has a German text for every message of the code (l10n/bundle.l10n.de.json)', () => {
    const missing = [
      ...new Set(calls.flatMap((c) => (c.message !== undefined && !(c.message in bundle) ? [c.message] : []))),
    ];
    assert.equal(
      missing.length,
      0,
      `${missing.length} message(s) have no German text; add to l10n/bundle.l10n.de.json:\n${toFill(missing)}`,
    );
  });

  it('keeps no German text for a message the code no longer has', () => {
    const used = new Set(calls.map((c) => c.message));
    const stale = Object.keys(bundle).filter((k) => !used.has(k));
    assert.deepEqual(stale, [], 'remove these keys from l10n/bundle.l10n.de.json');
  });

  it('translates every message and keeps its placeholders', () => {
    const untranslated = Object.entries(bundle).filter(([en, de]) => en === de && !SAME_IN_GERMAN.has(en));
    assert.deepEqual(
      untranslated.map(([en]) => en),
      [],
      'German text equal to the English one',
    );
    for (const [en, de] of Object.entries(bundle))
      assert.deepEqual(placeholders(de), placeholders(en), `placeholders of ${JSON.stringify(en)}`);
  });

  it('has every package.json text in package.nls.json and package.nls.de.json, translated', () => {
    const manifest = readFileSync(path.join(ROOT, 'package.json'), 'utf8');
    const english = readJson('package.nls.json');
    const german = readJson('package.nls.de.json');
    const referenced = [...manifest.matchAll(/"%([^"%]+)%"/g)].map((m) => m[1]);
    assert.deepEqual(
      referenced.filter((k) => !(k in english)),
      [],
      'package.json names keys package.nls.json lacks',
    );
    const missing = Object.keys(english).filter((k) => !(k in german));
    assert.equal(missing.length, 0, `add to package.nls.de.json:\n${toFill(missing)}`);
    assert.deepEqual(
      Object.keys(german).filter((k) => !(k in english)),
      [],
      'package.nls.de.json has keys package.nls.json lacks',
    );
    const untranslated = Object.keys(english).filter(
      (k) => german[k] === english[k] && !SAME_IN_GERMAN.has(english[k]),
    );
    assert.deepEqual(untranslated, [], 'German text equal to the English one');
    for (const key of Object.keys(english)) {
      // A walkthrough button must run the same command with the same arguments in both languages.
      const links = (text: string) => [...text.matchAll(COMMAND_LINKS)].map((m) => m[1]);
      assert.deepEqual(links(german[key]), links(english[key]), `command links of ${key}`);
    }
  });

  it('leaves no command title, setting description or walkthrough text in package.json unlocalised', () => {
    const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
      contributes: Record<string, unknown>;
    };
    const literal: string[] = [];
    const visit = (value: unknown, where: string): void => {
      if (Array.isArray(value)) value.forEach((v, i) => visit(v, `${where}[${i}]`));
      else if (value && typeof value === 'object')
        for (const [key, child] of Object.entries(value)) {
          if (
            ['title', 'description', 'markdownDescription', 'altText', 'category', 'patternErrorMessage'].includes(
              key,
            ) &&
            typeof child === 'string' &&
            !/^%[^%]+%$/.test(child)
          )
            literal.push(`${where}.${key}`);
          else visit(child, `${where}.${key}`);
        }
    };
    visit(manifest.contributes, 'contributes');
    assert.deepEqual(literal, []);
  });

  describe("the panels' string tables (sent to their webviews, which have no vscode.l10n)", () => {
    const panels = [
      { file: 'src/editor/decomposition/panel-strings.ts', builder: 'panelStrings', english: PANEL_STRINGS_EN },
      { file: 'src/editor/roadmap/panel-strings.ts', builder: 'roadmapPanelStrings', english: ROADMAP_STRINGS_EN },
    ];
    for (const { file, builder, english } of panels) {
      it(`${file} translates each word the webview shows in English until then`, () => {
        const translated = panelStringCalls(file, builder);
        const differing = Object.entries(translated).filter(
          ([key, text]) => (english as Record<string, string>)[key] !== text,
        );
        assert.deepEqual(differing, [], "the l10n.t text differs from the webview's English fallback");
        const keys = Object.keys(english).filter((k) => !(k in translated));
        // The rest come from src/roadmap/locale.ts (title and phase names) and, for the assessment form (`form.…`),
        // src/roadmap/assessment-words.ts: both checked below with their tables.
        for (const key of keys) assert.match(key, /^(title|phase|horizon|form\.)/, `${file} does not translate ${key}`);
      });
    }
  });

  describe("the roadmap export's tables (src/roadmap/locale.ts)", () => {
    translatedTables(tableLeaves(ROADMAP_TEXT.en), tableLeaves(ROADMAP_TEXT.de));
  });

  describe("the assessment form's tables (src/roadmap/assessment-words.ts)", () => {
    const english = tableLeaves(ASSESSMENT_WORDS.en);
    const german = tableLeaves(ASSESSMENT_WORDS.de);

    it('names every section, field, hint and choice of the field table in English', () => {
      for (const section of ASSESSMENT_SECTIONS) {
        assert.ok(english[`sections.${section.id}.title`], `section ${section.id}`);
        for (const field of section.fields) {
          const path = section.key ? `${section.key}.${field.key}` : field.key;
          assert.ok(english[`fields.${path}.label`], `label of ${path}`);
          if (field.hint) assert.ok(english[`fields.${path}.hint`], `hint of ${path}`);
          if (field.spec.kind === 'choice')
            for (const option of field.spec.options) assert.ok(english[`choices.${option}`], `choice ${option}`);
        }
      }
    });

    translatedTables(english, german);
  });
});
