import { configOrExit } from './config.js';
import { Database } from './db/database.js';
import { migrate } from './db/migrate.js';
import { createLogger } from './logger.js';
import { createScheduler } from './jobs/scheduler.js';

// The scheduler alone, for the Procfile's worker line: when web processes are scaled out (with
// RUN_SCHEDULER=false), rounds and reminders still run exactly once. Jobs only queue mail; the web
// processes' senders deliver it.
const config = configOrExit();
const logger = createLogger({ level: config.logLevel });
const db = await Database.open(config.databasePath);
await migrate(db);
await db.close();
const scheduler = createScheduler({ config, logger });
await scheduler.start();
logger.info('scheduler worker started');
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    logger.info({ signal }, 'scheduler worker stopping');
    scheduler.stop().then(() => process.exit(0), () => process.exit(1));
  });
}
