import { strict as assert } from 'node:assert';
import type { Finding } from '../../../src/core/finding';
import type { RuleMeta } from '../../../src/core/rule';
import type { Assessment, RoadmapPlan, Task } from '../../../src/roadmap/model';
import { PHASES } from '../../../src/roadmap/model';
import { buildPlan } from '../../../src/roadmap/plan';
import { WORKSHOP, assessment, finding, roadmap, rule } from './helpers';

const allTasks = (plan: RoadmapPlan): Task[] => plan.phases.flatMap((p) => p.tasks);
const task = (plan: RoadmapPlan, id: string): Task => {
  const found = allTasks(plan).find((t) => t.id === id);
  assert.ok(
    found,
    `no task ${id} in ${allTasks(plan)
      .map((t) => t.id)
      .join(', ')}`,
  );
  return found;
};
const phaseOf = (plan: RoadmapPlan, id: string): string => {
  const phase = plan.phases.find((p) => p.tasks.some((t) => t.id === id));
  assert.ok(phase, `no task ${id}`);
  return phase.id;
};
const ids = (plan: RoadmapPlan, phase: string) => plan.phases.find((p) => p.id === phase)?.tasks.map((t) => t.id);

const MEASURED = { beforeMs: 310.2, afterMs: 4.1, speedup: 75.6, rows: 100000, engine: 'pglite' };

