import { strict as assert } from 'node:assert';
import { K8S_RULES } from '../../../src/assistants/k8s/rules/index';
import { formatTaskTitle, renderRuleDoc } from '../../../src/core/rule';
import { PHASES } from '../../../src/roadmap/model';

describe('roadmap metadata of the rules', () => {
  describe('formatTaskTitle', () => {
    it('puts in the count and picks singular or plural forms', () => {
      const template = 'Let the HPA own replicas in {count} workload(s)';
      assert.equal(formatTaskTitle(template, 1), 'Let the HPA own replicas in 1 workload');
      assert.equal(formatTaskTitle(template, 6), 'Let the HPA own replicas in 6 workloads');
      assert.equal(formatTaskTitle('Fix {count} patch(es) in {its|their} HPA(s)', 1), 'Fix 1 patch in its HPA');
      assert.equal(formatTaskTitle('Fix {count} patch(es) in {its|their} HPA(s)', 0), 'Fix 0 patches in their HPAs');
      assert.equal(formatTaskTitle('No count here (see docs)', 3), 'No count here (see docs)');
    });
  });

  it('every Kubernetes rule has roadmap metadata: a task with {count}, positive hours, mitigation and skills', () => {
    // Which rules there are is the catalogue's business (every file of rules/ registered): no count here.
    assert.ok(K8S_RULES.length > 0);
    for (const rule of K8S_RULES) {
      const r = rule.roadmap;
      assert.ok(r, `${rule.id} has no roadmap metadata`);
      assert.ok(r.task.includes('{count}'), `${rule.id}: task title without {count}`);
      assert.ok(
        !/[{}]|\((e?s)\)/.test(formatTaskTitle(r.task, 2)),
        `${rule.id}: title syntax left over: ${formatTaskTitle(r.task, 2)}`,
      );
      assert.ok(
        r.baseHours > 0 && r.hoursPerPlace >= 0 && r.baseHours + r.hoursPerPlace * 10 <= 40,
        `${rule.id}: hours`,
      );
      assert.ok(r.mitigation.length > 20 && r.mitigation.endsWith('.'), `${rule.id}: mitigation`);
      assert.ok(r.skills.length > 0 && r.skills.includes('Kubernetes'), `${rule.id}: skills`);
      if (r.earliestPhase)
        assert.ok(
          PHASES.some((p) => p.id === r.earliestPhase),
          `${rule.id}: earliestPhase`,
        );
    }
  });

  it('orders the work: dependencies name existing rules, never the rule itself, without cycles', () => {
    const ids = new Set(K8S_RULES.map((r) => r.id));
    const after = new Map(K8S_RULES.map((r) => [r.id, r.roadmap?.after ?? []]));
    for (const [id, deps] of after) {
      for (const dep of deps) {
        assert.ok(ids.has(dep), `${id} after unknown rule ${dep}`);
        assert.notEqual(dep, id);
      }
    }
    const visiting = new Set<string>();
    const visit = (id: string, path: string[]) => {
      assert.ok(!visiting.has(id), `cycle: ${[...path, id].join(' → ')}`);
      visiting.add(id);
      for (const dep of after.get(id) ?? []) visit(dep, [...path, id]);
      visiting.delete(id);
    };
    for (const id of ids) visit(id, []);
    // The orderings the roadmap relies on.
    const of = (id: string) => K8S_RULES.find((r) => r.id === id)?.roadmap?.after ?? [];
    assert.ok(of('hpa-scale-up-too-slow').includes('readiness-probe-missing'));
    assert.ok(of('hpa-scale-up-too-slow').includes('hpa-utilization-without-requests'));
    assert.ok(of('hpa-memory-utilization').includes('hpa-utilization-without-requests'));
  });

  it('shows the roadmap metadata on the rule page', () => {
    const replicas = K8S_RULES.find((r) => r.id === 'workload-replicas-with-hpa');
    assert.ok(replicas);
    const page = renderRuleDoc(replicas);
    assert.ok(
      page.includes(
        '## On the scaling roadmap\n\nFindings of this rule become one task, e.g. *Let the HPA own replicas in 3 workloads*.',
      ),
    );
    assert.ok(page.includes('- Effort (estimate): 0.5 h + 0.5 h per place'));
    assert.ok(page.includes('- After: `hpa-min-replicas-below-two` (when those rules have findings)'));
    assert.ok(page.indexOf('## On the scaling roadmap') < page.indexOf('## Suppressing it'));
    assert.ok(!renderRuleDoc({ ...replicas, roadmap: undefined }).includes('## On the scaling roadmap'));
  });
});
