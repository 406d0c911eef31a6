import type { Database } from '../db/database.js';
import {
  claimDue,
  markCancelled,
  markFailed,
  markRetry,
  markSent,
  nextDueAt,
  type OutboxRow,
} from '../db/outbox.js';
import { suppressedAmong } from '../db/suppressions.js';
import type { Logger } from '../logger.js';
import type { Config } from '../config.js';
import { SendError, type Address, type Mailer, type OutgoingMail } from './mailer.js';
import { oneLine, renderTemplate, type MailContext } from './templates.js';
import { resolveStoredData, type Resolved } from './stored-data.js';
import { unsubscribeTokensFor } from '../unsubscribe/tokens.js';

export interface SenderDeps {
  db: Database;
  mailer: Mailer;
  config: Pick<
    Config,
    'mailFrom' | 'replyDomain' | 'organiserEmail' | 'schemeName' | 'sendConcurrency' | 'sendMaxAttempts' | 'meetWithinDays'
  > &
    Partial<Pick<Config, 'publicUrl'>>;
  logger: Logger;
  now?: () => Date;
}

export interface SenderOptions {
  /** How long a claimed mail stays this sender's before another may take it over. */
  leaseMs?: number;
  /** How often to look for due mail when nobody has kicked the sender. */
  pollMs?: number;
  /** First retry delay; doubles each attempt up to maxBackoffMs. */
  baseBackoffMs?: number;
  maxBackoffMs?: number;
}

export interface PassResult {
  sent: number;
  retried: number;
  failed: number;
  cancelled: number;
}

export function replyAddress(token: string, domain: string): string {
  return `reply+${token}@${domain}`;
}

/**
 * Turns a stored outbox row, with its data resolved, into the mail a provider receives. `unsubscribeToken`
 * is the token of the one person the mail is to: with PUBLIC_URL set, it adds the one-click link.
 */
