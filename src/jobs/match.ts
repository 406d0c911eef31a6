import { workerData } from 'node:worker_threads';
import { runJob } from './run-job.js';
import { runRound } from '../matching/round.js';
import { queueDigest } from '../reports/digest.js';

await runJob(workerData, async (deps) => {
  const summary = await runRound(deps, { trigger: 'schedule' });
  // The organisers' digest follows each round: its report and picture are made when it is sent.
  if (summary.status === 'done') await queueDigest(deps.db, deps.config, { now: new Date(), roundId: summary.roundId });
  return { mailQueued: summary.status === 'done' };
});
