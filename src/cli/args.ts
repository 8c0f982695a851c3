import path from 'node:path';
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
  /** The project's own functions that run SQL, for the query optimizer (`scalingAssistant.sql.queryFunctions`). */
  queryFunctions?: string[];
  /** What requests cost, for the HPA reviewer's cost estimates (`scalingAssistant.k8s.prices`). */
  prices?: K8sPrices;
  /** Values files Helm charts render with, in order (`scalingAssistant.k8s.helmValuesFiles`). */
  helmValuesFiles?: string[];
  /** --ai: only these assistants' files get a deep review (default: every assistant run). */
  aiSubjects?: AssistantId[];
  /** --ai: at most this many files are sent (default AI_MAX_FILES). */
  aiMaxFiles?: number;
  /** --ai: the Claude model (default: the AI layer's DEFAULT_MODEL). */
  aiModel?: string;
  /** Whether the React Compiler builds the components (`scalingAssistant.react.compiler`). */
  reactCompiler?: 'auto' | 'on' | 'off';
  /** Smallest measured chunk (kB gzip) lazy-load-heavy-component reports (`scalingAssistant.react.lazyLoadMinKb`). */
  lazyMinKb?: number;
}

/** Files a `check --ai` sends to Claude unless --ai-max-files says otherwise: a cost guard. */
export const AI_MAX_FILES = 10;

export type RoadmapFormat = 'json' | 'markdown';

export interface RoadmapArgs {
  /** The workspace folder to plan for. */
  folder: string;
  /** Readiness assessment file; default `<folder>/.scaling-assistant/assessment.json` when it exists. */
  assessment?: string;
  format: RoadmapFormat;
  /** `de` or `en` for the Markdown's headings and labels; default from LC_ALL, LC_MESSAGES or LANG. */
  locale?: string;
  /** Also plan the folder's decomposition (static facts, no history) and add its steps as tasks. */
  decompose?: boolean;
  budgetMs?: number;
  clusterVersion?: string;
  queryFunctions?: string[];
  prices?: K8sPrices;
}

/** `--prices cpuHour=0.04,memoryGiBHour=0.0045[,currency=EUR]`, as the setting `scalingAssistant.k8s.prices`. */
export interface K8sPrices {
  cpuHour: number;
  memoryGiBHour: number;
  currency?: string;
}

export interface AdviseArgs {
  /** The SQL file whose statements are measured. */
  file: string;
  /** Schema files or folders (default: discovered under the current folder). */
  schema: string[];
  /** Synthetic rows per table in the sandbox. */
  rows: number;
  rowsPerTable?: Record<string, number>;
  databaseUrl?: string;
  /** EXPLAIN ANALYZE on the --database-url server (executes the statements there). */
  analyze: boolean;
  /** --analyze even when the role is a superuser or may signal backends or reach server files and programs. */
  allowPrivilegedRole?: boolean;
  /** Overall time limit of the run, ms (default: the setting's, 5 minutes). */
  runTimeoutMs?: number;
  format: 'json' | 'text';
  /** No progress lines on stderr. */
  quiet: boolean;
}

export interface RenderArgs {
  /** The React file whose component is rendered. */
  file: string;
  /** The component to render (default: the first exported one with findings, else the first exported). */
  component?: string;
  /** Items of each generated list (default: the engine's, 1,000). */
  items?: number;
  /** Parent updates measured (default: the engine's, 5). */
  updates?: number;
  format: 'json' | 'markdown';
  /** No progress lines on stderr. */
  quiet: boolean;
}

export interface DecomposeArgs {
  /** The folder whose services are planned. */
  folder: string;
  services?: number;
  format: 'json' | 'markdown';
  /** `imports=1,data=2`, parsed by the engine (its signal names live there). */
  weights?: string;
  /** Read `git log` for change coupling (default); --no-history turns it off. */
  history: boolean;
  /** Write the guardrail configurations (dependency-cruiser, ESLint) into this folder. */
  guardrails?: string;
}

export interface WorkshopArgs {
  /** The participant's copy of the workshop sample. */
  folder: string;
  /** The participant's name on the report. */
  name?: string;
  /** `de` or `en`; default from LC_ALL, LC_MESSAGES or LANG. */
  locale?: string;
  format: 'markdown' | 'html';
  /** False (--no-measure): skip the sandbox measurement of the catalogue query. */
  measure: boolean;
  /** Synthetic rows per table for the measurement (default: the sandbox's 100,000). */
  rows?: number;
  quiet: boolean;
}

