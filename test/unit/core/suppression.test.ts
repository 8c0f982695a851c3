import { strict as assert } from 'node:assert';
import type { Finding } from '../../../src/core/finding';
import { range } from '../../../src/core/finding';
import {
  applySuppressions,
  collectSuppressions,
  commentPrefixFor,
  suppressionEdit,
} from '../../../src/core/suppression';
import { applyEdits } from '../helpers/apply-edits';

function finding(ruleId: string, line: number, file = 'f.yaml'): Finding {
  return {
    file,
    assistant: 'k8s',
    ruleId,
    severity: 'warning',
    message: `${ruleId} at ${line}`,
    range: range(line, 2, line, 5),
    impact: 'high',
    effort: 'small',
  };
}

/** Rule ids of the findings that survive suppression in `text`, as "rule@line". */
function surviving(text: string, findings: Finding[]): string[] {
  return applySuppressions(findings, text).map((f) => `${f.ruleId}@${f.range.start.line}`);
}

function summary(text: string): Record<number, string> {
  const out: Record<number, string> = {};
  for (const [line, s] of collectSuppressions(text)) out[line] = s.all ? '*' : [...s.rules].sort().join(',');
  return out;
}

describe('core/suppression', () => {
  describe('collectSuppressions', () => {
    it('finds nothing in text without the directive', () => {
      assert.equal(collectSuppressions('a: 1\nb: 2\n').size, 0);
    });

    it('disable-next-line targets the following line', () => {
      assert.deepEqual(summary('a: 1\n# scaling-assistant-disable-next-line rule-a\nb: 2\n'), { 2: 'rule-a' });
    });

    it('disable-line targets its own line', () => {
      assert.deepEqual(summary('a: 1\nreplicas: 3 # scaling-assistant-disable-line rule-a\n'), { 1: 'rule-a' });
    });

    it('several ids separated by commas and/or spaces', () => {
      assert.deepEqual(summary('# scaling-assistant-disable-next-line rule-a, rule-b rule-c,rule-d\nx\n'), {
        1: 'rule-a,rule-b,rule-c,rule-d',
      });
    });

    it('no id means every rule', () => {
      assert.deepEqual(summary('# scaling-assistant-disable-next-line\nx\n'), { 1: '*' });
      assert.deepEqual(summary('x # scaling-assistant-disable-line   \n'), { 0: '*' });
    });

    it('an id list stops at a " -- reason" description and at a block comment end', () => {
      assert.deepEqual(summary('# scaling-assistant-disable-next-line rule-a -- legacy, see TICKET-1\nx\n'), {
        1: 'rule-a',
      });
      assert.deepEqual(summary('/* scaling-assistant-disable-next-line rule-a */ const x = 1;\ny\n'), { 1: 'rule-a' });
    });

    it('accepts #, --, // and /* comments', () => {
      assert.deepEqual(summary('# scaling-assistant-disable-line r-hash'), { 0: 'r-hash' });
      assert.deepEqual(summary('select 1 -- scaling-assistant-disable-line r-sql'), { 0: 'r-sql' });
      assert.deepEqual(summary('const a = 1; // scaling-assistant-disable-line r-line'), { 0: 'r-line' });
      assert.deepEqual(summary('const a = 1; /* scaling-assistant-disable-line r-block */'), { 0: 'r-block' });
      assert.deepEqual(summary('{/* scaling-assistant-disable-next-line r-jsx */}\n<List />'), { 1: 'r-jsx' });
    });

    it('ignores the words in a string literal that is not in a comment', () => {
      assert.equal(collectSuppressions('message: "scaling-assistant-disable-next-line rule-a"\nx: 1\n').size, 0);
      assert.equal(collectSuppressions("const s = 'scaling-assistant-disable-line rule-a';\n").size, 0);
      assert.equal(collectSuppressions("select 'scaling-assistant-disable-line' from t;\n").size, 0);
    });

    it('needs the whole directive word (no prefix matches such as "disable-nextline")', () => {
      assert.equal(collectSuppressions('# scaling-assistant-disable-nextline rule-a\nx\n').size, 0);
      assert.equal(collectSuppressions('# scaling-assistant-disable rule-a\nx\n').size, 0);
    });

    it('merges a next-line directive with a same-line one on the same target', () => {
      const text = '# scaling-assistant-disable-next-line rule-a\nx: 1 # scaling-assistant-disable-line rule-b\n';
      assert.deepEqual(summary(text), { 1: 'rule-a,rule-b' });
      const all = '# scaling-assistant-disable-next-line\nx: 1 # scaling-assistant-disable-line rule-b\n';
      assert.deepEqual(summary(all), { 1: '*' });
    });

    it('counts lines the same way as LineIndex (CRLF, lone CR)', () => {
      assert.deepEqual(summary('a\r\n# scaling-assistant-disable-next-line r\r\nb\r\n'), { 2: 'r' });
      assert.deepEqual(summary('a\r# scaling-assistant-disable-next-line r\rb'), { 2: 'r' });
    });
  });

  describe('applySuppressions', () => {
    const findings = [finding('rule-a', 2), finding('rule-b', 2), finding('rule-a', 3)];

    it('keeps everything when there are no directives (same array, no copy)', () => {
      assert.equal(applySuppressions(findings, 'nothing here'), findings);
    });

    it('next-line suppresses only the named rule on the next line', () => {
      const text = 'a\n# scaling-assistant-disable-next-line rule-a\nb\nc\n';
      assert.deepEqual(surviving(text, findings), ['rule-b@2', 'rule-a@3']);
    });

    it('same-line suppresses only on its own line', () => {
      const text = 'a\nb\nc # scaling-assistant-disable-line rule-b\nd\n';
      assert.deepEqual(surviving(text, findings), ['rule-a@2', 'rule-a@3']);
    });

    it('several ids suppress each of them', () => {
      const text = 'a\n# scaling-assistant-disable-next-line rule-b,rule-a\nb\nc\n';
      assert.deepEqual(surviving(text, findings), ['rule-a@3']);
    });

    it('no id suppresses every rule on that line', () => {
      const text = 'a\n# scaling-assistant-disable-next-line\nb\nc\n';
      assert.deepEqual(surviving(text, findings), ['rule-a@3']);
    });

    it('looks at the start line of a multi-line finding', () => {
      const multi: Finding = { ...finding('rule-a', 2), range: range(2, 0, 5, 0) };
      assert.deepEqual(surviving('a\nb\nc\nd\ne # scaling-assistant-disable-line rule-a\n', [multi]), ['rule-a@2']);
      assert.deepEqual(surviving('a\nb\nc # scaling-assistant-disable-line rule-a\n', [multi]), []);
    });

    it('SQL -- comments', () => {
      const sql = [finding('seq-scan', 1, 'q.sql')];
      assert.deepEqual(surviving('-- scaling-assistant-disable-next-line seq-scan\nselect * from t;\n', sql), []);
      assert.deepEqual(surviving('-- scaling-assistant-disable-next-line other-rule\nselect * from t;\n', sql), [
        'seq-scan@1',
      ]);
    });

    it('// and /* */ comments', () => {
      const tsx = [finding('inline-object-prop', 1, 'a.tsx')];
      assert.deepEqual(
        surviving('// scaling-assistant-disable-next-line inline-object-prop\n<A style={{}} />\n', tsx),
        [],
      );
      assert.deepEqual(
        surviving('x\n<A style={{}} /> {/* scaling-assistant-disable-line inline-object-prop */}\n', tsx),
        [],
      );
    });

    it('a directive inside a string literal does not suppress', () => {
      const text = 'a\nb\nmessage: "scaling-assistant-disable-line rule-a"\n';
      assert.deepEqual(surviving(text, findings), ['rule-a@2', 'rule-b@2', 'rule-a@3']);
    });
  });

  describe('commentPrefixFor', () => {
    const cases: [string, string | undefined][] = [
      ['k8s/app.yaml', '#'],
      ['k8s/app.YML', '#'],
      ['Dockerfile', '#'],
      ['/repo/docker/Dockerfile', '#'],
      ['C:\\repo\\docker\\Dockerfile', '#'],
      ['build.dockerfile', '#'],
      ['q.sql', '--'],
      ['q.pgsql', '--'],
      ['a.ts', '//'],
      ['a.tsx', '//'],
      ['a.mjs', '//'],
      ['a.cjs', '//'],
      ['tsconfig.jsonc', '//'],
      ['package.json', undefined],
      ['README.md', undefined],
    ];
    for (const [file, prefix] of cases) {
      it(`${file} → ${prefix ?? 'none'}`, () => assert.equal(commentPrefixFor(file), prefix));
    }
  });

  describe('suppressionEdit', () => {
    it('inserts a disable-next-line comment above, indented like the line, with the file’s comment prefix', () => {
      const text = 'spec:\n  replicas: 3\n';
      const edit = suppressionEdit(text, 'app.yaml', 1, 'workload-replicas-with-hpa');
      assert.ok(edit);
      assert.equal(edit.file, 'app.yaml');
      assert.deepEqual(edit.range, range(1, 0, 1, 0));
      assert.equal(
        applyEdits(text, [edit]),
        'spec:\n  # scaling-assistant-disable-next-line workload-replicas-with-hpa\n  replicas: 3\n',
      );
    });

    it('keeps tab indentation', () => {
      const text = 'function f() {\n\treturn <A style={{}} />;\n}\n';
      const edit = suppressionEdit(text, 'a.tsx', 1, 'inline-object-prop')!;
      assert.equal(
        applyEdits(text, [edit]).split('\n')[1],
        '\t// scaling-assistant-disable-next-line inline-object-prop',
      );
    });

    it('uses -- in SQL', () => {
      const text = 'select *\nfrom t;\n';
      const edit = suppressionEdit(text, 'q.sql', 0, 'select-star')!;
      assert.equal(applyEdits(text, [edit]), '-- scaling-assistant-disable-next-line select-star\nselect *\nfrom t;\n');
    });

    it('works on the first and on the last line (without newline)', () => {
      const first = suppressionEdit('replicas: 3', 'a.yaml', 0, 'r')!;
      assert.equal(applyEdits('replicas: 3', [first]), '# scaling-assistant-disable-next-line r\nreplicas: 3');
      const last = suppressionEdit('a: 1\n  b: 2', 'a.yaml', 1, 'r')!;
      assert.equal(applyEdits('a: 1\n  b: 2', [last]), 'a: 1\n  # scaling-assistant-disable-next-line r\n  b: 2');
    });

    it('extends an existing directive line instead of stacking a second one', () => {
      const text = 'spec:\n  # scaling-assistant-disable-next-line rule-a\n  replicas: 3\n';
      const edit = suppressionEdit(text, 'app.yaml', 2, 'rule-b')!;
      const fixed = applyEdits(text, [edit]);
      assert.equal(fixed, 'spec:\n  # scaling-assistant-disable-next-line rule-a, rule-b\n  replicas: 3\n');
      assert.deepEqual(summary(fixed), { 2: 'rule-a,rule-b' });
    });

    it('extends a directive with trailing spaces at the end of its list', () => {
      const text = '# scaling-assistant-disable-next-line rule-a   \nx\n';
      const fixed = applyEdits(text, [suppressionEdit(text, 'a.yaml', 1, 'rule-b')!]);
      assert.equal(fixed, '# scaling-assistant-disable-next-line rule-a, rule-b   \nx\n');
    });

    it('adds the id before a " -- reason" description, where it still counts', () => {
      const text = 'select 1;\n-- scaling-assistant-disable-next-line rule-a -- legacy report\nselect * from t;\n';
      const fixed = applyEdits(text, [suppressionEdit(text, 'q.sql', 2, 'rule-b')!]);
      assert.equal(
        fixed,
        'select 1;\n-- scaling-assistant-disable-next-line rule-a, rule-b -- legacy report\nselect * from t;\n',
      );
      assert.deepEqual(summary(fixed), { 2: 'rule-a,rule-b' });
    });

    it('does not extend a directive that is only a trailing comment of code above', () => {
      const text = 'a: 1 # scaling-assistant-disable-next-line rule-a\nb: 2\n';
      const fixed = applyEdits(text, [suppressionEdit(text, 'a.yaml', 1, 'rule-b')!]);
      assert.equal(
        fixed,
        'a: 1 # scaling-assistant-disable-next-line rule-a\n# scaling-assistant-disable-next-line rule-b\nb: 2\n',
      );
    });

    it('does not extend a disable-line directive', () => {
      const text = '# scaling-assistant-disable-line rule-a\nb: 2\n';
      const fixed = applyEdits(text, [suppressionEdit(text, 'a.yaml', 1, 'rule-b')!]);
      assert.equal(
        fixed,
        '# scaling-assistant-disable-line rule-a\n# scaling-assistant-disable-next-line rule-b\nb: 2\n',
      );
    });

    it('CRLF files get a CRLF line', () => {
      const text = 'spec:\r\n  replicas: 3\r\n';
      const edit = suppressionEdit(text, 'app.yaml', 1, 'rule-a')!;
      assert.equal(edit.newText, '  # scaling-assistant-disable-next-line rule-a\r\n');
      assert.equal(
        applyEdits(text, [edit]),
        'spec:\r\n  # scaling-assistant-disable-next-line rule-a\r\n  replicas: 3\r\n',
      );
    });

    it('LF files with one stray CRLF still get LF', () => {
      const edit = suppressionEdit('a: 1\nb: 2\nc: 3\r\nd: 4\n', 'app.yaml', 1, 'rule-a')!;
      assert.equal(edit.newText, '# scaling-assistant-disable-next-line rule-a\n');
    });

    it('JSON (no comments) gets undefined', () => {
      assert.equal(suppressionEdit('{\n  "replicas": 3\n}\n', 'deploy.json', 1, 'rule-a'), undefined);
    });

    it('the inserted comment really suppresses the finding', () => {
      const text = 'spec:\n  replicas: 3\n';
      const fixed = applyEdits(text, [suppressionEdit(text, 'app.yaml', 1, 'rule-a')!]);
      // The finding moved one line down with the insertion.
      assert.deepEqual(surviving(fixed, [finding('rule-a', 2), finding('rule-b', 2)]), ['rule-b@2']);
    });
  });
});
