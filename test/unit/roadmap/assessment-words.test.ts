import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseAssessment } from '../../../src/roadmap/assessment';
import { checkField } from '../../../src/roadmap/assessment-fields';
import { ASSESSMENT_WORDS, formChecks, formKey, formStrings } from '../../../src/roadmap/assessment-words';
import { parseHostMessage } from '../../../src/roadmap/messages';
import type { RoadmapStrings } from '../../../src/roadmap/panel-strings';
import { ROADMAP_STRINGS_EN } from '../../../src/roadmap/panel-strings';
import { bundleTranslate } from '../../../src/core/translate';

const GERMAN_BUNDLE = JSON.parse(
  readFileSync(path.resolve(__dirname, '../../../l10n/bundle.l10n.de.json'), 'utf8'),
) as Record<string, string>;

/**
 * The assessment form speaks the panel's language: its words travel in the panel's string table (`form.…`), and
 * the checks of a field and the problems of the file are written in the same language.
 */
describe('the assessment form in English and German', () => {
  const german = { ...ROADMAP_STRINGS_EN, ...formStrings(ASSESSMENT_WORDS.de) };

  it("travels in the panel's string table: the webview accepts the German labels, hints and choices", () => {
    const parsed = parseHostMessage({ type: 'strings', strings: german });
    assert.ok(parsed.ok, parsed.ok ? '' : parsed.error);
    assert.equal(parsed.value.type, 'strings');
    const { strings } = parsed.value as { strings: RoadmapStrings };
    assert.equal(strings[formKey.label('constraints.teamSize')], 'Teamgröße');
    assert.equal(strings[formKey.hint('currentScale.averageResponseTimeMs')], 'Millisekunden');
    assert.equal(strings[formKey.sectionTitle('scaleTarget')], 'Skalierungsziel');
    assert.equal(strings[formKey.choice('modular_monolith')], 'Modularer Monolith');
  });

  it('refuses a table that lacks a word of the form', () => {
    const partial: Record<string, string> = { ...german };
    delete partial[formKey.label('constraints.teamSize')];
    const parsed = parseHostMessage({ type: 'strings', strings: partial });
    assert.equal(parsed.ok, false);
    if (!parsed.ok) assert.match(parsed.error, /form\.field\.constraints\.teamSize\.label/);
  });

  it("checks a field in the table's language, naming the field by its label", () => {
    const checks = formChecks(german);
    const teamSize = { kind: 'number', integer: true, min: 1, max: 100_000 } as const;
    assert.equal(checkField(0, teamSize, 'Teamgröße', checks), 'Teamgröße muss mindestens 1 sein');
    assert.equal(checkField(2.5, teamSize, 'Teamgröße', checks), 'Teamgröße muss eine ganze Zahl sein');
    assert.equal(checkField('x', teamSize, 'Teamgröße', checks), 'Teamgröße muss eine Zahl sein');
    assert.equal(checkField(0, teamSize, 'Team size'), 'Team size must be at least 1', 'English without a table');
    assert.equal(
      checkField(0, teamSize, 'Team size', formChecks(ROADMAP_STRINGS_EN)),
      'Team size must be at least 1',
      "the English table says what checkField's default says",
    );
  });

  it("writes the file's problems in the language it is given", () => {
    const text = '{\n  "constraints": { "teamSize": "six", "technicalDebt": "huge" },\n  "knownLimitations": "slow"\n}';
    const inGerman = parseAssessment('a.json', text, bundleTranslate(GERMAN_BUNDLE)).errors.map((e) => e.message);
    assert.deepEqual(inGerman, [
      'constraints.teamSize: erwartet wird eine ganze Zahl von 1 bis 100000, gefunden wurde "six"; ignoriert',
      'constraints.technicalDebt: erwartet wird einer der Werte low, medium, high, critical, gefunden wurde "huge"; ignoriert',
      'knownLimitations: erwartet wird eine Liste von Strings, gefunden wurde "slow"; ignoriert',
    ]);
    assert.match(
      parseAssessment('a.json', '{', bundleTranslate(GERMAN_BUNDLE)).errors[0].message,
      /^Das Assessment ist kein gültiges JSON: /,
    );
    assert.equal(
      parseAssessment('a.json', text).errors[0].message,
      'constraints.teamSize: expected a whole number from 1 to 100000, found "six"; ignored',
    );
  });
});