export type Command =
  | { kind: 'help' }
  | { kind: 'version' }
  | ({ kind: 'check' } & CheckArgs)
  | ({ kind: 'roadmap' } & RoadmapArgs)
  | ({ kind: 'advise' } & AdviseArgs)
  | ({ kind: 'render' } & RenderArgs)
  | ({ kind: 'decompose' } & DecomposeArgs)
  | ({ kind: 'workshop' } & WorkshopArgs);

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

const FORMATS: readonly OutputFormat[] = ['text', 'json', 'sarif'];
const ROADMAP_FORMATS: readonly RoadmapFormat[] = ['markdown', 'json'];
const FAIL_ON: readonly FailOn[] = ['error', 'warning', 'never'];
const CHECK_OPTIONS = {
  values: [
    '--format',
    '--assistant',
    '--fail-on',
    '--budget-ms',
    '--cluster-version',
    '--helm-values',
    '--query-functions',
    '--prices',
    '--ai-subject',
    '--ai-max-files',
    '--ai-model',
    '--react-compiler',
    '--lazy-min-kb',
  ],
  flags: ['--ai', '--verbose'],
};
const ROADMAP_OPTIONS = {
  values: ['--format', '--assessment', '--locale', '--budget-ms', '--cluster-version', '--query-functions', '--prices'],
  flags: ['--decompose'],
};
const ADVISE_OPTIONS = {
  values: ['--format', '--schema', '--rows', '--rows-per-table', '--database-url', '--run-timeout-ms'],
  flags: ['--analyze', '--allow-privileged-role', '--quiet'],
};
const RENDER_OPTIONS = {
  values: ['--component', '--items', '--updates', '--format'],
  flags: ['--quiet'],
};
/** Upper bounds of render's --items and --updates: past them a run takes minutes and gigabytes in a DOM emulation. */
const MAX_RENDER_ITEMS = 100_000;
const MAX_RENDER_UPDATES = 100;
const DECOMPOSE_OPTIONS = {
  values: ['--services', '--format', '--weights', '--guardrails'],
  flags: ['--no-history'],
};
/** More services than this is a request for one per file, not a decomposition. */
const MAX_SERVICES = 200;
const WORKSHOP_OPTIONS = {
  values: ['--name', '--locale', '--format', '--rows'],
  flags: ['--no-measure', '--quiet'],
};
/** Bounds of --lazy-min-kb, as of the setting `scalingAssistant.react.lazyLoadMinKb`. */
const LAZY_MIN_KB = { min: 1, max: 10_000 };
/** Upper bound of --rows: more would take minutes to load and gigabytes of memory. */
const MAX_ADVISE_ROWS = 5_000_000;

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
  if (command === 'advise') return { kind: 'advise', ...parseAdvise(rest) };
  if (command === 'render') return { kind: 'render', ...parseRender(rest) };
  if (command === 'decompose') return { kind: 'decompose', ...parseDecompose(rest) };
  if (command === 'workshop') return { kind: 'workshop', ...parseWorkshop(rest) };
  throw new UsageError(command.startsWith('-') ? `unknown option: ${command}` : `unknown command: ${command}`);
}

interface Scanned {
  positional: string[];
  flags: string[];
  values: Array<[name: string, value: string]>;
}

/** The command's one file or folder: `missing` when none is given, "`tooMany`, not N: …" when more are. */
function onlyPositional(scanned: Scanned, missing: string, tooMany: string): string {
  if (scanned.positional.length === 0) throw new UsageError(missing);
  if (scanned.positional.length > 1)
    throw new UsageError(`${tooMany}, not ${scanned.positional.length}: ${scanned.positional.join(', ')}`);
  return scanned.positional[0];
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
  const aiOption = scanned.values.find(([name]) => name.startsWith('--ai-'));
  if (aiOption && !args.ai) throw new UsageError(`${aiOption[0]} needs --ai`);
  if (args.paths.length === 0)
    throw new UsageError('check needs at least one file or folder (use "." for the current folder)');
  return args;
}

