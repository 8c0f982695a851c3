import { strict as assert } from 'node:assert';
import path from 'node:path';
import type { ExtractionStep } from '../../../../src/assistants/decomposition/model';
import type { RoadmapPlan } from '../../../../src/roadmap/model';
import { buildPlan } from '../../../../src/roadmap/plan';
import { run } from '../../cli/workspace';
import { SHOP, ZERO } from '../cluster/helpers';

const step = (order: number, service: string, phase: 3 | 4, size: 'small' | 'large'): ExtractionStep => ({
  order,
  service,
  phase,
  preconditions: [`${service} is ready`],
  facadeRoutes: [],
  dataMigrations: phase === 4 ? [{ table: service, from: 'the monolith database', plan: 'copy and sync' }] : [],
  rollback: ['route back'],
  effort: { size, basis: 'estimate from edge counts: …' },
  places: [{ file: `src/${service}/index.ts`, range: ZERO, why: `${service} is called here` }],
});

describe('decomposition steps in the scaling roadmap', () => {
  it('puts module steps in phase 3 and splits in phase 4, chained in the plan’s order, with their places', () => {
    const plan = buildPlan({
      findings: [],
      rules: [],
      decompositionSteps: [
        step(1, 'orders', 3, 'small'),
        step(2, 'billing', 3, 'large'),
        step(3, 'orders', 4, 'small'),
        step(4, 'billing', 4, 'large'),
      ],
    });
    const phaseOf = (id: string) => plan.phases.findIndex((p) => p.tasks.some((t) => t.id === id));
    assert.equal(phaseOf('decomposition:orders:module'), 2);
    assert.equal(phaseOf('decomposition:billing:module'), 2);
    assert.equal(phaseOf('decomposition:orders:split'), 3);
    const tasks = plan.phases.flatMap((p) => p.tasks);
    const task = (id: string) => tasks.find((t) => t.id === id)!;
    assert.deepEqual(task('decomposition:billing:module').dependsOn, ['decomposition:orders:module']);
    assert.deepEqual(task('decomposition:billing:split').dependsOn, [
      'decomposition:billing:module',
      'decomposition:orders:split',
    ]);
    assert.equal(task('decomposition:billing:split').effort.hours, 160);
    assert.match(task('decomposition:billing:split').effort.basis, /^estimate: 160 h for a large step/);
    assert.equal(task('decomposition:orders:split').risk.level, 'high');
    assert.deepEqual(task('decomposition:orders:module').findings, [
      { file: 'src/orders/index.ts', range: ZERO, message: 'orders is called here' },
    ]);
    assert.equal(task('decomposition:orders:module').assistant, 'decomposition');
  });

  it('roadmap --decompose adds the folder’s steps', async () => {
    const result = await run(['roadmap', 'shop', '--decompose', '--format', 'json'], path.dirname(SHOP));
    assert.equal(result.code, 0, result.stderr);
    const plan = JSON.parse(result.stdout) as RoadmapPlan;
    const ids = plan.phases.flatMap((p) => p.tasks.map((t) => t.id)).filter((id) => id.startsWith('decomposition:'));
    assert.deepEqual(ids.sort(), [
      'decomposition:billing:module',
      'decomposition:billing:split',
      'decomposition:catalog:module',
      'decomposition:catalog:split',
      'decomposition:orders:module',
      'decomposition:orders:split',
    ]);
  });
});
