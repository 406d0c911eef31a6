import { Worker } from 'node:worker_threads';
import type { Config } from '../config.js';
import { Database } from '../db/database.js';
import { finishInbound } from '../db/inbound.js';
import type { Logger } from '../logger.js';
import { workerEntry } from '../jobs/worker-entry.js';
import type { InboundEmail } from './email.js';

export interface InboundProcessing {
  /** A message was stored: process it now rather than at the next poll. */
  kick(): void;
  /** Lets the message in hand finish, then stops. */
  stop(): Promise<void>;
}

/** What the thread posts: a mail was queued, it stopped, it is reading a message, it finished reading it. */
export type FromThread = 'mail-queued' | 'stopped' | { reading: number } | { read: true };

/** Test-only code run in the thread (workerData.testHooks names the module; its default export). */
export interface ThreadHooks {
  /** Called just before a message is read, inside the budget. */
  beforeRead?(inboundId: number, email: InboundEmail): void;
}

/**
 * Runs the inbound processor in a worker thread, and starts it again if it ever dies, so stored replies
 * are always worked through (any left pending are taken up as it starts).
 *
 * Reading a message is synchronous work in that thread, so nothing inside it can stop a reading that runs
 * on: the thread says which message it is reading, and this side holds that to config.inboundReadBudgetMs.
 * A message over it is marked failed (never read again, so it cannot stall the thread after every restart
 * either), reported in the log with its id, and the thread is replaced by a fresh one that goes on with
 * the messages behind it.
 */
export function startInboundProcessing(opts: {
  config: Config;
  logger: Logger;
  onMailQueued: () => void;
  /** Tests only: a module whose default export is a ThreadHooks. */
  testHooks?: string;
  /** The first wait before a dead thread is started again; it doubles while threads keep dying young. */
  restartDelayMs?: number;
}): InboundProcessing {
  const { config, logger } = opts;
  const entry = workerEntry('inbound/processor-thread');
  const budgetMs = config.inboundReadBudgetMs;
  let stopping = false;
  let worker: Worker;
  let reading: { inboundId: number; timer: NodeJS.Timeout } | null = null;
  // Marking an overrun failed, when one is under way: the next thread starts, and stop() ends, after it.
  let marking: Promise<void> = Promise.resolve();

  const endReading = () => {
    if (reading) clearTimeout(reading.timer);
    reading = null;
  };

  // A thread that dies as it starts (a database it cannot open, a disk that is full) would otherwise be
  // started again every second for ever, with an error line each time: the wait doubles up to a ceiling
  // while threads die young, and goes back to the first once one has lived long enough to be healthy.
  const firstDelayMs = opts.restartDelayMs ?? 1000;
  const maxDelayMs = Math.max(firstDelayMs, 60 * firstDelayMs);
  const healthyAfterMs = maxDelayMs;
  let restartDelayMs = firstDelayMs;
  let consecutiveDeaths = 0;
  let restartTimer: NodeJS.Timeout | null = null;

  let alive = false;
  const spawn = () => {
    restartTimer = null;
    if (stopping) return;
    const startedAt = Date.now();
    const thread = new Worker(entry.path, { workerData: { config, ...entry.workerData, testHooks: opts.testHooks } });
    worker = thread;
    alive = true;
    let overrun = false;
    thread.on('message', (m: FromThread) => {
      if (m === 'mail-queued') opts.onMailQueued();
      else if (typeof m === 'object' && 'reading' in m) {
        endReading();
        const inboundId = m.reading;
        reading = {
          inboundId,
          timer: setTimeout(() => {
            if (thread !== worker || reading?.inboundId !== inboundId) return;
            reading = null;
            overrun = true;
            marking = markOverrun(inboundId);
            void thread.terminate();
          }, budgetMs),
        };
        reading.timer.unref();
      } else if (typeof m === 'object' && 'read' in m) {
        endReading();
      }
    });
    thread.on('error', (err) => logger.error({ err: { name: err.name, message: err.message } }, 'inbound processor thread failed'));
    thread.on('exit', (code) => {
      if (thread !== worker) return;
      alive = false;
      endReading();
      if (stopping) return;
      if (overrun) {
        void marking.then(spawn);
        return;
      }
      if (Date.now() - startedAt >= healthyAfterMs) {
        restartDelayMs = firstDelayMs;
        consecutiveDeaths = 0;
      }
      consecutiveDeaths++;
      const waitMs = restartDelayMs;
      restartDelayMs = Math.min(restartDelayMs * 2, maxDelayMs);
      logger.error({ code, consecutiveDeaths, restartInMs: waitMs }, 'inbound processor thread exited; starting it again');
      restartTimer = setTimeout(spawn, waitMs);
      restartTimer.unref();
    });
  };

  const markOverrun = async (inboundId: number) => {
    const reason = `failed: reading took longer than ${budgetMs} ms (INBOUND_READ_BUDGET_MS); it is not read again`;
    logger.error(
      { inboundId, budgetMs },
      'inbound message took longer to read than its budget: marked failed and set aside; the processor goes on with the next',
    );
    let db: Database | null = null;
    try {
      db = await Database.open(config.databasePath);
      await finishInbound(db, inboundId, { status: 'failed', reason, personId: null, intent: null }, new Date());
    } catch (err) {
      // Still pending, it is read again by the next thread, and held to the same budget.
      logger.error({ inboundId, err: { name: (err as Error).name, message: (err as Error).message } }, 'could not mark the inbound message failed');
    } finally {
      await db?.close().catch(() => undefined);
    }
  };

  spawn();
  return {
    kick: () => worker.postMessage('kick'),
    stop: () =>
      new Promise<void>((resolve) => {
        stopping = true;
        if (restartTimer) clearTimeout(restartTimer);
        const done = () => void marking.then(resolve);
        // Between a thread's end and its replacement there is nothing to stop.
        if (!alive) return done();
        const current = worker;
        current.on('message', (m) => m === 'stopped' && void current.terminate());
        current.once('exit', done);
        current.postMessage('stop');
      }),
  };
}
