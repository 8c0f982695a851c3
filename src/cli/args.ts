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

export type Command = { kind: 'help' } | { kind: 'version' } | ({ kind: 'check' } & CheckArgs);

/** Bad input on the command line: reported with a pointer to --help and exit code 2, never a stack trace. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

const FORMATS: readonly OutputFormat[] = ['text', 'json', 'sarif'];
const FAIL_ON: readonly FailOn[] = ['error', 'warning', 'never'];
const VALUE_OPTIONS = new Set(['--format', '--assistant', '--fail-on', '--budget-ms', '--cluster-version']);
const BOOLEAN_OPTIONS = new Set(['--ai', '--verbose']);

export function parseArgs(argv: readonly string[]): Command {
  const end = argv.indexOf('--');
  const options = end < 0 ? argv : argv.slice(0, end);
  // Help wins over everything else, so "check --bogus --help" still helps instead of scolding.
  if (options.includes('--help') || options.includes('-h') || options[0] === 'help') return { kind: 'help' };
  if (options.includes('--version')) return { kind: 'version' };
  const [command, ...rest] = argv;
  if (command === undefined) throw new UsageError('missing command');
  if (command !== 'check') {
    throw new UsageError(command.startsWith('-') ? `unknown option: ${command}` : `unknown command: ${command}`);
  }
  return { kind: 'check', ...parseCheck(rest) };
}

function parseCheck(argv: readonly string[]): CheckArgs {
  const args: CheckArgs = { paths: [], format: 'text', failOn: 'error', ai: false, verbose: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      args.paths.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      args.paths.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq > 0 && arg.startsWith('--') ? arg.slice(0, eq) : arg;
    if (BOOLEAN_OPTIONS.has(name)) {
      if (name !== arg) throw new UsageError(`${name} takes no value`);
      if (name === '--ai') args.ai = true;
      else args.verbose = true;
      continue;
    }
    if (!VALUE_OPTIONS.has(name)) throw new UsageError(`unknown option: ${name}`);
    let value: string;
    if (name !== arg) {
      value = arg.slice(eq + 1);
    } else {
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--')) throw new UsageError(`${name} needs a value`);
      value = next;
      i++;
    }
    applyValue(args, name, value);
  }
  if (args.paths.length === 0) throw new UsageError('check needs at least one file or folder (use "." for the current folder)');
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
