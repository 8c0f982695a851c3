import assert from 'node:assert/strict';
import { english } from '../../../src/core/translate';
import type { WorkshopReport } from '../../../src/workshop/report';
import { reportHtml, reportMarkdown } from '../../../src/workshop/report';
import { completion } from '../../../src/workshop/result';
import type { ExerciseResult } from '../../../src/workshop/result';

const hostile = '<img src=x onerror=alert(1)> & "quotes" \'single\' [link](http://example.com) *bold* | pipe';

const results: ExerciseResult[] = [
  {
    exercise: 'queries',
    status: 'passed',
    checkedAt: '2026-12-07T10:00:00Z',
    criteria: [
      {
        id: 'catalog-query-faster',
        passed: true,
        label: 'The catalogue query measured at least 10× faster',
        hint: hostile,
        figures: [
          { label: 'Original', value: '170 ms' },
          { label: 'Yours', value: '0.64 ms' },
          { label: 'Speedup', value: '265.9×' },
        ],
      },
    ],
  },
  { exercise: 'frontend', status: 'unavailable', checkedAt: '2026-12-07T10:00:00Z', criteria: [], note: 'not built' },
  {
    exercise: 'hpa',
    status: 'failed',
    checkedAt: '2026-12-07T10:00:00Z',
    criteria: [{ id: 'no-replicas-under-hpa', passed: false, label: 'k8s/api.yaml', hint: 'replicas: 3' }],
  },
];

const report: WorkshopReport = {
  participant: hostile,
  date: '2026-12-07T10:00:00Z',
  version: '1.2.3',
  locale: 'en',
  results,
  roadmapSummary: '<script>alert(1)</script>',
};

describe('workshop report', () => {
  it('counts only exercises that can be checked', () => {
    assert.deepEqual(completion(results), { passed: 1, total: 2 });
  });

  it('is one self-contained HTML page: no script, no external resource, every text escaped', () => {
    const html = reportHtml(report, english);
    assert.doesNotMatch(html, /<(script|img|link|iframe|object)\b|\bhref=|@import|url\(/i);
    assert.match(html, /&#60;img src=x onerror=alert\(1\)&#62; &#38; &#34;quotes&#34; &#39;single&#39;/);
    assert.match(html, /&#60;script&#62;alert\(1\)&#60;\/script&#62;/);
    assert.match(html, /content="default-src 'none'; style-src 'unsafe-inline'"/);
    assert.match(html, /Scaling Assistant 1\.2\.3/);
    for (const figure of ['170 ms', '0.64 ms', '265.9×']) assert.ok(html.includes(figure), figure);
  });

  it('lists every exercise in the walkthrough’s order in Markdown, never-checked ones as such', () => {
    const markdown = reportMarkdown(report, english);
    const headings = [...markdown.matchAll(/^## (.+)$/gm)].map((m) => m[1]);
    assert.deepEqual(headings, [
      'Readiness assessment: not checked',
      'Query optimisation: passed',
      'Frontend optimisation: not available yet',
      'HPA review and the cost of the peak: not yet passed',
      'Monolith decomposition: not checked',
      'The roadmap and its export: not checked',
      'Roadmap summary',
    ]);
    assert.match(markdown, /\*\*Exercises passed:\*\* 1 of 2/);
    assert.match(markdown, /- Speedup: 265\.9×/);
  });

  it('keeps names and hints from becoming Markdown or HTML', () => {
    const markdown = reportMarkdown(report, english);
    assert.ok(markdown.includes('\\<img src=x onerror=alert(1)\\>'));
    assert.ok(markdown.includes('\\[link\\](http://example.com) \\*bold\\* \\| pipe'));
  });
});
