import fs from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { configOrExit } from '../config.js';
import { Database } from '../db/database.js';
import { migrate } from '../db/migrate.js';
import { createLogger } from '../logger.js';
import { createMailer } from '../mail/create-mailer.js';
import { OutboxSender } from '../mail/sender.js';
import { makeDigest, queueDigest } from '../reports/digest.js';
import { sinceOption } from '../reports/since.js';
import { runCli, UsageError } from './run.js';

const program = new Command('digest')
  .description("Send the organisers' digest now: the report in plain text, with the picture of the organisations linked attached.")
  .option('--out <file>', 'also write the picture to this PNG file')
  .option('--since <date>', 'only what happened since this date (YYYY-MM-DD, in TZ)')
  .option('--no-deliver', 'queue the digest and leave delivery to the running service')
  .exitOverride((err) => process.exit(err.exitCode));

runCli(async () => {
  program.parse(process.argv);
  const opts = program.opts<{ out?: string; since?: string; deliver: boolean }>();
  const config = configOrExit();
  const since = sinceOption(opts.since);
  const logger = createLogger({ level: 'warn', destination: process.stderr });
  const db = await Database.open(config.databasePath);
  try {
    await migrate(db);
    const now = new Date();
    if (opts.out) {
      const { png, pictureError } = await makeDigest(db, since ? { since: since.toISOString() } : {}, { now, schemeName: config.schemeName, sharedDomains: config.sharedDomains });
      if (!png) throw new UsageError(`the picture could not be drawn: ${pictureError}`);
      const file = path.resolve(opts.out);
      try {
        fs.writeFileSync(file, png);
      } catch (err) {
        throw new UsageError(`could not write ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
      }
      process.stdout.write(`Wrote the picture to ${file} (${Math.round(png.length / 1024)} KB).\n`);
    }
    const queued = await queueDigest(db, config, { now, ...(since ? { since } : {}) });
    if (!opts.deliver) {
      process.stdout.write(`Queued the digest to ${config.organiserEmail}; the running service will send it.\n`);
      return;
    }
    // Only this digest: anything else waiting is the running service's to send.
    const sent = await new OutboxSender({ db, mailer: createMailer(config), config, logger }).drain({ only: [queued.id] });
    process.stdout.write(`Sent the digest to ${config.organiserEmail} (${sent.sent} mail${sent.sent === 1 ? '' : 's'} delivered${sent.failed ? `; ${sent.failed} refused` : ''}).\n`);
    if (sent.sent === 0) return 1;
  } finally {
    await db.close();
  }
});
