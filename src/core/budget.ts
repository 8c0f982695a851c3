/**
 * Time budgets and cancellation for analyses. An analysis checks its budget between units of work
 * (rules, documents) so a slow rule or a huge file ends with "skipped: over budget" instead of
 * freezing the editor. Cancellation uses the platform's AbortSignal so the same code runs under
 * VS Code (bridged from a CancellationToken), the CLI and tests.
 */

export class OverBudgetError extends Error {
  constructor(
    readonly budgetMs: number,
    readonly elapsedMs: number,
  ) {
    super(`skipped: over budget (${Math.round(elapsedMs)} ms of ${budgetMs} ms)`);
    this.name = 'OverBudgetError';
  }
}

export class CancelledError extends Error {
  constructor() {
    super('cancelled');
    this.name = 'CancelledError';
  }
}

export class TimeBudget {
  private readonly started = performance.now();

  constructor(
    readonly budgetMs: number,
    private readonly signal?: AbortSignal,
  ) {}

  get elapsedMs(): number {
    return performance.now() - this.started;
  }

  get expired(): boolean {
    return this.elapsedMs > this.budgetMs;
  }

  /** Throws when cancelled or over budget; call between units of work. */
  check(): void {
    if (this.signal?.aborted) throw new CancelledError();
    const elapsed = this.elapsedMs;
    if (elapsed > this.budgetMs) throw new OverBudgetError(this.budgetMs, elapsed);
  }
}

export function isCancelled(error: unknown): error is CancelledError {
  return error instanceof Error && error.name === 'CancelledError';
}

export function isOverBudget(error: unknown): error is OverBudgetError {
  return error instanceof Error && error.name === 'OverBudgetError';
}

/** V8's RangeError for an exhausted stack (thrown by deep recursion in JavaScript and in WASM alike). */
export function isStackOverflow(error: unknown): boolean {
  return error instanceof RangeError && /call stack/i.test(error.message);
}
