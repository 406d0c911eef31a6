import path from 'node:path';
import { Command } from 'commander';
import { configOrExit } from '../config.js';
import { backupDatabase, backupsDir, defaultBackupFile, pruneBackups } from '../db/backup.js';
import { runCli, UsageError } from './run.js';

const program = new Command('backup')
  .description('Copy the live database with SQLite\'s online backup, safe while the service runs.')
  .option('--out <file>', 'where to write the copy (default: db/backups/unmentoring-<time>.sqlite beside the database)')
  .exitOverride((err) => process.exit(err.exitCode));

runCli(async () => {
  program.parse(process.argv);
  const opts = program.opts<{ out?: string }>();
  const config = configOrExit();
  if (config.databasePath === ':memory:') throw new UsageError('DATABASE_PATH is :memory:; there is no file to back up');
  // npm run sets the working directory to the project; --out is relative to where it was typed.
  const target = opts.out ? path.resolve(process.env.INIT_CWD ?? process.cwd(), opts.out) : defaultBackupFile(config.databasePath);
  const r = await backupDatabase(config.databasePath, target).catch((err: Error) => {
    throw new UsageError(`no backup taken: ${err.message}`);
  });
  process.stdout.write(`Backed up ${config.databasePath} to ${r.file} (${(r.bytes / 1024 / 1024).toFixed(1)} MB, integrity ${r.integrity}, ${r.ms} ms).\n`);
  // Erasure and retention reach back-ups by their age: older than RETENTION_DAYS (or beyond BACKUP_KEEP) go.
  const pruned = pruneBackups(backupsDir(config.databasePath), { keep: config.backupKeep, retentionDays: config.retentionDays, now: new Date() });
  if (pruned.removed.length) {
    process.stdout.write(`Removed ${pruned.removed.length} older back-up${pruned.removed.length === 1 ? '' : 's'} (RETENTION_DAYS ${config.retentionDays}${config.backupKeep ? `, BACKUP_KEEP ${config.backupKeep}` : ''}); ${pruned.kept} kept.\n`);
  }
});
