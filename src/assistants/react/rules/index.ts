import type { ReactRule } from '../rule';
import { unstablePropToMemoChild } from './unstable-prop-to-memo-child';

/** Every rule of the frontend optimizer, in the order they run. */
export const REACT_RULES: readonly ReactRule[] = [unstablePropToMemoChild];
