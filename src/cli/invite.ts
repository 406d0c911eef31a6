import { Command } from 'commander';
import cliProgress from 'cli-progress';
import { configOrExit } from '../config.js';
import { Database } from '../db/database.js';
import { migrate } from '../db/migrate.js';
import { createLogger } from '../logger.js';
import { createMailer } from '../mail/create-mailer.js';
import { inviteFromFile, InviteFileError, type InviteProgress, type InviteResult } from '../invitations/invite-from-file.js';
import { SKIP_REASON_TEXT, type SkipReason } from '../invitations/invite.js';
import { runCli, UsageError } from './run.js';

const program = new Command('invite')
  .description('Invite the people in a CSV file (header row; "email" required; "name" and "organisation" optional).')
  .argument('<file>', 'the CSV file')
  .option('--dry-run', 'check the file and show who would be invited; store and send nothing')
  .option('--resend', 'invite again people who were invited before (never participants, STOPs or bounces)')
  .option('--skip-invalid', 'invite the valid rows even when some rows have problems')
  .option('--no-deliver', 'store the invitations and leave delivery to the running service')
  .showHelpAfterError()
  .exitOverride((err) => {
    // Commander prints its own message; keep its exit code for help (0) and usage errors (1).
    process.exit(err.exitCode);
  });

function print(line = ''): void {
  process.stdout.write(`${line}\n`);
}

function report(file: string, r: InviteResult, dryRun: boolean): number {
  for (const p of r.problems) process.stderr.write(`${p.message}\n`);
  if (r.ignoredColumns.length) print(`Columns not used: ${r.ignoredColumns.join(', ')}`);
  if (r.refused) {
    throw new UsageError(
      `${r.problems.length} of ${r.rows} rows in ${file} have problems (listed above); nothing was stored or sent. ` +
        'Correct them, or run again with --skip-invalid to invite the valid rows.',
    );
  }
  if (dryRun) {
    print(`Would invite ${r.toInvite.length} of ${r.rows} rows:`);
    for (const i of r.toInvite) {
      const who = [i.name, i.organisation && `(${i.organisation})`].filter(Boolean).join(' ');
      print(`  line ${i.line}: ${i.email}${who ? `  ${who}` : ''}`);
    }
  } else {
    print(`Invited ${r.stored} of ${r.rows} rows.`);
  }
  for (const [reason, n] of Object.entries(r.skipped)) {
    if (n) print(`Skipped ${n}: ${SKIP_REASON_TEXT[reason as SkipReason]}`);
  }
  if (r.problems.length) print(`Skipped ${r.problems.length}: rows with problems (listed above)`);
  if (r.delivery) {
    const d = r.delivery;
    print(`Delivered ${d.sent}.${d.failed ? ` ${d.failed} refused by the provider (the organiser's delivery report lists them).` : ''}`);
    if (d.waiting) print(`${d.waiting} waiting to be retried: the running service (npm start) will deliver them.`);
  } else if (!dryRun && r.stored) {
    print('The running service (npm start) will deliver them.');
  }
  if (dryRun) print('Dry run: nothing was stored or sent.');
  return 0;
}

function progressBars(): InviteProgress & { stop(): void } {
  if (!process.stderr.isTTY) return { stop: () => undefined };
  const bars = new cliProgress.MultiBar(
    { format: ' {task} [{bar}] {value}/{total}', stream: process.stderr, hideCursor: true, clearOnComplete: false },
    cliProgress.Presets.shades_classic,
  );
  let storing: cliProgress.SingleBar | null = null;
  let delivering: cliProgress.SingleBar | null = null;
  return {
    storing(done, total) {
      storing ??= bars.create(total, 0, { task: 'storing   ' });
      storing.update(done);
    },
    delivering(done, total) {
      delivering ??= bars.create(total, 0, { task: 'delivering' });
      delivering.update(Math.min(done, total));
    },
    stop: () => bars.stop(),
  };
}

runCli(async () => {
  program.parse(process.argv);
  const [file] = program.args as [string];
  const opts = program.opts<{ dryRun?: boolean; resend?: boolean; skipInvalid?: boolean; deliver: boolean }>();
  const config = configOrExit();
  const logger = createLogger({ level: 'warn', destination: process.stderr });
  const db = await Database.open(config.databasePath);
  const bars = progressBars();
  try {
    await migrate(db);
    const result = await inviteFromFile(
      { db, config, mailer: createMailer(config), logger },
      { file, dryRun: Boolean(opts.dryRun), resend: Boolean(opts.resend), skipInvalid: Boolean(opts.skipInvalid), deliver: opts.deliver },
      bars,
    );
    bars.stop();
    return report(file, result, Boolean(opts.dryRun));
  } catch (err) {
    bars.stop();
    if (err instanceof InviteFileError) throw new UsageError(err.message);
    throw err;
  } finally {
    await db.close();
  }
});
