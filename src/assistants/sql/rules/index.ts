import type { SqlRule } from '../rule';
// imports: predicates and indexes
import { functionOnIndexedColumn } from './function-on-indexed-column';
import { implicitCast } from './implicit-cast';
import { leadingWildcardLike } from './leading-wildcard-like';
import { unindexedForeignKey } from './unindexed-foreign-key';
import { filterOnUnindexedColumn } from './filter-on-unindexed-column';
// imports: query shapes
import { aggregateAfterJoin } from './aggregate-after-join';
import { correlatedSubquery } from './correlated-subquery';
import { notInSubquery } from './not-in-subquery';
import { countInsteadOfExists } from './count-instead-of-exists';
import { deepOffsetPagination } from './deep-offset-pagination';
import { orderByRandom } from './order-by-random';
import { cartesianJoin } from './cartesian-join';
import { havingWithoutAggregate } from './having-without-aggregate';
import { redundantDistinct } from './redundant-distinct';
import { updateDeleteWithoutWhere } from './update-delete-without-where';
import { selectStar } from './select-star';
import { queryInLoop } from './query-in-loop';
// imports: migration lock safety
import { createIndexNotConcurrently } from './create-index-not-concurrently';
import { addForeignKeyWithoutNotValid } from './add-foreign-key-without-not-valid';
import { addConstraintWithoutNotValid } from './add-constraint-without-not-valid';
import { setNotNull } from './set-not-null';
import { addColumnVolatileDefault } from './add-column-volatile-default';
import { alterColumnType } from './alter-column-type';
import { vacuumFullOrCluster } from './vacuum-full-or-cluster';
import { migrationWithoutLockTimeout } from './migration-without-lock-timeout';
import { constraintBuildsIndex } from './constraint-builds-index';

/** Every SQL rule, in the order they run. A unit test checks each file here is listed. */
export const SQL_RULES: readonly SqlRule[] = [
  // rules: predicates and indexes
  functionOnIndexedColumn,
  implicitCast,
  leadingWildcardLike,
  unindexedForeignKey,
  filterOnUnindexedColumn,
  // rules: query shapes
  aggregateAfterJoin,
  correlatedSubquery,
  notInSubquery,
  countInsteadOfExists,
  deepOffsetPagination,
  orderByRandom,
  cartesianJoin,
  havingWithoutAggregate,
  redundantDistinct,
  updateDeleteWithoutWhere,
  selectStar,
  queryInLoop,
  // rules: migration lock safety
  createIndexNotConcurrently,
  addForeignKeyWithoutNotValid,
  addConstraintWithoutNotValid,
  setNotNull,
  addColumnVolatileDefault,
  alterColumnType,
  vacuumFullOrCluster,
  migrationWithoutLockTimeout,
  constraintBuildsIndex,
];