export function buildOutgoingMail(
  row: OutboxRow,
  config: SenderDeps['config'],
  recipients: Address[],
  resolved: Resolved,
  unsubscribeToken?: string | null,
): OutgoingMail {
  const ctx: MailContext = { schemeName: config.schemeName, organiserEmail: config.organiserEmail };
  const rendered = renderTemplate(row.template, resolved.data, ctx);
  const reply = replyAddress(row.reply_token, config.replyDomain);
  // RFC 8058 one-click, only in mail to one person: a mail to a group (an introduction) or to the organiser
  // has nobody whom the link could unsubscribe.
  const oneClick =
    config.publicUrl && unsubscribeToken && row.person_id !== null && !resolved.to && recipients.length === 1
      ? `${config.publicUrl}/unsubscribe/${unsubscribeToken}`
      : null;
  return {
    outboxId: row.id,
    template: row.template,
    from: config.mailFrom,
    to: recipients,
    replyTo: { email: reply, name: config.schemeName },
    ...(resolved.replyToList ? { replyToList: resolved.replyToList } : {}),
    subject: row.subject ? oneLine(row.subject).slice(0, 250) : rendered.subject,
    text: rendered.text,
    ...(rendered.html ? { html: rendered.html } : {}),
    messageId: row.message_id,
    ...(row.in_reply_to ? { inReplyTo: row.in_reply_to } : {}),
    ...(row.refs ? { references: row.refs.split(/\s+/) } : {}),
    ...(resolved.attachments?.length ? { attachments: resolved.attachments } : {}),
    headers: {
      // RFC 2369: a reply to this address with STOP unsubscribes, like any reply saying STOP.
      'List-Unsubscribe': `<mailto:${reply}?subject=STOP>${oneClick ? `, <${oneClick}>` : ''}`,
      ...(oneClick ? { 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' } : {}),
    },
  };
}

/**
 * Delivers the outbox: the only code that hands mail to the provider. Each mail is claimed with a lease,
 * sent, then marked sent; a crash before the mark leaves the lease to run out and the mail is sent again
 * with the same Message-ID (so receiving systems that de-duplicate by it show it once). Back-off on
 * failure doubles per attempt and never comes sooner than the provider's Retry-After.
 */
export class OutboxSender {
  private readonly opts: Required<SenderOptions>;
  private readonly now: () => Date;
  private running = false;
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  private pausedUntil = 0;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly deps: SenderDeps,
    options: SenderOptions = {},
  ) {
    this.opts = {
      leaseMs: options.leaseMs ?? 120_000,
      pollMs: options.pollMs ?? 2_000,
      baseBackoffMs: options.baseBackoffMs ?? 5_000,
      maxBackoffMs: options.maxBackoffMs ?? 3_600_000,
    };
    this.now = deps.now ?? (() => new Date());
  }

  /** Starts delivering in the background until stop(). */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.runLoop();
  }

  /** Wakes the loop now: a mail was just queued. */
  kick(): void {
    this.wake?.();
  }

  /** Stops taking new mail and waits for the mails in flight to be marked. */
  async stop(): Promise<void> {
    this.running = false;
    this.kick();
    await this.loop;
    this.loop = null;
  }

  private async runLoop(): Promise<void> {
    while (this.running) {
      let worked = false;
      try {
        const r = await this.runOnce();
        worked = r.sent + r.retried + r.failed + r.cancelled > 0;
      } catch (err) {
        this.deps.logger.error({ err: errorSummary(err) }, 'outbox pass failed');
      }
      if (!this.running) break;
      if (!worked) await this.sleep(this.waitMs());
    }
  }

  private waitMs(): number {
    return Math.max(this.opts.pollMs, this.pausedUntil - Date.now());
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.timer = setTimeout(resolve, ms);
      this.wake = () => {
        if (this.timer) clearTimeout(this.timer);
        resolve();
      };
    });
  }

  /** One pass: claims a batch of due mail and delivers it. */
  async runOnce(): Promise<PassResult> {
    const result: PassResult = { sent: 0, retried: 0, failed: 0, cancelled: 0 };
    if (Date.now() < this.pausedUntil) return result;
    const { db } = this.deps;
    const concurrency = this.deps.config.sendConcurrency;
    const batch = await claimDue(db, { limit: concurrency * 8, now: this.now(), leaseMs: this.opts.leaseMs });
    if (!batch.length) return result;

    const suppressed = await suppressedAmong(
      db,
      batch.flatMap((r) => (JSON.parse(r.recipients) as Address[]).map((a) => a.email)),
    );

    const unsubscribeTokens = this.deps.config.publicUrl
      ? await unsubscribeTokensFor(db, batch.flatMap((r) => (r.person_id === null ? [] : [r.person_id])))
      : new Map<number, string>();

    let next = 0;
    const worker = async () => {
      while (next < batch.length) {
        const row = batch[next++]!;
        if (Date.now() < this.pausedUntil) {
          // The provider asked everyone to wait: hand the rest back untouched.
          await markRetry(db, row.id, { error: null, nextAttemptAt: new Date(this.pausedUntil), countAttempt: false });
          continue;
        }
        await this.deliver(row, suppressed, result, row.person_id === null ? null : (unsubscribeTokens.get(row.person_id) ?? null));
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, batch.length) }, worker));
    return result;
  }

  private async deliver(row: OutboxRow, suppressed: Map<string, string>, result: PassResult, unsubscribeToken: string | null): Promise<void> {
    const { db, logger, config } = this.deps;
    let resolved: Resolved | null;
    let stillSuppressed = suppressed;
    try {
      resolved = await resolveStoredData(db, row.template, JSON.parse(row.data), config);
      // Recipients read at send time (an introduction's group) were not in the batch's suppression check.
      if (resolved?.to) stillSuppressed = await suppressedAmong(db, resolved.to.map((a) => a.email));
    } catch (err) {
      // Reading the database failed (busy, say): not the mail's fault; try again later.
      await this.handleFailure(row, new SendError(`could not read its data: ${(err as Error).message}`, 'retry'), result);
      return;
    }
    if (!resolved) {
      await markCancelled(db, row.id, 'nobody left to send it about');
      result.cancelled++;
      return;
    }
    const all = resolved.to ?? (JSON.parse(row.recipients) as Address[]);
    const recipients = row.final_notice ? all : all.filter((a) => !stillSuppressed.has(a.email));
    if (!recipients.length) {
      await markCancelled(db, row.id, 'every recipient is suppressed');
      logger.info({ outboxId: row.id, template: row.template }, 'mail cancelled: recipients suppressed');
      result.cancelled++;
      return;
    }
    let mail: OutgoingMail;
    try {
      mail = buildOutgoingMail(row, config, recipients, resolved, unsubscribeToken);
    } catch (err) {
      await markFailed(db, row.id, `could not render: ${(err as Error).message}`);
      logger.error({ outboxId: row.id, template: row.template, err: errorSummary(err) }, 'mail could not be rendered');
      result.failed++;
      return;
    }
    try {
      const sent = await this.deps.mailer.send(mail);
      await markSent(db, row.id, sent.providerMessageId, this.now());
      logger.debug({ outboxId: row.id, template: row.template }, 'mail sent');
      result.sent++;
    } catch (err) {
      await this.handleFailure(row, err, result);
    }
  }

  private async handleFailure(row: OutboxRow, err: unknown, result: PassResult): Promise<void> {
    const { db, logger, config } = this.deps;
    const e = err instanceof SendError ? err : new SendError((err as Error)?.message ?? String(err), 'retry');
    const log = { outboxId: row.id, template: row.template, attempt: row.attempts, kind: e.kind, status: e.status };

    if (e.kind === 'permanent' || (e.kind === 'retry' && row.attempts >= config.sendMaxAttempts)) {
      const reason = e.kind === 'permanent' ? e.message : `gave up after ${row.attempts} attempts: ${e.message}`;
      await markFailed(db, row.id, reason.slice(0, 1000));
      logger.warn(log, 'mail failed for good');
      result.failed++;
      return;
    }
    let delay: number;
    if (e.kind === 'retry') {
      const backoff = Math.min(this.opts.maxBackoffMs, this.opts.baseBackoffMs * 2 ** (row.attempts - 1));
      delay = Math.max(e.retryAfterMs ?? 0, backoff * (0.75 + Math.random() * 0.5));
    } else {
      // Throttling and refused credentials concern every mail: pause the whole sender, blame none.
      delay = e.retryAfterMs ?? (e.kind === 'account' ? 60_000 : 10_000);
      this.pausedUntil = Math.max(this.pausedUntil, Date.now() + delay);
    }
    await markRetry(db, row.id, {
      error: e.message.slice(0, 1000),
      nextAttemptAt: new Date(this.now().getTime() + delay),
      countAttempt: e.kind === 'retry',
    });
    logger.warn({ ...log, retryInMs: Math.round(delay) }, e.kind === 'account' ? 'provider refused our credentials' : 'mail will be retried');
    result.retried++;
  }

  /**
   * Delivers until nothing is due now. Stops early when the next due mail is further away than
   * `maxWaitMs` (a long Retry-After): the running service will deliver it.
   */
  async drain(opts: { maxWaitMs?: number; onProgress?: (r: PassResult) => void } = {}): Promise<PassResult> {
    const total: PassResult = { sent: 0, retried: 0, failed: 0, cancelled: 0 };
    const maxWait = opts.maxWaitMs ?? 30_000;
    for (;;) {
      const r = await this.runOnce();
      total.sent += r.sent;
      total.retried += r.retried;
      total.failed += r.failed;
      total.cancelled += r.cancelled;
      if (r.sent + r.retried + r.failed + r.cancelled > 0) {
        opts.onProgress?.(r);
        continue;
      }
      const due = await nextDueAt(this.deps.db);
      if (!due) return total;
      const wait = Math.max(due.getTime() - this.now().getTime(), this.pausedUntil - Date.now(), 0);
      if (wait > maxWait) return total;
      await new Promise((resolve) => setTimeout(resolve, Math.max(wait, 20)));
    }
  }
}

/** An error for the logs: its kind and message, never a response body that may quote an address. */
export function errorSummary(err: unknown): { name: string; message: string; code?: unknown } {
  const e = err as { name?: string; message?: string; code?: unknown };
  return { name: e?.name ?? 'Error', message: String(e?.message ?? err).slice(0, 300), code: e?.code };
}
