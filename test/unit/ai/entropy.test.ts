import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { entropy, looksRandom } from '../../../src/ai/redact-entropy';
import { loadRedactionParsers, redact } from '../../../src/ai/redact';
import { randomText } from './planted-secrets';

const ROOT = path.resolve(__dirname, '../../..');
const ALNUM = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const BASE64 = `${ALNUM}+/`;
const LOWER_DIGITS = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** Every distinct run of 20+ base64 characters in a text: what the net looks at. */
function longTokens(text: string): string[] {
  return [...new Set(text.match(/(?<![A-Za-z0-9+/_-])[A-Za-z0-9+/_-]{20,}/g) ?? [])];
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? sourceFiles(full) : name.endsWith('.ts') ? [full] : [];
  });
}

/** The share of `count` seeded random tokens of `length` over `alphabet` that the net catches. */
function caught(length: number, alphabet: string, count = 300): number {
  let hits = 0;
  for (let seed = 1; seed <= count; seed++) if (looksRandom(randomText(length, seed * 7919, alphabet))) hits++;
  return hits / count;
}

describe('ai: the high-entropy safety net', () => {
  before(() => loadRedactionParsers());

  it('measures Shannon entropy in bits per character', () => {
    assert.equal(entropy('aaaa'), 0);
    assert.equal(entropy('abab'), 1);
    assert.equal(entropy('abcd'), 2);
  });

  it('catches random base62 and base64 tokens from 20 characters on, and most lower-case-and-digit ones', () => {
    for (const length of [20, 24, 32, 40, 64]) {
      assert.ok(caught(length, ALNUM) >= 0.97, `base62 × ${length}: ${caught(length, ALNUM)}`);
      assert.ok(caught(length, BASE64) >= 0.97, `base64 × ${length}: ${caught(length, BASE64)}`);
    }
    for (const length of [24, 40]) assert.ok(caught(length, LOWER_DIGITS) >= 0.85, `a-z0-9 × ${length}`);
    assert.equal(caught(32, '0123456789abcdef'), 1, 'hex from 32 characters');
  });

  it('leaves identifiers alone: every long name in this repository and in the DOM typings', () => {
    const texts = [
      ...sourceFiles(path.join(ROOT, 'src')).map((file) => readFileSync(file, 'utf8')),
      readFileSync(path.join(ROOT, 'node_modules/typescript/lib/lib.dom.d.ts'), 'utf8'),
    ];
    const tokens = [...new Set(texts.flatMap(longTokens))];
    assert.ok(tokens.length > 5000, `${tokens.length} names checked`);
    assert.deepEqual(
      tokens.filter((t) => looksRandom(t)),
      [],
    );
  });

  it('leaves UUIDs, numbers, paths, repeated characters and hashes named as such alone', () => {
    for (const [token, before] of [
      ['550e8400-e29b-41d4-a716-446655440000', 'id: '],
      ['123E4567-E89B-12D3-A456-426614174000', ''],
      ['20240101120000123456789', ''],
      ['9223372036854775807n', ''],
      ['src/assistants/sql/advice/plan-findings', ''],
      ['node_modules/@anthropic-ai/sdk/resources', ''],
      ['aaaaaaaaaaaaaaaaaaaaaaaa1', ''],
      ['ABABABABABABABABABAB12', ''],
      ['9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08', 'sha256: '],
      ['3f2a9c8e1b7d4f6a0c5e9b2d8f1a7c3e6b0d4f9a', 'commit '],
      ['8e5e7e5ab8b370d6c329ec480221332ada57f0ab', 'uses: actions/checkout@'],
      ['2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae', '"checksum": "'],
      ['d41d8cd98f00b204e9800998ecf8427e', 'md5 '],
      [
        'sha512-Hu7P6Iq9Vx3TzWu8EE8sH1Kb2x5nW6xKXm0r1Oq8Gk8hN0m4Y3hQm2o4P5wXrX8a0ZcLkTz3r9tJ2g9bJ6mQvA',
        '"integrity": "',
      ],
    ])
      assert.equal(looksRandom(token, before), false, `${before}${token}`);
  });

  it('takes a hex string that nothing names as a hash (a key, as far as anyone can tell)', () => {
    assert.equal(looksRandom('3f2a9c8e1b7d4f6a0c5e9b2d8f1a7c3e6b0d4f9a', "signWith('"), true);
  });

  it('redacts only the random segment of a URL path, whole base64 with slashes', () => {
    const segment = randomText(32, 5);
    const base64 = `${randomText(18, 6, BASE64)}/${randomText(21, 7, BASE64)}`;
    const { text } = redact(`a: https://hooks.example.com/services/${segment}\nb: '${base64}'\n`, 'notes.txt');
    assert.equal(text, "a: https://hooks.example.com/services/«redacted:high-entropy»\nb: '«redacted:high-entropy»'\n");
  });

  it('leaves the workshop sample, the prompts and the docs untouched', () => {
    const roots = ['samples/workshop-ecommerce', 'prompts', 'docs'].map((r) => path.join(ROOT, r));
    const walk = (dir: string): string[] =>
      readdirSync(dir).flatMap((name) => {
        const full = path.join(dir, name);
        if (name === 'node_modules') return [];
        return statSync(full).isDirectory() ? walk(full) : [full];
      });
    for (const file of roots.flatMap((root) => {
      try {
        return walk(root);
      } catch {
        return []; // a folder the repository no longer has
      }
    })) {
      if (!/\.(?:sql|ya?ml|json|md|ts|tsx|js)$/.test(file)) continue;
      const text = readFileSync(file, 'utf8');
      const { redactions } = redact(text, path.relative(ROOT, file));
      assert.deepEqual(redactions, [], path.relative(ROOT, file));
    }
  });
});
