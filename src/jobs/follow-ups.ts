import { workerData } from 'node:worker_threads';
import { runJob } from './run-job.js';
import { sendFollowUps } from '../matching/after-round.js';

await runJob(workerData, async ({ db, config, logger }) => {
  const queued = await sendFollowUps(db, config, new Date());
  logger.info({ job: 'follow-ups', queued }, 'follow-ups done');
  return { mailQueued: queued > 0 };
});
