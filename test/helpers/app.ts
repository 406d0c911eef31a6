import type { Express } from 'express';
import { createApp } from '../../src/app.js';
import { createSendGridMailer } from '../../src/mail/sendgrid-mailer.js';
import { OutboxSender } from '../../src/mail/sender.js';
import type { Config } from '../../src/config.js';
import { createTestDatabase, type TestDatabase } from './db.js';
import { startFakeSendGrid, type FakeSendGrid } from './fake-sendgrid.js';
import { testConfig } from './config.js';
import { captureLogger } from './logs.js';

export interface TestApp {
  app: Express;
  t: TestDatabase;
  sg: FakeSendGrid;
  config: Config;
  sender: OutboxSender;
  logs: ReturnType<typeof captureLogger>;
  close(): Promise<void>;
}

/** The real Express app on a real database, sending through the real SendGrid client to a fake SendGrid. */
/** With `now`, the sender reads that clock too (what it may send, and when it was sent). */
export async function buildTestApp(env: Record<string, string> = {}, opts: { now?: () => Date } = {}): Promise<TestApp> {
  const t = await createTestDatabase();
  const sg = await startFakeSendGrid();
  const config = testConfig(t.dir, { SENDGRID_API_KEY: sg.apiKey, SENDGRID_API_URL: sg.url, ...env });
  const logs = captureLogger();
  const mailer = createSendGridMailer({ apiKey: sg.apiKey, apiUrl: sg.url });
  const sender = new OutboxSender({ db: t.db, mailer, config, logger: logs.logger, ...(opts.now ? { now: opts.now } : {}) }, { baseBackoffMs: 10 });
  const app = createApp({ db: t.db, mailer, config, logger: logs.logger, onMailQueued: () => sender.kick() });
  return {
    app,
    t,
    sg,
    config,
    sender,
    logs,
    async close() {
      await sender.stop();
      await sg.close();
      await t.cleanup();
    },
  };
}