describe('roadmap plan', () => {
  describe('grouping findings into tasks', () => {
    const replicas = rule('workload-replicas-with-hpa', {
      roadmap: roadmap('Let the HPA own replicas in {count} workload(s)', 0.5, 0.5),
    });
    const findings = [
      finding('workload-replicas-with-hpa', 'k8s/b.yaml', 3),
      finding('workload-replicas-with-hpa', 'k8s/a.yaml', 13),
      finding('workload-replicas-with-hpa', 'k8s/a.yaml', 40),
      finding('pdb-missing', 'k8s/a.yaml', 5),
    ];
    const plan = buildPlan({ findings, rules: [replicas, rule('pdb-missing')] });

    it('makes one task per rule with findings, id <assistant>:<ruleId>', () => {
      assert.deepEqual(
        allTasks(plan)
          .map((t) => t.id)
          .sort(),
        ['k8s:pdb-missing', 'k8s:workload-replicas-with-hpa'],
      );
      const t = task(plan, 'k8s:workload-replicas-with-hpa');
      assert.equal(t.assistant, 'k8s');
      assert.deepEqual(t.ruleIds, ['workload-replicas-with-hpa']);
      assert.equal(t.description, 'Title of workload-replicas-with-hpa');
    });

    it('titles the task from the rule metadata with the number of places, singular and plural', () => {
      assert.equal(task(plan, 'k8s:workload-replicas-with-hpa').title, 'Let the HPA own replicas in 3 workloads');
      const one = buildPlan({ findings: findings.slice(0, 1), rules: [replicas] });
      assert.equal(task(one, 'k8s:workload-replicas-with-hpa').title, 'Let the HPA own replicas in 1 workload');
    });

    it('derives a title from the rule title without roadmap metadata', () => {
      assert.equal(task(plan, 'k8s:pdb-missing').title, 'Title of pdb-missing: fix 1 place');
    });

    it('links every finding as evidence, in file and position order, with file, range, rule, severity and message', () => {
      const t = task(plan, 'k8s:workload-replicas-with-hpa');
      assert.deepEqual(
        t.findings.map((e) => [e.file, e.range.start.line]),
        [
          ['k8s/a.yaml', 13],
          ['k8s/a.yaml', 40],
          ['k8s/b.yaml', 3],
        ],
      );
      assert.deepEqual(t.findings[0], {
        file: 'k8s/a.yaml',
        range: { start: { line: 13, character: 2 }, end: { line: 13, character: 12 } },
        ruleId: 'workload-replicas-with-hpa',
        severity: 'warning',
        message: 'workload-replicas-with-hpa at k8s/a.yaml:13',
      });
    });

    it('counts places once when two findings share file and range, but keeps both as evidence', () => {
      const twice = [
        finding('pdb-missing', 'a.yaml', 1, { message: 'one' }),
        finding('pdb-missing', 'a.yaml', 1, { message: 'two' }),
      ];
      const t = task(buildPlan({ findings: twice, rules: [rule('pdb-missing')] }), 'k8s:pdb-missing');
      assert.equal(t.findings.length, 2);
      assert.equal(t.effort.hours, 1.5);
      assert.match(t.effort.basis, /× 1 place \(/);
    });

    it('still plans findings whose rule metadata is missing (an engine that was not loaded)', () => {
      const t = task(
        buildPlan({ findings: [finding('unknown-rule', 'x.yaml', 0, { effort: 'medium' })], rules: [] }),
        'k8s:unknown-rule',
      );
      assert.equal(t.effort.hours, 6);
    });
  });

  describe('effort', () => {
    it('is baseHours + hoursPerPlace × places from the rule metadata, and says it is an estimate', () => {
      const r = rule('r', { roadmap: roadmap('Fix {count} thing(s)', 0.5, 0.25) });
      const plan = buildPlan({ findings: [0, 1, 2].map((l) => finding('r', 'a.yaml', l)), rules: [r] });
      assert.deepEqual(task(plan, 'k8s:r').effort, {
        hours: 1.25,
        basis: 'estimate: 0.5 h + 0.25 h × 3 places (rule metadata)',
      });
    });

    it('defaults from the effort class: small 1 + 0.5/place, medium 4 + 2, large 16 + 8', () => {
      const cases: Array<['small' | 'medium' | 'large', number, number, string]> = [
        ['small', 6, 4, 'estimate: 1 h + 0.5 h × 6 places (default for small effort)'],
        ['medium', 2, 8, 'estimate: 4 h + 2 h × 2 places (default for medium effort)'],
        ['large', 1, 24, 'estimate: 16 h + 8 h × 1 place (default for large effort)'],
      ];
      for (const [effort, places, hours, basis] of cases) {
        const findings = Array.from({ length: places }, (_, l) => finding('r', 'a.yaml', l, { effort }));
        const t = task(buildPlan({ findings, rules: [rule('r', { effort })] }), 'k8s:r');
        assert.deepEqual(t.effort, { hours, basis }, effort);
      }
    });

    it('sums the phases and the plan without floating-point dust', () => {
      const r = rule('r', { roadmap: roadmap('t', 0.1, 0.1) });
      const plan = buildPlan({ findings: [0, 1].map((l) => finding('r', 'a.yaml', l)), rules: [r] });
      assert.equal(plan.phases[0].hours, 0.3);
      assert.equal(plan.summary.hours, 0.3);
    });
  });

  describe('impact', () => {
    it('scores the impact level (high 80, medium 50, low 20) and adds 10 for an error', () => {
      const plan = buildPlan({
        findings: [
          finding('h', 'a', 0),
          finding('m', 'a', 1, { impact: 'medium' }),
          finding('l', 'a', 2, { impact: 'low' }),
          finding('e', 'a', 3, { severity: 'error' }),
        ],
        rules: [rule('h'), rule('m', { impact: 'medium' }), rule('l', { impact: 'low' }), rule('e')],
      });
      assert.deepEqual(
        ['h', 'm', 'l', 'e'].map((id) => task(plan, `k8s:${id}`).impact.score),
        [80, 50, 20, 90],
      );
      assert.equal(task(plan, 'k8s:e').impact.basis, 'high impact (rule): 80; error severity: +10 = 90');
      assert.equal(task(plan, 'k8s:h').severity, 'warning');
      assert.equal(task(plan, 'k8s:e').severity, 'error');
    });

    it('is raised by measured evidence (log10 of the speedup × 10), carries the best measurement and caps at 100', () => {
      const r = rule('slow-query', { impact: 'medium' });
      const without = task(
        buildPlan({ findings: [finding('slow-query', 'q.sql', 1, { impact: 'medium' })], rules: [r] }),
        'k8s:slow-query',
      );
      const plan = buildPlan({
        findings: [
          finding('slow-query', 'q.sql', 1, { impact: 'medium', measured: { ...MEASURED, speedup: 3 } }),
          finding('slow-query', 'q.sql', 9, { impact: 'medium', measured: MEASURED }),
        ],
        rules: [r],
      });
      const withMeasured = task(plan, 'k8s:slow-query');
      assert.equal(without.impact.score, 50);
      assert.equal(withMeasured.impact.score, 69); // 50 + round(log10(75.6) × 10) = 50 + 19
      assert.deepEqual(withMeasured.impact.measured, MEASURED);
      assert.match(
        withMeasured.impact.basis,
        /≈76× faster \(measured on 100,000 synthetic rows: 310 ms → 4\.1 ms, pglite\): \+19 = 69$/,
      );
      assert.deepEqual(
        withMeasured.findings.map((f) => f.measured?.speedup),
        [3, 75.6],
      );
      const capped = buildPlan({
        findings: [finding('x', 'q', 0, { severity: 'error', measured: { ...MEASURED, speedup: 5000 } })],
        rules: [rule('x')],
      });
      assert.equal(task(capped, 'k8s:x').impact.score, 100);
    });
  });

  describe('risk and skills', () => {
    it('come from the rule metadata', () => {
      const r = rule('r', {
        roadmap: roadmap('t', 1, 1, {
          risk: 'medium',
          mitigation: 'edit last-applied first',
          skills: ['Kubernetes', 'HPA'],
        }),
      });
      const t = task(buildPlan({ findings: [finding('r', 'a', 0)], rules: [r] }), 'k8s:r');
      assert.deepEqual(t.risk, { level: 'medium', mitigation: 'edit last-applied first' });
      assert.deepEqual(t.skills, ['Kubernetes', 'HPA']);
    });

    it("default to low for small effort, medium otherwise, with a generic mitigation and the assistant's skills", () => {
      const plan = buildPlan({
        findings: [finding('s', 'a', 0), finding('m', 'a', 1, { effort: 'medium' })],
        rules: [rule('s'), rule('m', { effort: 'medium' })],
      });
      assert.equal(task(plan, 'k8s:s').risk.level, 'low');
      assert.equal(task(plan, 'k8s:m').risk.level, 'medium');
      assert.ok(task(plan, 'k8s:m').risk.mitigation.length > 0);
      assert.deepEqual(task(plan, 'k8s:s').skills, ['Kubernetes']);
    });
  });

  describe('placement', () => {
    const hoursRule = (id: string, hours: number, extra: Parameters<typeof roadmap>[3] = {}) =>
      rule(id, { roadmap: roadmap(id, hours, 0, extra) });
    const planOf = (rules: RuleMeta[], extra: { assessment?: Assessment } = {}) =>
      buildPlan({
        findings: rules.map((r, i) => finding(r.id, 'a.yaml', i, { impact: r.impact })),
        rules,
        assessment: extra.assessment ? assessment(extra.assessment) : undefined,
      });

    it('puts tasks in phases by effort and risk: ≤ 8 h low/medium → quick wins, ≤ 40 h → core, ≤ 120 h → advanced, more → strategic', () => {
      const plan = planOf([
        hoursRule('eight', 8),
        hoursRule('eight-medium', 8, { risk: 'medium' }),
        hoursRule('eight-high', 8, { risk: 'high' }),
        hoursRule('nine', 9),
        hoursRule('forty', 40),
        hoursRule('forty-one', 41),
        hoursRule('one-twenty', 120),
        hoursRule('big', 121),
      ]);
      assert.deepEqual(
        plan.phases.map((p) => [p.id, p.tasks.map((t) => t.id.slice(4)).sort()]),
        [
          ['quick-wins', ['eight', 'eight-medium']],
          ['core-infrastructure', ['eight-high', 'forty', 'nine']],
          ['advanced-optimisation', ['forty-one', 'one-twenty']],
          ['strategic-evolution', ['big']],
        ],
      );
      assert.match(task(plan, 'k8s:eight').placement, /^An estimated 8 h at low risk: a quick win\.$/);
      assert.match(task(plan, 'k8s:eight-high').placement, /high risk keeps it out of the quick wins/);
    });

    it('orders tasks within a phase by impact over effort, ties by id', () => {
      const plan = planOf([
        hoursRule('big-impact-slow', 4), // 80 / 4 = 20
        rule('small-impact-fast', { impact: 'medium', roadmap: roadmap('x', 1, 0) }), // 50 / 1 = 50
        hoursRule('b-tie', 2), // 40
        hoursRule('a-tie', 2), // 40
      ]);
      assert.deepEqual(ids(plan, 'quick-wins'), [
        'k8s:small-impact-fast',
        'k8s:a-tie',
        'k8s:b-tie',
        'k8s:big-impact-slow',
      ]);
    });

    it("never places a task before a dependency's phase, and lists dependencies first within a phase", () => {
      const plan = planOf([
        hoursRule('requests', 20),
        hoursRule('scale-up', 1, { after: ['requests', 'not-in-the-plan'] }),
        hoursRule('probe', 4),
        rule('quick', { impact: 'low', roadmap: roadmap('quick', 3, 0, { after: ['probe'] }) }),
      ]);
      assert.equal(phaseOf(plan, 'k8s:requests'), 'core-infrastructure');
      assert.equal(phaseOf(plan, 'k8s:scale-up'), 'core-infrastructure');
      assert.deepEqual(task(plan, 'k8s:scale-up').dependsOn, ['k8s:requests']);
      assert.match(
        task(plan, 'k8s:scale-up').placement,
        /Waits for "requests" \(core infrastructure scaling \(3–6 months\)\)/,
      );
      assert.deepEqual(ids(plan, 'quick-wins'), ['k8s:probe', 'k8s:quick']);
      // A dependency placed in the same phase comes first even when the dependent has the better ratio.
      const same = planOf([hoursRule('first', 6), hoursRule('then', 0.5, { after: ['first'] })]);
      assert.deepEqual(ids(same, 'quick-wins'), ['k8s:first', 'k8s:then']);
    });

    it("honours the rule's earliestPhase when effort alone would place it too early", () => {
      const plan = planOf([hoursRule('memory-hpa', 2, { earliestPhase: 'advanced-optimisation' })]);
      assert.equal(phaseOf(plan, 'k8s:memory-hpa'), 'advanced-optimisation');
      assert.match(
        task(plan, 'k8s:memory-hpa').placement,
        /by effort alone, but the rule places it no earlier than advanced optimisation/,
      );
    });

    it('does not lose tasks in a dependency cycle', () => {
      const plan = planOf([hoursRule('a', 1, { after: ['b'] }), hoursRule('b', 1, { after: ['a'] })]);
      assert.deepEqual(
        allTasks(plan)
          .map((t) => t.id)
          .sort(),
        ['k8s:a', 'k8s:b'],
      );
    });

    it('has no capacity limit without an assessment (or without a team size)', () => {
      const plan = planOf([hoursRule('a', 8), hoursRule('b', 8)]);
      assert.ok(plan.phases.every((p) => p.capacityHours === undefined && p.capacityBasis === undefined));
      const noTeam = planOf([hoursRule('a', 8)], { assessment: { application: 'x' } });
      assert.ok(noTeam.phases.every((p) => p.capacityHours === undefined));
      // An assessment built in code (the panel's form) with a team size the parser would reject.
      const zero = buildPlan({
        findings: [finding('a', 'a', 0)],
        rules: [],
        assessment: { value: { constraints: { teamSize: 0 } }, file: 'a.json', rangeOf: () => undefined },
      });
      assert.ok(zero.phases.every((p) => p.capacityHours === undefined));
      assert.equal(zero.phases[0].tasks.length, 1);
    });

    it('gives each phase a capacity from the team size (13 weeks × 4 h a week per person and quarter), less for high technical debt', () => {
      const ten = planOf([hoursRule('a', 1)], { assessment: { constraints: { teamSize: 10 } } });
      assert.deepEqual(
        ten.phases.map((p) => p.capacityHours),
        [520, 520, 1040, undefined],
      );
      assert.equal(ten.phases[0].capacityBasis, 'assumed: 10 people × 13 weeks × 4 h a week of scaling work = 520 h');
      const indebted = planOf([hoursRule('a', 1)], {
        assessment: { constraints: { teamSize: 2, technicalDebt: 'high' } },
      });
      assert.deepEqual(
        indebted.phases.map((p) => p.capacityHours),
        [88, 88, 177, undefined],
      );
      assert.match(
        indebted.phases[0].capacityBasis ?? '',
        /2 people × 13 weeks × 4 h a week of scaling work = 104 h, less 15% for high technical debt = 88 h/,
      );
      const critical = planOf([hoursRule('a', 1)], {
        assessment: { constraints: { teamSize: 1, technicalDebt: 'critical' } },
      });
      assert.equal(critical.phases[0].capacityHours, 36);
    });

    it("moves what does not fit a phase's capacity to the next, saying why: a team of 2 gets further later than a team of 10", () => {
      const rules = Array.from({ length: 20 }, (_, i) => hoursRule(`task-${String(i).padStart(2, '0')}`, 7));
      const small = planOf(rules, { assessment: { constraints: { teamSize: 2 } } }); // 104 h a quarter: 14 tasks of 7 h
      const large = planOf(rules, { assessment: { constraints: { teamSize: 10 } } });
      assert.equal(large.phases[0].tasks.length, 20);
      assert.equal(small.phases[0].tasks.length, 14);
      assert.equal(small.phases[1].tasks.length, 6);
      assert.ok(small.phases[0].hours <= (small.phases[0].capacityHours ?? 0));
      const moved = small.phases[1].tasks[0];
      assert.match(
        moved.placement,
        /An estimated 7 h at low risk: a quick win\. Moved later: it did not fit the remaining capacity of quick wins and foundation \(0–3 months\) \(104 h\)/,
      );
      const index = (plan: RoadmapPlan, id: string) => PHASES.findIndex((p) => p.id === phaseOf(plan, id));
      for (const r of rules) assert.ok(index(small, `k8s:${r.id}`) >= index(large, `k8s:${r.id}`));
    });

    it('fills a tight phase by priority, lets smaller tasks use what is left, and moves dependants with their dependency', () => {
      const plan = planOf(
        [
          hoursRule('high-a', 8),
          hoursRule('high-b', 8),
          hoursRule('high-c', 8),
          hoursRule('high-d', 8),
          rule('low', { impact: 'low', roadmap: roadmap('low', 8, 0) }),
          hoursRule('after-low', 1, { after: ['low'] }),
          rule('tiny', { impact: 'low', roadmap: roadmap('tiny', 2, 0) }),
        ],
        { assessment: { constraints: { teamSize: 1, technicalDebt: 'critical' } } }, // 36 h a quarter
      );
      assert.equal(plan.phases[0].capacityHours, 36);
      assert.deepEqual(ids(plan, 'quick-wins'), ['k8s:high-a', 'k8s:high-b', 'k8s:high-c', 'k8s:high-d', 'k8s:tiny']);
      assert.deepEqual(ids(plan, 'core-infrastructure'), ['k8s:low', 'k8s:after-low']);
      assert.match(task(plan, 'k8s:low').placement, /did not fit the remaining capacity of quick wins/);
      assert.match(task(plan, 'k8s:after-low').placement, /Waits for "low" \(core infrastructure scaling/);
    });

    it('gives quick wins to the highest impact first when time to market is aggressive', () => {
      const rules = [
        rule('fast-medium', { impact: 'medium', roadmap: roadmap('fm', 0.75, 0) }),
        rule('slow-high', { roadmap: roadmap('sh', 2, 0) }),
      ];
      const findings = [
        finding('fast-medium', 'a', 0, { impact: 'medium' }),
        finding('slow-high', 'a', 1, { severity: 'error' }),
      ];
      const normal = buildPlan({
        findings,
        rules,
        assessment: assessment({ constraints: { timeToMarket: 'normal' } }),
      });
      const aggressive = buildPlan({
        findings,
        rules,
        assessment: assessment({ constraints: { timeToMarket: 'aggressive' } }),
      });
      assert.deepEqual(ids(normal, 'quick-wins'), ['k8s:fast-medium', 'k8s:slow-high']);
      assert.deepEqual(ids(aggressive, 'quick-wins'), ['k8s:slow-high', 'k8s:fast-medium']);
      assert.match(task(aggressive, 'k8s:slow-high').placement, /Time to market is aggressive/);
    });
  });

  describe('assessment tasks', () => {
    const assessmentTasks = (value: Assessment) =>
      allTasks(buildPlan({ findings: [], rules: [], assessment: assessment(value) }))
        .filter((t) => t.assistant === 'assessment')
        .map((t) => t.id)
        .sort();

    it("derives the workshop's strategic tasks from the gaps between today and the targets", () => {
      assert.deepEqual(assessmentTasks(WORKSHOP), [
        'assessment:availability',
        'assessment:caching',
        'assessment:connection-pooling',
        'assessment:decomposition',
        'assessment:read-replicas',
        'assessment:response-time',
      ]);
    });

    it('asks for a caching layer only when caching is none (or basic) and the load is to grow tenfold', () => {
      const withCaching = (cachingStrategy: NonNullable<Assessment['currentArchitecture']>['cachingStrategy']) =>
        assessmentTasks({
          ...WORKSHOP,
          currentArchitecture: { ...WORKSHOP.currentArchitecture, cachingStrategy },
        }).includes('assessment:caching');
      assert.equal(withCaching('none'), true);
      assert.equal(withCaching('basic'), true);
      assert.equal(withCaching('multi_layer'), false);
      assert.equal(withCaching('distributed'), false);
      const littleGrowth = { ...WORKSHOP, scaleTarget: { ...WORKSHOP.scaleTarget, targetUsers: 2000 } };
      assert.equal(assessmentTasks(littleGrowth).includes('assessment:caching'), false);
    });

    it('asks for a decomposition plan only for a monolith with a team of at least 4', () => {
      assert.ok(assessmentTasks(WORKSHOP).includes('assessment:decomposition'));
      assert.ok(!assessmentTasks({ ...WORKSHOP, constraints: { teamSize: 3 } }).includes('assessment:decomposition'));
      assert.ok(
        !assessmentTasks({ ...WORKSHOP, currentArchitecture: { applicationPattern: 'microservices' } }).includes(
          'assessment:decomposition',
        ),
      );
    });

    it('asks to leave a single server, and orders removing single points of failure after it', () => {
      const value: Assessment = { ...WORKSHOP, currentArchitecture: { deploymentPattern: 'single_server' } };
      const plan = buildPlan({ findings: [], rules: [], assessment: assessment(value) });
      assert.deepEqual(task(plan, 'assessment:availability').dependsOn, ['assessment:deployment']);
      assert.equal(task(plan, 'assessment:deployment').title, 'Move to a load-balanced, containerised deployment');
    });

    it('derives nothing from targets already met or fields left out', () => {
      assert.deepEqual(
        assessmentTasks({
          currentScale: { averageResponseTimeMs: 80, uptimePercent: 99.95 },
          scaleTarget: { maxResponseTimeMs: 100, targetUptimePercent: 99.9 },
        }),
        [],
      );
      assert.deepEqual(assessmentTasks({}), []);
    });

    it('points each task at the assessment fields behind it, with estimates, risk, mitigation and skills', () => {
      const a = assessment(WORKSHOP, 'shop/.scaling-assistant/assessment.json');
      const plan = buildPlan({ findings: [], rules: [], assessment: a });
      const caching = task(plan, 'assessment:caching');
      assert.equal(caching.title, 'Introduce a caching layer');
      assert.equal(caching.assistant, 'assessment');
      assert.deepEqual(caching.ruleIds, []);
      assert.deepEqual(caching.findings[0], {
        file: 'shop/.scaling-assistant/assessment.json',
        range: a.rangeOf(['currentArchitecture', 'cachingStrategy']),
        message: 'currentArchitecture.cachingStrategy: "none"',
      });
      assert.equal(caching.findings[1].message, 'scaleTarget.targetUsers: 100000');
      assert.match(
        caching.description ?? '',
        /Nothing is cached while the load is to grow 200× \(100,000 users targeted vs 500 today\)/,
      );
      assert.match(caching.effort.basis, /^estimate: /);
      assert.equal(caching.risk.level, 'medium');
      assert.ok(caching.skills.includes('Redis'));
      assert.equal(phaseOf(plan, 'assessment:caching'), 'core-infrastructure');
      assert.equal(phaseOf(plan, 'assessment:decomposition'), 'strategic-evolution');
      assert.equal(phaseOf(plan, 'assessment:connection-pooling'), 'quick-wins');
      assert.deepEqual(task(plan, 'assessment:read-replicas').dependsOn, ['assessment:connection-pooling']);
      assert.match(
        task(plan, 'assessment:availability').description ?? '',
        /from 43\.8 h of downtime a year to 8\.76 h/,
      );
    });

    it('changes the plan: a team of 2 pushes the core infrastructure work later than a team of 10', () => {
      const withTeam = (teamSize: number) =>
        buildPlan({
          findings: [],
          rules: [],
          assessment: assessment({ ...WORKSHOP, constraints: { ...WORKSHOP.constraints, teamSize } }),
        });
      const two = withTeam(2);
      const ten = withTeam(10);
      assert.deepEqual(ids(ten, 'advanced-optimisation'), []);
      assert.ok(
        (ids(two, 'advanced-optimisation') ?? []).length > 0,
        JSON.stringify(two.phases.map((p) => [p.id, p.hours, p.capacityHours])),
      );
      assert.ok(two.phases[1].hours <= (two.phases[1].capacityHours ?? Infinity));
    });
  });

  describe('summary and determinism', () => {
    const rules = [
      rule('workload-replicas-with-hpa', {
        roadmap: roadmap('Let the HPA own replicas in {count} workload(s)', 0.5, 0.5, {
          after: ['hpa-min-replicas-below-two'],
        }),
      }),
      rule('hpa-min-replicas-below-two', { roadmap: roadmap('Keep 2 replicas in {count} HPA(s)', 0.5, 0.25) }),
      rule('image-tag-latest', { impact: 'medium' }),
    ];
    const findings: Finding[] = [
      finding('workload-replicas-with-hpa', 'k8s/api.yaml', 13),
      finding('workload-replicas-with-hpa', 'k8s/web.yaml', 10),
      finding('hpa-min-replicas-below-two', 'k8s/web.yaml', 57),
      finding('image-tag-latest', 'k8s/api.yaml', 30, { impact: 'medium' }),
      finding('image-tag-latest', 'k8s/worker.yaml', 20, { impact: 'medium', severity: 'error' }),
      { ...finding('slow', 'db/q.sql', 2, { measured: MEASURED }), assistant: 'sql' },
    ];
    const input = { findings, rules, assessment: assessment(WORKSHOP), files: 12 };

    it('counts findings by severity and assistant, files, tasks and hours', () => {
      const plan = buildPlan(input);
      assert.equal(plan.version, 1);
      assert.deepEqual(plan.summary.bySeverity, { error: 1, warning: 5, info: 0, hint: 0 });
      assert.deepEqual(plan.summary.byAssistant, { k8s: 5, sql: 1 });
      assert.equal(plan.summary.findings, 6);
      assert.equal(plan.summary.files, 12);
      assert.equal(plan.summary.tasks, allTasks(plan).length);
      assert.equal(plan.summary.hours, Math.round(allTasks(plan).reduce((s, t) => s + t.effort.hours, 0) * 100) / 100);
      assert.equal(plan.summary.assessment, '.scaling-assistant/assessment.json');
      assert.equal(plan.summary.application, 'Shop');
      assert.equal(buildPlan({ findings, rules }).summary.files, 4);
      assert.deepEqual(
        plan.phases.map((p) => [p.id, p.title, p.horizon]),
        PHASES.map((p) => [p.id, p.title, p.horizon]),
      );
    });

    it('gives the same plan, byte for byte, for the same input and for shuffled findings and rules', () => {
      const first = JSON.stringify(buildPlan(input));
      assert.equal(JSON.stringify(buildPlan(input)), first);
      for (let seed = 1; seed <= 5; seed++) {
        const shuffled = { ...input, findings: shuffle(findings, seed), rules: shuffle(rules, seed + 7) };
        assert.equal(JSON.stringify(buildPlan(shuffled)), first, `seed ${seed}`);
      }
    });

    it('does not change its input', () => {
      const copy = JSON.parse(JSON.stringify(findings)) as Finding[];
      buildPlan(input);
      assert.deepEqual(findings, copy);
    });
  });
});

/** Deterministic Fisher–Yates with a small LCG. */
function shuffle<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let state = seed;
  for (let i = out.length - 1; i > 0; i--) {
    state = (state * 1103515245 + 12345) % 2147483648;
    const j = state % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}
