/**
 * The overall time limit of one advise run (`runTimeoutMs`): each statement has its own timeout, but N slow
 * statements would otherwise cost N timeouts. The cap's signal aborts what is in flight when the time is up
 * (and follows the caller's own cancel); `expired` tells the two apart, so statements not measured because
 * of the cap are reported with that reason rather than dropped as cancelled.
 */
export interface RunCap {
  readonly signal: AbortSignal;
  /** The limit was reached (not the caller's cancel). */
  readonly expired: boolean;
  /** Why a statement was not measured once the limit was reached. */
  readonly reason: string;
  dispose(): void;
}

export function startRunCap(limitMs: number, outer: AbortSignal | undefined): RunCap {
  const controller = new AbortController();
  let expired = false;
  const timer = setTimeout(() => {
    expired = true;
    controller.abort();
  }, limitMs);
  // A run that ends without dispose() (an exception on the way out) must not keep the process alive.
  timer.unref?.();
  const follow = () => controller.abort();
  if (outer?.aborted) controller.abort();
  else outer?.addEventListener('abort', follow, { once: true });
  return {
    signal: controller.signal,
    get expired() {
      return expired;
    },
    reason: `not measured: the run reached its time limit of ${formatLimit(limitMs)} (scalingAssistant.sql.runTimeoutMs, advise --run-timeout-ms) before this statement was done`,
    dispose() {
      clearTimeout(timer);
      outer?.removeEventListener('abort', follow);
    },
  };
}

function formatLimit(ms: number): string {
  return ms >= 1000 ? `${Number((ms / 1000).toFixed(1))} s` : `${ms} ms`;
}
