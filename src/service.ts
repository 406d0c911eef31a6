import { linkUnlinked } from './organisations/link.js';
import type { Server } from 'node:http';
import type { Config } from './config.js';
import { Database } from './db/database.js';
import { migrate } from './db/migrate.js';
import type { Logger } from './logger.js';
import { createMailer } from './mail/create-mailer.js';
import type { Mailer } from './mail/mailer.js';
import { OutboxSender } from './mail/sender.js';
import { createScheduler, type Scheduler } from './jobs/scheduler.js';
import { createApp } from './app.js';
import { startInboundProcessing, type InboundProcessing } from './inbound/processor-host.js';

export interface Service {
  server: Server;
  db: Database;
  sender: OutboxSender;
  inbound: InboundProcessing;
  scheduler: Scheduler;
  /** Stops taking requests, lets in-flight work finish, stops the scheduler and sender, closes the database. */
  stop(): Promise<void>;
}

/** Everything `npm start` runs: migrations, the HTTP server, the outbox sender and the scheduler. */
export async function startService(opts: { config: Config; logger: Logger; mailer?: Mailer }): Promise<Service> {
  const { config, logger } = opts;
  const db = await Database.open(config.databasePath);
  const { applied } = await migrate(db);
  if (applied.length) logger.info({ applied }, 'migrations applied');
  // People from before organisations existed (migration 011), linked with the same rules as new people.
  const linked = await db.transaction((tx) => linkUnlinked(tx, config.sharedDomains, new Date()));
  if (linked) logger.info({ linked }, 'people linked to organisations');

  const mailer = opts.mailer ?? createMailer(config);
  const sender = new OutboxSender({ db, mailer, config, logger });
  // Replies are read in a worker thread of their own, so reading never holds up receiving.
  const inbound = startInboundProcessing({ config, logger, onMailQueued: () => sender.kick() });
  const scheduler = createScheduler({ config, logger, onMailQueued: () => sender.kick() });
  let accepting = true;
  const app = createApp({
    db,
    mailer,
    config,
    logger,
    onMailQueued: () => sender.kick(),
    onInboundStored: () => inbound.kick(),
    isAccepting: () => accepting,
  });

  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(config.port, (err?: Error) => (err ? reject(err) : resolve(s)));
  });
  sender.start();
  // RUN_SCHEDULER=false on extra web processes: the Procfile's worker runs the jobs, once.
  if (config.runScheduler) await scheduler.start();
  const address = server.address();
  logger.info(
    { port: typeof address === 'object' && address ? address.port : config.port, mailer: mailer.name },
    'unmentoring is listening',
  );

  let stopping: Promise<void> | null = null;
  return {
    server,
    db,
    sender,
    inbound,
    scheduler,
    stop() {
      stopping ??= (async () => {
        accepting = false;
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeIdleConnections();
        });
        await scheduler.stop();
        await inbound.stop();
        await sender.stop();
        await db.close();
        logger.info('stopped cleanly');
      })();
      return stopping;
    },
  };
}
