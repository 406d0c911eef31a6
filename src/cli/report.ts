import { Command, InvalidArgumentError } from 'commander';
import { configOrExit } from '../config.js';
import { Database } from '../db/database.js';
import { migrate } from '../db/migrate.js';
import { formatReportJson, formatReportText } from '../reports/format.js';
import { buildReport } from '../reports/report.js';
import { sinceOption } from '../reports/since.js';
import { runCli } from './run.js';

const program = new Command('report')
  .description('What the scheme is doing: people, rounds, organisations linked, meetings and what came of them.')
  .option('--since <date>', 'only what happened since this date (YYYY-MM-DD, in TZ)')
  .option('--json', 'print JSON instead of text')
  .option('--outcomes <n>', 'how many of the lines people wrote to show in text (default 20)', (v) => {
    if (!/^\d{1,6}$/.test(v)) throw new InvalidArgumentError('a whole number');
    return Number(v);
  })
  .exitOverride((err) => process.exit(err.exitCode));

runCli(async () => {
  program.parse(process.argv);
  const opts = program.opts<{ since?: string; json?: boolean; outcomes?: number }>();
  const config = configOrExit();
  // Read after the settings: a bare date is the start of that day in TZ.
  const since = sinceOption(opts.since);
  const db = await Database.open(config.databasePath);
  try {
    await migrate(db);
    const report = await buildReport(db, { now: new Date(), ...(since ? { since } : {}) });
    process.stdout.write(opts.json ? formatReportJson(report) : formatReportText(report, opts.outcomes === undefined ? {} : { outcomes: opts.outcomes }));
  } finally {
    await db.close();
  }
});
