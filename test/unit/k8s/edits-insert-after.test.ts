import { strict as assert } from 'node:assert';
import { isMap, parseDocument } from 'yaml';
import type { YAMLMap } from 'yaml';
import { insertPairAfterEdit, setPairValueEdit } from '../../../src/assistants/k8s/edits';
import type { AnyPair } from '../../../src/assistants/k8s/yaml-nodes';
import { findPair, pairAt } from '../../../src/assistants/k8s/yaml-nodes';
import type { TextEdit } from '../../../src/core/finding';
import { LineIndex } from '../../../src/core/text';
import { applyEdits } from '../helpers/apply-edits';

/** insertPairAfterEdit (added for minReplicas) and a regression test for setPairValueEdit on block values. */

function specOf(text: string): { map: YAMLMap; lines: LineIndex; doc: ReturnType<typeof parseDocument> } {
  const doc = parseDocument(text);
  const pair = pairAt(doc.contents, ['spec'], doc as never)!;
  assert.ok(isMap(pair.value));
  return { map: pair.value as YAMLMap, lines: new LineIndex(text), doc };
}

function insertAfter(text: string, after: string | undefined, key = 'minReplicas', value: unknown = 2): string {
  const { map, lines } = specOf(text);
  const edit = insertPairAfterEdit(
    'f.yaml',
    lines,
    map,
    after ? findPair(map, after) : undefined,
    key,
    value,
  ) as TextEdit;
  assert.ok(edit);
  return applyEdits(text, [edit]);
}

describe('k8s edits: insertPairAfterEdit', () => {
  it('inserts after a block value, at the map’s indentation, leaving the next key’s comment with it', () => {
    const text =
      'spec:\n  scaleTargetRef:\n    kind: Deployment\n    name: web # the app\n  # peak\n  maxReplicas: 5\n';
    assert.equal(
      insertAfter(text, 'scaleTargetRef'),
      'spec:\n  scaleTargetRef:\n    kind: Deployment\n    name: web # the app\n  minReplicas: 2\n  # peak\n  maxReplicas: 5\n',
    );
  });

  it('after a one-line flow value, with CRLF line endings', () => {
    const text = 'spec:\r\n    scaleTargetRef: {kind: Deployment, name: web}\r\n    maxReplicas: 5\r\n';
    assert.equal(
      insertAfter(text, 'scaleTargetRef'),
      'spec:\r\n    scaleTargetRef: {kind: Deployment, name: web}\r\n    minReplicas: 2\r\n    maxReplicas: 5\r\n',
    );
  });

  it('at the end when `after` is the last entry or missing, also without a final newline', () => {
    assert.equal(
      insertAfter('spec:\n  maxReplicas: 5\n  scaleTargetRef: {name: web}', 'scaleTargetRef'),
      'spec:\n  maxReplicas: 5\n  scaleTargetRef: {name: web}\n  minReplicas: 2\n',
    );
    assert.equal(insertAfter('spec:\n  maxReplicas: 5\n', undefined), 'spec:\n  maxReplicas: 5\n  minReplicas: 2\n');
  });

  it('flow maps get the entry before the brace; JSON keys are quoted', () => {
    assert.equal(
      insertAfter('spec: {scaleTargetRef: {name: web}, maxReplicas: 5}\n', 'scaleTargetRef'),
      'spec: {scaleTargetRef: {name: web}, maxReplicas: 5, minReplicas: 2}\n',
    );
    const json = '{\n  "spec": {\n    "maxReplicas": 5\n  }\n}\n';
    const fixed = insertAfter(json, undefined);
    assert.equal(JSON.parse(fixed).spec.minReplicas, 2);
  });
});

describe('k8s edits: setPairValueEdit on a block collection', () => {
  it('keeps the following key on its own line (the old value’s range ends after a line break)', () => {
    const text = 'a:\n  policies:\n    - x: 1\n    - y: 2\n  selectPolicy: Max\n';
    const doc = parseDocument(text);
    const pair = pairAt(doc.contents, ['a', 'policies'], doc as never) as AnyPair;
    const edit = setPairValueEdit('f.yaml', new LineIndex(text), pair, [{ z: 3 }])!;
    assert.equal(applyEdits(text, [edit]), 'a:\n  policies:\n    - z: 3\n  selectPolicy: Max\n');
  });
});
