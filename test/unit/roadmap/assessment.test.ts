import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { defaultAssessmentTemplate, parseAssessment } from '../../../src/roadmap/assessment';
import { fieldRange, parseJsonWithRanges } from '../../../src/roadmap/json-ranges';
import { ASSESSMENT_PATH } from '../../../src/roadmap/model';

const SAMPLE = path.resolve(__dirname, '../../../samples/workshop-ecommerce', ASSESSMENT_PATH);
const FILE = '.scaling-assistant/assessment.json';

describe('roadmap assessment', () => {
  describe('parseAssessment', () => {
    it('reads the workshop sample with no errors, ignoring its extra fields (about, assessedOn, aiExperience)', () => {
      const text = readFileSync(SAMPLE, 'utf8');
      const parsed = parseAssessment(FILE, text);
      assert.deepEqual(parsed.errors, []);
      const a = parsed.assessment;
      assert.ok(a);
      assert.equal(a.application, 'Workshop Shop (web storefront, ecommerce-api, shop-core)');
      assert.equal(a.currentArchitecture?.cachingStrategy, 'none');
      assert.equal(a.currentScale?.averageResponseTimeMs, 250);
      assert.equal(a.constraints?.teamSize, 6);
      assert.deepEqual(a.constraints?.complianceRequirements, [
        'GDPR',
        'PCI DSS (card data handled by the payment provider only)',
      ]);
      assert.equal(a.knownLimitations?.length, 5);
      assert.ok(!('about' in a) && !('aiExperience' in a));
      // Ranges: key to end of value, 0-based like the findings.
      const lines = text.split('\n');
      const teamLine = lines.findIndex((l) => l.includes('"teamSize"'));
      const range = parsed.rangeOf(['constraints', 'teamSize']);
      assert.deepEqual(range, {
        start: { line: teamLine, character: lines[teamLine].indexOf('"teamSize"') },
        end: { line: teamLine, character: lines[teamLine].indexOf('6') + 1 },
      });
      assert.equal(parsed.rangeOf(['constraints', 'nope']), undefined);
      assert.equal(
        parsed.rangeOf(['knownLimitations', '1'])?.start.line,
        lines.findIndex((l) => l.includes('"No caching layer"')),
      );
    });

    it('reports a field of the wrong type by name and position, leaves it out and keeps the rest', () => {
      const text = [
        '{',
        '  "currentArchitecture": { "cachingStrategy": "redis", "databasePattern": "single_db" },',
        '  "constraints": { "teamSize": "six", "technicalDebt": "high" },',
        '  "currentScale": [1, 2],',
        '  "scaleTarget": { "targetUptimePercent": 120, "maxResponseTimeMs": 100 },',
        '  "knownLimitations": ["No cache", 42]',
        '}',
      ].join('\n');
      const parsed = parseAssessment(FILE, text);
      const at = (line: number, value: string) => [line, text.split('\n')[line].indexOf(value)];
      assert.deepEqual(
        parsed.errors.map((e) => [e.kind, e.range?.start.line, e.range?.start.character, e.message]),
        [
          [
            'parse',
            ...at(1, '"redis"'),
            'currentArchitecture.cachingStrategy: expected one of none, basic, multi_layer, distributed, found "redis"; ignored',
          ],
          ['parse', ...at(3, '[1, 2]'), 'currentScale: expected an object, found a list; ignored'],
          [
            'parse',
            ...at(4, '120'),
            'scaleTarget.targetUptimePercent: expected a number from 0 to 100, found 120; ignored',
          ],
          [
            'parse',
            ...at(2, '"six"'),
            'constraints.teamSize: expected a whole number from 1 to 100000, found "six"; ignored',
          ],
          ['parse', ...at(5, '42'), 'knownLimitations[1]: expected a string, found 42; ignored'],
        ],
      );
      assert.ok(parsed.errors.every((e) => e.file === FILE));
      assert.deepEqual(parsed.assessment, {
        currentArchitecture: { databasePattern: 'single_db' },
        scaleTarget: { maxResponseTimeMs: 100 },
        constraints: { technicalDebt: 'high' },
        knownLimitations: ['No cache'],
      });
    });

    it('treats null as not known yet, without an error', () => {
      const parsed = parseAssessment(FILE, '{"constraints": {"teamSize": null}, "application": null}');
      assert.deepEqual(parsed.errors, []);
      assert.deepEqual(parsed.assessment, { constraints: {} });
    });

    it('reports broken JSON with its position and gives no assessment', () => {
      const text = '{\n  "constraints": { "teamSize": 6, }\n}';
      const parsed = parseAssessment(FILE, text);
      assert.equal(parsed.assessment, undefined);
      assert.equal(parsed.errors.length, 1);
      assert.equal(parsed.errors[0].kind, 'parse');
      assert.match(parsed.errors[0].message, /^the assessment is not valid JSON: expected a quoted key, found "}"/);
      assert.deepEqual(parsed.errors[0].range?.start, { line: 1, character: text.split('\n')[1].indexOf('}') });
      assert.equal(parsed.rangeOf(['constraints']), undefined);
    });

    it('wants a JSON object at the top', () => {
      const parsed = parseAssessment(FILE, '[1]');
      assert.equal(parsed.assessment, undefined);
      assert.match(parsed.errors[0].message, /must be a JSON object, not a list/);
    });

    it("reads the schema's fields in the same order whatever the file's order", () => {
      const a = parseAssessment(FILE, '{"constraints": {"teamSize": 2}, "application": "x"}').assessment;
      const b = parseAssessment(FILE, '{"application": "x", "constraints": {"teamSize": 2}}').assessment;
      assert.equal(JSON.stringify(a), JSON.stringify(b));
    });
  });

  describe('defaultAssessmentTemplate', () => {
    const template = defaultAssessmentTemplate();

    it('is JSON that parses with no errors into an empty assessment', () => {
      const parsed = parseAssessment(FILE, template);
      assert.deepEqual(parsed.errors, []);
      assert.deepEqual(parsed.assessment, {
        currentArchitecture: {},
        currentScale: {},
        growthProjections: {},
        scaleTarget: {},
        constraints: {},
      });
      assert.ok(template.endsWith('}\n'));
    });

    it('has every field, with notes that explain the fields and their allowed values', () => {
      const json = JSON.parse(template) as Record<string, Record<string, unknown>>;
      assert.deepEqual(Object.keys(json), [
        'about',
        'application',
        'currentArchitecture',
        'currentScale',
        'growthProjections',
        'scaleTarget',
        'constraints',
        'knownLimitations',
      ]);
      assert.deepEqual(Object.keys(json.constraints), [
        '//',
        'budget',
        'monthlyInfrastructureBudget',
        'teamSize',
        'technicalDebt',
        'complianceRequirements',
        'timeToMarket',
      ]);
      assert.match(
        String(json.currentArchitecture['//']),
        /cachingStrategy: what is cached \(none \| basic \| multi_layer \| distributed\)/,
      );
      assert.ok(
        'uptimePercent' in json.currentScale &&
          'targetUptimePercent' in json.scaleTarget &&
          'expectedTrafficGrowthPercent' in json.growthProjections,
      );
    });
  });

  describe('parseJsonWithRanges', () => {
    it('parses strings with escapes, numbers, literals and nesting, keeping ranges (UTF-16 columns, CRLF lines)', () => {
      const text = '{\r\n  "a\\u00e9\\n": [1.5e2, -0, true, false, null],\r\n  "ü": {"x": "😀\\"y"}\r\n}';
      const parsed = parseJsonWithRanges(text);
      assert.ok(parsed.ok);
      if (!parsed.ok) return;
      assert.equal(parsed.root.kind, 'object');
      assert.deepEqual(JSON.parse(text), { 'aé\n': [150, -0, true, false, null], ü: { x: '😀"y' } });
      assert.deepEqual(fieldRange(parsed.root, ['aé\n', '0']), {
        start: { line: 1, character: 16 },
        end: { line: 1, character: 21 },
      });
      assert.deepEqual(fieldRange(parsed.root, ['ü', 'x']), {
        start: { line: 2, character: 8 },
        end: { line: 2, character: 20 },
      });
      assert.deepEqual(fieldRange(parsed.root, []), {
        start: { line: 0, character: 0 },
        end: { line: 3, character: 1 },
      });
      assert.equal(fieldRange(parsed.root, ['aé\n', '9']), undefined);
    });

    it('uses the last of duplicate keys, as JSON.parse does', () => {
      const parsed = parseJsonWithRanges('{"a": 1,\n "a": 2}');
      assert.ok(parsed.ok);
      if (parsed.ok) assert.equal(fieldRange(parsed.root, ['a'])?.start.line, 1);
    });

    const broken: Array<[string, RegExp]> = [
      ['', /expected a value, found the end of the file/],
      ['{"a": 1,}', /expected a quoted key/],
      ['[1, 2', /expected "," or "]" in an array, found the end of the file/],
      ['{"a" 1}', /expected ":" after the key "a"/],
      ['"open', /unterminated string/],
      ['"bad \\x escape"', /invalid escape/],
      ['"line\nbreak"', /line break or control character/],
      ['{} {}', /after the end of the JSON value/],
      ['01', /after the end of the JSON value/],
      ['NaN', /expected a value/],
      ['[{"a": // comment\n1}]', /expected a value, found "\/"/],
      ['['.repeat(100) + ']'.repeat(100), /nested deeper than 64 levels/],
    ];
    for (const [text, message] of broken) {
      it(`rejects ${JSON.stringify(text.length > 30 ? `${text.slice(0, 30)}…` : text)}`, () => {
        const parsed = parseJsonWithRanges(text);
        assert.equal(parsed.ok, false);
        if (!parsed.ok) assert.match(parsed.message, message);
        if (!/nested/.test(message.source)) assert.throws(() => JSON.parse(text));
      });
    }
  });
});
