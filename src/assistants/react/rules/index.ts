import type { ReactRule } from '../rule';
import { imgWithoutDimensions } from './img-without-dimensions';
import { unstablePropToMemoChild } from './unstable-prop-to-memo-child';
import { useStateWithoutLazyInit } from './use-state-without-lazy-init';
import { wholeLibraryImport } from './whole-library-import';

/** Every rule of the frontend optimizer, in the order they run. */
export const REACT_RULES: readonly ReactRule[] = [
  unstablePropToMemoChild,
  imgWithoutDimensions,
  useStateWithoutLazyInit,
  wholeLibraryImport,
];
