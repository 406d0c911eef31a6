import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { loadConfig } from '../config.js';
import { createLogger } from '../logger.js';
import { runDemo } from '../demo/demo.js';
import { runCli } from './run.js';

// `npm run demo`: a first run with no account. A fresh database and outbox in a temporary folder, unless
// DATABASE_PATH and OUTBOX_DIR say where; never real mail, whatever SENDGRID_API_KEY says.
runCli(async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'unmentoring-demo-'));
  const env = { ...process.env };
  delete env.SENDGRID_API_KEY;
  delete env.SENDGRID_API_URL;
  const config = loadConfig({
    ...env,
    NODE_ENV: 'development',
    DATABASE_PATH: process.env.DATABASE_PATH || path.join(dir, 'unmentoring.sqlite'),
    OUTBOX_DIR: process.env.OUTBOX_DIR || path.join(dir, 'outbox'),
    INBOUND_USER: '',
    INBOUND_PASSWORD: '',
    LOG_LEVEL: 'warn',
  });
  process.env.TZ = config.tz;
  const logger = createLogger({ level: 'warn', destination: process.stderr });
  const say = (line: string) => process.stdout.write(`${line}\n`);
  say(`Demo database: ${config.databasePath}`);
  const result = await runDemo(config, logger, say);
  say('');
  say(`The outbox folder holds every mail the demo sent, as .eml files any mail program opens:`);
  say(`  ${result.outboxDir}`);
  for (const [kind, n] of Object.entries(result.files).sort()) say(`  ${String(n).padStart(3)} ${kind}`);
  say('');
  say('Look at the invitations, the answers to replies, the introductions, the follow-ups and the digest.');
  say(`The digest's picture of organisations linked by the scheme: ${result.picture}`);
  say(`See how the scheme is doing: DATABASE_PATH=${result.databasePath} npm run report`);
  // Open the folder for them where there is a desktop to open it on.
  if (process.env.DISPLAY || process.platform === 'darwin') {
    const opener = process.platform === 'darwin' ? 'open' : 'xdg-open';
    spawn(opener, [result.outboxDir], { detached: true, stdio: 'ignore' }).on('error', () => undefined).unref();
  }
});
