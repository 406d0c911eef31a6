import Bree from 'bree';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import type { JobMessage } from './run-job.js';
import { CRON_VALIDATE } from '../matching/schedule.js';
import { workerEntry } from './worker-entry.js';

export interface JobDefinition {
  name: string;
  cron: string;
}

export function jobDefinitions(config: Config): JobDefinition[] {
  return [
    { name: 'match', cron: config.matchSchedule },
    // Daily: nudges fall due NUDGE_AFTER_DAYS after each introduction went out.
    { name: 'nudges', cron: '0 9 * * *' },
    // Daily: follow-ups fall due FOLLOWUP_AFTER_DAYS after each introduction went out.
    { name: 'follow-ups', cron: '0 10 * * *' },
    // Hourly: the reminder goes once, REMINDER_DAYS_BEFORE the next round.
    { name: 'reminders', cron: '0 * * * *' },
    { name: 'delivery-report', cron: config.deliveryReportSchedule },
    // Daily: replies and finished mail older than RETENTION_DAYS lose their contents.
    { name: 'retention', cron: '30 3 * * *' },
  ];
}

export interface Scheduler {
  start(): Promise<void>;
  /** Runs a job now and resolves when its worker has exited. */
  runNow(name: string): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The jobs of the service, on Bree. Each job is a thin worker that calls one function; the compiled
 * dist/jobs/<name>.js in production, the TypeScript source through tsx when run from sources.
 */
export function createScheduler(opts: { config: Config; logger: Logger; onMailQueued?: () => void }): Scheduler {
  const { config, logger } = opts;
  const jobs = jobDefinitions(config).map((job) => {
    const entry = workerEntry(`jobs/${job.name}`);
    return {
      name: job.name,
      cron: job.cron,
      timezone: config.tz,
      path: entry.path,
      worker: { workerData: { config, ...entry.workerData } },
    };
  });
  const bree = new Bree({
    root: false,
    cronValidate: CRON_VALIDATE as never,
    // Jobs run on their schedule only, never once at start-up.
    timeout: false,
    jobs,
    logger: {
      info: () => undefined,
      warn: (...args: unknown[]) => logger.warn({ bree: String(args[0]) }, 'scheduler warning'),
      error: (...args: unknown[]) => logger.error({ bree: String(args[0]) }, 'scheduler error'),
    },
    errorHandler: (err, data) => logger.error({ job: data.name, err: String((err as Error)?.message ?? err) }, 'job failed'),
    workerMessageHandler: (data) => {
      if ((data.message as JobMessage | undefined)?.type === 'mail-queued') opts.onMailQueued?.();
    },
  });

  return {
    async start() {
      await bree.start();
      logger.info({ jobs: jobs.map((j) => `${j.name} (${j.cron})`) }, 'scheduler started');
    },
    async runNow(name: string) {
      // bree.run resolves once the worker starts; wait for it to be gone.
      const finished = new Promise<void>((resolve) => {
        const onDeleted = (jobName: string) => {
          if (jobName === name) {
            bree.off('worker deleted', onDeleted);
            resolve();
          }
        };
        bree.on('worker deleted', onDeleted);
      });
      await bree.run(name);
      await finished;
    },
    async stop() {
      await bree.stop();
    },
  };
}
