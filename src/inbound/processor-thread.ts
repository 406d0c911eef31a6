import { parentPort, workerData } from 'node:worker_threads';
import type { Config } from '../config.js';
import { Database } from '../db/database.js';
import { createLogger } from '../logger.js';
import { InboundProcessor } from './process.js';

// The inbound processor in a worker thread of its own: reading replies (MIME, quotes, fields) is CPU work,
// and on the request thread it would hold up the next POST. Messages: 'kick' in; 'mail-queued' and
// 'stopped' out.
const { config } = workerData as { config: Config };
const logger = createLogger({ level: config.logLevel });
const db = await Database.open(config.databasePath);
const processor = new InboundProcessor({ db, config, logger, onMailQueued: () => parentPort?.postMessage('mail-queued') });
processor.start();
parentPort?.on('message', (message: unknown) => {
  if (message === 'kick') processor.kick();
  if (message === 'stop') {
    void processor
      .stop()
      .then(() => db.close())
      .then(() => logger.flush(() => parentPort?.postMessage('stopped')));
  }
});
