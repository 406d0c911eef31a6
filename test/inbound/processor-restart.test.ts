import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startInboundProcessing, type InboundProcessing } from '../../src/inbound/processor-host.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { captureLogger } from '../helpers/logs.js';
import { until } from '../reliability/support.js';

// The real processor thread, made to die as it starts by a test-only module loaded into it.
const DIES = path.join(import.meta.dirname, 'processor-dies.hooks.ts');
// A thread that lives 60 first waits counts as healthy and resets the doubling: at 100 ms that is 6 s, far
// longer than a thread takes to load and die even on a busy machine (at 25 ms, 1.5 s was not always).
const FIRST_DELAY_MS = 100;

let h: TestApp | null = null;
let processing: InboundProcessing | null = null;
afterEach(async () => {
  await processing?.stop();
  processing = null;
  await h?.close();
  h = null;
});

describe('a processor thread that keeps dying', { timeout: 120_000 }, () => {
  it('when the thread dies each time it starts, then each wait before starting it again is twice the last, and stop() ends at once', async () => {
    h = await buildTestApp();
    const logs = captureLogger();
    processing = startInboundProcessing({ config: h.config, logger: logs.logger, onMailQueued: () => undefined, testHooks: DIES, restartDelayMs: FIRST_DELAY_MS });
    const restarts = () =>
      logs.lines
        .map((l) => JSON.parse(l) as { msg: string; restartInMs?: number; consecutiveDeaths?: number })
        .filter((l) => l.msg === 'inbound processor thread exited; starting it again');
    await until(() => restarts().length >= 4, 60_000, 'four restarts', 20);
    const seen = restarts().slice(0, 4);
    expect(seen.map((r) => r.restartInMs)).toEqual([FIRST_DELAY_MS, 2 * FIRST_DELAY_MS, 4 * FIRST_DELAY_MS, 8 * FIRST_DELAY_MS]);
    expect(seen.map((r) => r.consecutiveDeaths)).toEqual([1, 2, 3, 4]);

    // Stopping while it waits to start again: resolves, and no thread starts afterwards.
    await processing.stop();
    processing = null;
    const after = restarts().length;
    await new Promise((resolve) => setTimeout(resolve, 20 * FIRST_DELAY_MS));
    expect(restarts().length).toBe(after);
  });
});
