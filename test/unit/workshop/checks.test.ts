import assert from 'node:assert/strict';
import { loadAssistant, loadDecompositionPlanner } from '../../../src/assistants/catalog';
import { checkExercise } from '../../../src/workshop/check';
import type { CheckInput } from '../../../src/workshop/check-input';
import { LOCK_SAFETY_RULES } from '../../../src/workshop/check-queries';
import type { ExerciseId } from '../../../src/workshop/exercises';
import { EXERCISES } from '../../../src/workshop/exercises';
import type { ExerciseResult } from '../../../src/workshop/result';
import { english } from '../../../src/core/translate';
import { planToMarkdown } from '../../../src/roadmap/markdown';
import { buildPlan } from '../../../src/roadmap/plan';
import { roadmapSummary } from '../../../src/workshop/check-roadmap';
import { participant, sampleText } from './sample-workspace';

const original = participant();

const SHARED_FILES = ['src/shared/db.ts', 'src/shared/events.ts', 'src/shared/http.ts'];
const MAILER_FILES = [
  'src/notifications/jobs/send-outbox.ts',
  'src/notifications/routes.ts',
  'src/notifications/service.ts',
];
const SHOP_FILES = ['catalog', 'inventory', 'orders', 'payments', 'users'].flatMap((folder) =>
  ['routes.ts', 'service.ts', ...(folder === 'payments' ? ['provider.ts'] : [])].map((f) => `src/${folder}/${f}`),
);

function check(id: ExerciseId, workspace = original, extra: Partial<CheckInput> = {}): Promise<ExerciseResult> {
  return checkExercise(id, { workspace, original, t: english, measure: false, ...extra });
}

function passed(result: ExerciseResult): Record<string, boolean> {
  return Object.fromEntries(result.criteria.map((c) => [c.id, c.passed]));
}

