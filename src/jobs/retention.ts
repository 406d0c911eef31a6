import { workerData } from 'node:worker_threads';
import { runJob } from './run-job.js';
import { applyRetention } from '../inbound/retention.js';

await runJob(workerData, async ({ db, config, logger }) => {
  const forgotten = await applyRetention(db, { retentionDays: config.retentionDays, now: new Date() });
  logger.info({ job: 'retention', retentionDays: config.retentionDays, ...forgotten }, 'retention done');
  return { mailQueued: false };
});
