/**
 * A clock for the sender that moves only when told: `sleep(ms)` moves it by ms and yields, so a test of
 * back-off and leases waits for nothing and measures exactly.
 */
export interface VirtualClock {
  now(): Date;
  advance(ms: number): void;
  sleep(ms: number): Promise<void>;
  /** Every sleep asked for, in ms, in order. */
  readonly slept: number[];
}

// Starts at the real time: the fake SendGrid's X-RateLimit-Reset is an absolute time on the real clock.
export function virtualClock(start = Date.now()): VirtualClock {
  let t = start;
  const slept: number[] = [];
  return {
    now: () => new Date(t),
    advance(ms) {
      t += ms;
    },
    async sleep(ms) {
      slept.push(ms);
      t += ms;
      await new Promise((resolve) => setImmediate(resolve));
    },
    slept,
  };
}

/** Waits until cond() holds, looking again on every turn of the event loop; fails after timeoutMs. */
export async function until(cond: () => boolean | Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const started = Date.now();
  while (!(await cond())) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
