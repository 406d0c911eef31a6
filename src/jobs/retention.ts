import { workerData } from 'node:worker_threads';
import { runJob } from './run-job.js';
import { applyRetention } from '../inbound/retention.js';
import { backupsDir, pruneBackups } from '../db/backup.js';

await runJob(workerData, async ({ db, config, logger }) => {
  const now = new Date();
  const forgotten = await applyRetention(db, { retentionDays: config.retentionDays, now });
  // What was just forgotten (and anyone erased since yesterday) must not stay in the WAL's old page images.
  const checkpoint = await db.checkpoint();
  const backups = config.databasePath === ':memory:'
    ? { removed: [], kept: 0 }
    : pruneBackups(backupsDir(config.databasePath), { keep: config.backupKeep, retentionDays: config.retentionDays, now });
  logger.info(
    { job: 'retention', retentionDays: config.retentionDays, ...forgotten, walBusy: checkpoint.busy, backupsRemoved: backups.removed.length, backupsKept: backups.kept },
    'retention done',
  );
  return { mailQueued: false };
});
