// Scaffolds a rule: `npm run new-rule -- <assistant> <rule-id>` writes the rule's file, registers it in the
// assistant's rule list, adds bad and good fixtures and regenerates docs/rules/. Everything it cannot know is
// marked with SCAFFOLD_MARK, and the rule catalogue test fails while any of it is left, so a scaffold cannot be
// committed as a rule by accident. It learns each assistant's shape from the tree (the rule type and list in
// rules/index.ts, the fixtures' file type, the skills its rules share), so a new assistant needs no edit here.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { commentPrefixFor } from '../src/core/suppression';

/** Rule ids: kebab-case, as suppression comments and settings spell them. */
export const RULE_ID = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

/** Written on every line of a scaffold that a developer must replace; the rule catalogue test looks for it. */
export const SCAFFOLD_MARK = 'new-rule scaffold';

export class NewRuleError extends Error {
  override name = 'NewRuleError';
}

export interface Scaffold {
  /** Paths relative to the root, with forward slashes. */
  created: string[];
  registered: { index: string; list: string; name: string };
  fixtureExtension: string;
}

const ASSISTANTS_DIR = 'src/assistants';
const FIXTURES_DIR = 'test/fixtures';

/** Assistants with a rule list: the folders of src/assistants that hold rules/index.ts. */
export function ruleAssistants(root: string): string[] {
  const dir = path.join(root, ASSISTANTS_DIR);
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(path.join(dir, e.name, 'rules/index.ts')))
    .map((e) => e.name)
    .sort();
}

/** Writes the rule, its registration and its fixtures; refuses (NewRuleError) before writing anything. */
export function scaffoldRule(root: string, assistant: string, id: string): Scaffold {
  if (!RULE_ID.test(id)) {
    throw new NewRuleError(`"${id}" is not a rule id: use kebab-case (lower-case words joined by "-")`);
  }
  const assistants = ruleAssistants(root);
  if (!assistants.includes(assistant)) {
    throw new NewRuleError(
      `unknown assistant "${assistant}": one of ${assistants.join(', ')} (folders of ${ASSISTANTS_DIR} with rules/index.ts)`,
    );
  }
  const taken = whereTaken(root, id);
  if (taken) throw new NewRuleError(`the rule id "${id}" exists already: ${taken}`);

  const rulesDir = path.join(root, ASSISTANTS_DIR, assistant, 'rules');
  const indexFile = path.join(rulesDir, 'index.ts');
  const index = readFileSync(indexFile, 'utf8');
  const list = /^export const (\w+): readonly (\w+)\[\] = \[$/m.exec(index);
  const typeImport = list && new RegExp(`^import type \\{ ${list[2]} \\} from '([^']+)';$`, 'm').exec(index);
  if (!list || !typeImport) {
    throw new NewRuleError(
      `${rel(root, indexFile)} has no "export const NAME: readonly RuleType[] = [" list with the rule type imported: register the rule by hand`,
    );
  }
  const [, listName, ruleType] = list;
  const extension = fixtureExtension(root, assistant);
  const comment = commentPrefixFor(`bad.${extension}`);
  if (!comment) {
    throw new NewRuleError(`fixtures of ${assistant} are .${extension} files, which have no comments to hold markers`);
  }
  const name = id.replace(/-([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
  if (new RegExp(`\\b${name}\\b`).test(index)) {
    throw new NewRuleError(`${rel(root, indexFile)} already has a ${name}: pick another id`);
  }
  const ruleFile = path.join(rulesDir, `${id}.ts`);
  const fixtureDir = path.join(root, FIXTURES_DIR, assistant, id);
  const harness = `test/unit/${assistant}/rule-fixtures.test.ts`;

  writeFileSync(
    ruleFile,
    ruleTemplate({ id, assistant, name, ruleType, typeModule: typeImport[1], skills: sharedSkills(rulesDir) }),
  );
  writeFileSync(indexFile, register(index, name, id, listName));
  mkdirSync(fixtureDir, { recursive: true });
  const bad = path.join(fixtureDir, `bad.${extension}`);
  const good = path.join(fixtureDir, `good.${extension}`);
  writeFileSync(bad, badFixture(id, extension, comment, harness));
  writeFileSync(good, goodFixture(extension, comment));
  return {
    created: [ruleFile, bad, good].map((f) => rel(root, f)),
    registered: { index: rel(root, indexFile), list: listName, name },
    fixtureExtension: extension,
  };
}

/** Regenerates docs/rules/ in `root` the way `npm run docs` does. */
export function regenerateDocs(root: string): void {
  const run = spawnSync(process.execPath, [require.resolve('tsx/cli'), 'scripts/gen-rule-docs.ts'], {
    cwd: root,
    encoding: 'utf8',
  });
  if (run.status !== 0) {
    throw new NewRuleError(`regenerating the docs failed (npm run docs):\n${run.stderr || run.stdout}`);
  }
}

/** Where an id is in use: a rule of any assistant (plan rules included), a fixture folder or a docs page. */
function whereTaken(root: string, id: string): string | undefined {
  const definition = new RegExp(`\\bid: '${id}',\\s*\\n\\s*assistant: '`);
  for (const file of tsFiles(path.join(root, ASSISTANTS_DIR))) {
    if (definition.test(readFileSync(file, 'utf8'))) return `defined in ${rel(root, file)}`;
  }
  for (const base of [FIXTURES_DIR, 'docs/rules']) {
    const dir = path.join(root, base);
    if (!existsSync(dir)) continue;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      for (const candidate of [id, `${id}.md`]) {
        const found = path.join(dir, entry.name, candidate);
        if (existsSync(found)) return `${rel(root, found)} is there`;
      }
    }
  }
  return undefined;
}

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? tsFiles(full) : e.name.endsWith('.ts') ? [full] : [];
  });
}