function parseWorkshop(argv: readonly string[]): WorkshopArgs {
  const scanned = scanOptions(argv, WORKSHOP_OPTIONS);
  if (scanned.positional.length !== 1)
    throw new UsageError(
      'workshop needs the folder of your copy of the workshop sample (use "." for the current folder)',
    );
  const args: WorkshopArgs = {
    folder: scanned.positional[0],
    format: 'markdown',
    measure: !scanned.flags.includes('--no-measure'),
    quiet: scanned.flags.includes('--quiet'),
  };
  for (const [name, value] of scanned.values) {
    if (name === '--name') args.name = value;
    else if (name === '--locale') args.locale = oneOf(name, value, ['en', 'de'] as const);
    else if (name === '--format') args.format = oneOf(name, value, ['markdown', 'html'] as const);
    else {
      const rows = Number(value);
      if (!Number.isInteger(rows) || rows < 100 || rows > MAX_ADVISE_ROWS)
        throw new UsageError(`--rows takes a whole number from 100 to ${MAX_ADVISE_ROWS}, not ${value}`);
      args.rows = rows;
    }
  }
  return args;
}

function parseRoadmap(argv: readonly string[]): RoadmapArgs {
  const scanned = scanOptions(argv, ROADMAP_OPTIONS);
  const folder = onlyPositional(
    scanned,
    'roadmap needs the workspace folder (use "." for the current folder)',
    'roadmap plans for one folder',
  );
  const args: RoadmapArgs = { folder, format: 'markdown' };
  if (scanned.flags.includes('--decompose')) args.decompose = true;
  for (const [name, value] of scanned.values) {
    if (name === '--format') {
      args.format = oneOf(name, value, ROADMAP_FORMATS);
    } else if (name === '--assessment') {
      if (value === '') throw new UsageError('--assessment needs a file');
      args.assessment = value;
    } else if (name === '--locale') {
      args.locale = oneOf(name, value, ['en', 'de'] as const);
    } else {
      // --budget-ms, --cluster-version, --query-functions and --prices mean what they mean for check.
      const shared: CheckArgs = { paths: [], format: 'text', failOn: 'error', ai: false, verbose: false };
      applyValue(shared, name, value);
      if (shared.budgetMs !== undefined) args.budgetMs = shared.budgetMs;
      if (shared.clusterVersion !== undefined) args.clusterVersion = shared.clusterVersion;
      if (shared.queryFunctions !== undefined) args.queryFunctions = shared.queryFunctions;
      if (shared.prices !== undefined) args.prices = shared.prices;
    }
  }
  return args;
}

