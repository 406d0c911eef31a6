import { parentPort } from 'node:worker_threads';
import type { Config } from '../config.js';
import { Database } from '../db/database.js';
import { createLogger, type Logger } from '../logger.js';

export interface JobDeps {
  db: Database;
  config: Config;
  logger: Logger;
}

/** What a job tells the main thread, besides Bree's own "done". */
export type JobMessage = { type: 'mail-queued' };

/**
 * The frame every Bree worker shares: its own connection, the job's one function, then "done" only
 * after every write has finished, so Bree never cuts a job short.
 */
export async function runJob(
  workerData: { config: Config },
  job: (deps: JobDeps) => Promise<{ mailQueued: boolean }>,
): Promise<void> {
  const { config } = workerData;
  const logger = createLogger({ level: config.logLevel });
  const db = await Database.open(config.databasePath);
  try {
    const result = await job({ db, config, logger });
    if (result.mailQueued) parentPort?.postMessage({ type: 'mail-queued' } satisfies JobMessage);
  } finally {
    await db.close();
  }
  parentPort?.postMessage('done');
}
