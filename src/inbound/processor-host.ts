import { Worker } from 'node:worker_threads';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { workerEntry } from '../jobs/worker-entry.js';

export interface InboundProcessing {
  /** A message was stored: process it now rather than at the next poll. */
  kick(): void;
  /** Lets the message in hand finish, then stops. */
  stop(): Promise<void>;
}

/**
 * Runs the inbound processor in a worker thread, and starts it again if it ever dies, so stored replies
 * are always worked through (any left pending are taken up as it starts).
 */
export function startInboundProcessing(opts: { config: Config; logger: Logger; onMailQueued: () => void }): InboundProcessing {
  const entry = workerEntry('inbound/processor-thread');
  let stopping = false;
  let worker: Worker;
  const spawn = () => {
    worker = new Worker(entry.path, { workerData: { config: opts.config, ...entry.workerData } });
    worker.on('message', (m) => {
      if (m === 'mail-queued') opts.onMailQueued();
    });
    worker.on('error', (err) => opts.logger.error({ err: { name: err.name, message: err.message } }, 'inbound processor thread failed'));
    worker.on('exit', (code) => {
      if (stopping) return;
      opts.logger.error({ code }, 'inbound processor thread exited; starting it again');
      setTimeout(spawn, 1000).unref();
    });
  };
  spawn();
  return {
    kick: () => worker.postMessage('kick'),
    stop: () =>
      new Promise<void>((resolve) => {
        stopping = true;
        const done = () => {
          void worker.terminate().then(() => resolve());
        };
        worker.once('message', (m) => m === 'stopped' && done());
        worker.once('exit', () => resolve());
        worker.postMessage('stop');
      }),
  };
}
