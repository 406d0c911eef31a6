import { workerData } from 'node:worker_threads';
import { runJob } from './run-job.js';
import { sendReminders } from '../matching/after-round.js';

await runJob(workerData, async ({ db, config, logger }) => {
  const queued = await sendReminders(db, config, new Date());
  if (queued) logger.info({ job: 'reminders', queued }, 'reminders queued');
  return { mailQueued: queued > 0 };
});
