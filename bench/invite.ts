// npm run bench:invite -- --rows 100000 [--concurrency 32]
// Generates an invitation CSV, stores it through the real invitation path (CSV reading, planning,
// transactions into SQLite), then delivers the outbox through the real @sendgrid/mail client to a
// fake SendGrid on loopback. Prints one JSON line.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Database } from '../src/db/database.js';
import { migrate } from '../src/db/migrate.js';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { createSendGridMailer } from '../src/mail/sendgrid-mailer.js';
import { OutboxSender } from '../src/mail/sender.js';
import { inviteFromFile } from '../src/invitations/invite-from-file.js';
import { arg, peakRssMb, startFakeSendGridProcess } from './lib.js';

const rows = Number(arg('rows', '100000'));
const concurrency = arg('concurrency', '32');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'unmentoring-bench-invite-'));
const file = path.join(dir, 'invitees.csv');

const orgs = ['Leeds City Council', 'NHS England', 'HM Revenue & Customs', 'Ministry of Justice', 'Bristol City Council', 'Met Office'];
const lines = ['email,name,organisation'];
for (let i = 0; i < rows; i++) lines.push(`person${i}@example${i % 997}.gov.uk,"Person ${i}",${orgs[i % orgs.length]!.includes(',') ? `"${orgs[i % orgs.length]}"` : orgs[i % orgs.length]}`);
fs.writeFileSync(file, lines.join('\n') + '\n');

const fake = await startFakeSendGridProcess();
const config = loadConfig({
  DATABASE_PATH: path.join(dir, 'bench.sqlite'),
  SENDGRID_API_KEY: fake.apiKey,
  SENDGRID_API_URL: fake.url,
  MAIL_FROM: 'Unmentoring <hello@unmentoring.test>',
  REPLY_DOMAIN: 'reply.unmentoring.test',
  ORGANISER_EMAIL: 'organiser@unmentoring.test',
  SEND_CONCURRENCY: concurrency,
  LOG_LEVEL: 'warn',
});
const logger = createLogger({ level: 'warn' });
const db = await Database.open(config.databasePath);
await migrate(db);
const mailer = createSendGridMailer({ apiKey: fake.apiKey, apiUrl: fake.url });

const t0 = performance.now();
const result = await inviteFromFile(
  { db, config, mailer, logger },
  { file, dryRun: false, resend: false, skipInvalid: false, deliver: false },
);
const storeSeconds = (performance.now() - t0) / 1000;

const t1 = performance.now();
const sender = new OutboxSender({ db, mailer, config, logger });
const delivered = await sender.drain();
const deliverSeconds = (performance.now() - t1) / 1000;

await db.close();
await fake.stop();
fs.rmSync(dir, { recursive: true, force: true });

process.stdout.write(
  JSON.stringify({
    rows,
    stored: result.stored,
    seconds: Number(storeSeconds.toFixed(2)),
    stored_per_s: Math.round(result.stored / storeSeconds),
    delivered: delivered.sent,
    deliver_seconds: Number(deliverSeconds.toFixed(2)),
    delivered_per_s: Math.round(delivered.sent / deliverSeconds),
    send_concurrency: config.sendConcurrency,
    peak_rss_mb: peakRssMb(),
  }) + '\n',
);