/** The file type most of the assistant's bad fixtures use (`yaml`, `sql`): the one its harness reads first. */
function fixtureExtension(root: string, assistant: string): string {
  const dir = path.join(root, FIXTURES_DIR, assistant);
  const counts = new Map<string, number>();
  if (existsSync(dir)) {
    for (const folder of readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory())) {
      for (const file of readdirSync(path.join(dir, folder.name))) {
        const ext = /^bad(?:[-.][\w-]*)?\.(\w+)$/.exec(file.replace(/\.fixed\./, '.'))?.[1];
        if (ext) counts.set(ext, (counts.get(ext) ?? 0) + 1);
      }
    }
  }
  const [best] = [...counts].sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1));
  if (!best) {
    throw new NewRuleError(
      `${FIXTURES_DIR}/${assistant}/ has no bad fixtures to learn their file type from: write the first rule's fixtures by hand`,
    );
  }
  return best[0];
}

/** Roadmap skills at least half of the assistant's rules name (the most named one if none is that common). */
function sharedSkills(rulesDir: string): string[] {
  const counts = new Map<string, number>();
  let rules = 0;
  for (const name of readdirSync(rulesDir).filter((n) => n.endsWith('.ts') && n !== 'index.ts')) {
    const list = /\bskills: \[([^\]]*)\]/.exec(readFileSync(path.join(rulesDir, name), 'utf8'))?.[1];
    if (list === undefined) continue;
    rules++;
    for (const skill of list.match(/'[^']+'/g) ?? []) counts.set(skill, (counts.get(skill) ?? 0) + 1);
  }
  const ranked = [...counts].sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1));
  const common = ranked.filter(([, n]) => n * 2 >= rules).map(([skill]) => skill);
  return common.length > 0 ? common : ranked.slice(0, 1).map(([skill]) => skill);
}

