import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ESLint } from 'eslint';

/**
 * The layering of ARCHITECTURE.md is enforced twice: scripts/check-layers.mjs (every import form, folder
 * rules) and ESLint's no-restricted-imports (squiggles while typing). Both are tested to actually fail.
 */

const projectRoot = path.resolve(__dirname, '../../..');
const script = path.join(projectRoot, 'scripts/check-layers.mjs');
const fixtures = path.join(projectRoot, 'test/fixtures/layers');

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
  lines: string[];
}

function checkLayers(...args: string[]): Run {
  const result = spawnSync(process.execPath, [script, ...args], { cwd: projectRoot, encoding: 'utf8' });
  return {
    status: result.status,
    stdout: result.stdout,
    stderr: result.stderr,
    lines: result.stdout.split(/\r?\n/).filter((l) => l.trim() !== ''),
  };
}

function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? walk(full) : [full];
  });
}

interface Marker {
  location: string; // "test/fixtures/layers/bad/core/finding.ts:2"
  rule: string; // "a" … "g"
}

/** Lines of the bad tree marked `// VIOLATION (x) …`: exactly where the script must report. */
function markers(root: string): Marker[] {
  const out: Marker[] = [];
  for (const file of walk(root).filter((f) => /\.[cm]?[jt]sx?$/.test(f))) {
    const rel = path.relative(projectRoot, file).split(path.sep).join('/');
    fs.readFileSync(file, 'utf8')
      .split(/\r?\n/)
      .forEach((line, i) => {
        const m = /\/\/ VIOLATION \(([a-g])\)/.exec(line);
        if (m) out.push({ location: `${rel}:${i + 1}`, rule: m[1] });
      });
  }
  return out.sort((a, b) => a.location.localeCompare(b.location));
}

