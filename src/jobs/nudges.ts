import { workerData } from 'node:worker_threads';
import { runJob } from './run-job.js';
import { sendNudges } from '../matching/after-round.js';

await runJob(workerData, async ({ db, config, logger }) => {
  const queued = await sendNudges(db, config, new Date());
  logger.info({ job: 'nudges', queued }, 'nudges done');
  return { mailQueued: queued > 0 };
});
