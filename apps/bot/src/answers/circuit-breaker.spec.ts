import { CircuitBreaker } from './circuit-breaker';

function breaker() {
  const clock = { now: 0 };
  const circuit = new CircuitBreaker({ failures: 3, coolDownMs: 1_000 }, () => clock.now);
  return { circuit, clock };
}

describe('the circuit breaker', () => {
  it('stays closed through failures below the threshold, and a success resets the count', () => {
    const { circuit } = breaker();
    circuit.recordFailure();
    circuit.recordFailure();
    circuit.recordSuccess();
    circuit.recordFailure();
    circuit.recordFailure();
    expect(circuit.state).toBe('closed');
    expect(circuit.tryAcquire()).toBe(true);
  });

  it('opens after N consecutive failures and refuses every call during the cool-down', () => {
    const { circuit, clock } = breaker();
    for (let i = 0; i < 3; i++) circuit.recordFailure();
    expect(circuit.state).toBe('open');
    clock.now = 999;
    expect(circuit.tryAcquire()).toBe(false);
  });

  it.each([
    ['a successful probe closes it', true, 'closed'],
    ['a failed probe opens it for another cool-down', false, 'open'],
  ] as const)('half-opens after the cool-down: %s', (_case, probeSucceeds, after) => {
    const { circuit, clock } = breaker();
    for (let i = 0; i < 3; i++) circuit.recordFailure();
    clock.now = 1_000;
    expect(circuit.state).toBe('half-open');
    expect(circuit.tryAcquire()).toBe(true);
    expect(circuit.tryAcquire()).toBe(false); // one probe at a time
    if (probeSucceeds) circuit.recordSuccess();
    else circuit.recordFailure();
    expect(circuit.state).toBe(after);
    expect(circuit.tryAcquire()).toBe(probeSucceeds);
  });

  it('a re-opened circuit half-opens again one cool-down after the failed probe', () => {
    const { circuit, clock } = breaker();
    for (let i = 0; i < 3; i++) circuit.recordFailure();
    clock.now = 1_500;
    circuit.tryAcquire();
    circuit.recordFailure();
    clock.now = 2_499;
    expect(circuit.state).toBe('open');
    clock.now = 2_500;
    expect(circuit.state).toBe('half-open');
  });
});
