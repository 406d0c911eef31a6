import { workerData } from 'node:worker_threads';
import { runJob } from './run-job.js';
import { runRound } from '../matching/round.js';

await runJob(workerData, async (deps) => {
  // The organisers' digest is queued in the round's transaction: its report and picture are made when it is sent.
  const summary = await runRound(deps, { trigger: 'schedule', digest: true });
  return { mailQueued: summary.status === 'done' };
});
