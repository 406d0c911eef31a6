import { workerData } from 'node:worker_threads';
import { runJob } from './run-job.js';
import { runRound } from '../matching/round.js';

await runJob(workerData, async (deps) => {
  const summary = await runRound(deps, { trigger: 'schedule' });
  return { mailQueued: summary.status === 'done' };
});
