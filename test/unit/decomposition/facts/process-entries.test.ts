import { strict as assert } from 'node:assert';
import {
  commandPaths,
  declaredProcesses,
  dockerCommands,
  expandScripts,
} from '../../../../src/assistants/decomposition/facts/process-entries';
import { gatherFacts, refreshFacts } from '../../../../src/assistants/decomposition/facts/gather';
import { memoryWorkspace } from '../../../../src/core/workspace';

const FILES = [
  'api/src/index.ts',
  'api/src/main.ts',
  'api/src/workers/index.ts',
  'api/src/cron.ts',
  'api/cli.js',
  'api/packages/mailer/src/index.ts',
];

function read(texts: Record<string, string>, root = 'api') {
  return declaredProcesses(
    Object.entries(texts).map(([file, text]) => ({ file, text })),
    root,
    FILES,
  );
}

describe('decomposition declared processes', () => {
  it('reads start and worker scripts, their compiled output mapped back to the sources', () => {
    const { processes, errors } = read({
      'api/package.json': JSON.stringify({
        main: 'dist/index.js',
        scripts: {
          start: 'node dist',
          'start:prod': 'TZ=UTC node --enable-source-maps dist/main.js',
          'start:dev': 'ts-node-dev --respawn src/main.ts',
          'start-workers': 'NODE_ENV=production node dist/workers && echo done',
          'dev-workers': 'ts-node src/workers/index.ts',
          'start:nest': 'nest start',
          build: 'tsc -p .',
        },
      }),
    });
    assert.deepEqual(errors, []);
    assert.deepEqual(
      processes.map((p) => [p.name, p.entry]),
      [
        ['start', 'api/src/index.ts'],
        ['start:prod', 'api/src/main.ts'],
        ['start-workers', 'api/src/workers/index.ts'],
      ],
    );
    assert.equal(processes[2].command, 'NODE_ENV=production node dist/workers && echo done');
    assert.equal(processes[2].declaredIn, 'api/package.json');
  });

  it('reads Procfile lines, Dockerfile commands, bin and the main of nested packages; one process per file', () => {
    const { processes } = read({
      'api/Procfile': 'web: node dist/index.js\nworker: node dist/workers\n# a comment\ncron: npx tsx src/cron.ts',
      'api/worker.Dockerfile': [
        'FROM node:20',
        'WORKDIR /app',
        'ENTRYPOINT ["node", "--max-old-space-size=4096"]',
        'CMD ["dist/workers/index.js"]',
      ].join('\n'),
      'api/package.json': JSON.stringify({ bin: { shop: './cli.js' }, main: 'dist/index.js' }),
      'api/packages/mailer/package.json': JSON.stringify({ name: '@shop/mailer', main: 'dist/index.js' }),
      'other/Procfile': 'worker: node dist/other.js',
    });
    assert.deepEqual(
      processes.map((p) => [p.name, p.entry, p.declaredIn]),
      [
        ['web', 'api/src/index.ts', 'api/Procfile'],
        ['worker', 'api/src/workers/index.ts', 'api/Procfile'],
        ['cron', 'api/src/cron.ts', 'api/Procfile'],
        ['shop', 'api/cli.js', 'api/package.json'],
        ['mailer', 'api/packages/mailer/src/index.ts', 'api/packages/mailer/package.json'],
      ],
    );
  });

  it('names the file at fault when a package.json is not JSON, and reads the rest', () => {
    const { processes, errors } = read({
      'api/package.json': '{ "scripts": ',
      'api/Procfile': 'worker: node dist/workers',
    });
    assert.deepEqual(
      processes.map((p) => p.entry),
      ['api/src/workers/index.ts'],
    );
    assert.equal(errors.length, 1);
    assert.equal(errors[0].file, 'api/package.json');
  });

  it('finds the file argument of a runner in a shell command and a Dockerfile', () => {
    assert.deepEqual(commandPaths('cross-env A=1 node_modules/.bin/ts-node-dev --respawn -- src/index.ts'), [
      'src/index.ts',
    ]);
    assert.deepEqual(commandPaths('next start'), []);
    assert.deepEqual(dockerCommands('FROM node\nCMD node dist/main.js\n'), ['node dist/main.js']);
    assert.deepEqual(dockerCommands('FROM node\nRUN npm ci\n'), []);
  });

  it('reads the script a Procfile or Dockerfile runs through the package manager', () => {
    const { processes } = read({
      'api/package.json': JSON.stringify({ scripts: { consume: 'node dist/cron.js', boot: 'yarn consume' } }),
      'api/Procfile': 'worker: npm run boot',
      'api/Dockerfile': 'FROM node\nCMD ["npm", "run", "missing"]\n',
      'api/Dockerfile.dev': 'FROM node\nCMD ["node", "dist/index.js"]\n',
    });
    assert.deepEqual(
      processes.map((p) => [p.name, p.entry, p.command]),
      [['worker', 'api/src/cron.ts', 'npm run boot']],
    );
    assert.equal(
      expandScripts('npm start && npm run b', { start: 'node a.js', b: 'tsx b.ts' }),
      ' node a.js && tsx b.ts',
    );
    // A script running itself stops after three levels.
    assert.equal(commandPaths(expandScripts('npm run loop', { loop: 'npm run loop' })).length, 0);
  });

  it('is part of the facts, with what the entry calls, and follows an edit of package.json on refresh', async () => {
    const texts = new Map([
      ['package.json', JSON.stringify({ scripts: { start: 'node dist/main.js' } })],
      ['src/main.ts', "import { loop } from './jobs/loop';\nloop();"],
      ['src/jobs/loop.ts', "import { send } from './send';\nexport function loop() { send(); }"],
      ['src/jobs/send.ts', 'export function send() { return 1; }'],
    ]);
    const facts = await gatherFacts(memoryWorkspace(texts), '');
    assert.deepEqual(
      facts.processes?.map((p) => [p.name, p.entry, p.reaches]),
      [['start', 'src/main.ts', ['src/main.ts', 'src/jobs/loop.ts', 'src/jobs/send.ts']]],
    );
    texts.set('package.json', JSON.stringify({ scripts: { 'start-worker': 'node dist/jobs/loop.js' } }));
    const refreshed = await refreshFacts(facts, memoryWorkspace(texts));
    assert.deepEqual(
      refreshed.processes?.map((p) => [p.name, p.entry]),
      [['start-worker', 'src/jobs/loop.ts']],
    );
  });
});
