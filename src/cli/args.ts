import { ASSISTANTS } from '../assistants/catalog';
import type { AssistantId } from '../core/finding';

export type OutputFormat = 'text' | 'json' | 'sarif';
export type FailOn = 'error' | 'warning' | 'never';

export interface CheckArgs {
  paths: string[];
  format: OutputFormat;
  /** Undefined: every built assistant. */
  assistants?: AssistantId[];
  failOn: FailOn;
  ai: boolean;
  verbose: boolean;
  budgetMs?: number;
  /** Kubernetes version of the target cluster, for the HPA reviewer (`scalingAssistant.k8s.clusterVersion`). */
  clusterVersion?: string;
}

export type RoadmapFormat = 'json' | 'markdown';

export interface RoadmapArgs {
  /** The workspace folder to plan for. */
  folder: string;
  /** Readiness assessment file; default `<folder>/.scaling-assistant/assessment.json` when it exists. */
  assessment?: string;
  format: RoadmapFormat;
  budgetMs?: number;
  clusterVersion?: string;
}

export type Command =
  | { kind: 'help' }
  | { kind: 'version' }
  | ({ kind: 'check' } & CheckArgs)
  | ({ kind: 'roadmap' } & RoadmapArgs);

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

const FORMATS: readonly OutputFormat[] = ['text', 'json', 'sarif'];
const ROADMAP_FORMATS: readonly RoadmapFormat[] = ['markdown', 'json'];
const FAIL_ON: readonly FailOn[] = ['error', 'warning', 'never'];
const CHECK_OPTIONS = { values: ['--format', '--assistant', '--fail-on', '--budget-ms', '--cluster-version'], flags: ['--ai', '--verbose'] };
const ROADMAP_OPTIONS = { values: ['--format', '--assessment', '--budget-ms', '--cluster-version'], flags: [] };

export function parseArgs(argv: readonly string[]): Command {
  const end = argv.indexOf('--');
  const options = end < 0 ? argv : argv.slice(0, end);
  // Help wins over everything else, so "check --bogus --help" still helps instead of scolding.
  if (options.includes('--help') || options.includes('-h') || options[0] === 'help') return { kind: 'help' };
  if (options.includes('--version')) return { kind: 'version' };
  const [command, ...rest] = argv;
  if (command === undefined) throw new UsageError('missing command');
  if (command === 'check') return { kind: 'check', ...parseCheck(rest) };
  if (command === 'roadmap') return { kind: 'roadmap', ...parseRoadmap(rest) };
  throw new UsageError(command.startsWith('-') ? `unknown option: ${command}` : `unknown command: ${command}`);
}

interface Scanned {
  positional: string[];
  flags: string[];
  values: Array<[name: string, value: string]>;
}

/** Splits a subcommand's arguments into positionals, flags and `--name value` / `--name=value` pairs. */
function scanOptions(argv: readonly string[], known: { values: readonly string[]; flags: readonly string[] }): Scanned {
  const scanned: Scanned = { positional: [], flags: [], values: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      scanned.positional.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      scanned.positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq > 0 && arg.startsWith('--') ? arg.slice(0, eq) : arg;
    if (known.flags.includes(name)) {
      if (name !== arg) throw new UsageError(`${name} takes no value`);
      scanned.flags.push(name);
      continue;
    }
    if (!known.values.includes(name)) throw new UsageError(`unknown option: ${name}`);
    let value: string;
    if (name !== arg) {
      value = arg.slice(eq + 1);
    } else {
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--')) throw new UsageError(`${name} needs a value`);
      value = next;
      i++;
    }
    scanned.values.push([name, value]);
  }
  return scanned;
}

function parseCheck(argv: readonly string[]): CheckArgs {
  const args: CheckArgs = { paths: [], format: 'text', failOn: 'error', ai: false, verbose: false };
  const scanned = scanOptions(argv, CHECK_OPTIONS);
  args.paths = scanned.positional;
  for (const flag of scanned.flags) {
    if (flag === '--ai') args.ai = true;
    else args.verbose = true;
  }
  for (const [name, value] of scanned.values) applyValue(args, name, value);
  if (args.paths.length === 0) throw new UsageError('check needs at least one file or folder (use "." for the current folder)');
  return args;
}

function parseRoadmap(argv: readonly string[]): RoadmapArgs {
  const scanned = scanOptions(argv, ROADMAP_OPTIONS);
  if (scanned.positional.length === 0) throw new UsageError('roadmap needs the workspace folder (use "." for the current folder)');
  if (scanned.positional.length > 1) throw new UsageError(`roadmap plans for one folder, not ${scanned.positional.length}: ${scanned.positional.join(', ')}`);
  const args: RoadmapArgs = { folder: scanned.positional[0], format: 'markdown' };
  for (const [name, value] of scanned.values) {
    if (name === '--format') {
      args.format = oneOf(name, value, ROADMAP_FORMATS);
    } else if (name === '--assessment') {
      if (value === '') throw new UsageError('--assessment needs a file');
      args.assessment = value;
    } else {
      // --budget-ms and --cluster-version mean what they mean for check.
      const shared: CheckArgs = { paths: [], format: 'text', failOn: 'error', ai: false, verbose: false };
      applyValue(shared, name, value);
      if (shared.budgetMs !== undefined) args.budgetMs = shared.budgetMs;
      if (shared.clusterVersion !== undefined) args.clusterVersion = shared.clusterVersion;
    }
  }
  return args;
}

function applyValue(args: CheckArgs, name: string, value: string): void {
  switch (name) {
    case '--format':
      args.format = oneOf(name, value, FORMATS);
      return;
    case '--fail-on':
      args.failOn = oneOf(name, value, FAIL_ON);
      return;
    case '--assistant': {
      const known = ASSISTANTS.map((a) => a.id);
      const ids = value.split(',').map((id) => id.trim()).filter(Boolean);
      if (ids.length === 0) throw new UsageError(`--assistant needs one or more of: ${known.join(', ')}`);
      const selected = new Set(args.assistants);
      for (const id of ids) selected.add(oneOf(name, id, known));
      args.assistants = [...selected];
      return;
    }
    case '--budget-ms': {
      const ms = Number(value);
      if (!/^\d+$/.test(value) || !Number.isSafeInteger(ms) || ms <= 0) {
        throw new UsageError(`--budget-ms needs a positive whole number of milliseconds, not "${value}"`);
      }
      args.budgetMs = ms;
      return;
    }
    case '--cluster-version': {
      if (!/^v?1\.\d+(\.\d+)?$/.test(value)) throw new UsageError(`--cluster-version needs a Kubernetes version such as 1.30, not "${value}"`);
      args.clusterVersion = value;
      return;
    }
  }
}

function oneOf<T extends string>(name: string, value: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`${name}: unknown value "${value}" (expected ${allowed.join(', ')})`);
}
