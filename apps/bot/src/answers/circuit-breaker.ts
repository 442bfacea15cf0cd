export interface CircuitBreakerSettings {
  /** Consecutive failures that open the circuit. */
  failures: number;
  /** How long an open circuit refuses calls before it lets one probe through. */
  coolDownMs: number;
}

export type CircuitState = 'closed' | 'open' | 'half-open';

/**
 * Stops calling a dependency that keeps failing: after `failures` consecutive failures the
 * circuit opens and every call is refused at once; after the cool-down one probe goes
 * through (half-open), and its outcome closes the circuit again or re-opens it. The clock
 * is injected, so the whole life cycle is testable without waiting.
 */
export class CircuitBreaker {
  private consecutiveFailures = 0;
  private openedAt: number | null = null;
  private probing = false;

  constructor(
    private readonly settings: CircuitBreakerSettings,
    private readonly now: () => number = Date.now,
  ) {}

  get state(): CircuitState {
    if (this.openedAt === null) return 'closed';
    return this.now() - this.openedAt >= this.settings.coolDownMs ? 'half-open' : 'open';
  }

  /** Whether a call may go ahead now; while half-open, only one probe at a time. */
  tryAcquire(): boolean {
    const state = this.state;
    if (state === 'closed') return true;
    if (state === 'open' || this.probing) return false;
    this.probing = true;
    return true;
  }

  recordSuccess(): void {
    this.consecutiveFailures = 0;
    this.openedAt = null;
    this.probing = false;
  }

  recordFailure(): void {
    this.consecutiveFailures += 1;
    if (this.probing || this.consecutiveFailures >= this.settings.failures) {
      this.openedAt = this.now();
    }
    this.probing = false;
  }
}
