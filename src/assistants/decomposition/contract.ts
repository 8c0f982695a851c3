/**
 * The decomposition planner's public face: the only file of `assistants/decomposition/` (besides the catalog)
 * that code outside `assistants/` may import. Types only, so importing it adds nothing to a bundle.
 */
export type {
  ChangeHistory,
  ChattyPair,
  ContractOperation,
  Crossing,
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
} from './model';
