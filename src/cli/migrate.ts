import { configOrExit } from '../config.js';
import { Database } from '../db/database.js';
import { migrate } from '../db/migrate.js';
import { runCli } from './run.js';

runCli(async () => {
  const config = configOrExit();
  const db = await Database.open(config.databasePath);
  try {
    const { applied, alreadyApplied } = await migrate(db);
    for (const name of applied) process.stdout.write(`applied ${name}\n`);
    process.stdout.write(`${applied.length} applied, ${alreadyApplied} already in place (${config.databasePath})\n`);
  } finally {
    await db.close();
  }
});
