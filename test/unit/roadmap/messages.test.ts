import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { K8S_RULES } from '../../../src/assistants/k8s/rules';
import type { Finding } from '../../../src/core/finding';
import { parseAssessment } from '../../../src/roadmap/assessment';
import {
  ASSESSMENT_KEYS,
  ASSESSMENT_SECTIONS,
  checkAssessment,
  isWorkspaceRelativePath,
  mergeAssessmentInto,
  parseHostMessage,
  parseWebviewMessage,
} from '../../../src/roadmap/messages';
import { ASSESSMENT_PATH } from '../../../src/roadmap/model';
import { ROADMAP_STRINGS_EN } from '../../../src/roadmap/panel-strings';
import { buildPlan } from '../../../src/roadmap/plan';

const SAMPLE = path.resolve(__dirname, '../../../samples/workshop-ecommerce', ASSESSMENT_PATH);
const range = { start: { line: 13, character: 2 }, end: { line: 13, character: 13 } };

/** A plan message with no assessment and a finished scan, around a plan a test has spoiled. */
function planMessage(plan: unknown): unknown {
  return {
    type: 'plan',
    plan,
    assessment: { file: 'a', exists: false, errors: [] },
    scan: { state: 'done', done: 0, total: 0 },
    workspace: '',
  };
}

function samplePlan() {
  const findings: Finding[] = [
    {
      file: 'k8s/api.yaml',
      assistant: 'k8s',
      ruleId: 'workload-replicas-with-hpa',
      severity: 'warning',
      message: 'replicas under an HPA',
      range,
      impact: 'high',
      effort: 'small',
      evidence: { notes: ['estimate: Deployment api costs $721 a month at maxReplicas 20'] },
    },
    {
      file: 'k8s/legacy-hpa.yaml',
      assistant: 'k8s',
      ruleId: 'removed-api-version',
      severity: 'error',
      message: 'autoscaling/v2beta2 <script>alert(1)</script>',
      range,
      impact: 'high',
      effort: 'small',
    },
  ];
  const text = readFileSync(SAMPLE, 'utf8');
  const parsed = parseAssessment(ASSESSMENT_PATH, text);
  assert.ok(parsed.assessment);
  const assessment = parsed.assessment;
  return buildPlan({
    findings,
    rules: K8S_RULES,
    assessment: { value: assessment, file: ASSESSMENT_PATH, rangeOf: (p) => parsed.rangeOf(p) },
    files: 6,
  });
}