describe('workshop checks', () => {
  describe('readiness assessment', () => {
    it('passes on the sample, whose assessment is filled in', async () => {
      const result = await check('readiness');
      assert.equal(result.status, 'passed');
    });

    it('fails with the field at fault when a figure has the wrong type or is missing', async () => {
      const assessment = JSON.parse(sampleText('.scaling-assistant/assessment.json')) as {
        constraints: Record<string, unknown>;
      };
      assessment.constraints.teamSize = 'six';
      const result = await check(
        'readiness',
        participant([], { '.scaling-assistant/assessment.json': JSON.stringify(assessment, null, 2) }),
      );
      assert.equal(result.status, 'failed');
      assert.deepEqual(passed(result), { 'assessment-valid': false, 'assessment-filled': false });
      assert.match(result.criteria[0].hint, /constraints\.teamSize/);
      assert.equal(typeof result.criteria[0].place?.line, 'number');
    });

    it('fails and says how to start when the file is missing', async () => {
      const result = await check('readiness', participant([], { '.scaling-assistant/assessment.json': null }));
      assert.equal(result.status, 'failed');
      assert.match(result.criteria[0].hint, /Edit Readiness Assessment/);
    });
  });

  describe('query optimisation (static criteria)', () => {
    it('fails on the sample: unindexed foreign keys and the lock-unsafe migration 007', async () => {
      const result = await check('queries');
      assert.equal(result.status, 'failed');
      assert.deepEqual(passed(result), {
        'foreign-keys-indexed': false,
        'migrations-lock-safe': false,
        'catalog-query-faster': false,
      });
      const lock = result.criteria.find((c) => c.id === 'migrations-lock-safe');
      assert.equal(lock?.place?.file, 'db/migrations/007_backoffice_release_2_3.sql');
      assert.match(lock?.hint ?? '', /create-index-not-concurrently/);
    });

    for (const overlay of ['solved', 'other']) {
      it(`passes the foreign-key and lock-safety criteria with the ${overlay} solution`, async () => {
        const result = await check('queries', participant([overlay]));
        assert.equal(passed(result)['foreign-keys-indexed'], true, result.criteria[0].hint);
        assert.equal(passed(result)['migrations-lock-safe'], true, result.criteria[1].hint);
        // Not measured (measure: false): the exercise is incomplete, never passed without its measurement.
        assert.equal(result.status, 'incomplete');
      });
    }

    it('fails when the indexes are added by a migration that itself locks the tables', async () => {
      const unsafe = 'CREATE INDEX reviews_product_id_idx ON reviews (product_id);\n';
      const result = await check('queries', participant(['solved'], { 'db/migrations/009_more.sql': unsafe }));
      assert.equal(passed(result)['migrations-lock-safe'], false);
      assert.equal(result.criteria[1].place?.file, 'db/migrations/009_more.sql');
    });

    it('does not count a suppression comment as a fix', async () => {
      const text = sampleText('db/migrations/007_backoffice_release_2_3.sql').replace(
        'CREATE INDEX orders_status',
        '-- scaling-assistant-disable-next-line create-index-not-concurrently, migration-without-lock-timeout\nCREATE INDEX orders_status',
      );
      const result = await check(
        'queries',
        participant(['solved'], { 'db/migrations/007_backoffice_release_2_3.sql': text }),
      );
      assert.equal(passed(result)['migrations-lock-safe'], false);
    });

    it('names only real lock-safety rules of the query optimizer', async () => {
      const ids = new Set((await loadAssistant('sql')).rules.map((r) => r.id));
      for (const id of LOCK_SAFETY_RULES) assert.ok(ids.has(id), `${id} is not a rule of the query optimizer`);
    });
  });

  describe('frontend optimisation', () => {
    it('fails on the sample with each criterion pointing at the frontend optimizer finding', async () => {
      const result = await check('frontend');
      assert.equal(result.status, 'failed');
      assert.deepEqual(passed(result), {
        'no-whole-library-import': false,
        'stable-props-to-memo-child': false,
        'stable-context-value': false,
        'no-derived-state-in-effect': false,
      });
      assert.deepEqual(result.criteria[1].place, { file: 'web/src/ProductList.tsx', line: 55 });
      assert.deepEqual(result.criteria[2].place, { file: 'web/src/Cart.tsx', line: 50 });
    });

    for (const [overlay, how] of [
      ['solved', 'per-method lodash imports, Intl, a hoisted style, useCallback and useMemo in the cart'],
      ['other', 'lodash-es and date-fns, the card reading the cart itself, the cart value memoised whole'],
    ] as const) {
      it(`passes with ${how}`, async () => {
        const result = await check('frontend', participant([overlay]));
        assert.equal(result.status, 'passed', JSON.stringify(result.criteria));
      });
    }

    it('fails on one criterion when only that problem is left', async () => {
      const result = await check(
        'frontend',
        participant(['solved'], { 'web/src/App.tsx': sampleText('web/src/App.tsx') }),
      );
      assert.deepEqual(passed(result), {
        'no-whole-library-import': false,
        'stable-props-to-memo-child': true,
        'stable-context-value': true,
        'no-derived-state-in-effect': true,
      });
      assert.match(result.criteria[0].hint, /^web\/src\/App\.tsx: `lodash`/);
    });

    it('does not count deleting the cart as making its value stable', async () => {
      const result = await check('frontend', participant(['solved'], { 'web/src/Cart.tsx': null }));
      assert.equal(passed(result)['stable-context-value'], false);
      assert.equal(result.criteria[2].hint, 'web/src/Cart.tsx is missing.');
    });

    it('does not count a suppression comment as a fix', async () => {
      const text = sampleText('web/src/App.tsx').replace(
        "import _ from 'lodash';",
        "// scaling-assistant-disable-next-line whole-library-import\nimport _ from 'lodash';",
      );
      const result = await check('frontend', participant(['solved'], { 'web/src/App.tsx': text }));
      assert.equal(passed(result)['no-whole-library-import'], false);
    });
  });

  describe('HPA review', () => {
    it('fails on the sample with the replicas line as the place', async () => {
      const result = await check('hpa');
      assert.equal(result.status, 'failed');
      assert.deepEqual(passed(result), {
        'no-replicas-under-hpa': false,
        'hpa-scales-api': true,
        'utilization-measurable': false,
      });
      assert.deepEqual(result.criteria[0].place, { file: 'k8s/api.yaml', line: 13 });
    });

    it('passes with replicas deleted and a CPU request on the web container', async () => {
      const result = await check('hpa', participant(['solved']));
      assert.equal(result.status, 'passed', JSON.stringify(result.criteria));
    });

    it('passes with the HPA moved to its own file and CPU defaulted by the LimitRange', async () => {
      const result = await check('hpa', participant(['other']));
      assert.equal(result.status, 'passed', JSON.stringify(result.criteria));
    });

    it('fails when the HPA is deleted along with the replicas', async () => {
      const withoutHpa = participant(['solved'], {
        'k8s/api.yaml': sampleText('k8s/api.yaml')
          .split('\n---\n')
          .filter((doc) => !doc.includes('kind: HorizontalPodAutoscaler'))
          .join('\n---\n')
          .replace(/\n {2}# Three pods[^\n]*\n {2}replicas: 3/, ''),
      });
      const result = await check('hpa', withoutHpa);
      assert.equal(result.status, 'failed');
      assert.equal(passed(result)['no-replicas-under-hpa'], false);
      assert.equal(passed(result)['hpa-scales-api'], false);
      assert.match(result.criteria[1].hint, /ecommerce-api/);
    });

    it('reports what the peak asks for and costs, as the HPA reviewer estimates it', async () => {
      const figures = (result: ExerciseResult) => result.criteria.find((c) => c.id === 'hpa-scales-api')?.figures;
      const solved = figures(await check('hpa', participant(['solved'])));
      // 50 pods of 250m CPU and 256Mi at the example prices; web counted once its container requests CPU.
      assert.deepEqual(solved?.[0], {
        label: 'ecommerce-api at maxReplicas 50',
        value: '12.5 vCPU + 12.5 GiB requested, about $410 a month (estimate)',
      });
      assert.equal(solved?.[1].label, 'Peak cost of 3 workloads (estimate)');
      assert.match(solved?.[1].value ?? '', /^about \$445 a month, from requests × example prices: /);
      // A different peak is a different figure: the reviewer reads the participant's maxReplicas.
      const lower = sampleText('k8s/api.yaml').replace(/maxReplicas: 50\b/, 'maxReplicas: 20');
      const twenty = figures(await check('hpa', participant(['solved'], { 'k8s/api.yaml': lower })));
      assert.equal(twenty?.[0].value, '5 vCPU + 5 GiB requested, about $164 a month (estimate)');
      // Prices from the settings, in their currency.
      const euro = figures(
        await check('hpa', participant(['solved']), {
          settings: { k8s: { prices: { cpuHour: 0.05, memoryGiBHour: 0.005, currency: 'EUR' } } },
        }),
      );
      assert.match(euro?.[0].value ?? '', /about €502 a month/);
      assert.match(euro?.[1].value ?? '', /prices from scalingAssistant\.k8s\.prices/);
    });

    it('says which workloads the peak cost counts in part or leaves out', async () => {
      const batch = [
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata: { name: report-batch, namespace: reports }',
        'spec:',
        '  replicas: 2',
        '  selector: { matchLabels: { app: report-batch } }',
        '  template:',
        '    metadata: { labels: { app: report-batch } }',
        '    spec: { containers: [{ name: batch, image: registry.example.com/shop/batch:1 }] }',
        '',
      ].join('\n');
      const result = await check('hpa', participant([], { 'k8s/batch.yaml': batch }));
      const figures = result.criteria.find((c) => c.id === 'hpa-scales-api')?.figures ?? [];
      const value = (prefix: string) => figures.find((f) => f.label.startsWith(prefix))?.value;
      // The sample's web container requests memory only (its CPU is not priced); the batch, in a namespace without
      // the shop's LimitRange, requests nothing.
      assert.equal(value('Counted in part'), 'Deployment ecommerce-web', JSON.stringify(figures));
      assert.equal(value('Not in the peak cost'), 'Deployment report-batch', JSON.stringify(figures));
    });

    it('does not count a suppression comment as a fix', async () => {
      const text = sampleText('k8s/api.yaml').replace(
        '  replicas: 3',
        '  # scaling-assistant-disable-next-line workload-replicas-with-hpa\n  replicas: 3',
      );
      const result = await check('hpa', participant(['solved'], { 'k8s/api.yaml': text }));
      assert.equal(passed(result)['no-replicas-under-hpa'], false);
    });
  });

  describe('decomposition', () => {
    const plan = (text: string) => participant([], { 'docs/decomposition.json': text });
    const planFile = (services: Record<string, string[]>, shared: string[] = SHARED_FILES) =>
      JSON.stringify({
        version: 1,
        services: Object.entries(services).map(([name, files]) => ({ name, files })),
        shared,
      });

    it('fails on the sample, saying how to save the boundaries', async () => {
      const result = await check('decomposition');
      assert.equal(result.status, 'failed');
      assert.deepEqual(passed(result), { 'boundaries-chosen': false });
      assert.match(result.criteria[0].hint, /Save the Decomposition Plan/);
    });

    it("fails on the planner's first proposal: the order transaction spans services, two tables have two writers", async () => {
      const engine = await loadDecompositionPlanner();
      const first = await (await engine.createPlanner(original, 'monolith')).plan();
      const result = await check('decomposition', plan(JSON.stringify(engine.planToJson(first))));
      assert.deepEqual(passed(result), {
        'boundaries-chosen': true,
        'no-shared-written-tables': false,
        'no-distributed-transactions': false,
      });
      assert.match(result.criteria[1].hint, /inventory \(inventory, orders\); orders \(orders, payments\)/);
      assert.deepEqual(result.criteria[2].place, { file: 'monolith/src/orders/service.ts', line: 27 });
      assert.match(result.criteria[2].hint, /would span inventory, orders, payments, users/);
    });

    it('passes with our boundaries: orders, stock, payments and accounts in one checkout service', async () => {
      const result = await check('decomposition', participant(['solved']));
      assert.equal(result.status, 'passed', JSON.stringify(result.criteria));
    });

    it('passes with different boundaries written by hand: a shop service and the mailer', async () => {
      const result = await check('decomposition', participant(['other']));
      assert.equal(result.status, 'passed', JSON.stringify(result.criteria));
    });

    it('fails when a file is left out, a file is unknown, or one service holds everything', async () => {
      const left = await check('decomposition', plan(planFile({ shop: SHOP_FILES.slice(1), mailer: MAILER_FILES })));
      assert.deepEqual(passed(left), { 'boundaries-chosen': false });
      assert.match(left.criteria[0].hint, /monolith\/src\/catalog\/routes\.ts/);
      const unknown = await check(
        'decomposition',
        plan(planFile({ shop: [...SHOP_FILES, 'src/nowhere.ts'], mailer: MAILER_FILES })),
      );
      assert.match(unknown.criteria[0].hint, /src\/nowhere\.ts/);
      const one = await check('decomposition', plan(planFile({ everything: [...SHOP_FILES, ...MAILER_FILES] })));
      assert.deepEqual(passed(one), { 'boundaries-chosen': false });
      assert.match(one.criteria[0].hint, /at least one boundary/);
    });

    it('says what is wrong with a file that is not a plan, and checks nothing else', async () => {
      const broken = await check('decomposition', plan('{ "services": '));
      assert.deepEqual(passed(broken), { 'boundaries-chosen': false });
      assert.match(broken.criteria[0].hint, /is not a decomposition plan/);
      const nameless = await check('decomposition', plan('{ "services": [{ "files": [] }] }'));
      assert.match(nameless.criteria[0].hint, /services\[0\] needs a name/);
    });
  });

  describe('roadmap', () => {
    it('fails until the plan is exported to docs/roadmap.md', async () => {
      assert.equal((await check('roadmap')).status, 'failed');
      const notAnExport = participant([], { 'docs/roadmap.md': '# My notes\n\nTo do: indexes.\n' });
      assert.equal((await check('roadmap', notAnExport)).status, 'failed');
    });

    it('passes with the export in place', async () => {
      assert.equal((await check('roadmap', participant(['solved']))).status, 'passed');
    });

    it('passes with the export in German, as a participant working in German exports it', async () => {
      const german = planToMarkdown(buildPlan({ findings: [], rules: [], files: 3 }), 'de');
      const result = await check('roadmap', participant([], { 'docs/roadmap.md': german }));
      assert.equal(result.status, 'passed');
      const summary = await roadmapSummary({ workspace: participant([], { 'docs/roadmap.md': german }) });
      assert.match(summary ?? '', /^0 Befunde in 3 Dateien → /);
    });
  });

  it('has criteria exactly for the exercises marked as checked (isCheckable counts them)', async () => {
    for (const { id, checked } of EXERCISES) {
      const result = await check(id, participant(['solved']), { available: () => true });
      assert.equal(result.criteria.length > 0, checked, id);
    }
  });

  describe('exercises whose assistant is not built', () => {
    it('say so plainly and pass nothing', async () => {
      for (const id of ['frontend', 'decomposition'] as const) {
        const result = await check(id, original, { available: (a) => a !== 'react' && a !== 'decomposition' });
        assert.equal(result.status, 'unavailable');
        assert.deepEqual(result.criteria, []);
        assert.match(result.note ?? '', /not built yet/);
      }
    });

    it('ask the catalog when no availability is given', async () => {
      const { descriptorFor } = await import('../../../src/assistants/catalog');
      const result = await check('decomposition');
      assert.equal(result.status === 'unavailable', !descriptorFor('decomposition').available);
    });
  });
});
