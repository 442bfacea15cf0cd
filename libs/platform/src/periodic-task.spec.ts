import { PeriodicTask } from './periodic-task';

describe('a periodic task', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('runs every interval after the previous run ends, never two at once, and goes on after a failure', async () => {
    const runs: string[] = [];
    let release: () => void = () => undefined;
    const errors: unknown[] = [];
    let calls = 0;
    const task = new PeriodicTask(
      100,
      () => {
        calls += 1;
        runs.push(`start ${calls}`);
        if (calls === 2) return Promise.reject(new Error('boom'));
        return new Promise<void>((resolve) => (release = resolve));
      },
      (error) => errors.push(error),
    );
    task.start();
    task.start(); // a second start does not double the schedule
    await jest.advanceTimersByTimeAsync(100);
    expect(runs).toEqual(['start 1']);
    await jest.advanceTimersByTimeAsync(500); // still running: no second run
    expect(runs).toEqual(['start 1']);
    release();
    await jest.advanceTimersByTimeAsync(100);
    expect(runs).toEqual(['start 1', 'start 2']);
    expect(errors).toHaveLength(1);
    await jest.advanceTimersByTimeAsync(100);
    expect(runs).toEqual(['start 1', 'start 2', 'start 3']);
    const stopping = task.stop();
    release();
    await stopping;
    await jest.advanceTimersByTimeAsync(1_000);
    expect(runs).toHaveLength(3);
  });
});
