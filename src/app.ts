import express, { type Express } from 'express';
import type { Config } from './config.js';
import type { Database } from './db/database.js';
import type { Logger } from './logger.js';
import type { Mailer } from './mail/mailer.js';
import { checkHealth } from './health.js';
import { inboundRouter } from './inbound/route.js';
import { eventsRouter } from './events/route.js';
import { unsubscribeRouter } from './unsubscribe/route.js';

export interface AppDeps {
  db: Database;
  mailer: Mailer;
  config: Config;
  logger: Logger;
  /** Called after a change queued mail, so it goes out now rather than at the next poll. */
  onMailQueued?: () => void;
  /** Called once an inbound message is stored, so it is processed now. */
  onInboundStored?: (id: number) => void;
  /** False while shutting down: /healthz then says so, and load balancers stop sending work. */
  isAccepting?: () => boolean;
}

export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', true);

  app.get('/healthz', async (_req, res) => {
    if (deps.isAccepting && !deps.isAccepting()) {
      res.status(503).json({ status: 'shutting down' });
      return;
    }
    const health = await checkHealth(deps.db, deps.mailer.name);
    res.status(health.status === 'ok' ? 200 : 503).json(health);
  });

  app.use(inboundRouter({ db: deps.db, config: deps.config, logger: deps.logger, onStored: deps.onInboundStored }));
  app.use(eventsRouter({ db: deps.db, config: deps.config, logger: deps.logger, onMailQueued: deps.onMailQueued }));
  app.use(unsubscribeRouter({ db: deps.db, config: deps.config, logger: deps.logger, onMailQueued: deps.onMailQueued }));

  app.use((_req, res) => {
    res.status(404).json({ error: 'not found' });
  });

  // Express 5 passes rejected promises here; answer without echoing anything the request carried.
  app.use((err: Error & { status?: number }, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    const status = err.status && err.status >= 400 && err.status < 600 ? err.status : 500;
    if (status === 413) {
      res.status(413).json({ error: 'request too large' });
      return;
    }
    if (status >= 500) deps.logger.error({ err: { name: err.name, message: err.message } }, 'request failed');
    res.status(status).json({ error: status >= 500 ? 'internal error' : err.message });
  });

  return app;
}
