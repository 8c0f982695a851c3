/**
 * How each truth file is derived: the repository, the commit before its split (the monolith the planner reads)
 * and the commit after it (whose layout is the truth), which files of the monolith count, and which folders of
 * the later layout are which service. `derive.ts` applies a recipe to a clone; the JSON it writes holds paths
 * and service names only.
 */
export interface Destination {
  /** A folder of the later layout, with a trailing slash. */
  prefix: string;
  /** The service's name, or how to name it from the path under the prefix (a package per service). */
  service: string | ((rest: string) => string | undefined);
}

export interface Recipe {
  name: string;
  repository: string;
  before: string;
  after: string;
  /** The monolith's folder at `before`: what the planner is run on; truth paths are relative to it. */
  input: string;
  /** Which files under `input` (relative to it) are part of the truth. */
  include: RegExp;
  destinations: Destination[];
  /**
   * A monolith file deleted at `after` with no rename found is matched by its last path segments to the files
   * under the destinations (unique service only): the split moved it and changed it too much for git to pair.
   */
  matchByName: boolean;
  /** One line for the docs: why this repository and what the mapping can and cannot say. */
  note: string;
  /** Added after the planner's settings were chosen and never used to choose them: it tests them. */
  heldOut?: boolean;
}

const SOURCE = /\.(?:[cm]?[jt]sx?)$/;
const NOT_SOURCE = /(?:^|\/)(?:__tests__|__mocks__|e2e|test|tests|migrations)\/|\.(?:spec|test|e2e|d)\.[cm]?[jt]sx?$/;

export const RECIPES: Recipe[] = [
  {
    name: 'novu',
    repository: 'novuhq/novu',
    // v0.13.0 has one API (apps/api) running its queue workers in process; v0.14.0 introduced apps/worker and
    // moved the shared providers, queues and use cases to packages/application-generic.
    before: 'v0.13.0',
    after: 'v0.14.0',
    input: 'apps/api',
    include: /^src\//,
    destinations: [
      { prefix: 'apps/api/', service: 'api' },
      { prefix: 'apps/worker/', service: 'worker' },
      { prefix: 'packages/application-generic/', service: 'application-generic' },
    ],
    matchByName: true,
    note:
      'NestJS notification platform; the job processing left the API for a worker service, the code both need ' +
      'became a shared package. Files git pairs as renames, the rest by name.',
  },
  {
    name: 'medusa',
    repository: 'medusajs/medusa',
    // The last commit before the first commerce module (stock location, #2907) left packages/medusa; by 2.0 the
    // domain lives in one package per module under packages/modules.
    before: 'cc10c20f356d4fe98336d879f8c9523bb63e9e48',
    after: '59e6747800133e091d20c2c167f600981abc5c0d',
    input: 'packages/medusa',
    include: /^src\/(?:models|services|repositories)\/[^/]+$/,
    destinations: [
      {
        prefix: 'packages/modules/',
        service: (rest) => {
          const [folder, provider] = rest.split('/');
          // Providers are plug-ins of a module (payment-stripe, file-s3): they belong to that module.
          return folder === 'providers' ? provider?.split('-')[0] : folder;
        },
      },
    ],
    matchByName: true,
    note:
      'Commerce engine rewritten into modules for 2.0: no file survived as a rename, so only the models, ' +
      'services and repositories whose name reappears in exactly one module are in the truth.',
  },
  {
    name: 'erxes',
    repository: 'erxes/erxes',
    // 0.23.0 is the last release of the one GraphQL API (api/); 1.0.0 is the first of its split into a core, a
    // gateway, workers and one federated service per plugin (packages/plugin-<name>-api).
    before: '0.23.0',
    after: '1.0.0',
    input: 'api',
    include: /^src\//,
    destinations: [
      {
        prefix: 'packages/',
        service: (rest) => {
          const folder = rest.split('/')[0];
          const plugin = /^plugin-(.+)-api$/.exec(folder);
          if (plugin) return plugin[1];
          return ['core', 'gateway', 'workers', 'api-utils'].includes(folder) ? folder : undefined;
        },
      },
    ],
    matchByName: true,
    note:
      'Customer-engagement suite (GraphQL, TypeScript); the API became a core, a gateway, workers and a service ' +
      'per plugin federated through Apollo. Files git pairs as renames, the rest by name.',
  },
  {
    name: 'langfuse',
    repository: 'langfuse/langfuse',
    // Held out: added after the planner's granularity was chosen, and nothing was tuned on it. bc4597e (v2.7.1+4)
    // is the last commit before the worker container (#1224): the Next.js app (web/) served the UI, the API and
    // the ingestion. By v3.0.0 ingestion and evaluation run in worker/, and code both need moved to
    // packages/shared.
    before: 'bc4597e1831b200ae17ac213fd67db7d0fa61bff',
    after: 'v3.0.0',
    input: 'web',
    // The back end of the Next.js app: its server code and API routes (the React pages and components stay in web
    // by construction).
    include: /^src\/(?:server|pages\/api|features\/[^/]+\/server)\//,
    destinations: [
      { prefix: 'web/', service: 'web' },
      { prefix: 'worker/', service: 'worker' },
      { prefix: 'packages/shared/', service: 'shared' },
    ],
    matchByName: true,
    heldOut: true,
    note:
      'LLM observability platform (Next.js, tRPC, Prisma); ingestion and evaluations left the web app for a ' +
      'worker service whose code was new, and the code both need went to a shared package, so the truth is web ' +
      'and shared. Files git pairs as renames, the rest by name.',
  },
  {
    name: 'payload',
    repository: 'payloadcms/payload',
    // Held out: added after the planner's settings were chosen (session 10) and scored before any change. The
    // 1.x CMS was one package (src/ at the root: Express, GraphQL, Mongoose, the webpack admin build); 2.0 made
    // it a workspace where the database (db-mongodb), the admin bundler (bundler-webpack, bundler-vite) and the
    // rich-text editor (richtext-slate) are packages of their own. `before` is where the 2.0 branch last took
    // 1.x's main (the merge base of v2.0.0 and main), so the diff holds the split and nothing of 1.x.
    before: '63e3063b9e',
    after: 'v2.0.0',
    input: 'src',
    // The server side: the React admin (src/admin) is a front end the back end bundles, left out as langfuse's
    // pages are.
    include: /^(?!admin\/)/,
    destinations: [{ prefix: 'packages/', service: (rest) => rest.split('/')[0] }],
    matchByName: true,
    heldOut: true,
    note:
      'Headless CMS (Express, GraphQL, Mongoose); 2.0 split the one package into the core, a database adapter, ' +
      'bundler adapters and a rich-text editor package. Files git pairs as renames, the rest by name.',
  },
];

/** A monolith file counts when the recipe includes it and it is source, not a test or a migration. */
export function isTruthSource(recipe: Recipe, relative: string): boolean {
  return recipe.include.test(relative) && SOURCE.test(relative) && !NOT_SOURCE.test(relative);
}
