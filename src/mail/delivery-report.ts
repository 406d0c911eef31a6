import type { Config } from '../config.js';
import type { Database } from '../db/database.js';
import { enqueueMail, markReported, unreportedFailures } from '../db/outbox.js';
import type { Address } from './mailer.js';

const LISTED = 50;

/**
 * Tells the organiser, in one mail, about every mail the provider refused for good since the last
 * report. Returns how many failures it reported (0: no mail is queued).
 */
export async function reportFailedDeliveries(
  db: Database,
  config: Pick<Config, 'organiserEmail' | 'replyDomain'>,
  now: Date,
): Promise<number> {
  return db.transaction(async (tx) => {
    const failures = (await unreportedFailures(tx)).filter((f) => f.template !== 'delivery-report');
    if (!failures.length) return 0;
    await enqueueMail(
      tx,
      {
        template: 'delivery-report',
        data: {
          failures: failures.slice(0, LISTED).map((f) => ({
            template: f.template,
            to: (JSON.parse(f.recipients) as Address[]).map((a) => a.email).join(', '),
            createdAt: f.created_at.slice(0, 16).replace('T', ' '),
            reason: f.last_error ?? 'no reason given',
          })),
          more: Math.max(0, failures.length - LISTED),
        },
        to: [{ email: config.organiserEmail }],
      },
      { messageDomain: config.replyDomain, now },
    );
    await markReported(tx, failures.map((f) => f.id), now);
    return failures.length;
  });
}
