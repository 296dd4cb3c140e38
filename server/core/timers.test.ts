import { afterEach, describe, expect, it, vi } from 'vitest';
import { repeatEvery } from './timers';

describe('repeatEvery', () => {
  afterEach(() => vi.useRealTimers());

  it('skips a tick while the previous run is still going, reports errors, and stops', async () => {
    vi.useFakeTimers();
    let runs = 0;
    let release: () => void = () => {};
    const errors: unknown[] = [];
    const stop = repeatEvery(
      100,
      () => {
        runs += 1;
        if (runs === 2) return Promise.reject(new Error('boom'));
        return new Promise<void>((resolve) => (release = resolve));
      },
      (err) => errors.push(err),
    );
    await vi.advanceTimersByTimeAsync(350); // ticks at 100, 200, 300: the first run is still open
    expect(runs).toBe(1);
    release();
    await vi.advanceTimersByTimeAsync(100); // next tick runs again (and fails)
    expect(runs).toBe(2);
    expect(errors).toHaveLength(1);
    stop();
    await vi.advanceTimersByTimeAsync(1000);
    expect(runs).toBe(2);
  });
});
