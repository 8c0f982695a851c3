import type { AccessMode, DataSource, UseCaseKind } from '../model';

/**
 * What one file says, read from its syntax alone in one walk (file-scan.ts) and cached by the file's stamp.
 * Nothing here is resolved: names are the file's own bindings, and the extractors (data, calls, use cases,
 * transactions) resolve them through the module graph on every refresh, which is cheap.
 */

export interface Span {
  start: number;
  end: number;
}

/** A named piece of code others can call: a top-level function, a class, a method (`Class.method`). */
export interface Unit extends Span {
  name: string;
}

/**
 * A call or `new` of a binding of this file: `f()`, `ns.f()`, `obj.method()`, and `this.prop.method()` where
 * `prop` is a constructor parameter typed by a class (`binding` is then the type's name). `this.method()`
 * inside class C has binding C and `self`.
 */
export interface ScannedCall extends Span {
  binding: string;
  member?: string;
  self?: boolean;
  /** The first function written as an argument (`transaction(async (tx) => …)`): a wrapper's block. */
  callback?: Span;
  /** The first argument when it is a bare identifier (`em.find(Order, …)`: the entity). */
  firstArgument?: string;
}

/** A class or value that stands for a table: an entity, a model. */
export interface EntityDeclaration {
  /** The binding in this file (`default` for an anonymous default export). */
  local: string;
  table: string;
  source: DataSource;
}

/** A read or write through a binding that should name an entity: `Order.findAll()`, `repo.save()`. */
export interface ModelUse extends Span {
  binding: string;
  mode: AccessMode;
}

/** A query naming its table as a string, in a query builder whose calls say which one it is (Kysely). */
export interface TableUse extends Span {
  table: string;
  mode: AccessMode;
  source: DataSource;
}

export interface PrismaUse extends Span {
  /** `prisma.orderItem.create`: `orderItem`. */
  delegate: string;
  mode: AccessMode;
}

export interface KnexUse extends Span {
  /** The first identifier of the chain: `knex`, `trx`, `db`; the extractor checks it is a Knex instance. */
  root: string;
  table: string;
  mode: AccessMode;
}

/**
 * A transaction in this file: a callback handed to `$transaction`/`transaction`/`transactional` (the block
 * is the callback), or a function that opens one itself (`BEGIN`, `startTransaction`, `@Transactional`).
 */
export interface ScannedTransaction extends Span {
  opens: 'callback' | 'function';
}

export type Handler = Span | { binding: string; member?: string };

export interface ScannedRoute extends Span {
  /** The router or app the route is declared on (a top-level binding, or the function it is made in). */
  router: string;
  /** The binding written before `.get(…)`: a router's name tells a route from a map's `get`. */
  receiver: string;
  method: string;
  path: string;
  handler?: Handler;
}

export interface ScannedMount extends Span {
  router: string;
  prefix: string;
  /** The binding mounted: a router, a function returning one, a Fastify plugin. */
  target: string;
}

export interface ScannedEntry extends Span {
  /** An HTTP route only when it has no path to join (a tRPC procedure); routes with paths are `ScannedRoute`. */
  kind: UseCaseKind;
  name: string;
  handler?: Handler;
}

export interface FileScan {
  units: Unit[];
  calls: ScannedCall[];
  entities: EntityDeclaration[];
  /**
   * Custom repository classes (`@EntityRepository(Order) class OrderRepository extends Repository<Order>`): the
   * class stands for its entity's table, and the entity is a binding of this file.
   */
  repositoryClasses: { local: string; entity: string }[];
  modelUses: ModelUse[];
  prismaUses: PrismaUse[];
  knexUses: KnexUse[];
  tableUses: TableUse[];
  /** Bindings made by `knex(config)`. */
  knexInstances: string[];
  transactions: ScannedTransaction[];
  /** Bindings made by `express()`, `Router()`, `fastify()`, `new Router({ prefix })`…, with their own prefix. */
  routers: { binding: string; prefix: string }[];
  routes: ScannedRoute[];
  mounts: ScannedMount[];
  entries: ScannedEntry[];
  /** `app.setGlobalPrefix('api')` of a NestJS bootstrap. */
  globalPrefix?: string;
  /** Exported names with a function body, for Next.js route handlers (`export async function GET`). */
  exportedFunctions: string[];
  /**
   * `export const config = { event: 'order.placed' }` or `{ schedule: '0 * * * *' }` beside a default export:
   * a subscriber or a job declared by convention (Medusa and similar file-based frameworks).
   */
  exportedConfig?: { events: string[]; schedule?: string };
  hasDefaultExport: boolean;
  /**
   * The file runs nothing: no function, method or constructor body, no table, database client, route or way in; it declares types,
   * constants or schemas (a DTO, an OpenAPI schema object, an enum) that other files use.
   */
  declarationsOnly: boolean;
  /** The text might hold SQL (worth asking the query optimizer's facts). */
  mightHoldSql: boolean;
}
