import type { AccessMode } from '../model';

/**
 * The words ORMs use for reading and changing rows, and the names they give tables by default. One table for
 * all of them: Prisma, TypeORM, MikroORM, Sequelize, Mongoose and Knex share most verbs, and a verb that is
 * in neither list (`merge`, `build`, `createQueryBuilder`) is no access at all rather than a guess.
 */

const WRITES = new Set([
  'create',
  'createMany',
  'createManyAndReturn',
  'update',
  'updateMany',
  'upsert',
  'delete',
  'deleteMany',
  'save',
  'insert',
  'remove',
  'destroy',
  'bulkCreate',
  'increment',
  'decrement',
  'persist',
  'persistAndFlush',
  'removeAndFlush',
  'nativeInsert',
  'nativeUpdate',
  'nativeDelete',
  'insertMany',
  'updateOne',
  'deleteOne',
  'replaceOne',
  'findOneAndUpdate',
  'findOneAndDelete',
  'findOneAndReplace',
  'findByIdAndUpdate',
  'findByIdAndDelete',
  'findByIdAndRemove',
  'findOrCreate',
  'softDelete',
  'softRemove',
  'restore',
  'bulkWrite',
  'truncate',
  'clear',
  'del',
  'upsertMany',
]);

const READS = new Set([
  'find',
  'findOne',
  'findMany',
  'findUnique',
  'findUniqueOrThrow',
  'findFirst',
  'findFirstOrThrow',
  'findAll',
  'findByPk',
  'findById',
  'findBy',
  'findOneBy',
  'findOneOrFail',
  'findOneByOrFail',
  'findAndCount',
  'findAndCountAll',
  'findByIds',
  'count',
  'countBy',
  'countDocuments',
  'estimatedDocumentCount',
  'aggregate',
  'groupBy',
  'exists',
  'existsBy',
  'distinct',
  'sum',
  'max',
  'min',
  'average',
  'select',
  'first',
  'pluck',
]);

/** Prisma's model delegate methods (`prisma.order.findMany`): the only calls on a delegate that touch rows. */
export const PRISMA_METHODS = new Set(
  (
    'findMany findUnique findUniqueOrThrow findFirst findFirstOrThrow count aggregate groupBy ' +
    'create createMany createManyAndReturn update updateMany upsert delete deleteMany'
  ).split(' '),
);

/** Knex builder methods that make a query change rows; any other chain reads. */
export const KNEX_WRITES = new Set([
  'insert',
  'update',
  'del',
  'delete',
  'truncate',
  'upsert',
  'increment',
  'decrement',
]);

export function modeOfMethod(method: string): AccessMode | undefined {
  if (WRITES.has(method)) return 'write';
  if (READS.has(method)) return 'read';
  return undefined;
}

/** `OrderItem` → `order_item`: the default table name of TypeORM's and MikroORM's naming strategies. */
export function snakeCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .toLowerCase();
}

const IRREGULAR: Readonly<Record<string, string>> = {
  person: 'people',
  man: 'men',
  woman: 'women',
  child: 'children',
  mouse: 'mice',
  goose: 'geese',
};
const UNCOUNTABLE = new Set(['news', 'series', 'species', 'information', 'equipment', 'media', 'data', 'metadata']);

/**
 * English plural as Mongoose and Sequelize form collection and table names: the common rules (address →
 * addresses, category → categories, leaf → leaves stays leafs there too), a few irregulars, uncountables kept.
 */
export function pluralize(word: string): string {
  const lower = word.toLowerCase();
  if (UNCOUNTABLE.has(lower) || /s$/.test(lower)) return word;
  const irregular = IRREGULAR[lower];
  if (irregular) return word[0] === word[0].toUpperCase() ? irregular[0].toUpperCase() + irregular.slice(1) : irregular;
  if (/[^aeiou]y$/i.test(word)) return `${word.slice(0, -1)}ies`;
  if (/(?:x|z|ch|sh)$/i.test(word)) return `${word}es`;
  return `${word}s`;
}

/** Mongoose's collection name for a model: lower-cased and pluralised. */
export function mongooseCollection(model: string): string {
  return pluralize(model.toLowerCase());
}
