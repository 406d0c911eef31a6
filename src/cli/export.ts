import { Command } from 'commander';
import { configOrExit } from '../config.js';
import { Database } from '../db/database.js';
import { migrate } from '../db/migrate.js';
import { linkUnlinked } from '../organisations/link.js';
import { exportParticipants, participantsCsv } from '../participants/export.js';
import { runCli, UsageError } from './run.js';

const program = new Command('export')
  .description('Print every participant: email, name, phone, organisation, googleId, skypeId, status, joinedAt, organisationId, organisationName.')
  .option('--json', 'a JSON array (the default)')
  .option('--csv', 'CSV with a header row')
  .option('--all', 'everyone the service knows (invited, stopped …), not only participants')
  .exitOverride((err) => process.exit(err.exitCode));

runCli(async () => {
  program.parse(process.argv);
  const opts = program.opts<{ json?: boolean; csv?: boolean; all?: boolean }>();
  if (opts.json && opts.csv) throw new UsageError('choose one of --json and --csv');
  const config = configOrExit();
  const db = await Database.open(config.databasePath);
  try {
    await migrate(db);
    // Anyone from before organisations existed is linked first, so the export groups as the next round does.
    await db.transaction((tx) => linkUnlinked(tx, config.sharedDomains, new Date()));
    const rows = await exportParticipants(db, { all: Boolean(opts.all) });
    process.stdout.write(
      opts.csv ? participantsCsv(rows) : `${JSON.stringify(rows, null, 2)}\n`,
    );
  } finally {
    await db.close();
  }
});