function parseAdvise(argv: readonly string[]): AdviseArgs {
  const scanned = scanOptions(argv, ADVISE_OPTIONS);
  const file = onlyPositional(
    scanned,
    'advise needs the SQL file whose statements to measure',
    'advise measures one file',
  );
  const args: AdviseArgs = {
    file,
    schema: [],
    rows: 100_000,
    analyze: false,
    format: 'text',
    quiet: false,
  };
  for (const flag of scanned.flags) {
    if (flag === '--analyze') args.analyze = true;
    else if (flag === '--allow-privileged-role') args.allowPrivilegedRole = true;
    else args.quiet = true;
  }
  for (const [name, value] of scanned.values) {
    switch (name) {
      case '--format':
        args.format = oneOf(name, value, ['json', 'text'] as const);
        break;
      case '--schema':
        if (value === '') throw new UsageError('--schema needs a file or folder');
        args.schema.push(value);
        break;
      case '--rows':
        args.rows = rowCount(name, value);
        break;
      case '--rows-per-table': {
        // table=N[,table=N…]
        const perTable: Record<string, number> = { ...args.rowsPerTable };
        for (const pair of value
          .split(',')
          .map((p) => p.trim())
          .filter(Boolean)) {
          const eq = pair.indexOf('=');
          if (eq <= 0) throw new UsageError(`--rows-per-table needs table=N pairs, not "${pair}"`);
          perTable[pair.slice(0, eq).trim()] = rowCount(name, pair.slice(eq + 1).trim(), 0);
        }
        args.rowsPerTable = perTable;
        break;
      }
      case '--database-url':
        if (!/^postgres(?:ql)?:\/\//i.test(value))
          throw new UsageError('--database-url needs a postgres:// or postgresql:// URL');
        args.databaseUrl = value;
        break;
      case '--run-timeout-ms':
        args.runTimeoutMs = milliseconds(name, value, 1_000, 3_600_000);
        break;
    }
  }
  if (args.analyze && !args.databaseUrl)
    throw new UsageError('--analyze applies to --database-url (the sandbox always executes)');
  if (args.allowPrivilegedRole && !args.analyze)
    throw new UsageError('--allow-privileged-role applies to --analyze (without it nothing is executed)');
  return args;
}

function parseRender(argv: readonly string[]): RenderArgs {
  const scanned = scanOptions(argv, RENDER_OPTIONS);
  const file = onlyPositional(
    scanned,
    'render needs the React file whose component to render',
    'render measures one file',
  );
  const args: RenderArgs = { file, format: 'markdown', quiet: scanned.flags.length > 0 };
  for (const [name, value] of scanned.values) {
    if (name === '--component') {
      if (!/^[A-Za-z_$][\w$]*$/.test(value))
        throw new UsageError(`--component needs a component's name, not "${value}"`);
      args.component = value;
    } else if (name === '--items') args.items = wholeNumber(name, value, 1, MAX_RENDER_ITEMS);
    else if (name === '--updates') args.updates = wholeNumber(name, value, 1, MAX_RENDER_UPDATES);
    else args.format = oneOf(name, value, ['json', 'markdown'] as const);
  }
  return args;
}

/** A whole number from `min` to `max`, `_` allowed between digits (`100_000`), of `unit` ("rows") if given. */
function wholeNumber(name: string, value: string, min: number, max: number, unit?: string): number {
  const n = Number(value.replace(/_/g, ''));
  if (!/^\d[\d_]*$/.test(value) || !Number.isSafeInteger(n) || n < min || n > max)
    throw new UsageError(
      `${name} needs a whole number${unit ? ` of ${unit}` : ''} from ${min} to ${max.toLocaleString('en-US')}, not "${value}"`,
    );
  return n;
}

function parseDecompose(argv: readonly string[]): DecomposeArgs {
  const scanned = scanOptions(argv, DECOMPOSE_OPTIONS);
  const folder = onlyPositional(
    scanned,
    'decompose needs the folder of the monolith (use "." for the current folder)',
    'decompose plans one folder',
  );
  const args: DecomposeArgs = { folder, format: 'markdown', history: true };
  if (scanned.flags.includes('--no-history')) args.history = false;
  for (const [name, value] of scanned.values) {
    if (name === '--services') {
      const n = Number(value);
      if (!/^\d+$/.test(value) || n < 1 || n > MAX_SERVICES)
        throw new UsageError(`--services needs a whole number from 1 to ${MAX_SERVICES}, not "${value}"`);
      args.services = n;
    } else if (name === '--format') args.format = oneOf(name, value, ['json', 'markdown'] as const);
    else if (name === '--weights') {
      if (value.trim() === '') throw new UsageError('--weights needs signal=weight pairs, e.g. imports=1,data=2');
      args.weights = value;
    } else {
      if (value === '') throw new UsageError('--guardrails needs a folder');
      args.guardrails = value;
    }
  }
  return args;
}

function rowCount(name: string, value: string, min = 1): number {
  return wholeNumber(name, value, min, MAX_ADVISE_ROWS, 'rows');
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
      const ids = value
        .split(',')
        .map((id) => id.trim())
        .filter(Boolean);
      if (ids.length === 0) throw new UsageError(`--assistant needs one or more of: ${known.join(', ')}`);
      const selected = new Set(args.assistants);
      for (const id of ids) selected.add(oneOf(name, id, known));
      args.assistants = [...selected];
      return;
    }
    case '--budget-ms':
      args.budgetMs = milliseconds(name, value);
      return;
    case '--react-compiler':
      args.reactCompiler = oneOf(name, value, ['auto', 'on', 'off'] as const);
      return;
    case '--lazy-min-kb': {
      // The setting's bounds (package.json): a fraction of a kB is allowed, as it is there.
      const kb = Number(value);
      if (!/^\d+(?:\.\d+)?$/.test(value) || kb < LAZY_MIN_KB.min || kb > LAZY_MIN_KB.max)
        throw new UsageError(
          `--lazy-min-kb needs a size in kB (gzip) from ${LAZY_MIN_KB.min} to ${LAZY_MIN_KB.max.toLocaleString('en-US')}, not "${value}"`,
        );
      args.lazyMinKb = kb;
      return;
    }
    case '--cluster-version': {
      if (!/^v?1\.\d+(\.\d+)?$/.test(value))
        throw new UsageError(`--cluster-version needs a Kubernetes version such as 1.30, not "${value}"`);
      args.clusterVersion = value;
      return;
    }
    case '--helm-values': {
      if (value.trim() === '') throw new UsageError('--helm-values needs a values file');
      // Files are named relative to where the CLI runs (walk.ts displayPath): an absolute path is made so too.
      const file = path.isAbsolute(value) ? path.relative(process.cwd(), value) : value;
      args.helmValuesFiles = [...(args.helmValuesFiles ?? []), file.split(path.sep).join('/')];
      return;
    }
    case '--query-functions': {
      const names = value
        .split(',')
        .map((n) => n.trim())
        .filter(Boolean);
      const bad = names.find((n) => !/^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*$/.test(n));
      if (names.length === 0 || bad !== undefined)
        throw new UsageError(
          `--query-functions needs names or dotted names such as rawQuery,db.run${bad ? `, not "${bad}"` : ''}`,
        );
      args.queryFunctions = [...new Set([...(args.queryFunctions ?? []), ...names])];
      return;
    }
    case '--prices':
      args.prices = parsePrices(value);
      return;
    case '--ai-subject': {
      const known = ASSISTANTS.map((a) => a.id);
      const ids = value
        .split(',')
        .map((id) => id.trim())
        .filter(Boolean);
      if (ids.length === 0) throw new UsageError(`--ai-subject needs one or more of: ${known.join(', ')}`);
      args.aiSubjects = [...new Set([...(args.aiSubjects ?? []), ...ids.map((id) => oneOf(name, id, known))])];
      return;
    }
    case '--ai-max-files': {
      const n = Number(value);
      if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n <= 0)
        throw new UsageError(`--ai-max-files needs a positive whole number, not "${value}"`);
      args.aiMaxFiles = n;
      return;
    }
    case '--ai-model': {
      if (!/^[A-Za-z0-9][\w.:@/-]{0,99}$/.test(value))
        throw new UsageError(`--ai-model needs a model id such as claude-sonnet-5-5, not "${value}"`);
      args.aiModel = value;
      return;
    }
  }
}

