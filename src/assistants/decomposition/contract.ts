/**
 * What code outside assistants/ may know of the decomposition planner: its model's types (the editor's panel, the
 * CLI, the roadmap and the deep review read plans through these) and the planner factory's signature. The engine
 * itself loads through the catalog (`loadDecompositionPlanner()`).
 */
export type {
  AccessMode,
  ChangeHistory,
  ChattyPair,
  ContractOperation,
  Crossing,
  DataAccess,
  DecompositionFacts,
  DecompositionPlan,
  DecompositionPlanner,
  ExtractionStep,
  Move,
  Operation,
  PartitionMetrics,
  PlanOptions,
  ProposedService,
  ServiceContract,
  SignalWeights,
  TransactionFact,
  UseCase,
} from './model';
export type { PlannerOptions } from './planner';
export type { DecompositionEngine } from './index';
