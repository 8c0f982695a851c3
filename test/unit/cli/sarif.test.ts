import { strict as assert } from 'node:assert';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import Ajv from 'ajv-draft-04';
import type * as Sarif from 'sarif';
import { pascalCase, region, sarifLog } from '../../../src/cli/format-sarif';
import { range } from '../../../src/core/finding';
import { makeWorkspace, removeWorkspace, REPO_ROOT, run } from './workspace';

const SCHEMA = path.join(REPO_ROOT, 'node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');

async function sarifValidator() {
  const schema = JSON.parse(await fs.readFile(SCHEMA, 'utf8')) as Record<string, unknown>;
  // ajv-formats is not a dependency; these three are all the schema uses, checked as strictly as we need.
  // unicodeRegExp off: the schema's `language` pattern has a stray "]" that only non-unicode regexps accept.
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  ajv.addFormat('uri', (value: string) => URL.canParse(value));
  ajv.addFormat('uri-reference', (value: string) => !/[\s\\]/.test(value) && URL.canParse(value, 'file:///base/'));
  ajv.addFormat('date-time', (value: string) => !Number.isNaN(Date.parse(value)));
  return ajv.compile(schema);
}

/** What the schema cannot say: an end never before its start. */
function assertOrdered(r: Sarif.Region | undefined, where: string) {
  assert.ok(r, `${where} has a region`);
  assert.ok(r.startLine! >= 1 && r.startColumn! >= 1 && r.endLine! >= 1 && r.endColumn! >= 1, where);
  assert.ok(r.endLine! > r.startLine! || (r.endLine === r.startLine && r.endColumn! >= r.startColumn!), where);
}

