import { parentPort, workerData } from 'node:worker_threads';
import type { Config } from '../config.js';
import { Database } from '../db/database.js';
import { createLogger } from '../logger.js';
import type { InboundEmail } from './email.js';
import { InboundProcessor } from './process.js';
import type { FromThread, ThreadHooks } from './processor-host.js';

// The inbound processor in a worker thread of its own: reading replies (MIME, quotes, fields) is CPU work,
// and on the request thread it would hold up the next POST. Messages: 'kick' and 'stop' in; 'mail-queued',
// 'stopped' and the reading / read marks (processor-host.ts holds each reading to a budget with them) out.
const { config, testHooks } = workerData as { config: Config; testHooks?: string };
const hooks: ThreadHooks = testHooks ? ((await import(testHooks)) as { default: ThreadHooks }).default : {};
const post = (message: FromThread) => parentPort?.postMessage(message);
const logger = createLogger({ level: config.logLevel });
const db = await Database.open(config.databasePath);
const processor = new InboundProcessor({
  db,
  config,
  logger,
  onMailQueued: () => post('mail-queued'),
  onReading: (inboundId: number | null, email: InboundEmail) => {
    post(inboundId === null ? { read: true } : { reading: inboundId });
    if (inboundId !== null) hooks.beforeRead?.(inboundId, email);
  },
});
processor.start();
parentPort?.on('message', (message: unknown) => {
  if (message === 'kick') processor.kick();
  if (message === 'stop') {
    void processor
      .stop()
      .then(() => db.close())
      .then(() => logger.flush(() => post('stopped')));
  }
});
