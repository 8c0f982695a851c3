export { maxMojoMoves, mojoDistance, mojoFm, mojoMoves } from './mojo';
export { clustersOf, onCommon, partitionOf, type Partition } from './partition';
export { adjustedRand } from './rand';
