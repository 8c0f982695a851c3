import { strict as assert } from 'node:assert';
import type { Finding } from '../../../src/core/finding';
import { planToMarkdown } from '../../../src/roadmap/markdown';
import { buildPlan } from '../../../src/roadmap/plan';
import { WORKSHOP, assessment, finding, roadmap, rule } from './helpers';

const MEASURED = { beforeMs: 310.2, afterMs: 4.1, speedup: 75.6, rows: 100000, engine: 'pglite' };

describe('roadmap markdown', () => {
  const replicas = rule('workload-replicas-with-hpa', {
    roadmap: roadmap('Let the HPA own replicas in {count} workload(s)', 0.5, 0.5, {
      risk: 'medium',
      mitigation: 'One-time migration: edit last-applied first.',
      skills: ['Kubernetes', 'HPA'],
      after: ['hpa-min-replicas-below-two'],
    }),
  });
  const minReplicas = rule('hpa-min-replicas-below-two', {
    roadmap: roadmap('Keep 2 replicas in {count} HPA(s)', 0.5, 0.25),
  });
  const findings: Finding[] = [
    ...Array.from({ length: 12 }, (_, i) =>
      finding('workload-replicas-with-hpa', `k8s/app-${String(i).padStart(2, '0')}.yaml`, 13),
    ),
    {
      ...finding('hpa-min-replicas-below-two', 'k8s/web.yaml', 57),
      evidence: { notes: ['estimate: Deployment web costs $72.08 a month at minReplicas 2'] },
    },
    { ...finding('slow-query', 'db/queries/catalog.sql', 4, { measured: MEASURED }), assistant: 'sql' },
  ];
  const plan = buildPlan({
    findings,
    rules: [replicas, minReplicas],
    assessment: assessment(WORKSHOP, 'shop/.scaling-assistant/assessment.json'),
    files: 20,
  });
  const md = planToMarkdown(plan);
  const lines = md.split('\n');
  const de = planToMarkdown(plan, 'de');

  it('has a title, a summary line and an overview table', () => {
    assert.equal(lines[0], '# Scaling roadmap: Shop');
    assert.match(
      md,
      /^14 findings \(14 warnings\) in 20 files → \d+ tasks, an estimated [\d.,]+ h of work in four phases\. Readiness assessment: `shop\/\.scaling-assistant\/assessment\.json`\.$/m,
    );
    assert.ok(md.includes('| Phase | Horizon | Tasks | Estimated hours | Capacity |'));
    assert.match(md, /^\| Quick wins and foundation \| 0–3 months \| \d+ \| [\d.]+ h \| 265 h \|$/m);
    assert.match(md, /^\| Strategic evolution \| 12\+ months \| 1 \| 200 h \| — \|$/m);
  });

  it('has a heading per phase, in order, with its hours and capacity', () => {
    assert.deepEqual(
      lines.filter((l) => l.startsWith('## ')),
      [
        '## 1. Quick wins and foundation (0–3 months)',
        '## 2. Core infrastructure scaling (3–6 months)',
        '## 3. Advanced optimisation (6–12 months)',
        '## 4. Strategic evolution (12+ months)',
      ],
    );
    assert.match(
      md,
      /tasks, an estimated [\d.]+ h of 265 h capacity \(assumed: 6 people × 13 weeks × 4 h a week of scaling work = 312 h, less 15% for high technical debt = 265 h\)\./,
    );
    assert.ok(md.includes('No tasks in this phase.'));
  });

  it('labels estimates as estimates', () => {
    assert.match(md, /Hours are estimates/);
    assert.ok(md.includes('- **Effort:** 6.5 h (estimate: 0.5 h + 0.5 h × 12 places (rule metadata))'));
  });

  it('shows each task with effort, impact, risk and mitigation, skills, dependencies and placement', () => {
    const start = lines.findIndex((l) => /^### \d\.\d+ Let the HPA own replicas in 12 workloads$/.test(l));
    assert.ok(start > 0, md);
    const end = lines.findIndex((l, i) => i > start && l.startsWith('#'));
    const block = lines.slice(start, end).join('\n');
    assert.match(block, /- \*\*Impact:\*\* high, score 80\/100 \(high impact \(rule\): 80\)/);
    assert.match(block, /- \*\*Risk:\*\* medium\. One-time migration: edit last-applied first\./);
    assert.match(block, /- \*\*Skills:\*\* Kubernetes, HPA/);
    assert.match(block, /- \*\*Depends on:\*\* 1\.\d+ Keep 2 replicas in 1 HPA/);
    assert.match(block, /- \*\*Why this phase:\*\* An estimated 6\.5 h at medium risk: a quick win\./);
  });

  it('lists places as file:line (1-based), the first 10 and then how many more', () => {
    const start = lines.findIndex((l) => l.startsWith('- **Places** (12 places, k8s: workload-replicas-with-hpa):'));
    assert.ok(start > 0);
    assert.deepEqual(lines.slice(start + 1, start + 3), ['  - `k8s/app-00.yaml:14`', '  - `k8s/app-01.yaml:14`']);
    assert.equal(lines[start + 10], '  - `k8s/app-09.yaml:14`');
    assert.equal(lines[start + 11], '  - and 2 more');
  });

  it("shows a place's evidence notes (what scaling costs) beside it", () => {
    assert.ok(md.includes('  - `k8s/web.yaml:58` — estimate: Deployment web costs $72.08 a month at minReplicas 2'));
  });

  it('shows measured gains as measured', () => {
    assert.ok(
      md.includes('- **Measured gain:** ≈76× faster (measured on 100,000 synthetic rows: 310 ms → 4.1 ms, pglite)'),
    );
  });

  it('links assessment tasks to the assessment fields', () => {
    assert.match(md, /^### \d\.\d+ Introduce a caching layer$/m);
    assert.match(
      md,
      /^ {2}- `shop\/\.scaling-assistant\/assessment\.json:\d+` — currentArchitecture\.cachingStrategy: "none"$/m,
    );
  });

  it("says when there is no assessment, and marks a narrative as Claude's", () => {
    const bare = planToMarkdown({
      ...buildPlan({ findings: [], rules: [] }),
      narrative: { source: 'claude', text: 'Start with the replicas.\n' },
    });
    assert.match(
      bare,
      /^0 findings in 0 files → 0 tasks, an estimated 0 h of work in four phases\. No readiness assessment: phases have no capacity limit\.$/m,
    );
    assert.equal(bare.split('\n')[0], '# Scaling roadmap');
    assert.ok(bare.endsWith('## Narrative (written by Claude)\n\nStart with the replicas.\n'));
  });

  it('is deterministic', () => {
    assert.equal(
      planToMarkdown(
        buildPlan({
          findings: [...findings].reverse(),
          rules: [minReplicas, replicas],
          assessment: assessment(WORKSHOP, 'shop/.scaling-assistant/assessment.json'),
          files: 20,
        }),
      ),
      md,
    );
  });

  describe('in German', () => {
    it('has the title, summary, table and phase headings in German', () => {
      const deLines = de.split('\n');
      assert.equal(deLines[0], '# Skalierungs-Roadmap: Shop');
      assert.match(
        de,
        /^14 Befunde \(14 Warnungen\) in 20 Dateien → \d+ Aufgaben, geschätzt [\d.,]+ h Arbeit in vier Phasen\. Readiness-Assessment: `shop\/\.scaling-assistant\/assessment\.json`\.$/m,
      );
      assert.ok(de.includes('| Phase | Zeithorizont | Aufgaben | Geschätzte Stunden | Kapazität |'));
      assert.deepEqual(
        deLines.filter((l) => l.startsWith('## ')),
        [
          '## 1. Quick Wins und Fundament (0–3 Monate)',
          '## 2. Skalierung der Kerninfrastruktur (3–6 Monate)',
          '## 3. Fortgeschrittene Optimierung (6–12 Monate)',
          '## 4. Strategische Weiterentwicklung (12+ Monate)',
        ],
      );
    });

    it("labels a task's facts in German and keeps what the rules wrote as they wrote it", () => {
      assert.match(de, /^- \*\*Aufwand:\*\* 6\.5 h \(estimate: 0\.5 h \+ 0\.5 h × 12 places \(rule metadata\)\)$/m);
      assert.match(de, /^- \*\*Wirkung:\*\* hoch, Bewertung 80\/100 /m);
      assert.match(de, /^- \*\*Risiko:\*\* Mittel\. One-time migration: edit last-applied first\.$/m);
      assert.match(de, /^- \*\*Hängt ab von:\*\* 1\.1 Keep 2 replicas in 1 HPA$/m);
      assert.match(de, /^- \*\*Stellen\*\* \(12 Stellen, k8s: workload-replicas-with-hpa\):$/m);
      assert.match(de, /^ {2}- und 2 weitere$/m);
      assert.match(de, /^- \*\*Gemessener Gewinn:\*\* ≈76× schneller \(gemessen auf 100,000 synthetischen Zeilen: /m);
    });

    it('has as many lines as the English export: only words change, never what is listed', () => {
      assert.equal(de.split('\n').length, lines.length);
      assert.equal(planToMarkdown(plan, 'en'), md);
    });
  });
});
