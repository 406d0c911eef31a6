import { workerData } from 'node:worker_threads';
import { runJob } from './run-job.js';
import { reportFailedDeliveries } from '../mail/delivery-report.js';

await runJob(workerData, async ({ db, config, logger }) => {
  const reported = await reportFailedDeliveries(db, config, new Date());
  logger.info({ job: 'delivery-report', reported }, 'delivery report done');
  return { mailQueued: reported > 0 };
});