describe('roadmap panel messages', () => {
  describe('webview → host', () => {
    it('accepts each well-formed message', () => {
      for (const message of [
        { type: 'ready' },
        { type: 'rescan' },
        { type: 'requestNarrative' },
        { type: 'export', format: 'markdown' },
        { type: 'export', format: 'json' },
        { type: 'openLocation', file: 'k8s/api.yaml', range },
        {
          type: 'saveAssessment',
          assessment: { constraints: { teamSize: 4, technicalDebt: 'high' }, knownLimitations: ['No caching layer'] },
        },
      ]) {
        const parsed = parseWebviewMessage(message);
        assert.ok(parsed.ok, `${JSON.stringify(message)}: ${parsed.ok ? '' : parsed.error}`);
        assert.deepEqual(parsed.value, message);
      }
    });

    it('rejects anything else, saying why, without throwing', () => {
      const cases: [unknown, RegExp][] = [
        [undefined, /must be an object/],
        [null, /must be an object/],
        ['ready', /must be an object/],
        [[{ type: 'ready' }], /must be an object/],
        [{ type: 'deleteWorkspace' }, /unknown message type/],
        [{}, /unknown message type/],
        [{ type: 'ready', extra: 1 }, /unexpected field extra/],
        [{ type: 'export', format: 'pdf' }, /format must be one of markdown, json/],
        [{ type: 'openLocation', file: 'k8s/api.yaml' }, /range must be an object/],
        [{ type: 'openLocation', file: 42, range }, /file must be a string/],
        [{ type: 'openLocation', file: '../secrets.txt', range }, /inside the workspace/],
        [{ type: 'openLocation', file: '/etc/passwd', range }, /inside the workspace/],
        [{ type: 'openLocation', file: 'C:\\Windows\\win.ini', range }, /inside the workspace/],
        [{ type: 'openLocation', file: 'vscode-remote://host/etc/passwd', range }, /inside the workspace/],
        [{ type: 'openLocation', file: 'k8s/../../x', range }, /inside the workspace/],
        [{ type: 'openLocation', file: 'a'.repeat(5000), range }, /longer than 4096/],
        [
          {
            type: 'openLocation',
            file: 'k8s/api.yaml',
            range: { start: { line: 1.5, character: 0 }, end: { line: 2, character: 0 } },
          },
          /integer/,
        ],
        [
          {
            type: 'openLocation',
            file: 'k8s/api.yaml',
            range: { start: { line: 3, character: 0 }, end: { line: 2, character: 0 } },
          },
          /ends before it starts/,
        ],
        [
          {
            type: 'openLocation',
            file: 'k8s/api.yaml',
            range: { start: { line: 0, character: -1 }, end: { line: 2, character: 0 } },
          },
          /between 0/,
        ],
        [{ type: 'saveAssessment', assessment: [] }, /must be an object/],
        [
          { type: 'saveAssessment', assessment: { constraints: { teamSize: 'six' } } },
          /constraints.teamSize must be a number/,
        ],
        [{ type: 'saveAssessment', assessment: { constraints: { teamSize: 2.5 } } }, /whole number/],
        [{ type: 'saveAssessment', assessment: { currentScale: { uptimePercent: 120 } } }, /at most 100/],
        [
          { type: 'saveAssessment', assessment: { currentArchitecture: { cachingStrategy: 'redis' } } },
          /one of none, basic/,
        ],
        [{ type: 'saveAssessment', assessment: { knownLimitations: 'slow' } }, /list of at most/],
        [{ type: 'saveAssessment', assessment: { aiExperience: {} } }, /unknown field aiExperience/],
        [{ type: 'saveAssessment', assessment: { constraints: { owner: 'x' } } }, /unknown field constraints.owner/],
      ];
      for (const [message, reason] of cases) {
        const parsed = parseWebviewMessage(message);
        assert.equal(parsed.ok, false, JSON.stringify(message));
        assert.match(parsed.ok ? '' : parsed.error, reason, JSON.stringify(message));
      }
    });

    it('rejects a type too deep to quote by naming its kind', () => {
      const parsed = parseWebviewMessage({ type: nested(100_000) });
      assert.equal(parsed.ok, false);
      assert.match(parsed.ok ? '' : parsed.error, /^unknown message type object$/);
    });

    it('knows a workspace-relative path when it sees one', () => {
      for (const ok of ['k8s/api.yaml', '.scaling-assistant/assessment.json', 'a b/c.yaml', 'shop/k8s/api.yaml'])
        assert.ok(isWorkspaceRelativePath(ok), ok);
      for (const bad of ['', '.', './x', 'x//y', 'x/', '..', 'a/../b', '/abs', 'c:/x', 'file:x', 'x\\y', 'x\0y'])
        assert.ok(!isWorkspaceRelativePath(bad), bad);
    });
  });

  describe('host → webview', () => {
    it("accepts the panel's strings only when every one is there, as the decomposition panel does", () => {
      const parsed = parseHostMessage({ type: 'strings', strings: { ...ROADMAP_STRINGS_EN, extra: 'dropped' } });
      assert.ok(parsed.ok && parsed.value.type === 'strings');
      assert.deepEqual(parsed.value.type === 'strings' && parsed.value.strings, ROADMAP_STRINGS_EN);
      const { rescan: _rescan, ...missing } = ROADMAP_STRINGS_EN;
      const without = parseHostMessage({ type: 'strings', strings: missing });
      assert.ok(!without.ok && /strings\.rescan must be a string/.test(without.error));
      const long = parseHostMessage({ type: 'strings', strings: { ...ROADMAP_STRINGS_EN, title: 'x'.repeat(600) } });
      assert.ok(!long.ok && /strings\.title is longer/.test(long.error));
    });

    it('accepts the plan buildPlan makes, unchanged', () => {
      const plan = samplePlan();
      const message = {
        type: 'plan',
        plan,
        assessment: {
          file: ASSESSMENT_PATH,
          exists: true,
          value: checkAssessment(JSON.parse(readFileSync(SAMPLE, 'utf8')), false).assessment,
          errors: [],
        },
        scan: { state: 'done', done: 6, total: 6 },
        workspace: 'workshop-ecommerce',
      };
      const parsed = parseHostMessage(JSON.parse(JSON.stringify(message)));
      assert.ok(parsed.ok, parsed.ok ? '' : parsed.error);
      assert.equal(parsed.value.type, 'plan');
      assert.deepEqual(parsed.value.type === 'plan' && parsed.value.plan, JSON.parse(JSON.stringify(plan)));
    });

    it('keeps the evidence notes of a place, and rejects notes that are not strings', () => {
      const plan = JSON.parse(JSON.stringify(samplePlan()));
      const place = plan.phases
        .flatMap((p: { tasks: { findings: { notes?: unknown[] }[] }[] }) => p.tasks)
        .flatMap((t: { findings: { notes?: unknown[] }[] }) => t.findings)
        .find((f: { notes?: unknown[] }) => f.notes);
      assert.deepEqual(place.notes, ['estimate: Deployment api costs $721 a month at maxReplicas 20']);
      place.notes = [42];
      const parsed = parseHostMessage(planMessage(plan));
      assert.equal(parsed.ok, false);
      assert.match(parsed.ok ? '' : parsed.error, /findings\[0\]\.notes\[0\] must be a string/);
    });

    it('rejects a plan with a wrong field, naming where', () => {
      const plan = JSON.parse(JSON.stringify(samplePlan()));
      plan.phases[0].tasks[0].findings[0].range.start.line = 'x';
      const parsed = parseHostMessage(planMessage(plan));
      assert.equal(parsed.ok, false);
      assert.match(
        parsed.ok ? '' : parsed.error,
        /^plan\.phases\[0\]\.tasks\[0\]\.findings\[0\]\.range\.start\.line must be a finite number/,
      );
      assert.equal(
        parseHostMessage({ type: 'scanProgress', scan: { state: 'exploded', done: 0, total: 0 } }).ok,
        false,
      );
      assert.equal(parseHostMessage({ type: 'notice', topic: 'narrative', level: 'info', message: 'ok' }).ok, true);
      assert.equal(parseHostMessage({ type: 'notice', topic: 'narrative', level: 'shout', message: 'ok' }).ok, false);
    });
  });

  describe('the assessment', () => {
    it('covers every field of the Assessment type that parseAssessment reads', () => {
      const sample = JSON.parse(readFileSync(SAMPLE, 'utf8'));
      const fromFile = parseAssessment(ASSESSMENT_PATH, readFileSync(SAMPLE, 'utf8')).assessment;
      const checked = checkAssessment(sample, false);
      assert.deepEqual(checked.errors, []);
      assert.deepEqual(checked.assessment, fromFile, 'the form reads the sample as the plan does');
      assert.deepEqual([...ASSESSMENT_KEYS].sort(), Object.keys(fromFile ?? {}).sort());
      const fields = ASSESSMENT_SECTIONS.flatMap((s) => s.fields.map((f) => (s.key ? `${s.key}.${f.key}` : f.key)));
      assert.equal(new Set(fields).size, fields.length);
    });

    it('merges a saved form into the file, keeping keys it does not know and nulling fields it cleared', () => {
      const existing = {
        about: 'keep me',
        application: 'Shop',
        constraints: { '//': 'note', teamSize: 6, budget: '€5000/month' },
        currentScale: { activeUsers: 500 },
        aiExperience: { monthsUsingAI: 8 },
      };
      const merged = mergeAssessmentInto(existing, {
        application: 'Shop',
        constraints: { teamSize: 2 },
        knownLimitations: ['No cache'],
      });
      assert.deepEqual(merged, {
        about: 'keep me',
        application: 'Shop',
        constraints: { '//': 'note', teamSize: 2, budget: null },
        currentScale: { activeUsers: null },
        aiExperience: { monthsUsingAI: 8 },
        knownLimitations: ['No cache'],
      });
      assert.deepEqual(
        Object.keys(merged).slice(0, 5),
        ['about', 'application', 'constraints', 'currentScale', 'aiExperience'],
        'key order kept',
      );
      assert.deepEqual(mergeAssessmentInto(undefined, { constraints: { teamSize: 3 } }), {
        constraints: { teamSize: 3 },
      });
      // What the merge writes reads back as the form's values.
      assert.deepEqual(parseAssessment('a.json', JSON.stringify(merged)).assessment, {
        application: 'Shop',
        constraints: { teamSize: 2 },
        currentScale: {},
        knownLimitations: ['No cache'],
      });
    });
  });
});

/** `{ a: { a: … } }`, `depth` levels, built without recursion. */
function nested(depth: number): Record<string, unknown> {
  let value: Record<string, unknown> = {};
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
}