describe('scripts/check-layers.mjs', function () {
  this.timeout(30000);

  describe('on the bad fixture tree', () => {
    const badRoot = path.join(fixtures, 'bad');
    let run: Run;
    const expected = markers(badRoot);

    before(() => {
      run = checkLayers(badRoot);
    });

    it('exits 1', () => {
      assert.equal(run.status, 1, run.stdout + run.stderr);
    });

    it('has a marked violation for every rule (a)–(g) and every import form', () => {
      assert.deepEqual([...new Set(expected.map((m) => m.rule))].sort(), ['a', 'b', 'c', 'd', 'e', 'f', 'g']);
      assert.ok(expected.length >= 10, `only ${expected.length} markers`);
    });

    it('reports each violation as file:line: message, exactly at the marked lines', () => {
      const violations = run.lines.filter((l) => !l.startsWith('layers:'));
      for (const line of violations) assert.match(line, /^[^:]+:\d+: \S.*$/, `not "file:line: message": ${line}`);
      const reported = violations.map((l) => /^([^:]+:\d+):/.exec(l)![1]).sort((a, b) => a.localeCompare(b));
      assert.deepEqual(
        reported,
        expected.map((m) => m.location),
      );
    });

    it('names the rule that was broken', () => {
      const byLocation = new Map(run.lines.map((l) => [/^([^:]+:\d+):/.exec(l)?.[1], l]));
      const expectations: Record<string, RegExp> = {
        a: /imports 'vscode': only src\/editor\/\*\* and src\/extension\.ts/,
        b: /^[^ ]+ src\/core\/ imports src\/(assistants|roadmap)\/.*core may import only itself/,
        c: /src\/assistants\/\w+\/ imports (another assistant|the assistant registry)/,
        d: /src\/(ai|roadmap|assistants\/\w+)\/ imports src\/(editor|cli)\/.*engines never import/,
        e: /src\/cli\/ imports src\/editor\/.*never imports the editor/,
        f: /src\/(editor(\/[\w-]+)*|cli|roadmap|ai)\/ imports src\/assistants\/\S+ \('[^']+'\): outside src\/assistants\/, only the catalog .*export what is needed from (src\/assistants\/\w+\/contract\.ts|the catalog or an assistant's contract\.ts)/,
        g: /(an editor module outside common\/ imports nothing from 'vscode'.*move it into .*common\/|src\/editor\/([\w-]+\/)?common\/ imports 'vscode': a common\/ folder holds the editor's modules that run without VS Code)/,
      };
      for (const m of expected) {
        const line = byLocation.get(m.location);
        assert.ok(line, `no report for ${m.location}`);
        assert.match(line, expectations[m.rule], `${m.location} (rule ${m.rule})`);
        assert.match(line, /ARCHITECTURE\.md/);
      }
    });

    it('covers the three headline cases: core → vscode, assistant → assistant, cli → editor', () => {
      const text = run.stdout;
      assert.match(text, /^test\/fixtures\/layers\/bad\/core\/finding\.ts:2: src\/core\/ imports 'vscode'/m);
      assert.match(
        text,
        /^test\/fixtures\/layers\/bad\/assistants\/k8s\/index\.ts:2: src\/assistants\/k8s\/ imports another assistant, src\/assistants\/sql\//m,
      );
      assert.match(text, /^test\/fixtures\/layers\/bad\/cli\/main\.ts:2: src\/cli\/ imports src\/editor\//m);
    });

    it("covers the new boundaries: an engine's internals from outside, an editor module in the wrong folder", () => {
      const text = run.stdout;
      assert.match(
        text,
        /^test\/fixtures\/layers\/bad\/editor\/sql-advice\/common\/plan\.ts:2: src\/editor\/sql-advice\/common\/ imports src\/assistants\/sql\/advice\/types \('\.\.\/\.\.\/\.\.\/assistants\/sql\/advice\/types'\): .*export what is needed from src\/assistants\/sql\/contract\.ts/m,
      );
      assert.match(
        text,
        /^test\/fixtures\/layers\/bad\/editor\/format\.ts:1: an editor module outside common\/ imports nothing from 'vscode': .*move it into the shell's src\/editor\/common\/ or its feature's common\//m,
      );
      assert.match(
        text,
        /^test\/fixtures\/layers\/bad\/editor\/sql-advice\/summary\.ts:1: .*move it into its feature's src\/editor\/sql-advice\/common\//m,
      );
      assert.match(
        text,
        /^test\/fixtures\/layers\/bad\/editor\/common\/log\.ts:1: src\/editor\/common\/ imports 'vscode'/m,
      );
    });

    it("lets editor modules import the catalog and an assistant's contract; a type-only import of vscode counts", () => {
      // settings.ts imports vscode for a type only; sql-advice/command.ts imports the catalog and the contract.
      assert.ok(!run.stdout.includes('bad/editor/settings.ts:'), run.stdout);
      assert.ok(!/bad\/editor\/sql-advice\/command\.ts:[23]:/.test(run.stdout), run.stdout);
      assert.ok(!/bad\/editor\/sql-advice\/common\/plan\.ts:1:/.test(run.stdout), run.stdout);
    });

    it('lets the editor, extension.ts and the registry do what they may', () => {
      for (const allowed of ['editor/show.ts', 'editor/settings.ts', 'extension.ts', 'assistants/catalog.ts']) {
        assert.ok(!run.stdout.includes(`bad/${allowed}:`), `${allowed} reported:\n${run.stdout}`);
      }
    });

    it('ends with a summary line', () => {
      assert.match(run.lines.at(-1) ?? '', new RegExp(`^layers: \\d+ files checked, ${expected.length} violations$`));
    });
  });

  it('passes the good fixture tree (exit 0, one summary line)', () => {
    const run = checkLayers(path.join(fixtures, 'good'));
    assert.equal(run.status, 0, run.stdout + run.stderr);
    assert.equal(run.lines.length, 1, run.stdout);
    assert.match(run.lines[0], /^layers: \d+ files checked, 0 violations$/);
  });

  it('passes the real src/ (default root)', () => {
    const run = checkLayers();
    assert.equal(run.status, 0, run.stdout + run.stderr);
    const files = Number(/^layers: (\d+) files checked, 0 violations$/.exec(run.lines.at(-1) ?? '')?.[1]);
    assert.ok(files > 0, run.stdout);
  });

  it("holds src/extension.ts to the contract rule, and not to the editor's common/ rule", () => {
    const tree = fs.mkdtempSync(path.join(os.tmpdir(), 'layers-'));
    try {
      fs.mkdirSync(path.join(tree, 'assistants/sql'), { recursive: true });
      fs.writeFileSync(
        path.join(tree, 'extension.ts'),
        [
          "import type { SqlAdvice } from './assistants/sql/contract';",
          "import { ASSISTANTS } from './assistants/catalog';",
          "import { createSqlAssistant } from './assistants/sql/index';",
          'export const activate = (advice: SqlAdvice) => [ASSISTANTS, createSqlAssistant, advice];',
          '',
        ].join('\n'),
      );
      const run = checkLayers(tree);
      assert.equal(run.status, 1, run.stdout + run.stderr);
      assert.equal(run.lines.length, 2, run.stdout);
      assert.match(
        run.lines[0],
        /extension\.ts:3: src\/extension\.ts imports src\/assistants\/sql\/index .*export what is needed from src\/assistants\/sql\/contract\.ts/,
      );
    } finally {
      fs.rmSync(tree, { recursive: true, force: true });
    }
  });

  it('exits 2 when the root does not exist', () => {
    const run = checkLayers(path.join(fixtures, 'no-such-folder'));
    assert.equal(run.status, 2);
    assert.match(run.stderr, /cannot read/);
  });
});

describe('ESLint layering rule (no-restricted-imports)', function () {
  this.timeout(60000);
  let eslint: ESLint;

  before(() => {
    eslint = new ESLint({ cwd: projectRoot });
  });

  async function lint(relPath: string, code: string): Promise<ESLint.LintResult> {
    const [result] = await eslint.lintText(code, { filePath: path.join(projectRoot, relPath) });
    return result;
  }

  it("reports `import * as vscode from 'vscode'` under src/core", async () => {
    const result = await lint(
      'src/core/__layer_probe__.ts',
      "import * as vscode from 'vscode';\n\nexport const probe = vscode;\n",
    );
    const hits = result.messages.filter((m) => m.ruleId === 'no-restricted-imports');
    assert.equal(hits.length, 1, JSON.stringify(result.messages, null, 2));
    assert.equal(hits[0].severity, 2);
    assert.equal(hits[0].line, 1);
    assert.match(hits[0].message, /ARCHITECTURE\.md/);
  });

  for (const folder of ['src/assistants/k8s', 'src/roadmap', 'src/ai', 'src/cli']) {
    it(`reports 'vscode' under ${folder}`, async () => {
      const result = await lint(
        `${folder}/__layer_probe__.ts`,
        "import type { Range } from 'vscode';\n\nexport type Probe = Range;\n",
      );
      assert.ok(
        result.messages.some((m) => m.ruleId === 'no-restricted-imports'),
        JSON.stringify(result.messages, null, 2),
      );
    });
  }

  it('reports require() and import() of vscode, which no-restricted-imports cannot see', async () => {
    const result = await lint(
      'src/assistants/__layer_probe__.ts',
      "export const a = require('vscode');\nexport const b = import('vscode');\n",
    );
    const lines = result.messages.filter((m) => m.ruleId === 'no-restricted-syntax').map((m) => m.line);
    assert.deepEqual(lines, [1, 2], JSON.stringify(result.messages, null, 2));
  });

  it('reports an engine importing the editor', async () => {
    const result = await lint(
      'src/core/__layer_probe__.ts',
      "import { x } from '../editor/x';\n\nexport const probe = x;\n",
    );
    assert.ok(result.messages.some((m) => m.ruleId === 'no-restricted-imports' && /src\/editor/.test(m.message)));
  });

  const internals =
    "import type { Suggestion } from '../assistants/sql/advice/types';\n\nexport type Probe = Suggestion;\n";

  for (const file of [
    'src/editor/__layer_probe__.ts',
    'src/cli/__layer_probe__.ts',
    'src/roadmap/__layer_probe__.ts',
    'src/ai/__layer_probe__.ts',
  ]) {
    it(`reports ${file.split('/')[1]} importing an assistant's internals, and points at its contract`, async () => {
      const result = await lint(file, internals);
      const hits = result.messages.filter((m) => m.ruleId === 'no-restricted-imports');
      assert.equal(hits.length, 1, JSON.stringify(result.messages, null, 2));
      assert.equal(hits[0].line, 1);
      assert.match(hits[0].message, /only catalog\.ts and an assistant's contract\.ts/);
    });
  }

  it("reports a feature's editor module, and extension.ts, importing an engine's entry", async () => {
    for (const [file, specifier] of [
      ['src/editor/sql-advice/__layer_probe__.ts', '../../assistants/sql/index'],
      ['src/editor/sql-advice/__layer_probe__.ts', '../../assistants/sql'],
      ['src/extension.ts', './assistants/k8s/rules/index'],
    ]) {
      const result = await lint(file, `import { x } from '${specifier}';\n\nexport const probe = x;\n`);
      assert.ok(
        result.messages.some((m) => m.ruleId === 'no-restricted-imports' && /contract\.ts/.test(m.message)),
        `${file} → ${specifier}: ${JSON.stringify(result.messages, null, 2)}`,
      );
    }
  });

  it("allows the catalog and an assistant's contract from outside, and an assistant's own modules inside it", async () => {
    for (const [file, specifier] of [
      ['src/editor/__layer_probe__.ts', '../assistants/catalog'],
      ['src/editor/__layer_probe__.ts', '../assistants/sql/contract'],
      ['src/editor/sql-advice/common/__layer_probe__.ts', '../../../assistants/sql/contract.js'],
      ['src/cli/__layer_probe__.ts', '../assistants/sql/contract'],
      ['src/assistants/sql/__layer_probe__.ts', './advice/types'],
      ['src/assistants/__layer_probe__.ts', './sql/index'],
    ]) {
      const result = await lint(file, `import type { X } from '${specifier}';\n\nexport type Probe = X;\n`);
      assert.deepEqual(
        result.messages.filter((m) => m.ruleId === 'no-restricted-imports'),
        [],
        `${file} → ${specifier}`,
      );
    }
  });

  it("reports vscode in the editor's common/ folders, in any import form", async () => {
    for (const file of ['src/editor/common/__layer_probe__.ts', 'src/editor/sql-advice/common/__layer_probe__.ts']) {
      const result = await lint(
        file,
        "import type { Range } from 'vscode';\nexport const a = require('vscode');\n\nexport type Probe = Range;\n",
      );
      const imports = result.messages.filter((m) => m.ruleId === 'no-restricted-imports');
      assert.equal(imports.length, 1, JSON.stringify(result.messages, null, 2));
      assert.match(imports[0].message, /common\/ folder holds the editor modules that run without VS Code/);
      assert.deepEqual(
        result.messages.filter((m) => m.ruleId === 'no-restricted-syntax').map((m) => m.line),
        [2],
        file,
      );
    }
  });

  it('allows vscode in src/editor and src/extension.ts', async () => {
    for (const file of ['src/editor/__layer_probe__.ts', 'src/extension.ts']) {
      const result = await lint(file, "import * as vscode from 'vscode';\n\nexport const probe = vscode;\n");
      assert.deepEqual(
        result.messages.filter((m) => m.ruleId === 'no-restricted-imports' || m.ruleId === 'no-restricted-syntax'),
        [],
        file,
      );
    }
  });
});
