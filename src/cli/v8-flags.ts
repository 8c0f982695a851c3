import v8 from 'node:v8';

/**
 * V8 flags for a run of a few seconds, set before any engine or TypeScript's chunk is loaded. A check spends as much
 * CPU in V8's optimising compiler (TurboFan, on its background threads) as in the analysis itself: on the 400
 * generated components, about 1.4 s of TurboFan against 1.5–1.8 s of main thread, optimising TypeScript's parser
 * and the rules for a run that ends before the optimised code pays for itself (perf: the platform threads in
 * `compiler::GraphReducer` and the like). Without inlining, each optimised function is a small graph, and with a
 * doubled interrupt budget only the functions that stay hot are optimised: that thread's CPU falls by half and
 * the whole run's by a quarter, the main thread's unchanged within the noise (docs/react-peer-comparison.md,
 * session 11). A flag the user gives Node for the same setting (on its command line or in NODE_OPTIONS) is left
 * as given. The editor's extension host is long-lived and keeps V8's defaults: this is for the CLI only.
 */
export const SHORT_RUN_V8_FLAGS = ['--no-turbo-inlining', '--interrupt-budget=135168'];

/** The flags of SHORT_RUN_V8_FLAGS that the user's own Node options do not already set, either way. */
export function shortRunFlags(userOptions: readonly string[]): string[] {
  const nameOf = (flag: string) =>
    flag
      .replace(/^--(?:no-?)?/, '')
      .replace(/=.*$/, '')
      .replace(/_/g, '-');
  const given = new Set(userOptions.filter((option) => option.startsWith('--')).map(nameOf));
  return SHORT_RUN_V8_FLAGS.filter((flag) => !given.has(nameOf(flag)));
}

export function tuneV8ForShortRun(): void {
  const userOptions = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)];
  for (const flag of shortRunFlags(userOptions)) v8.setFlagsFromString(flag);
}
