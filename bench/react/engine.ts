/**
 * The frontend optimizer's engine on the generated corpus (bench/react/corpus.ts): the cold run over the 400
 * component files (workspace read, module and component graphs built, every file analysed), the large
 * 8,000-line file on its own, and the warm re-analysis of one edited component. Each figure is the median of
 * `--repeat` runs; the findings per rule are printed so a change in detection shows beside a change in time.
 * Usage: npx tsx bench/react/engine.ts [--repeat 5]
 */
import { createReactAssistant } from '../../src/assistants/react/index';
import { DEFAULT_CONFIG } from '../../src/core/config';
import { loadTypeScript } from '../../src/core/module-graph/typescript';
import { analyzeDocument } from '../../src/core/pipeline';
import { generateLargeFile, generateReactCorpus } from './corpus';
import { median, option, workspaceOf } from './measure';

const repeat = Number(option('repeat') ?? 5);

const NO_BUDGET = { ...DEFAULT_CONFIG, budgetMs: 600_000 };

async function main(): Promise<void> {
  await loadTypeScript();
  const corpus = generateReactCorpus(400);
  const large = generateLargeFile(8000);
  const cold: number[] = [];
  const oneFile: number[] = [];
  const edited: number[] = [];
  const perRule = new Map<string, number>();
  for (let run = 0; run < repeat + 1; run++) {
    const texts = new Map(corpus.files);
    const workspace = workspaceOf(texts);
    const engine = createReactAssistant();
    perRule.clear();
    let started = performance.now();
    await engine.prepare!(workspace);
    for (const file of corpus.components) {
      const result = await analyzeDocument(engine, { file, text: texts.get(file)! }, NO_BUDGET, undefined, {
        workspace,
      });
      for (const f of result.findings) perRule.set(f.ruleId, (perRule.get(f.ruleId) ?? 0) + 1);
    }
    const coldMs = performance.now() - started;

    started = performance.now();
    await analyzeDocument(createReactAssistant(), { file: 'src/Large.tsx', text: large }, NO_BUDGET);
    const largeMs = performance.now() - started;

    const file = corpus.components[7];
    texts.set(file, texts.get(file)!.replace('useState(false)', 'useState(true)'));
    started = performance.now();
    await analyzeDocument(engine, { file, text: texts.get(file)! }, NO_BUDGET, undefined, { workspace });
    const editMs = performance.now() - started;
    // The first run warms the JIT; it is not counted.
    if (run === 0) continue;
    cold.push(coldMs);
    oneFile.push(largeMs);
    edited.push(editMs);
  }
  console.log(`400 component files, cold (read, graphs, analyse all): ${median(cold).toFixed(0)} ms`);
  console.log(`one 8,000-line file: ${median(oneFile).toFixed(0)} ms`);
  console.log(`one edited component re-analysed in the warm workspace: ${median(edited).toFixed(1)} ms`);
  console.log(`findings: ${[...perRule].map(([id, n]) => `${id} ${n}`).join(', ')}`);
}

void main();
