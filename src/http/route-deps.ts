import type { Config } from '../config.js';
import type { Database } from '../db/database.js';
import type { Logger } from '../logger.js';

/** What each router of the app is built from. */
export interface RouteDeps {
  db: Database;
  config: Config;
  logger: Logger;
  /** Called when a change queued mail, so the sender goes now. */
  onMailQueued?: () => void;
  now?: () => Date;
}
