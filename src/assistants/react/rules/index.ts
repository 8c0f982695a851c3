import type { ReactRule } from '../rule';
import { componentDefinedInRender } from './component-defined-in-render';
import { derivedStateInEffect } from './derived-state-in-effect';
import { duplicateKey } from './duplicate-key';
import { imgWithoutDimensions } from './img-without-dimensions';
import { indexKey } from './index-key';
import { missingKey } from './missing-key';
import { unstableContextValue } from './unstable-context-value';
import { unstablePropToMemoChild } from './unstable-prop-to-memo-child';
import { useStateWithoutLazyInit } from './use-state-without-lazy-init';
import { wholeLibraryImport } from './whole-library-import';
import { compilerBailout } from './compiler-bailout';
import { unstablePropToUnmemoisedChild } from './unstable-prop-to-unmemoised-child';
import { expensiveRenderWork } from './expensive-render-work';
import { lcpImageLazy } from './lcp-image-lazy';
import { renderBlockingScript } from './render-blocking-script';
import { unvirtualisedList } from './unvirtualised-list';
import { barrelImport } from './barrel-import';
import { hookMissingDependency } from './hook-missing-dependency';
import { hookUnnecessaryDependency } from './hook-unnecessary-dependency';
import { hookDependencyChangesEveryRender } from './hook-dependency-changes-every-render';
import { setStateInRender } from './set-state-in-render';
import { statePassedUpInEffect } from './state-passed-up-in-effect';
import { effectAsEventHandler } from './effect-as-event-handler';
import { effectChain } from './effect-chain';
import { unstableDefaultProp } from './unstable-default-prop';
import { lazyLoadHeavyComponent } from './lazy-load-heavy-component';

/** Every rule of the frontend optimizer, in the order they run. */
export const REACT_RULES: readonly ReactRule[] = [
  unstablePropToMemoChild,
  unstableContextValue,
  componentDefinedInRender,
  missingKey,
  indexKey,
  duplicateKey,
  imgWithoutDimensions,
  useStateWithoutLazyInit,
  derivedStateInEffect,
  wholeLibraryImport,
  compilerBailout,
  unstablePropToUnmemoisedChild,
  expensiveRenderWork,
  lcpImageLazy,
  renderBlockingScript,
  unvirtualisedList,
  barrelImport,
  hookMissingDependency,
  hookUnnecessaryDependency,
  hookDependencyChangesEveryRender,
  setStateInRender,
  statePassedUpInEffect,
  effectAsEventHandler,
  effectChain,
  unstableDefaultProp,
  lazyLoadHeavyComponent,
];
