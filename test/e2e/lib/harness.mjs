// A minimal test registry for the e2e tests: each test/e2e/*.e2e.mjs file calls test(name, fn) at import time and
// scripts/run-e2e.mjs runs them, each in a fresh code-server with a fresh copy of the workspace and a fresh browser
// context. The test function receives a Workbench (see ./workbench.mjs).
//
//   import { test, expect } from './lib/harness.mjs';
//   test('the quick fix adds an index', async (wb) => { await wb.openFile('db/queries.sql'); ... });
//
// options: { timeoutMs = 120000, trusted = true, workspace = <path of a folder to copy>, settings = {...} }
import assert from 'node:assert/strict';

const tests = [];
let currentFile;

export function test(name, fn, options = {}) {
  tests.push({ name, fn, options, file: currentFile });
}

/** node:assert/strict, re-exported so test files need a single import. */
export const expect = assert;

/** Used by the runner: tests registered while `file` is imported are attributed to it. */
export function setCurrentFile(file) {
  currentFile = file;
}

export function registeredTests() {
  return tests;
}
