import type * as TS from 'typescript';
import type { AccessMode, DataSource } from '../model';
import type { EntityDeclaration, FileScan, Handler, ScannedEntry, Span } from './file-scan-model';
import { KNEX_WRITES, PRISMA_METHODS, modeOfMethod, mongooseCollection, pluralize, snakeCase } from './orm-vocabulary';

/**
 * One walk over a file's syntax tree that notes everything the facts extractors need: named units, calls of
 * bindings, entities and their uses, transactions, routes, mounts and other ways in. Syntax only; the
 * extractors resolve the bindings through the module graph.
 */

const HTTP_VERBS = new Set(['get', 'post', 'put', 'patch', 'delete', 'del', 'all', 'head', 'options']);
/**
 * A route's path: absolute (`/orders/:id`, `*`), or relative to the router's mount, as Koa's router takes it
 * (`router.post('documents.list', …)` in Outline, reached at /api/documents.list). A relative one must look like a
 * path (no spaces), and the call must still be on a router and hand over a handler, so `cache.get('key', fallback)`
 * on a receiver that is no router stays no route.
 */
const ROUTE_PATH = /^(?:[/*]|[\w:.-]+(?:\/[\w:.*-]+)*\/?$)/;
const NEST_VERBS: Readonly<Record<string, string>> = {
  Get: 'GET',
  Post: 'POST',
  Put: 'PUT',
  Patch: 'PATCH',
  Delete: 'DELETE',
  All: 'ALL',
  Head: 'HEAD',
  Options: 'OPTIONS',
};
const ROUTER_FACTORIES = new Set(['express', 'Router', 'fastify', 'Fastify', 'createRouter', 'Hono', 'Koa']);
const REPOSITORY_TYPES = new Set(['Repository', 'EntityRepository', 'MongoRepository', 'TreeRepository', 'Model']);
/** Drizzle's table builders: `pgTable('orders', {…})` declares the table `orders`. */
const DRIZZLE_TABLES = new Set(['pgTable', 'mysqlTable', 'sqliteTable', 'singlestoreTable']);
/** Kysely's query starters, each naming its table: `db.selectFrom('orders')`. */
const KYSELY = new Map<string, AccessMode>([
  ['selectFrom', 'read'],
  ['insertInto', 'write'],
  ['replaceInto', 'write'],
  ['updateTable', 'write'],
  ['deleteFrom', 'write'],
  ['mergeInto', 'write'],
]);
/**
 * Calls handed a table object (Drizzle's `db.select().from(orders)`, `db.insert(orders)`) or an entity class
 * (TypeORM's query builder `.from(Order, 'o')`, `.into(Order)`, `.update(Order)`), with what they do to it.
 */
const TABLE_ARGUMENT = new Map<string, AccessMode>([
  ['from', 'read'],
  ['innerJoin', 'read'],
  ['leftJoin', 'read'],
  ['rightJoin', 'read'],
  ['fullJoin', 'read'],
  ['into', 'write'],
  ['insert', 'write'],
  ['update', 'write'],
  ['delete', 'write'],
]);
/** Calls handing back a repository of the entity (or custom repository class) they are given. */
const REPOSITORY_GETTERS = new Set(['getRepository', 'getMongoRepository', 'getTreeRepository', 'getCustomRepository']);
/** Receivers whose `on('x')` is I/O plumbing, not a domain event. */
const PLUMBING =
  /^(?:process|req|request|res|response|socket|stream|server|ws|wss|child|proc|conn|connection|pool|client|redis|db|page|browser|window|document|el|element|worker|rl|readline|watcher|file|input|output)$/i;
const EVENT_RECEIVER = /(?:bus|emitter|events?|hub|dispatcher|broker|pubsub|mediator|eventEmitter)$/i;
const CRON_EXPRESSION = /^\s*(?:@\w+|(?:\S+\s+){4,5}\S+)\s*$/;
const JOB_FOLDER = /(?:^|\/)(?:jobs?|cron|crons|schedulers?|workers?)\//;
/** Constructors of a job queue: Bull's `new Queue(name)` (or `new Bull(name)`), bee-queue's `new BeeQueue(name)`. */
const QUEUE_CONSTRUCTOR = /^(?:Queue|Bull|Bee|BeeQueue)$/;
const BEGIN = /^\s*(?:BEGIN|START\s+TRANSACTION)\b/i;
const MIGHT_HOLD_SQL =
  /\b(?:select\b[\s\S]{0,400}?\bfrom|insert\s+into|update\s+["`\w.]+\s+set|delete\s+from|merge\s+into|truncate\s+(?:table\s+)?["`\w])/i;

export function scanFile(ts: typeof TS, file: string, text: string): FileScan {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, scriptKindOf(ts, file));
  const scan: FileScan = {
    units: [],
    calls: [],
    entities: [],
    repositoryClasses: [],
    modelUses: [],
    prismaUses: [],
    knexUses: [],
    tableUses: [],
    knexInstances: [],
    transactions: [],
    routers: [],
    routes: [],
    mounts: [],
    entries: [],
    exportedFunctions: [],
    hasDefaultExport: false,
    declarationsOnly: false,
    mightHoldSql: MIGHT_HOLD_SQL.test(text),
  };
  const importFrom = new Map<string, string>();
  const topLevel = new Set<string>();
  const numbers = new Map<string, string>();
  const repositories = new Map<string, string>();
  const queues = new Map<string, string>();
  const commonTables = new Set<string>();
  /** String constants of the file (`const PATH = '/:id/stock'`), for paths written through them. */
  const strings = new Map<string, string>();
  /** Functions, methods and constructors with a body: none, and the file only declares (types, constants, schemas). */
  let bodies = 0;
  const kafkaTopics = new Map<string, string[]>();
  const kafkaRuns: { receiver: string; span: Span; handler?: Handler }[] = [];
  const inJobFolder = JOB_FOLDER.test(file.replace(/\\/g, '/'));

  const span = (node: TS.Node): Span => ({ start: node.getStart(source), end: node.end });
  const hasModifier = (node: TS.Node, kind: TS.SyntaxKind) =>
    ts.canHaveModifiers(node) && (ts.getModifiers(node)?.some((m) => m.kind === kind) ?? false);
  const stringOf = (node: TS.Node | undefined): string | undefined =>
    node && (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) ? node.text : undefined;
  const isFunction = (node: TS.Node | undefined): node is TS.ArrowFunction | TS.FunctionExpression =>
    !!node && (ts.isArrowFunction(node) || ts.isFunctionExpression(node));
  const property = (object: TS.Node | undefined, name: string): TS.Expression | undefined => {
    if (!object || !ts.isObjectLiteralExpression(object)) return undefined;
    for (const p of object.properties) {
      if (ts.isPropertyAssignment(p) && propertyName(p.name) === name) return p.initializer;
      if (ts.isMethodDeclaration(p) && propertyName(p.name) === name) return p as unknown as TS.Expression;
      if (ts.isShorthandPropertyAssignment(p) && p.name.text === name) return p.name;
    }
    return undefined;
  };
  const propertyName = (name: TS.PropertyName): string | undefined =>
    ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isPrivateIdentifier(name) ? name.text : undefined;
  const decoratorsOf = (node: TS.Node): { name: string; args: readonly TS.Expression[] }[] =>
    (ts.canHaveDecorators(node) ? (ts.getDecorators(node) ?? []) : []).flatMap(
      (d): { name: string; args: readonly TS.Expression[] }[] => {
        const e = d.expression;
        if (ts.isCallExpression(e) && ts.isIdentifier(e.expression))
          return [{ name: e.expression.text, args: e.arguments }];
        if (ts.isIdentifier(e)) return [{ name: e.text, args: [] }];
        return [];
      },
    );

  /** A handler argument: a function written there, a binding, `controller.method`, or `wrap(handler)`. */
  const handlerOf = (node: TS.Expression | undefined): Handler | undefined => {
    if (!node) return undefined;
    if (isFunction(node)) return span(node);
    if (ts.isIdentifier(node)) return { binding: node.text };
    if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.expression))
      return { binding: node.expression.text, member: node.name.text };
    if (ts.isCallExpression(node) && node.arguments.length > 0) return handlerOf(node.arguments[0]);
    return undefined;
  };

  // ── Top level: imports, named units, exports ──────────────────────────────────────────────────────────────
  const addUnit = (name: string, node: TS.Node) => scan.units.push({ name, ...span(node) });
  const addClassUnits = (name: string, node: TS.ClassLikeDeclaration) => {
    addUnit(name, node);
    for (const member of node.members) {
      const memberName = member.name && propertyName(member.name);
      if (!memberName) continue;
      if (ts.isMethodDeclaration(member) || ts.isGetAccessor(member)) addUnit(`${name}.${memberName}`, member);
      else if (ts.isPropertyDeclaration(member) && isFunction(member.initializer))
        addUnit(`${name}.${memberName}`, member.initializer);
    }
  };
  for (const statement of source.statements) {
    const exported = hasModifier(statement, ts.SyntaxKind.ExportKeyword);
    const isDefault = hasModifier(statement, ts.SyntaxKind.DefaultKeyword);
    if (isDefault) scan.hasDefaultExport = true;
    if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier)) {
      const clause = statement.importClause;
      const from = statement.moduleSpecifier.text;
      if (clause?.name) importFrom.set(clause.name.text, from);
      const bindings = clause?.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings)) importFrom.set(bindings.name.text, from);
      else if (bindings) for (const element of bindings.elements) importFrom.set(element.name.text, from);
    } else if (ts.isFunctionDeclaration(statement)) {
      const name = statement.name?.text ?? 'default';
      topLevel.add(name);
      addUnit(name, statement);
      if (exported && statement.name) scan.exportedFunctions.push(name);
    } else if (ts.isClassDeclaration(statement)) {
      const name = statement.name?.text ?? 'default';
      topLevel.add(name);
      addClassUnits(name, statement);
    } else if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        if (!ts.isIdentifier(declaration.name)) continue;
        const name = declaration.name.text;
        topLevel.add(name);
        const init = declaration.initializer;
        if (isFunction(init)) {
          addUnit(name, init);
          if (exported) scan.exportedFunctions.push(name);
        } else if (exported && name === 'config' && init && ts.isObjectLiteralExpression(init)) {
          const event = property(init, 'event');
          const events = event && ts.isArrayLiteralExpression(event) ? event.elements.map(stringOf) : [stringOf(event)];
          const schedule = stringOf(property(init, 'schedule'));
          scan.exportedConfig = {
            events: events.filter((e): e is string => e !== undefined),
            ...(schedule ? { schedule } : {}),
          };
        } else if (init && ts.isObjectLiteralExpression(init)) {
          for (const p of init.properties) {
            const key = p.name && propertyName(p.name);
            if (!key) continue;
            if (ts.isMethodDeclaration(p)) addUnit(`${name}.${key}`, p);
            else if (ts.isPropertyAssignment(p) && isFunction(p.initializer)) addUnit(`${name}.${key}`, p.initializer);
          }
        } else if (init && ts.isClassExpression(init)) addClassUnits(name, init);
        else if (init && ts.isNumericLiteral(init)) numbers.set(name, init.text);
      }
    } else if (ts.isExportAssignment(statement)) {
      scan.hasDefaultExport = true;
      if (isFunction(statement.expression))
        addUnit(statement.isExportEquals ? 'export=' : 'default', statement.expression);
      const entity = entityOfInit(statement.expression, 'default');
      if (entity) scan.entities.push(entity);
    } else if (ts.isExpressionStatement(statement) && ts.isCallExpression(statement.expression)) {
      const entity = sequelizeInit(statement.expression);
      if (entity) scan.entities.push(entity);
    } else if (ts.isExpressionStatement(statement) && ts.isBinaryExpression(statement.expression)) {
      const { left, right } = statement.expression;
      if (ts.isPropertyAccessExpression(left) && left.getText(source) === 'module.exports') {
        scan.hasDefaultExport = true;
        if (isFunction(right)) addUnit('export=', right);
        const entity = entityOfInit(right, 'export=');
        if (entity) scan.entities.push(entity);
        if (isKnexFactory(right)) scan.knexInstances.push('export=');
      }
    }
  }

  // ── Declarations that stand for tables, routers, Knex instances, repositories ───────────────────────────────
  /** `f(…)` and `a.b.f(…)`: f. */
  function nameOfCallee(callee: TS.Expression): string | undefined {
    if (ts.isIdentifier(callee)) return callee.text;
    return ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
  }

  /** Sequelize's table for a model: the one given, else the model name, pluralised unless frozen. */
  function sequelizeTable(options: TS.Expression | undefined, model: string): string {
    const table = stringOf(property(options, 'tableName'));
    const frozen = property(options, 'freezeTableName')?.kind === ts.SyntaxKind.TrueKeyword;
    return table ?? (frozen ? model : pluralize(model));
  }

  function entityOfInit(init: TS.Expression | undefined, local: string): EntityDeclaration | undefined {
    if (!init || !ts.isCallExpression(init)) return undefined;
    const callee = init.expression;
    const calleeName = nameOfCallee(callee);
    const name = stringOf(init.arguments[0]);
    if (!name || init.arguments.length < 2) return undefined;
    if (calleeName === 'model') {
      const table = stringOf(init.arguments[2]) ?? mongooseCollection(name);
      return { local, table, source: 'mongoose' };
    }
    if (calleeName && DRIZZLE_TABLES.has(calleeName)) return { local, table: name, source: 'drizzle' };
    if (calleeName === 'define' && ts.isPropertyAccessExpression(callee)) {
      const receiver = callee.expression;
      // Medusa's data model language (`model.define('product_variant', {…})`) over MikroORM: the name is the table.
      if (ts.isIdentifier(receiver) && receiver.text === 'model' && /^@medusajs\//.test(importFrom.get('model') ?? ''))
        return { local, table: /[A-Z]/.test(name) ? snakeCase(name) : name, source: 'mikro-orm' };
      return { local, table: sequelizeTable(init.arguments[2], name), source: 'sequelize' };
    }
    return undefined;
  }

  /** `Review.init(attributes, { sequelize, tableName?, modelName? })`: a Sequelize model class. */
  function sequelizeInit(node: TS.CallExpression): EntityDeclaration | undefined {
    const callee = node.expression;
    const options = node.arguments[1];
    if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== 'init' || !ts.isIdentifier(callee.expression))
      return undefined;
    if (!property(options, 'sequelize') && !property(options, 'tableName')) return undefined;
    const local = callee.expression.text;
    const model = stringOf(property(options, 'modelName')) ?? local;
    return { local, table: sequelizeTable(options, model), source: 'sequelize' };
  }

  function isKnexFactory(init: TS.Expression | undefined): boolean {
    if (!init || !ts.isCallExpression(init)) return false;
    const callee = init.expression;
    if (ts.isIdentifier(callee)) return callee.text === 'knex' || callee.text === 'Knex';
    if (ts.isCallExpression(callee)) return stringOf(callee.arguments[0]) === 'knex';
    return false;
  }

  /** The own prefix of a router made here (`Router()`, `express()`, `new Router({ prefix })`), or undefined. */
  function routerPrefix(node: TS.CallExpression | TS.NewExpression): string | undefined {
    const callee = node.expression;
    const name = nameOfCallee(callee);
    if (!name || !(ROUTER_FACTORIES.has(name) || /Router$/.test(name))) return undefined;
    return stringOf(property(node.arguments?.[0], 'prefix')) ?? '';
  }

  /**
   * The binding a router made here ends up in, through a chain written on it: `const api = Router().use(a)`
   * is `api`, `export default Router().use('/api', api)` is `default`.
   */
  function bindingOfChain(node: TS.Node): string {
    let current = node;
    for (;;) {
      const parent = current.parent as TS.Node | undefined;
      if (!parent) break;
      const chained =
        (ts.isPropertyAccessExpression(parent) && parent.expression === current) ||
        (ts.isCallExpression(parent) && parent.expression === current) ||
        ts.isAwaitExpression(parent) ||
        ts.isParenthesizedExpression(parent);
      if (!chained) break;
      current = parent;
    }
    const parent = current.parent as TS.Node | undefined;
    if (parent && ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) return identity(parent.name.text);
    if (parent && ts.isExportAssignment(parent)) return parent.isExportEquals ? 'export=' : 'default';
    if (parent && ts.isBinaryExpression(parent) && parent.left.getText(source) === 'module.exports') return 'export=';
    return top ?? '(module)';
  }

  /** The router a chained call is written on: `api.use(x)`, `Router().use(a).use(b)`, `this.router.get(…)`. */
  function routerOf(receiver: TS.Expression): string | undefined {
    let current = receiver;
    while (
      ts.isCallExpression(current) &&
      ts.isPropertyAccessExpression(current.expression) &&
      current.expression.name.text !== 'route'
    )
      current = current.expression.expression;
    if (ts.isIdentifier(current)) return current.text;
    if (ts.isPropertyAccessExpression(current) && current.expression.kind === ts.SyntaxKind.ThisKeyword)
      return current.name.text;
    if ((ts.isCallExpression(current) || ts.isNewExpression(current)) && routerPrefix(current) !== undefined)
      return bindingOfChain(current);
    return undefined;
  }

  /** `getRepository(Order)`, `dataSource.getRepository(Order)`, `em.getRepository(Order)`: Order. */
  function repositoryEntity(node: TS.Expression | undefined): string | undefined {
    if (!node) return undefined;
    while (ts.isAwaitExpression(node) || ts.isParenthesizedExpression(node)) node = node.expression;
    if (!ts.isCallExpression(node)) return undefined;
    const callee = node.expression;
    const name = nameOfCallee(callee);
    if (!name || !REPOSITORY_GETTERS.has(name)) return undefined;
    const first = node.arguments[0];
    if (first && ts.isIdentifier(first)) return first.text;
    // `manager.getCustomRepository(this.orderRepository_)`, the member typed `typeof OrderRepository`.
    if (first && ts.isPropertyAccessExpression(first) && first.expression.kind === ts.SyntaxKind.ThisKeyword)
      return klass?.members.get(first.name.text)?.binding;
    return undefined;
  }

  /** The entity behind a class member: `@InjectRepository(Order)`, `@InjectModel(Order.name)`, `Repository<Order>`. */
  function memberEntity(node: TS.ParameterDeclaration | TS.PropertyDeclaration): string | undefined {
    for (const decorator of decoratorsOf(node)) {
      if (decorator.name !== 'InjectRepository' && decorator.name !== 'InjectModel') continue;
      const first = decorator.args[0];
      if (first && ts.isIdentifier(first)) return first.text;
      if (first && ts.isPropertyAccessExpression(first) && ts.isIdentifier(first.expression))
        return first.expression.text;
    }
    const type = node.type;
    if (type && ts.isTypeReferenceNode(type) && ts.isIdentifier(type.typeName)) {
      const argument = type.typeArguments?.[0];
      if (REPOSITORY_TYPES.has(type.typeName.text) && argument && ts.isTypeReferenceNode(argument))
        return ts.isIdentifier(argument.typeName) ? argument.typeName.text : undefined;
    }
    return undefined;
  }

  function typeBinding(node: TS.ParameterDeclaration | TS.PropertyDeclaration): string | undefined {
    const type = node.type;
    if (type && ts.isTypeReferenceNode(type) && ts.isIdentifier(type.typeName)) return type.typeName.text;
    // `typeof OrderRepository`: the class itself, handed over by a container.
    return type && ts.isTypeQueryNode(type) && ts.isIdentifier(type.exprName) ? type.exprName.text : undefined;
  }

  /**
   * The entity of a custom repository class: TypeORM's `@EntityRepository(Order)`, or a class extending
   * `Repository<Order>` (and the other repository bases), whose own `this.find()` reads Order's table.
   */
  function repositoryClassEntity(node: TS.ClassLikeDeclaration): string | undefined {
    for (const decorator of decoratorsOf(node)) {
      const first = decorator.args[0];
      if (decorator.name === 'EntityRepository' && first && ts.isIdentifier(first)) return first.text;
    }
    for (const clause of node.heritageClauses ?? []) {
      if (clause.token !== ts.SyntaxKind.ExtendsKeyword) continue;
      for (const base of clause.types) {
        const argument = base.typeArguments?.[0];
        if (
          ts.isIdentifier(base.expression) &&
          REPOSITORY_TYPES.has(base.expression.text) &&
          argument &&
          ts.isTypeReferenceNode(argument) &&
          ts.isIdentifier(argument.typeName)
        )
          return argument.typeName.text;
      }
    }
    return undefined;
  }

  // ── The walk ─────────────────────────────────────────────────────────────────────────────────────────────
  interface ClassContext {
    name: string;
    members: Map<string, { binding: string; repository: boolean }>;
    /** The entity when the class is a custom repository: its own reads and writes are the entity's. */
    entity?: string;
  }
  let top: string | undefined;
  /** The top-level binding being walked, whatever its value (`export const ordersRouter = router({…})`). */
  let topBinding: string | undefined;
  let klass: ClassContext | undefined;
  const functions: TS.Node[] = [];

  const identity = (receiver: string): string => (topLevel.has(receiver) || !top ? receiver : top);
  const innermostFunction = (): Span | undefined => {
    const node = functions[functions.length - 1];
    return node ? span(node) : undefined;
  };

  function classEntity(node: TS.ClassLikeDeclaration, name: string): void {
    for (const decorator of decoratorsOf(node)) {
      const first = decorator.args[0];
      const from = importFrom.get(decorator.name) ?? '';
      let entity: { table?: string; source: DataSource; fallback: string } | undefined;
      if (decorator.name === 'Entity') {
        const mikro = from.startsWith('@mikro-orm');
        const table =
          stringOf(first) ??
          stringOf(property(first, mikro ? 'tableName' : 'name')) ??
          stringOf(property(first, 'collection')) ??
          stringOf(property(first, 'tableName'));
        entity = { table, source: mikro ? 'mikro-orm' : 'typeorm', fallback: snakeCase(name) };
      } else if (decorator.name === 'Table' && from.startsWith('sequelize')) {
        entity = { table: stringOf(property(first, 'tableName')), source: 'sequelize', fallback: pluralize(name) };
      } else if (decorator.name === 'Schema' && from.startsWith('@nestjs/mongoose')) {
        entity = {
          table: stringOf(property(first, 'collection')),
          source: 'mongoose',
          fallback: mongooseCollection(name),
        };
      }
      if (entity) scan.entities.push({ local: name, table: entity.table ?? entity.fallback, source: entity.source });
    }
  }

  function nestClass(node: TS.ClassLikeDeclaration, name: string): void {
    const decorators = decoratorsOf(node);
    const controller = decorators.find((d) => d.name === 'Controller');
    const processor = decorators.find((d) => d.name === 'Processor');
    const controllerPath = controller
      ? (stringOf(controller.args[0]) ?? stringOf(property(controller.args[0], 'path')) ?? '')
      : undefined;
    const queue = processor
      ? (stringOf(processor.args[0]) ?? stringOf(property(processor.args[0], 'name')))
      : undefined;
    let processes = 0;
    for (const member of node.members) {
      if (!ts.isMethodDeclaration(member)) continue;
      const where = span(member);
      for (const decorator of decoratorsOf(member)) {
        const first = decorator.args[0];
        const value = stringOf(first) ?? (first && ts.isNumericLiteral(first) ? first.text : undefined);
        const verb = NEST_VERBS[decorator.name];
        if (verb && controllerPath !== undefined) {
          const path = stringOf(first) ?? stringOf(property(first, 'path')) ?? '';
          scan.routes.push({
            ...where,
            router: '@nest',
            receiver: name,
            method: verb,
            path: joinPath(controllerPath, path),
            handler: where,
          });
        } else if (decorator.name === 'Process' && processor) {
          processes++;
          const job = stringOf(first) ?? stringOf(property(first, 'name'));
          scan.entries.push({
            ...where,
            kind: 'queue-consumer',
            name: `queue ${[queue ?? name, job].filter(Boolean).join(':')}`,
            handler: where,
          });
        } else if (decorator.name === 'MessagePattern' && value !== undefined)
          scan.entries.push({ ...where, kind: 'queue-consumer', name: `message ${value}`, handler: where });
        else if ((decorator.name === 'EventPattern' || decorator.name === 'OnEvent') && value !== undefined)
          scan.entries.push({ ...where, kind: 'event-handler', name: `event ${value}`, handler: where });
        else if (decorator.name === 'Cron' && value !== undefined)
          scan.entries.push({ ...where, kind: 'scheduled-job', name: `cron ${value}`, handler: where });
        else if ((decorator.name === 'Interval' || decorator.name === 'Timeout') && value !== undefined)
          scan.entries.push({
            ...where,
            kind: 'scheduled-job',
            name: `${decorator.name.toLowerCase()} ${decorator.args.length > 1 ? stringOf(first) : value}`,
            handler: where,
          });
        else if (decorator.name === 'Transaction' || decorator.name === 'Transactional')
          scan.transactions.push({ ...where, opens: 'function' });
      }
    }
    if (processor && processes === 0)
      scan.entries.push({ ...span(node), kind: 'queue-consumer', name: `queue ${queue ?? name}`, handler: span(node) });
  }

  function enterClass(node: TS.ClassLikeDeclaration): ClassContext {
    const name = node.name?.text ?? 'default';
    classEntity(node, name);
    nestClass(node, name);
    const entity = repositoryClassEntity(node);
    if (entity) scan.repositoryClasses.push({ local: name, entity });
    const members = new Map<string, { binding: string; repository: boolean }>();
    const note = (key: string, member: TS.ParameterDeclaration | TS.PropertyDeclaration) => {
      const entity = memberEntity(member);
      const binding = entity ?? typeBinding(member);
      if (binding) members.set(key, { binding, repository: entity !== undefined });
    };
    for (const member of node.members) {
      if (ts.isConstructorDeclaration(member))
        for (const parameter of member.parameters) {
          if (ts.isIdentifier(parameter.name)) note(parameter.name.text, parameter);
        }
      else if (ts.isPropertyDeclaration(member) && member.name && ts.isIdentifier(member.name)) {
        const entity = repositoryEntity(member.initializer);
        if (entity) members.set(member.name.text, { binding: entity, repository: true });
        else note(member.name.text, member);
      }
    }
    return { name, members, ...(entity ? { entity } : {}) };
  }

  function visit(node: TS.Node): void {
    if (ts.isClassDeclaration(node) || ts.isClassExpression(node)) {
      const outer = klass;
      klass = enterClass(node);
      ts.forEachChild(node, visit);
      klass = outer;
      return;
    }
    const isFunctionNode = ts.isFunctionLike(node) && !ts.isTypeNode(node) && 'body' in node && node.body !== undefined;
    if (isFunctionNode) {
      functions.push(node);
      bodies++;
    }
    if (ts.isPropertyAssignment(node)) procedure(propertyName(node.name), node.initializer, node, true);
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name)) declaration(node.name.text, node.initializer);
    else if (
      ts.isBinaryExpression(node) &&
      node.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
      ts.isPropertyAccessExpression(node.left) &&
      node.left.expression.kind === ts.SyntaxKind.ThisKeyword &&
      klass
    ) {
      const entity = repositoryEntity(node.right);
      if (entity) klass.members.set(node.left.name.text, { binding: entity, repository: true });
    } else if (ts.isCallExpression(node)) call(node);
    else if (ts.isNewExpression(node)) construct(node);
    if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
      const prefix = routerPrefix(node);
      if (prefix !== undefined) scan.routers.push({ binding: bindingOfChain(node), prefix });
    }
    ts.forEachChild(node, visit);
    if (isFunctionNode) functions.pop();
  }

  /**
   * A tRPC procedure: `create: protectedProcedure.input(…).mutation(async ({ input }) => …)` in a router's
   * object, named after the router's binding and its key (`trpc documentRouter.create`), or one of its own
   * (`export const createDocumentRoute = authenticatedProcedure…mutation(…)`), named after its binding.
   */
  function procedure(key: string | undefined, init: TS.Expression, node: TS.Node, inRouter: boolean): void {
    if (!key || !ts.isCallExpression(init) || !ts.isPropertyAccessExpression(init.expression)) return;
    if (!/^(?:query|mutation|subscription)$/.test(init.expression.name.text)) return;
    let root: TS.Expression = init.expression.expression;
    while (ts.isCallExpression(root) || ts.isPropertyAccessExpression(root)) root = root.expression;
    if (!ts.isIdentifier(root) || !/procedure$/i.test(root.text)) return;
    const handler = handlerOf(init.arguments[0]);
    const name = `trpc ${(inRouter ? [topBinding, key] : [key]).filter(Boolean).join('.')}`;
    scan.entries.push({ ...span(node), kind: 'http-route', name, ...(handler ? { handler } : {}) });
  }

  function declaration(name: string, init: TS.Expression | undefined): void {
    if (!init) return;
    const text = stringOf(init);
    if (text !== undefined) strings.set(name, text);
    procedure(name, init, init, false);
    const entity = entityOfInit(init, name);
    if (entity) scan.entities.push(entity);
    if (isKnexFactory(init)) scan.knexInstances.push(name);
    const repository = repositoryEntity(init);
    if (repository) repositories.set(name, repository);
    if (ts.isNewExpression(init) || ts.isCallExpression(init)) {
      const callee = init.expression;
      const queue = stringOf(init.arguments?.[0]);
      if (queue && ts.isIdentifier(callee) && QUEUE_CONSTRUCTOR.test(callee.text)) queues.set(name, queue);
    }
  }

  function enclosingClass(node: TS.Node): Span | undefined {
    for (let at = node.parent; at; at = at.parent) if (ts.isClassLike(at)) return span(at);
    return undefined;
  }

  function construct(node: TS.NewExpression): void {
    const callee = node.expression;
    if (!ts.isIdentifier(callee)) return;
    scan.calls.push({ binding: callee.text, ...span(node) });
    const args = node.arguments ?? [];
    const first = stringOf(args[0]);
    const handler = handlerOf(args[1]);
    if (callee.text === 'Worker') {
      // BullMQ's `new Worker(QUEUE, this.processor(), …)` in a service class: the queue named by a constant and the
      // processor made by a method, so the class that owns the worker stands for what it runs. worker_threads'
      // `new Worker(path, { workerData })` passes options, not a processor: a thread, not a queue.
      const queue = first ?? (args[0] && ts.isIdentifier(args[0]) ? args[0].text : undefined);
      const owner = handler ?? (args[1] && !ts.isObjectLiteralExpression(args[1]) ? enclosingClass(node) : undefined);
      if (queue !== undefined && owner)
        scan.entries.push({ ...span(node), kind: 'queue-consumer', name: `queue ${queue}`, handler: owner });
    } else if (callee.text === 'CronJob' && first !== undefined && handler)
      scan.entries.push({ ...span(node), kind: 'scheduled-job', name: `cron ${first}`, handler });
  }

  function call(node: TS.CallExpression): void {
    const callee = node.expression;
    const args = node.arguments;
    const where = span(node);
    const callback = args.find(isFunction);
    const firstArgument = args[0] && ts.isIdentifier(args[0]) ? args[0].text : undefined;
    const extra = {
      ...(callback ? { callback: span(callback) } : {}),
      ...(firstArgument ? { firstArgument } : {}),
    };

    if (ts.isIdentifier(callee)) {
      const name = callee.text;
      scan.calls.push({ binding: name, ...where, ...extra });
      if (name === 'setInterval' && (top === undefined || inJobFolder)) {
        const handler = handlerOf(args[0]);
        const every =
          args[1] &&
          (ts.isNumericLiteral(args[1])
            ? args[1].text
            : ts.isIdentifier(args[1])
              ? (numbers.get(args[1].text) ?? args[1].text)
              : undefined);
        if (handler) scan.entries.push({ ...where, kind: 'scheduled-job', name: `interval ${every ?? '?'}`, handler });
      } else if (name === 'schedule' && /cron/.test(importFrom.get(name) ?? '')) scheduled(node, where);
      const table = stringOf(args[0]);
      if (table !== undefined && args.length === 1) knexUse(name, table, node);
    } else if (ts.isPropertyAccessExpression(callee)) {
      memberCall(node, callee, where, extra);
    }

    const first = stringOf(args[0]);
    if (first !== undefined && BEGIN.test(first)) transactionOfFunction();
  }

  function transactionOfFunction(): void {
    const inner = innermostFunction();
    if (inner && !scan.transactions.some((t) => t.start === inner.start && t.end === inner.end))
      scan.transactions.push({ ...inner, opens: 'function' });
  }

  function scheduled(node: TS.CallExpression, where: Span): void {
    const expression = stringOf(node.arguments[0]);
    const handler = handlerOf(node.arguments[1]);
    if (expression !== undefined && CRON_EXPRESSION.test(expression) && handler)
      scan.entries.push({ ...where, kind: 'scheduled-job', name: `cron ${expression.trim()}`, handler });
  }

  function memberCall(
    node: TS.CallExpression,
    callee: TS.PropertyAccessExpression,
    where: Span,
    extra: { callback?: Span; firstArgument?: string },
  ): void {
    const member = callee.name.text;
    const receiver = callee.expression;
    const args = node.arguments;
    const mode = modeOfMethod(member);

    // Calls of bindings and ORM uses.
    if (ts.isIdentifier(receiver)) {
      const repository = repositories.get(receiver.text);
      if (repository && mode) scan.modelUses.push({ binding: repository, mode, ...where });
      else scan.calls.push({ binding: receiver.text, member, ...where, ...extra });
    } else if (ts.isPropertyAccessExpression(receiver) && receiver.expression.kind === ts.SyntaxKind.ThisKeyword) {
      const known = klass?.members.get(receiver.name.text);
      if (known?.repository && mode) scan.modelUses.push({ binding: known.binding, mode, ...where });
      else if (known && !known.repository) scan.calls.push({ binding: known.binding, member, ...where, ...extra });
      else if (extra.firstArgument) scan.calls.push({ binding: receiver.name.text, member, ...where, ...extra });
    } else if (receiver.kind === ts.SyntaxKind.ThisKeyword && klass?.entity && mode) {
      scan.modelUses.push({ binding: klass.entity, mode, ...where });
    } else if (receiver.kind === ts.SyntaxKind.ThisKeyword && klass) {
      scan.calls.push({ binding: klass.name, member, self: true, ...where, ...extra });
    } else if (mode && repositoryEntity(receiver)) {
      scan.modelUses.push({ binding: repositoryEntity(receiver)!, mode, ...where });
    } else if (ts.isPropertyAccessExpression(receiver)) {
      // `prisma.orderItem.findMany()`, `api.orders.list()`: a call of the object at the root of the chain.
      let root: TS.Expression = receiver;
      while (ts.isPropertyAccessExpression(root) && ts.isPropertyAccessExpression(root.expression))
        root = root.expression;
      if (ts.isPropertyAccessExpression(root) && ts.isIdentifier(root.expression))
        scan.calls.push({ binding: root.expression.text, member: root.name.text, ...where, ...extra });
    }
    const kysely = KYSELY.get(member);
    const table = stringOf(args[0]);
    if (kysely && table !== undefined)
      scan.tableUses.push({ table: table.split(/\s+as\s+/i)[0].trim(), mode: kysely, source: 'kysely', ...where });
    const handed = TABLE_ARGUMENT.get(member);
    if (handed && args[0] && ts.isIdentifier(args[0]) && ts.isCallExpression(receiver)) {
      // Only on a builder chain (`db.select().from(t)`, `qb.delete().from(Order)`): never `Array.from(list)`.
      const writes = handed === 'write' || chainWrites(receiver);
      scan.modelUses.push({ binding: args[0].text, mode: writes ? 'write' : 'read', ...where });
    } else if (
      (member === 'insert' || member === 'update' || member === 'delete') &&
      args[0] &&
      ts.isIdentifier(args[0])
    )
      scan.modelUses.push({ binding: args[0].text, mode: 'write', ...where });
    if (PRISMA_METHODS.has(member) && ts.isPropertyAccessExpression(receiver) && !receiver.name.text.startsWith('$'))
      scan.prismaUses.push({ delegate: receiver.name.text, mode: mode ?? 'read', ...where });
    // A common table expression (`.with('c', sub).from('c')`) is the query's own name, not a table.
    if (/^with(?:Recursive|Materialized|NotMaterialized)?$/.test(member) && args.length >= 2) {
      const cte = stringOf(args[0]);
      if (cte !== undefined) commonTables.add(cte);
    }
    if ((member === 'from' || member === 'into' || member === 'table') && args.length === 1) {
      const table = stringOf(args[0]);
      const root = chainRoot(receiver);
      if (table !== undefined && root) knexUse(root, table, node);
    }
    if (ts.isPropertyAccessExpression(receiver) && receiver.expression.kind === ts.SyntaxKind.ThisKeyword) {
      const table = stringOf(args[0]);
      if (table !== undefined && args.length === 1 && /^(?:knex|db|trx)$/.test(member)) knexUse(member, table, node);
    }

    // Transactions.
    if (member === '$transaction') scan.transactions.push({ ...argumentsSpan(node), opens: 'callback' });
    else if (member === 'transaction' || member === 'transactional') {
      if (extra.callback) scan.transactions.push({ ...extra.callback, opens: 'callback' });
      else transactionOfFunction();
    } else if (member === 'startTransaction') transactionOfFunction();

    // Ways in.
    const receiverName = ts.isIdentifier(receiver)
      ? receiver.text
      : ts.isPropertyAccessExpression(receiver)
        ? receiver.name.text
        : undefined;
    const routerName = routerOf(receiver);
    // A queue is known by its name (`emailQueue.process`), by its constructor (`const mail = new Queue('mail')`),
    // or made by a function named for it (Outline's `globalEventQueue().process(…)`, a queue created once on use).
    const calledName =
      ts.isCallExpression(receiver) && receiver.arguments.length === 0 && ts.isIdentifier(receiver.expression)
        ? receiver.expression.text
        : undefined;
    const queueReceiver =
      receiverName && (/queue/i.test(receiverName) || queues.has(receiverName))
        ? receiverName
        : calledName && /queue/i.test(calledName)
          ? calledName
          : undefined;
    const first = stringOf(args[0]);
    if (HTTP_VERBS.has(member)) {
      const chained = routeChain(receiver);
      if (chained) {
        const handler = handlerOf(args[args.length - 1]);
        scan.routes.push({ ...where, ...chained, method: member.toUpperCase(), ...(handler ? { handler } : {}) });
      } else if (routerName && first !== undefined && ROUTE_PATH.test(first) && args.length >= 2) {
        const handler = handlerOf(args[args.length - 1]);
        if (handler)
          scan.routes.push({
            ...where,
            router: identity(routerName),
            receiver: routerName,
            method: member.toUpperCase(),
            path: first,
            handler,
          });
      }
    } else if (member === 'route' && routerName && args.length === 1 && ts.isObjectLiteralExpression(args[0])) {
      const url = stringOf(property(args[0], 'url')) ?? stringOf(property(args[0], 'path'));
      const method = property(args[0], 'method');
      const methods =
        method && ts.isArrayLiteralExpression(method) ? method.elements.map(stringOf) : [stringOf(method)];
      const handler = handlerOf(property(args[0], 'handler'));
      if (url !== undefined)
        for (const m of methods)
          if (m)
            scan.routes.push({
              ...where,
              router: identity(routerName),
              receiver: routerName,
              method: m.toUpperCase(),
              path: url,
              ...(handler ? { handler } : {}),
            });
    } else if (
      member === 'register' &&
      routerName &&
      first !== undefined &&
      ROUTE_PATH.test(first) &&
      args[1] &&
      ts.isArrayLiteralExpression(args[1])
    ) {
      // Koa's router: `router.register('cron.:period', ['get', 'post'], [validate(s), handler])`, the handler last.
      const chain = args[2];
      const last = chain && ts.isArrayLiteralExpression(chain) ? chain.elements[chain.elements.length - 1] : chain;
      const handler = handlerOf(last);
      for (const verb of args[1].elements.map(stringOf))
        if (handler && verb && HTTP_VERBS.has(verb.toLowerCase()))
          scan.routes.push({
            ...where,
            router: identity(routerName),
            receiver: routerName,
            method: verb.toUpperCase(),
            path: first,
            handler,
          });
    } else if ((member === 'use' || member === 'register') && routerName) {
      mount(identity(routerName), member, args, where);
    } else if (member === 'setGlobalPrefix' && first !== undefined) {
      scan.globalPrefix = first;
    } else if (
      (member === 'on' || member === 'once' || member === 'addListener' || member === 'subscribe') &&
      first !== undefined &&
      receiverName &&
      !PLUMBING.test(receiverName) &&
      (EVENT_RECEIVER.test(receiverName) || /[.:]/.test(first))
    ) {
      const handler = handlerOf(args[1]);
      if (handler) scan.entries.push({ ...where, kind: 'event-handler', name: `event ${first}`, handler });
    } else if (member === 'process' && queueReceiver && args.length >= 1) {
      // Bull's `process([name], [concurrency], handler)` and bee-queue's `process([concurrency], handler)`; a
      // sandboxed processor (a file path) runs code the handler cannot point at, so it is no use case here.
      const handler = handlerOf(args[args.length - 1]);
      const queue = queues.get(queueReceiver) ?? queueReceiver;
      if (handler)
        scan.entries.push({
          ...where,
          kind: 'queue-consumer',
          name: `queue ${[queue, first].filter(Boolean).join(':')}`,
          handler,
        });
    } else if (member === 'route' && receiver.kind === ts.SyntaxKind.ThisKeyword && args[0]) {
      thisRoute(args[0], where);
    } else if (member === 'define' && receiverName && /agenda/i.test(receiverName) && first !== undefined) {
      // Agenda: `agenda.define('send digest', [options], handler)`, run by the process that calls `agenda.start()`.
      const handler = handlerOf(args[args.length - 1]);
      if (handler && args.length >= 2)
        scan.entries.push({ ...where, kind: 'queue-consumer', name: `job ${first}`, handler });
    } else if (member === 'work' && receiverName && /boss/i.test(receiverName) && first !== undefined) {
      // pg-boss: `boss.work('queue', [options], handler)`.
      const handler = handlerOf(args[args.length - 1]);
      if (handler && args.length >= 2)
        scan.entries.push({ ...where, kind: 'queue-consumer', name: `queue ${first}`, handler });
    } else if (member === 'consume' && first !== undefined && args.length >= 2) {
      const handler = handlerOf(args[1]);
      if (handler) scan.entries.push({ ...where, kind: 'queue-consumer', name: `queue ${first}`, handler });
    } else if (member === 'subscribe' && receiverName && args[0] && ts.isObjectLiteralExpression(args[0])) {
      const topic = stringOf(property(args[0], 'topic'));
      const topics = property(args[0], 'topics');
      const names = topic
        ? [topic]
        : topics && ts.isArrayLiteralExpression(topics)
          ? topics.elements.map(stringOf)
          : [];
      kafkaTopics.set(receiverName, [
        ...(kafkaTopics.get(receiverName) ?? []),
        ...names.filter((n): n is string => !!n),
      ]);
    } else if (member === 'run' && receiverName && args[0] && ts.isObjectLiteralExpression(args[0])) {
      const each = property(args[0], 'eachMessage') ?? property(args[0], 'eachBatch');
      if (each) kafkaRuns.push({ receiver: receiverName, span: where, handler: handlerOf(each) ?? span(each) });
    } else if (member === 'schedule' && receiverName && /cron|schedule/i.test(receiverName)) {
      scheduled(node, where);
    }
  }

  /**
   * A controller class declaring its routes on itself (Unleash's `this.route({ method: 'get', path: PATH, handler:
   * this.getFeature, … })`, mounted elsewhere under a prefix this file does not know): the path is read as written,
   * a constant or template by its text, and the handler is the class's method of that name.
   */
  function thisRoute(options: TS.Expression, where: Span): void {
    const method = stringOf(property(options, 'method'));
    const pathNode = property(options, 'path');
    const handlerNode = property(options, 'handler');
    if (!method || !HTTP_VERBS.has(method.toLowerCase()) || !pathNode || !handlerNode) return;
    let handler: Handler | undefined = handlerOf(handlerNode);
    if (
      !handler &&
      ts.isPropertyAccessExpression(handlerNode) &&
      handlerNode.expression.kind === ts.SyntaxKind.ThisKeyword
    ) {
      for (let at = handlerNode.parent; at && !handler; at = at.parent)
        if (ts.isClassLike(at)) {
          const method = at.members.find((m) => m.name !== undefined && propertyName(m.name) === handlerNode.name.text);
          if (method) handler = span(method);
        }
    }
    if (!handler) return;
    const text =
      stringOf(pathNode) ??
      (ts.isIdentifier(pathNode) ? strings.get(pathNode.text) : undefined) ??
      pathNode.getText(source).replace(/^[`'"]|[`'"]$/g, '');
    const path = `/${text.replace(/^\/+/, '')}`;
    scan.entries.push({ ...where, kind: 'http-route', name: `${method.toUpperCase()} ${path}`, handler });
  }

  function mount(router: string, member: string, args: readonly TS.Expression[], where: Span): void {
    const targetOf = (node: TS.Expression | undefined): string | undefined => {
      if (!node) return undefined;
      if (ts.isIdentifier(node)) return node.text;
      if (ts.isCallExpression(node)) {
        const callee = node.expression;
        if (ts.isIdentifier(callee)) return callee.text;
        // Koa: `router.use('/x', orders.routes())`.
        if (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression)) return callee.expression.text;
      }
      return undefined;
    };
    if (member === 'register') {
      const target = targetOf(args[0]);
      const prefix = stringOf(property(args[1], 'prefix')) ?? '';
      if (target) scan.mounts.push({ ...where, router, prefix, target });
      return;
    }
    const prefix = stringOf(args[0]);
    for (const arg of prefix === undefined ? args : args.slice(1)) {
      const target = targetOf(arg);
      if (target) scan.mounts.push({ ...where, router, prefix: prefix ?? '', target });
    }
  }

  /** `router.route('/x').get(h).post(h2)`: the router and the path, from any link of the chain. */
  function routeChain(node: TS.Expression): { router: string; receiver: string; path: string } | undefined {
    let current: TS.Expression = node;
    for (let depth = 0; depth < 12 && ts.isCallExpression(current); depth++) {
      const callee = current.expression;
      if (!ts.isPropertyAccessExpression(callee)) return undefined;
      if (callee.name.text === 'route') {
        const path = stringOf(current.arguments[0]);
        const receiver = callee.expression;
        const name = ts.isIdentifier(receiver) ? receiver.text : undefined;
        return path !== undefined && name ? { router: identity(name), receiver: name, path } : undefined;
      }
      current = callee.expression;
    }
    return undefined;
  }

  function chainRoot(node: TS.Expression): string | undefined {
    let current: TS.Expression = node;
    for (let depth = 0; depth < 20; depth++) {
      if (ts.isIdentifier(current)) return current.text;
      if (ts.isCallExpression(current) || ts.isPropertyAccessExpression(current)) {
        if (ts.isPropertyAccessExpression(current) && current.expression.kind === ts.SyntaxKind.ThisKeyword)
          return current.name.text;
        current = current.expression;
      } else return undefined;
    }
    return undefined;
  }

  /** `knex('orders')`, `knex.from('orders')`, `db.insert(row).into('orders')`: a write when any link writes. */
  function knexUse(root: string, table: string, node: TS.CallExpression): void {
    let write = false;
    let below: TS.Expression = node.expression;
    for (let depth = 0; depth < 20 && (ts.isCallExpression(below) || ts.isPropertyAccessExpression(below)); depth++) {
      if (ts.isPropertyAccessExpression(below) && KNEX_WRITES.has(below.name.text)) write = true;
      below = below.expression;
    }
    let above: TS.Node = node;
    for (let depth = 0; depth < 20; depth++) {
      const parent = above.parent as TS.Node | undefined;
      if (!parent || !(ts.isPropertyAccessExpression(parent) || ts.isCallExpression(parent))) break;
      if (ts.isPropertyAccessExpression(parent) && KNEX_WRITES.has(parent.name.text)) write = true;
      above = parent;
    }
    scan.knexUses.push({ root, table: table.split(/\s+as\s+|\s+/i)[0], mode: write ? 'write' : 'read', ...span(node) });
  }

  /** Whether a builder chain below a link writes (`.delete().from(Order)`, `.insert().into(Order)`). */
  function chainWrites(node: TS.Expression): boolean {
    let below: TS.Expression = node;
    for (let depth = 0; depth < 20 && (ts.isCallExpression(below) || ts.isPropertyAccessExpression(below)); depth++) {
      if (ts.isPropertyAccessExpression(below) && TABLE_ARGUMENT.get(below.name.text) === 'write') return true;
      below = below.expression;
    }
    return false;
  }

  function argumentsSpan(node: TS.CallExpression): Span {
    const args = node.arguments;
    return args.length > 0 ? { start: args[0].getStart(source), end: args[args.length - 1].end } : span(node);
  }

  for (const statement of source.statements) {
    top = topName(statement);
    const first = ts.isVariableStatement(statement) ? statement.declarationList.declarations[0] : undefined;
    topBinding = first && ts.isIdentifier(first.name) ? first.name.text : top;
    visit(statement);
  }
  top = undefined;

  for (const run of kafkaRuns) {
    const topics = kafkaTopics.get(run.receiver) ?? [];
    for (const topic of topics.length > 0 ? topics : [run.receiver]) {
      const entry: ScannedEntry = { ...run.span, kind: 'queue-consumer', name: `topic ${topic}` };
      if (run.handler) entry.handler = run.handler;
      scan.entries.push(entry);
    }
  }
  // Pre-order already, save for the few added after the walk; callsIn() searches them by start.
  scan.calls.sort((a, b) => a.start - b.start);
  if (commonTables.size > 0) scan.knexUses = scan.knexUses.filter((use) => !commonTables.has(use.table));
  scan.declarationsOnly =
    bodies === 0 &&
    scan.entities.length === 0 &&
    scan.repositoryClasses.length === 0 &&
    scan.knexInstances.length === 0 &&
    scan.routes.length === 0 &&
    scan.entries.length === 0 &&
    scan.routers.length === 0;
  return scan;

  function topName(statement: TS.Statement): string | undefined {
    if (ts.isFunctionDeclaration(statement)) return statement.name?.text ?? 'default';
    if (ts.isClassDeclaration(statement)) return statement.name?.text ?? 'default';
    if (ts.isVariableStatement(statement)) {
      const first = statement.declarationList.declarations[0];
      return first && ts.isIdentifier(first.name) && isFunction(first.initializer) ? first.name.text : undefined;
    }
    if (ts.isExportAssignment(statement) && isFunction(statement.expression))
      return statement.isExportEquals ? 'export=' : 'default';
    if (
      ts.isExpressionStatement(statement) &&
      ts.isBinaryExpression(statement.expression) &&
      isFunction(statement.expression.right) &&
      statement.expression.left.getText(source) === 'module.exports'
    )
      return 'export=';
    return undefined;
  }
}

/** `/orders` + `:id` → `/orders/:id`; empty parts vanish, one leading slash. */
export function joinPath(...parts: string[]): string {
  const joined = parts
    .map((part) => part.replace(/^\/+|\/+$/g, ''))
    .filter((part) => part !== '')
    .join('/');
  return `/${joined}`;
}

function scriptKindOf(ts: typeof TS, file: string): TS.ScriptKind {
  if (/\.[cm]?tsx$/.test(file)) return ts.ScriptKind.TSX;
  if (/\.[cm]?ts$/.test(file)) return ts.ScriptKind.TS;
  if (file.endsWith('.jsx')) return ts.ScriptKind.JSX;
  return ts.ScriptKind.JS;
}