const PRICES_USAGE = '--prices needs cpuHour=<price>,memoryGiBHour=<price>[,currency=<ISO code>]';

function parsePrices(value: string): K8sPrices {
  const fields = new Map<string, string>();
  for (const part of value.split(',').map((p) => p.trim())) {
    const eq = part.indexOf('=');
    if (eq <= 0) throw new UsageError(`${PRICES_USAGE}, not "${value}"`);
    fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const price = (key: string): number => {
    const text = fields.get(key);
    const n = Number(text);
    if (text === undefined || !/^\d+(\.\d+)?$/.test(text) || !Number.isFinite(n))
      throw new UsageError(`${PRICES_USAGE}: ${key} ${text === undefined ? 'is missing' : `"${text}" is not a price`}`);
    return n;
  };
  const unknown = [...fields.keys()].find((k) => !['cpuHour', 'memoryGiBHour', 'currency'].includes(k));
  if (unknown) throw new UsageError(`${PRICES_USAGE}: unknown field "${unknown}"`);
  const currency = fields.get('currency');
  if (currency !== undefined && !/^[A-Z]{3}$/.test(currency))
    throw new UsageError(`${PRICES_USAGE}: currency "${currency}" is not a three-letter code such as EUR`);
  return { cpuHour: price('cpuHour'), memoryGiBHour: price('memoryGiBHour'), ...(currency ? { currency } : {}) };
}

/** The HPA reviewer's settings from the flags that set them (check and roadmap alike). */
export function k8sSettingsOf(args: {
  clusterVersion?: string;
  prices?: K8sPrices;
  helmValuesFiles?: string[];
}): Record<string, unknown> {
  return {
    ...(args.clusterVersion ? { clusterVersion: args.clusterVersion } : {}),
    ...(args.helmValuesFiles ? { helmValuesFiles: args.helmValuesFiles } : {}),
    ...(args.prices ? { prices: args.prices } : {}),
  };
}

/** A whole number of milliseconds: positive (and safe), or from `min` to `max`. */
function milliseconds(name: string, value: string, min = 1, max = Number.MAX_SAFE_INTEGER): number {
  const ms = Number(value);
  const range = min > 1 ? ` from ${min} to ${max}` : '';
  if (!/^\d+$/.test(value) || ms < min || ms > max)
    throw new UsageError(
      `${name} needs a ${range ? '' : 'positive '}whole number of milliseconds${range}, not "${value}"`,
    );
  return ms;
}

function oneOf<T extends string>(name: string, value: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`${name}: unknown value "${value}" (expected ${allowed.join(', ')})`);
}
