import fs from 'node:fs/promises';
import { Command } from 'commander';
import { parseEml } from '../inbound/parse-eml.js';
import { readInboundEmail } from '../inbound/read/index.js';
import { runCli, UsageError } from './run.js';

const program = new Command('parse-reply')
  .description('Show how a reply is read: a raw .eml file, or a plain-text body. Prints JSON.')
  .argument('<file>', 'the .eml or .txt file')
  .exitOverride((err) => process.exit(err.exitCode));

runCli(async () => {
  program.parse(process.argv);
  const [file] = program.args as [string];
  const bytes = await fs.readFile(file).catch((err: NodeJS.ErrnoException) => {
    throw new UsageError(`cannot read ${file}: ${err.code === 'ENOENT' ? 'no such file' : err.message}`);
  });
  const email = await parseEml(bytes);
  const read = readInboundEmail(email, new Date(), { zone: process.env.TZ || 'Europe/London' });
  const out = {
    reply: read.reply,
    signature: read.signature,
    fields: read.fields,
    intent: read.intent,
    // Whose reading the intent is: the rules', the second reader's, or a person's where they disagree.
    readBy: read.readBy,
    automatic: read.automatic,
    ...(read.automatic ? { automaticReason: read.automaticReason, bounce: read.bounce } : {}),
    ...(read.pauseUntil ? { pauseUntil: read.pauseUntil } : {}),
    ...(read.cadence ? { cadence: read.cadence } : {}),
  };
  process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
});