/** The import after the last import line, the name as the last entry of the list. */
function register(index: string, name: string, id: string, listName: string): string {
  const lines = index.split('\n');
  const lastImport = lines.reduce((last, line, i) => (/^import .* from '[^']+';$/.test(line) ? i : last), -1);
  lines.splice(lastImport + 1, 0, `import { ${name} } from './${id}';`);
  const start = lines.findIndex((line) => line.startsWith(`export const ${listName}:`));
  const end = lines.findIndex((line, i) => i > start && line === '];');
  lines.splice(end, 0, `  ${name},`);
  return lines.join('\n');
}

function ruleTemplate(r: {
  id: string;
  assistant: string;
  name: string;
  ruleType: string;
  typeModule: string;
  skills: string[];
}): string {
  return `import type { ${r.ruleType} } from '${r.typeModule}';

/** ${SCAFFOLD_MARK}: what the rule finds and what it reads to find it, in a sentence or two. */
export const ${r.name}: ${r.ruleType} = {
  id: '${r.id}',
  assistant: '${r.assistant}',
  title: '${SCAFFOLD_MARK}: one line saying what is wrong',
  defaultSeverity: 'warning',
  impact: 'medium',
  effort: 'small',
  roadmap: {
    task: '${SCAFFOLD_MARK}: fix {count} place(s)',
    baseHours: 1,
    hoursPerPlace: 0.5,
    risk: 'low',
    mitigation: '${SCAFFOLD_MARK}: how to roll the change out without an incident.',
    skills: [${r.skills.join(', ')}],
  },
  docs: \`
## Why it matters

${SCAFFOLD_MARK}: what goes wrong at scale, with numbers where there are some.

## How to fix it

${SCAFFOLD_MARK}: the change, and what the quick fix does if the rule offers one.

## When to ignore it

${SCAFFOLD_MARK}: the cases where the finding is not a problem.
\`,
  check(_context) {
    // ${SCAFFOLD_MARK}: read the facts the rule needs from the context (its type is in ${r.typeModule}.ts) and
    // call report({ range, message }) once per problem; the engine adds the file, the rule id and the defaults.
  },
};
`;
}

function badFixture(id: string, extension: string, c: string, harness: string): string {
  return `${c} ${SCAFFOLD_MARK}: replace these lines with the smallest example the rule must report.
${c} Markers: put \`${c} expect-next-line ${id}\` on the line before each line where a finding must start.
${c} The harness (${harness}) then expects exactly one finding of the rule
${c} starting on each marked line and none elsewhere; it fails while this file has no marker.
${c} A bad.fixed.${extension} beside this file makes it also apply the preferred fixes and compare.
`;
}

function goodFixture(extension: string, c: string): string {
  return `${c} ${SCAFFOLD_MARK}: replace these lines with an example close to bad.${extension} that the rule must not
${c} report (the problem fixed, or a case its docs say to ignore). The harness expects no finding of the rule here.
`;
}

function rel(root: string, file: string): string {
  return path.relative(root, file).split(path.sep).join('/');
}

function main(args: string[]): number {
  const [assistant, id, ...rest] = args;
  const root = path.resolve(__dirname, '..');
  if (!assistant || !id || rest.length > 0) {
    console.error(`usage: npm run new-rule -- <assistant> <rule-id>\n  assistants: ${ruleAssistants(root).join(', ')}`);
    return 2;
  }
  try {
    const made = scaffoldRule(root, assistant, id);
    regenerateDocs(root);
    const [ruleFile, bad, good] = made.created;
    console.log(
      [
        `new-rule: ${assistant} rule ${id}`,
        ...made.created.map((f) => `  created ${f}`),
        `  registered ${made.registered.name} in ${made.registered.index} (last in ${made.registered.list}: move it beside its kind)`,
        `  regenerated docs/rules/ (docs/rules/${assistant}/${id}.md)`,
        '',
        'Next:',
        `  1. ${ruleFile}: the title, docs, roadmap and the check (every line with "${SCAFFOLD_MARK}").`,
        `  2. ${bad}: a bad example with expect-next-line markers; ${good}: a good one.`,
        `  3. npx mocha test/unit/${assistant}/rule-fixtures.test.ts until it passes: it fails while anything`,
        '     of the scaffold is left or the check does not find what the markers say.',
        '  4. npm run docs, then commit the rule, its fixtures and its page together.',
      ].join('\n'),
    );
    return 0;
  } catch (error) {
    if (!(error instanceof NewRuleError)) throw error;
    console.error(`new-rule: ${error.message}`);
    return 1;
  }
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