describe('cli sarif', () => {
  let root: string;
  let log: Sarif.Log;
  let validate: Awaited<ReturnType<typeof sarifValidator>>;
  before(async () => {
    root = await makeWorkspace();
    validate = await sarifValidator();
    const { stdout, code } = await run(['check', '.', '--format', 'sarif'], root);
    assert.equal(code, 0);
    log = JSON.parse(stdout) as Sarif.Log;
  });
  after(() => removeWorkspace(root));

  it('is valid against the SARIF 2.1.0 schema', () => {
    const valid = validate(log);
    assert.ok(valid, JSON.stringify(validate.errors, null, 2));
    // The validator is not vacuous: a 0-based line is rejected.
    const broken = structuredClone(log);
    broken.runs[0].results![0].locations![0].physicalLocation!.region!.startLine = 0;
    assert.equal(validate(broken), false);
  });

  it('describes the tool, every loaded rule with help, and the source root', () => {
    assert.equal(log.$schema, 'https://json.schemastore.org/sarif-2.1.0.json');
    assert.equal(log.version, '2.1.0');
    assert.equal(log.runs.length, 1);
    const [run0] = log.runs;
    const driver = run0.tool.driver;
    assert.equal(driver.name, 'Scaling Assistant');
    assert.equal(driver.semanticVersion, '9.8.7');
    const rule = driver.rules?.find((r) => r.id === 'workload-replicas-with-hpa');
    assert.ok(rule, 'the proving rule is in the rules table');
    assert.equal(rule.name, 'WorkloadReplicasWithHpa');
    assert.equal(rule.shortDescription?.text, 'Workload sets spec.replicas while a HorizontalPodAutoscaler scales it');
    assert.ok(rule.fullDescription?.text);
    assert.match(rule.help?.text ?? '', /## How to fix it/);
    assert.match(rule.help?.markdown ?? '', /^# workload-replicas-with-hpa\n/);
    assert.match(rule.help?.markdown ?? '', /scaling-assistant-disable-next-line workload-replicas-with-hpa/);
    assert.deepEqual(rule.defaultConfiguration, { level: 'warning' });
    assert.deepEqual(rule.properties, { impact: 'high', effort: 'small', assistant: 'k8s', tags: ['scaling', 'k8s'] });
    for (const r of driver.rules ?? []) assert.ok(r.help?.text && r.help.markdown, `${r.id} has help`);
    assert.deepEqual(run0.originalUriBaseIds, { '%SRCROOT%': { uri: `${pathToFileURL(root).href}/` } });
  });

  it('gives each result its rule, level, message, 1-based region, related location, fix and fingerprint', () => {
    const results = log.runs[0].results ?? [];
    // Other rules may flag the fixtures too as they land; the proving rule's results are checked in detail.
    const ours = results.filter((r) => r.ruleId === 'workload-replicas-with-hpa');
    assert.deepEqual(
      ours.map((r) => r.locations?.[0].physicalLocation?.artifactLocation?.uri),
      ['k8s/app.yaml', 'k8s/keep.local.yaml', 'k8s/sub/only-here.yaml'],
    );
    const [result] = ours;
    const rules = log.runs[0].tool.driver.rules ?? [];
    assert.equal(result.ruleId, 'workload-replicas-with-hpa');
    assert.equal(rules[result.ruleIndex!].id, result.ruleId);
    assert.equal(result.level, 'warning');
    assert.match(result.message.text ?? '', /^Deployment web sets spec\.replicas: 3/);
    const location = result.locations![0].physicalLocation!;
    assert.deepEqual(location.artifactLocation, { uri: 'k8s/app.yaml', uriBaseId: '%SRCROOT%' });
    // `  replicas: 3` on line 7: columns 3..14, end exclusive.
    assert.deepEqual(location.region, { startLine: 7, startColumn: 3, endLine: 7, endColumn: 14 });
    assert.equal(result.relatedLocations?.length, 1);
    assert.equal(result.relatedLocations?.[0].id, 0);
    assert.equal(result.relatedLocations?.[0].physicalLocation?.region?.startLine, 53);
    assert.match(result.relatedLocations?.[0].message?.text ?? '', /HorizontalPodAutoscaler web scales Deployment web/);
    const { evidence, ...properties } = result.properties ?? {};
    assert.deepEqual(properties, { assistant: 'k8s', impact: 'high', effort: 'small' });
    // What the scaled workload costs rides along as an evidence note, labelled an estimate.
    assert.match((evidence as { notes: string[] }).notes[0], /^estimate: Deployment web costs /);

    const [fix] = result.fixes ?? [];
    assert.match(fix.description?.text ?? '', /^Remove spec\.replicas/);
    assert.equal(fix.artifactChanges.length, 1);
    assert.deepEqual(fix.artifactChanges[0].artifactLocation, { uri: 'k8s/app.yaml', uriBaseId: '%SRCROOT%' });
    // Deleting the whole line: from column 1 of line 7 to column 1 of line 8.
    assert.deepEqual(fix.artifactChanges[0].replacements, [
      { deletedRegion: { startLine: 7, startColumn: 1, endLine: 8, endColumn: 1 } },
    ]);

    for (const r of results) {
      assertOrdered(r.locations?.[0].physicalLocation?.region, `${r.ruleId} location`);
      for (const related of r.relatedLocations ?? []) assertOrdered(related.physicalLocation?.region, 'related');
      for (const f of r.fixes ?? [])
        for (const c of f.artifactChanges) for (const x of c.replacements) assertOrdered(x.deletedRegion, 'fix');
      assert.match(r.partialFingerprints?.['scalingAssistant/v1'] ?? '', /^[0-9a-f]{32}:\d+$/);
    }
  });

  it('puts analysis errors in the invocation as notifications, with their locations', () => {
    const [invocation] = log.runs[0].invocations ?? [];
    assert.equal(invocation.executionSuccessful, true);
    const notes = invocation.toolExecutionNotifications ?? [];
    assert.deepEqual(
      notes.map((n) => [n.level, n.locations?.[0].physicalLocation?.artifactLocation?.uri, n.properties?.kind]),
      [
        ['error', 'binary.yaml', 'read'],
        ['error', 'broken/broken.yaml', 'parse'],
      ],
    );
    assert.equal(notes[0].locations?.[0].physicalLocation?.region, undefined);
    assertOrdered(notes[1].locations?.[0].physicalLocation?.region, 'parse error');
  });

  it('keeps a fingerprint when lines are inserted above the finding', async () => {
    const fingerprint = async () => {
      const { stdout } = await run(['check', 'k8s/app.yaml', '--format', 'sarif'], root);
      const result = (JSON.parse(stdout) as Sarif.Log).runs[0].results!.find(
        (r) => r.ruleId === 'workload-replicas-with-hpa',
      )!;
      return { line: result.locations![0].physicalLocation!.region!.startLine, print: result.partialFingerprints };
    };
    const before = await fingerprint();
    const file = path.join(root, 'k8s/app.yaml');
    const text = await fs.readFile(file, 'utf8');
    await fs.writeFile(file, `# a comment\n# and another\n${text}`);
    try {
      const after = await fingerprint();
      assert.equal(after.line, (before.line ?? 0) + 2);
      assert.deepEqual(after.print, before.print);
    } finally {
      await fs.writeFile(file, text);
    }
  });

  it('lists the rules of the selected assistants even when no file needed them, and stays valid when empty', async () => {
    const { stdout } = await run(['check', 'README.md', '--format', 'sarif'], root);
    const empty = JSON.parse(stdout) as Sarif.Log;
    assert.ok(validate(empty), JSON.stringify(validate.errors));
    assert.deepEqual(empty.runs[0].results, []);
    assert.ok(empty.runs[0].tool.driver.rules?.some((r) => r.id === 'workload-replicas-with-hpa'));
  });

  it('maps 0-based ranges to valid 1-based regions, line deletions included', () => {
    assert.deepEqual(region(range(0, 0, 0, 0)), { startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 });
    assert.deepEqual(region(range(6, 0, 7, 0)), { startLine: 7, startColumn: 1, endLine: 8, endColumn: 1 });
    // A malformed range from an engine still yields a region a validator accepts.
    assert.deepEqual(region(range(4, 5, 3, 0)), { startLine: 5, startColumn: 6, endLine: 5, endColumn: 6 });
    assert.equal(pascalCase('workload-replicas-with-hpa'), 'WorkloadReplicasWithHpa');
  });

  it('marks the execution unsuccessful only when an assistant failed internally', async () => {
    const { stdout } = await run(['check', 'nope.yaml', 'k8s/good.yaml', '--format', 'sarif'], root);
    const partial = JSON.parse(stdout) as Sarif.Log;
    assert.ok(validate(partial), JSON.stringify(validate.errors));
    assert.equal(partial.runs[0].invocations?.[0].executionSuccessful, true);

    const failed = sarifLog(
      {
        findings: [],
        errors: [{ file: 'a b#1.yaml', kind: 'internal', message: 'k8s assistant failed: boom' }],
        filesAnalysed: 1,
        rules: [],
        sources: new Map(),
        allPathsMissing: false,
      },
      { cwd: root, version: '1.2.3' },
    );
    assert.ok(validate(failed), JSON.stringify(validate.errors));
    const [invocation] = failed.runs[0].invocations ?? [];
    assert.equal(invocation.executionSuccessful, false);
    assert.equal(
      invocation.toolExecutionNotifications?.[0].locations?.[0].physicalLocation?.artifactLocation?.uri,
      'a%20b%231.yaml',
    );
  });
});
