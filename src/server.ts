import { configOrExit } from './config.js';
import { createLogger } from './logger.js';
import { startService } from './service.js';

const config = configOrExit();
const logger = createLogger({ level: config.logLevel });

const service = await startService({ config, logger }).catch((err: Error) => {
  logger.fatal({ err: { name: err.name, message: err.message } }, 'could not start');
  logger.flush(() => process.exit(1));
  return new Promise<never>(() => undefined);
});

let signals = 0;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (++signals > 1) process.exit(1); // a second Ctrl-C means now
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => {
      logger.error('shutdown took over 20 s; exiting anyway');
      process.exit(1);
    }, 20_000);
    force.unref();
    service.stop().then(
      () => logger.flush(() => process.exit(0)),
      (err: Error) => {
        logger.error({ err: { message: err.message } }, 'shutdown failed');
        logger.flush(() => process.exit(1));
      },
    );
  });
}
