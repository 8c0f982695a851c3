import path from 'node:path';
import { parentPort } from 'node:worker_threads';
import { setCodeCacheFolder } from '../../../core/code-cache';
import { loadTypeScript } from '../../../core/module-graph/typescript';
import { firstLine, loadBundler } from '../import-cost/load-bundler';
import { bundleHarness } from './bundle';
import { harnessSource } from './harness';
import type { RenderMeasurement, RenderRequest, RenderResponse, VariantMeasurement } from './protocol';
import { measureBundle } from './sandbox';
import { typedInputs } from './typed-inputs';
import { DEFAULT_VALUE_OPTIONS } from './values';

// The render sandbox: one thread per measurement, ended by its caller when done, past its time or cancelled.
// Workspace code runs here (in a happy-dom window's realm), never on the extension host's thread.
parentPort?.once('message', (request: RenderRequest) => {
  void measure(request)
    .then(
      (measurement): RenderResponse => ({ measurement }),
      (error): RenderResponse => ({ error: error instanceof Error ? error.message : String(error) }),
    )
    .then((response) => parentPort?.postMessage(response));
});

/** The sandbox's error when the component did not render at mount (sandbox.ts). */
const NOT_AT_MOUNT = / did not render at mount: /;

/** Gating providers left out one after another, at most: each costs a measurement of its own. */
const GATES = 2;

export async function measure(request: RenderRequest): Promise<RenderMeasurement> {
  // A thread has globals of its own: the folder the caller's thread set is passed along.
  if (request.codeCacheFolder) setCodeCacheFolder(request.codeCacheFolder);
  const ts = await loadTypeScript();
  // Only trusted workspaces render (the editor's gate): the workspace's esbuild may serve where the extension ships none.
  const bundler = await loadBundler(path.dirname(request.target.file), true);
  const options = { ...DEFAULT_VALUE_OPTIONS, listItems: request.itemCount };
  const inputs = typedInputs(
    ts,
    request.target.file,
    request.target.exportName,
    new Set(Object.keys(request.callSiteProps)),
    options,
    new Set(request.callSitePasses),
  );
  const props = { ...inputs.props, ...request.callSiteProps };
  const measureAll = async (providers: RenderRequest['providers']): Promise<VariantMeasurement[]> => {
    const entry = harnessSource(
      request.target,
      props,
      providers,
      request.reactRoot,
      request.router,
      request.setup,
      request.formContext,
      request.nextRouter,
    );
    const variants: VariantMeasurement[] = [];
    for (const variant of request.variants) {
      let code: string;
      try {
        code = await bundleHarness(ts, bundler, {
          entry,
          resolveDir: path.dirname(request.target.file),
          overrides: variant.overrides,
          loaders: inputs.loaders,
          reactBuild: request.reactBuild,
          jsx: request.jsx,
          provided: { file: request.target.file, contexts: request.providedContexts },
          ...(request.env ? { env: request.env } : {}),
        });
      } catch (error) {
        variants.push({
          label: variant.label,
          rendersPerUpdate: {},
          mountRenders: {},
          renderMsPerUpdate: {},
          updateMs: 0,
          mountMs: 0,
          error: `bundling failed: ${firstLine(error)}`,
        });
        continue;
      }
      variants.push(await measureBundle(code, variant.label, request.updates, request.target.countedAs));
      // The component did not render under the app's shell: the other variants would not either.
      if (variants.length === 1 && NOT_AT_MOUNT.test(variants[0].error ?? '')) break;
    }
    return variants;
  };
  let providers = request.providers;
  let variants = await measureAll(providers);
  // A provider that held back what it wraps (an auth gate, a loading state while its request is refused) is left out
  // and the component measured again, as the guarded page would render once signed in; at most GATES of them.
  const gates: Array<{ name: string; instead: string[] }> = [];
  for (let gate = variants[0]?.gate; gate !== undefined && gates.length < GATES; gate = variants[0]?.gate) {
    if (!NOT_AT_MOUNT.test(variants[0].error ?? '') || !providers[gate]) break;
    gates.push({ name: providers[gate].name, instead: Object.keys(variants[0].mountRenders).slice(0, 4) });
    providers = providers.filter((_, i) => i !== gate);
    variants = await measureAll(providers);
  }
  let fellBack: string | undefined;
  if (request.fallbackProviders && NOT_AT_MOUNT.test(variants[0]?.error ?? '')) {
    fellBack = variants[0].error;
    variants = await measureAll(request.fallbackProviders);
  }
  return {
    variants,
    ...(fellBack ? { fellBack } : {}),
    ...(gates.length ? { gates } : {}),
    engine: request.engine,
    generatedProps: Object.keys(inputs.props),
    stubbedLoaders: inputs.loaders.flatMap((l) => l.described),
    consumerProbes: variants.find((v) => !v.error)?.consumerProbes ?? [],
  };
}
