import { strict as assert } from 'node:assert';
import type { Planted, PlantedCategory } from '../../../bench/react/corpus';
import { generateReactCorpus } from '../../../bench/react/corpus';
import { score } from '../../../bench/react/detection';

/**
 * The benchmark's detection comparison: the corpus generator says truly where it planted each problem, and
 * the scoring counts a finding on a planted line as found, elsewhere as noise, and an unmapped rule as other.
 */

/** What the planted lines of each category must hold. */
const PLANTED_TEXT: Record<PlantedCategory, RegExp> = {
  'inline-prop-to-memo-child': /<Card [^\n]*style=\{\{|<Row [^\n]*\.bind\(/,
  'unstable-context-value': /<ThemeContext\.Provider value=\{\{/,
  'component-in-render': /const Empty = \(\) =>/,
  'missing-key': /<Card (?!key)/,
  'index-key': /<Card key=\{index\}/,
  'derived-state-in-effect': /useEffect\(\(\) => \{\n\s+setCount\(items\.length\);/,
  'whole-library-import': /^import _ from 'lodash';$/,
  'img-without-size': /<img src="\/banner\.png" alt="" \/>/,
  'lazy-use-state': /useState\(total\w+\(items\)\)/,
};

describe('bench/react detection', () => {
  const corpus = generateReactCorpus(60);

  it('plants every category, each on lines that hold it', () => {
    const categories = new Set(corpus.planted.map((p) => p.category));
    assert.deepEqual([...categories].sort(), Object.keys(PLANTED_TEXT).sort());
    for (const p of corpus.planted) {
      const lines = corpus.files.get(p.file)!.split('\n');
      const text = lines.slice(p.line - 1, p.endLine).join('\n');
      assert.match(text, PLANTED_TEXT[p.category], `${p.category} at ${p.file}:${p.line}`);
      for (const line of p.alsoAt ?? []) assert.match(lines[line - 1], /<Empty \/>/);
    }
  });

  it('counts a finding on a planted line as found, elsewhere as noise, an unmapped rule as other', () => {
    const planted: Planted[] = [
      { file: 'a.tsx', category: 'index-key', line: 5, endLine: 5 },
      { file: 'a.tsx', category: 'derived-state-in-effect', line: 8, endLine: 11 },
      { file: 'a.tsx', category: 'component-in-render', line: 3, endLine: 3, alsoAt: [20] },
    ];
    const result = score(planted, [
      { file: 'a.tsx', rule: 'react-x/no-array-index-key', line: 5 },
      { file: 'a.tsx', rule: 'react-x/no-array-index-key', line: 6 },
      { file: 'b.tsx', rule: 'react-x/no-array-index-key', line: 5 },
      { file: 'a.tsx', rule: 'react-hooks/set-state-in-effect', line: 10 },
      { file: 'a.tsx', rule: 'react-hooks/static-components', line: 20 },
      { file: 'a.tsx', rule: 'react-x/no-forward-ref', line: 1 },
    ]);
    assert.deepEqual(result.byCategory.get('index-key'), { planted: 1, found: 1, noise: 2 });
    assert.deepEqual(result.byCategory.get('derived-state-in-effect'), { planted: 1, found: 1, noise: 0 });
    assert.deepEqual(result.byCategory.get('component-in-render'), { planted: 1, found: 1, noise: 0 });
    assert.deepEqual(result.byCategory.get('missing-key'), { planted: 0, found: 0, noise: 0 });
    assert.deepEqual([...result.other], [['react-x/no-forward-ref', 1]]);
  });

  it('counts react-x use-state only for its lazy-initialisation message', () => {
    const planted: Planted[] = [{ file: 'a.tsx', category: 'lazy-use-state', line: 4, endLine: 4 }];
    const naming = score(planted, [{ file: 'a.tsx', rule: 'react-x/use-state', line: 4 }]);
    assert.equal(naming.byCategory.get('lazy-use-state')!.found, 0);
    const lazy = score(planted, [{ file: 'a.tsx', rule: 'react-x/use-state:invalid-initialization', line: 4 }]);
    assert.equal(lazy.byCategory.get('lazy-use-state')!.found, 1);
  });
});
