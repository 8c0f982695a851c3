import { strict as assert } from 'node:assert';
import type { Planted, PlantedCategory } from '../../../bench/react/corpus';
import { generateReactCorpus, PLANTED_CATEGORIES } from '../../../bench/react/corpus';
import { peerRule, score } from '../../../bench/react/detection';

/**
 * The benchmark's detection comparison: the corpus generator says truly where it planted each problem, and
 * the scoring counts a finding on a planted line as found, elsewhere as noise, and an unmapped rule as other.
 */

/** What the planted lines of each category must hold. */
const PLANTED_TEXT: Record<PlantedCategory, RegExp> = {
  'inline-prop-to-memo-child': /<Card [^\n]*style=\{\{|<Row [^\n]*\.bind\(/,
  'inline-prop-to-unmemoised-child': /<Panel [^\n]*onClose=\{\(\) =>/,
  'unstable-context-value': /<ThemeContext\.Provider value=\{\{/,
  'unstable-default-prop': /Summary\(\{ items, style = \{\} \}/,
  'component-in-render': /const Empty = \(\) =>/,
  'missing-key': /<Card (?!key)/,
  'index-key': /<Card key=\{index\}/,
  'duplicate-key': /<Badge key="new"[^\n]*\n\s+<Badge key="new"/,
  'derived-state-in-effect': /useEffect\(\(\) => \{\n\s+setCount\(items\.length\);/,
  'effect-chain': /setPage\(0\);[\s\S]*\[page\][\s\S]*\[selected\]/,
  'effect-as-event-handler': /if \(submitted\) onSelect\(query\);/,
  'state-passed-up-in-effect': /useEffect\(\(\) => \{\n\s+onQueryChange\(query\);/,
  'set-state-in-render': /^\s+if \(items\.length === 0\) setOpen\(false\);$/,
  'missing-dependency': /document\.title[\s\S]*\}, \[title\]\);/,
  'unnecessary-dependency': /\[open, inputRef\.current\]/,
  'dependency-changes-every-render': /const filters = \{ query, open \};[\s\S]*\[filters\]/,
  'expensive-render-work': /const ranked = items\.filter/,
  'lazy-use-state': /useState\(total\w+\(items\)\)/,
  'unvirtualised-list': /\{visible\.map\(/,
  'whole-library-import': /^import _ from 'lodash';$/,
  'barrel-import': /^import \{ Sparkline \} from '\.\.\/\.\.\/widgets';$/,
  'lazy-load-heavy-component': /<RouteMap /,
  'img-without-size': /<img src="\/banner\.png" alt="" \/>/,
  'lcp-image-lazy': /width=\{1200\} height=\{400\} loading="lazy"/,
  'render-blocking-script': /<script src="https:/,
};

/** What the near-miss lines of each category hold: the clean code a careless check would report. */
const NEAR_MISS_TEXT: Partial<Record<PlantedCategory, RegExp>> = {
  'inline-prop-to-memo-child': /<Card [^\n]*item=\{item\}/,
  'inline-prop-to-unmemoised-child': /<Toolbar [^\n]*onClick=\{\(\) =>|<Badge [^\n]*style=\{\{/,
  'unstable-context-value': /value=\{details\}/,
  'unstable-default-prop': /style = \{\}/,
  'component-in-render': /const renderEmpty = /,
  'missing-key': /items\.map\(\(item\) => item\.name\)\.join/,
  'index-key': /tags\.slice\(0, 3\)\.map\(\(tag, index\)/,
  'duplicate-key': /slice\(0, 3\)[\s\S]*slice\(-3\)/,
  'derived-state-in-effect': /addEventListener\('resize'/,
  'effect-chain': /addEventListener\('resize'/,
  'effect-as-event-handler': /if \(open\) inputRef\.current\?\.focus\(\);\n\s+\}, \[open\]\);/,
  'state-passed-up-in-effect': /setTimeout\(\(\) => onQueryChange\(query\), 300\)/,
  'set-state-in-render': /if \(previousItems !== items\)/,
  'missing-dependency': /setOpen\(false\);\n\s+onSelect\(id\);\n\s+\},\n\s+\[onSelect\]/,
  'unnecessary-dependency': /\}, \[open\]\);/,
  'dependency-changes-every-render': /const filters = useMemo\(/,
  'expensive-render-work': /const ranked = useMemo\(/,
  'lazy-use-state': /useState\(\(\) => total\w+\(items\)\)/,
  'unvirtualised-list': /visible\.slice\(0, 20\)\.map\(/,
  'whole-library-import': /^import \{ uniq \} from 'lodash-es';$/,
  'barrel-import': /from '\.\.\/\.\.\/ui';$|from '\.\.\/\.\.\/widgets\/Sparkline';$/,
  'lazy-load-heavy-component': /<Sparkline /,
  'img-without-size': /width=\{640\} height=\{120\}/,
  'lcp-image-lazy': /width=\{48\} height=\{48\} loading="lazy"/,
  'render-blocking-script': /<script async src=/,
};

describe('bench/react detection', () => {
  const corpus = generateReactCorpus(60);

  it('plants every category, each on lines that hold it', () => {
    const categories = new Set(corpus.planted.map((p) => p.category));
    assert.deepEqual([...categories].sort(), [...PLANTED_CATEGORIES].sort());
    for (const p of corpus.planted) {
      const lines = corpus.files.get(p.file)!.split('\n');
      const text = lines.slice(p.line - 1, p.endLine).join('\n');
      assert.match(text, PLANTED_TEXT[p.category], `${p.category} at ${p.file}:${p.line}`);
      for (const line of p.alsoAt ?? []) assert.match(lines[line - 1], /<Empty \/>/);
    }
  });

  it('writes near-misses of every category, each on lines that hold one', () => {
    const categories = new Set(corpus.clean.map((p) => p.category));
    assert.deepEqual([...categories].sort(), Object.keys(NEAR_MISS_TEXT).sort());
    for (const p of corpus.clean) {
      const text = corpus.files
        .get(p.file)!
        .split('\n')
        .slice(p.line - 1, p.endLine)
        .join('\n');
      assert.match(text, NEAR_MISS_TEXT[p.category]!, `${p.category} near-miss at ${p.file}:${p.line}`);
    }
  });

  it('keeps the file count and adds one import of the widgets at most per file', () => {
    assert.equal(corpus.components.length, 60);
    for (const file of corpus.components)
      assert.ok(
        corpus.files
          .get(file)!
          .split('\n')
          .filter((line) => /widgets/.test(line)).length <= 1,
        file,
      );
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
    const counts = { nearMisses: 0, nearMissesFlagged: 0 };
    assert.deepEqual(result.byCategory.get('index-key'), { planted: 1, found: 1, noise: 2, ...counts });
    assert.deepEqual(result.byCategory.get('derived-state-in-effect'), { planted: 1, found: 1, noise: 0, ...counts });
    assert.deepEqual(result.byCategory.get('component-in-render'), { planted: 1, found: 1, noise: 0, ...counts });
    assert.deepEqual(result.byCategory.get('missing-key'), { planted: 0, found: 0, noise: 0, ...counts });
    assert.deepEqual([...result.other], [['react-x/no-forward-ref', 1]]);
  });

  it('counts react-x use-state only for its lazy-initialisation message', () => {
    const planted: Planted[] = [{ file: 'a.tsx', category: 'lazy-use-state', line: 4, endLine: 4 }];
    const naming = score(planted, [{ file: 'a.tsx', rule: 'react-x/use-state', line: 4 }]);
    assert.equal(naming.byCategory.get('lazy-use-state')!.found, 0);
    const lazy = score(planted, [{ file: 'a.tsx', rule: 'react-x/use-state:invalid-initialization', line: 4 }]);
    assert.equal(lazy.byCategory.get('lazy-use-state')!.found, 1);
  });

  it('counts noise on a near-miss under its category, once per near-miss flagged', () => {
    const planted: Planted[] = [{ file: 'a.tsx', category: 'inline-prop-to-memo-child', line: 9, endLine: 9 }];
    const clean: Planted[] = [{ file: 'a.tsx', category: 'inline-prop-to-unmemoised-child', line: 4, endLine: 4 }];
    const result = score(
      planted,
      [
        { file: 'a.tsx', rule: 'react-perf/jsx-no-new-function-as-prop', line: 9 },
        { file: 'a.tsx', rule: 'react-perf/jsx-no-new-function-as-prop', line: 4 },
        { file: 'a.tsx', rule: 'react-perf/jsx-no-new-object-as-prop', line: 4 },
        { file: 'a.tsx', rule: 'react-perf/jsx-no-new-function-as-prop', line: 6 },
      ],
      clean,
    );
    assert.deepEqual(result.byCategory.get('inline-prop-to-memo-child'), {
      planted: 1,
      found: 1,
      noise: 1,
      nearMisses: 0,
      nearMissesFlagged: 0,
    });
    assert.deepEqual(result.byCategory.get('inline-prop-to-unmemoised-child'), {
      planted: 0,
      found: 0,
      noise: 2,
      nearMisses: 1,
      nearMissesFlagged: 1,
    });
  });

  it('scores exhaustive-deps by what its message says', () => {
    const rule = 'react-hooks/exhaustive-deps';
    assert.equal(
      peerRule(
        rule,
        undefined,
        "React Hook useEffect has a missing dependency: 'count'. Either include it or remove it.",
      ),
      `${rule}:missing`,
    );
    assert.equal(
      peerRule(rule, undefined, "React Hook useEffect has an unnecessary dependency: 'inputRef.current'."),
      `${rule}:unnecessary`,
    );
    assert.equal(
      peerRule(
        rule,
        undefined,
        "The 'filters' object makes the dependencies of useEffect Hook (at line 9) change on every render.",
      ),
      `${rule}:every-render`,
    );
    assert.equal(
      peerRule(rule, undefined, 'React Hook useEffect received a function whose dependencies are unknown.'),
      rule,
    );
    assert.equal(
      peerRule('react-x/use-state', 'invalid-initialization', ''),
      'react-x/use-state:invalid-initialization',
    );
    assert.equal(peerRule('react-x/use-state', 'invalid-assignment', ''), 'react-x/use-state');
  });
});
