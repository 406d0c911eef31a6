import fs from 'node:fs/promises';
import path from 'node:path';
import type { Database } from '../db/database.js';
import {
  claimDue,
  clearDeliveryAlert,
  markCancelled,
  markFailed,
  markRetry,
  markSent,
  nextDueAt,
  raiseDeliveryAlert,
  renewLease,
  stillWaiting,
  type ClaimedRow,
  type IdRanges,
  type OutboxRow,
} from '../db/outbox.js';
import { suppressedAmong } from '../db/suppressions.js';
import type { Logger } from '../logger.js';
import type { Config } from '../config.js';
import { SendError, type Address, type Mailer, type OutgoingMail } from './mailer.js';
import { renderTemplate, type MailContext } from './templates.js';
import { oneLine } from './words.js';
import { resolveStored, type Resolved, type Resolvers } from './stored-data.js';
import { standardResolvers } from './resolvers.js';
import { DrainScope } from './drain-scope.js';
import { unsubscribeTokensFor } from '../unsubscribe/tokens.js';

export interface SenderDeps {
  db: Database;
  mailer: Mailer;
  config: Pick<
    Config,
    'mailFrom' | 'replyDomain' | 'organiserEmail' | 'schemeName' | 'sendConcurrency' | 'sendMaxAttempts' | 'meetWithinDays'
  > &
    Partial<Pick<Config, 'publicUrl' | 'outboxDir' | 'sharedDomains'>>;
  logger: Logger;
  /** The clock every lease, back-off and pause is measured by. */
  now?: () => Date;
  /** Waits; tests give one that moves their clock instead of sleeping. */
  sleep?: (ms: number) => Promise<void>;
  /** What resolves each stored reference at send time (standardResolvers when not given). */
  resolvers?: Resolvers;
  /**
   * Leaves the organiser a note where they look for mail when the provider refuses us (a file in
   * OUTBOX_DIR when not given and OUTBOX_DIR is set).
   */
  writeNote?: (text: string) => Promise<void>;
}
export interface SenderOptions {
  /** How long a claimed mail stays this sender's before another may take it over. */
  leaseMs?: number;
  /**
   * The longest one provider call takes (the mailer's own time-out, 30 s for SendGrid's): how much a pass
   * claims and when a lease is renewed are worked out from it.
   */
  sendTimeoutMs?: number;
  /** How long to keep trying to record a mail the provider accepted while the database refuses. */
  recordRetryMs?: number;
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
 * The organizer of a calendar invitation sent in this mail: where calendars send their Accepted /
 * Declined / Tentative answers (METHOD:REPLY). The mail's own token, so an answer comes back through
 * Inbound Parse tied to the mail it answers, like a reply to `reply+<token>`; `calendar+` so that it is
 * told apart from a written reply by its address too.
 */
export function calendarAddress(token: string, domain: string): string {
  return `calendar+${token}@${domain}`;
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
  const ctx: MailContext = {
    schemeName: config.schemeName,
    organiserEmail: config.organiserEmail,
    outbox: { calendarAddress: calendarAddress(row.reply_token, config.replyDomain), createdAt: row.created_at },
  };
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
    ...(rendered.calendar ? { calendar: rendered.calendar } : {}),
    headers: {
      // RFC 2369: a reply to this address with STOP unsubscribes, like any reply saying STOP.
      'List-Unsubscribe': `<mailto:${reply}?subject=STOP>${oneClick ? `, <${oneClick}>` : ''}`,
      ...(oneClick ? { 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' } : {}),
    },
  };
}

/** What became of one claimed row in a pass. `left`: not sent and not marked, its lease decides. */
type Outcome = 'sent' | 'retried' | 'failed' | 'cancelled' | 'left';

const NOTE_FILE = 'DELIVERY-STOPPED-README.txt';

/**
 * Delivers the outbox: the only code that hands mail to the provider. Each mail is claimed with a lease
 * and a token of its own, sent, then marked sent under that token; a crash before the mark leaves the
 * lease to run out and the mail is sent again with the same Message-ID (so receiving systems that
 * de-duplicate by it show it once). Back-off on failure doubles per attempt and never comes sooner than
 * the provider's Retry-After.
 *
 * What keeps a mail from going out twice while nothing crashes:
 * - a pass claims no more than its workers can send, each within `sendTimeoutMs`, while the lease lasts,
 *   and before each send the lease is checked, and renewed when less than two sends' time is left: no
 *   mail is sent under a lease that ran out (another sender may have it by then);
 * - every mark names the claim, so a sender that lost a row changes nothing;
 * - once the provider accepted a mail, failing to record it (a busy database) retries the record, never
 *   the send.
 */
export class OutboxSender {
  private readonly opts: Required<SenderOptions>;
  private readonly now: () => Date;
  private readonly wait: (ms: number) => Promise<void>;
  private readonly resolvers: Resolvers;
  private running = false;
  private stopping = false;
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  private kicked = false;
  private pausedUntil = 0;
  /** Passes under way (the loop's, and any drain's): stop() waits for them. */
  private readonly passes = new Set<Promise<unknown>>();

  constructor(
    private readonly deps: SenderDeps,
    options: SenderOptions = {},
  ) {
    this.opts = {
      leaseMs: options.leaseMs ?? 120_000,
      sendTimeoutMs: options.sendTimeoutMs ?? 30_000,
      pollMs: options.pollMs ?? 2_000,
      baseBackoffMs: options.baseBackoffMs ?? 5_000,
      maxBackoffMs: options.maxBackoffMs ?? 3_600_000,
      recordRetryMs: options.recordRetryMs ?? 600_000,
    };
    if (this.opts.leaseMs < 2 * this.opts.sendTimeoutMs) {
      // A send must be able to start with two of its time-outs left on the lease (see deliver).
      throw new Error(`OutboxSender: leaseMs (${this.opts.leaseMs}) must be at least twice sendTimeoutMs (${this.opts.sendTimeoutMs})`);
    }
    this.now = deps.now ?? (() => new Date());
    this.wait = deps.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.resolvers = deps.resolvers ?? standardResolvers;
  }

  /** How many rows one pass claims: as many as the workers send in the lease, leaving one send's time spare. */
  get claimLimit(): number {
    const rounds = Math.max(1, Math.floor(this.opts.leaseMs / this.opts.sendTimeoutMs) - 1);
    return this.deps.config.sendConcurrency * rounds;
  }

  /** Starts delivering in the background until stop(). */
  start(): void {
    if (this.running || this.stopping) return;
    this.running = true;
    this.loop = this.runLoop();
  }

  /** Wakes the loop now: a mail was just queued. A kick during a pass makes the loop look again at once. */
  kick(): void {
    this.kicked = true;
    this.wake?.();
  }

  /**
   * Stops taking new mail and waits for every pass under way (the loop's and any drain's) to finish: the
   * mails in flight are sent and recorded before it resolves, so the database can be closed after it.
   */
  async stop(): Promise<void> {
    this.running = false;
    this.stopping = true;
    this.wake?.();
    await this.loop;
    this.loop = null;
    while (this.passes.size) await Promise.allSettled([...this.passes]);
  }

  private async runLoop(): Promise<void> {
    while (this.running) {
      this.kicked = false;
      let worked = false;
      try {
        const r = await this.runOnce();
        worked = r.sent + r.retried + r.failed + r.cancelled > 0;
      } catch (err) {
        this.deps.logger.error({ err: errorSummary(err) }, 'outbox pass failed');
      }
      if (!this.running) break;
      if (!worked && !this.kicked) await this.sleep(this.waitMs());
    }
  }

  private waitMs(): number {
    return Math.max(this.opts.pollMs, this.pausedUntil - this.now().getTime());
  }

  /** Sleeps up to ms, or until kick() or stop(). */
  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        this.wake = null;
        resolve();
      };
      this.wake = done;
      void this.wait(ms).then(done);
    });
  }

  /** One pass: claims a batch of due mail (of `only`, when given) and delivers it. */
  async runOnce(only?: IdRanges): Promise<PassResult> {
    return (await this.pass(only)).result;
  }

  private pass(only?: IdRanges): Promise<{ result: PassResult; claimed: number[]; finished: Set<number>; full: boolean; looked: boolean }> {
    const p = this.passNow(only);
    this.passes.add(p);
    const forget = () => this.passes.delete(p);
    p.then(forget, forget);
    return p;
  }

  private async passNow(only?: IdRanges) {
    const result: PassResult = { sent: 0, retried: 0, failed: 0, cancelled: 0 };
    const finished = new Set<number>();
    // `looked: false`: no claim was made (stopping, paused), so a drain's scope was not walked.
    const none = { result, claimed: [] as number[], finished, full: false, looked: false };
    // Once stop() is called no new pass starts; the ones under way finish.
    if (this.stopping) return none;
    if (this.now().getTime() < this.pausedUntil) return none;
    if (only && !only.length) return none;
    const { db } = this.deps;
    const limit = this.claimLimit;
    const batch = await claimDue(db, { limit, now: this.now(), leaseMs: this.opts.leaseMs, ...(only ? { only } : {}) });
    const claimed = batch.map((r) => r.id);
    if (!batch.length) return { ...none, looked: true };

    let suppressed: Map<string, string>;
    let unsubscribeTokens: Map<number, string>;
    try {
      suppressed = await suppressedAmong(
        db,
        batch.flatMap((r) => (JSON.parse(r.recipients) as Address[]).map((a) => a.email)),
      );
      unsubscribeTokens = this.deps.config.publicUrl
        ? await unsubscribeTokensFor(db, batch.flatMap((r) => (r.person_id === null ? [] : [r.person_id])))
        : new Map<number, string>();
    } catch (err) {
      // The database failed us (busy, say) before anything was sent: hand the batch back, blaming no mail.
      this.deps.logger.warn({ err: errorSummary(err), rows: batch.length }, 'could not prepare a batch; handing it back');
      await Promise.allSettled(batch.map((row) => markRetry(db, row, { error: null, nextAttemptAt: this.now(), countAttempt: false })));
      return { ...none, claimed, looked: true };
    }

    const count = (row: ClaimedRow, o: Outcome) => {
      if (o === 'left') return;
      if (o === 'retried') result.retried++;
      else {
        result[o]++;
        finished.add(row.id);
      }
    };
    let next = 0;
    const worker = async () => {
      while (next < batch.length) {
        const row = batch[next++]!;
        try {
          if (this.now().getTime() < this.pausedUntil) {
            // The provider asked everyone to wait: hand the rest back untouched.
            await markRetry(db, row, { error: null, nextAttemptAt: new Date(this.pausedUntil), countAttempt: false });
            continue;
          }
          const token = row.person_id === null ? null : (unsubscribeTokens.get(row.person_id) ?? null);
          count(row, await this.deliver(row, suppressed, token));
        } catch (err) {
          // Contained: one row's trouble (its mark failed, say) never stops the others. Its lease runs out
          // and it is taken again.
          this.deps.logger.error({ outboxId: row.id, template: row.template, err: errorSummary(err) }, 'mail left to its lease');
        }
      }
    };
    await Promise.allSettled(Array.from({ length: Math.min(this.deps.config.sendConcurrency, batch.length) }, worker));
    return { result, claimed, finished, full: batch.length >= limit, looked: true };
  }

  private resolveContext() {
    const { config } = this.deps;
    return { now: this.now(), schemeName: config.schemeName, replyDomain: config.replyDomain, meetWithinDays: config.meetWithinDays, sharedDomains: config.sharedDomains ?? [] };
  }

  private async deliver(row: ClaimedRow, suppressed: Map<string, string>, unsubscribeToken: string | null): Promise<Outcome> {
    const { db, logger, config } = this.deps;
    let resolved: Resolved | null;
    let stillSuppressed = suppressed;
    try {
      resolved = await resolveStored(this.resolvers, db, row.template, JSON.parse(row.data), this.resolveContext());
      // Recipients read at send time (an introduction's group) were not in the batch's suppression check.
      if (resolved?.to) stillSuppressed = await suppressedAmong(db, resolved.to.map((a) => a.email));
    } catch (err) {
      // Reading the database failed (busy, say): not the mail's fault; try again later.
      return this.handleFailure(row, new SendError(`could not read its data: ${(err as Error).message}`, 'retry'));
    }
    if (!resolved) {
      return (await markCancelled(db, row, 'nobody left to send it about')) ? 'cancelled' : 'left';
    }
    const all = resolved.to ?? (JSON.parse(row.recipients) as Address[]);
    const organiser = config.organiserEmail.toLowerCase();
    // Mail to the organiser is never cancelled by a suppression of their own address: a bounce or spam
    // report on it would otherwise silently stop every digest, delivery report and forwarded question.
    // It is still attempted, and the suppression is reported loudly instead (see flagOrganiser).
    const recipients = row.final_notice ? all : all.filter((a) => a.email.toLowerCase() === organiser || !stillSuppressed.has(a.email.toLowerCase()));
    if (!recipients.length) {
      const done = await markCancelled(db, row, 'every recipient is suppressed');
      logger.info({ outboxId: row.id, template: row.template }, 'mail cancelled: recipients suppressed');
      return done ? 'cancelled' : 'left';
    }
    const organiserSuppressed = recipients.some((a) => a.email.toLowerCase() === organiser) ? stillSuppressed.get(organiser) : undefined;
    if (organiserSuppressed) await this.flagOrganiser(organiserSuppressed);
    let mail: OutgoingMail;
    try {
      mail = buildOutgoingMail(row, config, recipients, resolved, unsubscribeToken);
    } catch (err) {
      logger.error({ outboxId: row.id, template: row.template, err: errorSummary(err) }, 'mail could not be rendered');
      return (await markFailed(db, row, `could not render: ${(err as Error).message}`)) ? 'failed' : 'left';
    }
    if (!(await this.holdLease(row))) return 'left';
    let providerMessageId: string | null;
    try {
      providerMessageId = (await this.deps.mailer.send(mail)).providerMessageId;
    } catch (err) {
      return this.handleFailure(row, err);
    }
    // From here on the mail has gone: whatever happens, it is not sent again by this sender.
    await this.providerAccepted();
    return this.recordSent(row, providerMessageId);
  }

  /**
   * Whether this claim may send now: its lease must have at least two send time-outs left, renewed when it
   * has less, and must never have run out (another sender may have taken the row once it did).
   */
  private async holdLease(row: ClaimedRow): Promise<boolean> {
    const now = this.now();
    const left = Date.parse(row.lease_until) - now.getTime();
    if (left >= 2 * this.opts.sendTimeoutMs) return true;
    let renewed = false;
    try {
      renewed = left > 0 && (await renewLease(this.deps.db, row, { now, leaseMs: this.opts.leaseMs }));
    } catch (err) {
      this.deps.logger.warn({ outboxId: row.id, err: errorSummary(err) }, 'could not renew a lease; the mail waits for it to run out');
      return false;
    }
    if (!renewed) {
      this.deps.logger.warn({ outboxId: row.id, template: row.template }, 'lease ran out before the mail was sent; left to whoever takes it');
      return false;
    }
    row.lease_until = new Date(now.getTime() + this.opts.leaseMs).toISOString();
    return true;
  }

  /**
   * Records a send the provider accepted. A failure to record (the database busy past its timeout: a round
   * or an import holding the write lock) is retried here with back-off, for up to recordRetryMs; the mail
   * is never sent again for it. Only if the database stays unusable that long is it given up, loudly: the
   * row's lease then runs out and it is sent again, with the same Message-ID.
   */
  private async recordSent(row: ClaimedRow, providerMessageId: string | null): Promise<Outcome> {
    const { db, logger } = this.deps;
    const started = this.now().getTime();
    let delay = 50;
    for (let attempt = 1; ; attempt++) {
      try {
        const ours = await markSent(db, row, providerMessageId, this.now());
        if (!ours) {
          // Another sender took the row over while we could not record: it may send it once more.
          logger.warn({ outboxId: row.id, template: row.template }, 'mail sent, but its claim had passed to another sender');
        } else if (attempt > 1) {
          logger.info({ outboxId: row.id, attempts: attempt }, 'sent mail recorded after the database was busy');
        } else {
          logger.debug({ outboxId: row.id, template: row.template }, 'mail sent');
        }
        return 'sent';
      } catch (err) {
        if (this.now().getTime() - started >= this.opts.recordRetryMs) {
          logger.error(
            { outboxId: row.id, template: row.template, err: errorSummary(err) },
            'mail sent but could not be recorded; it will be sent again (same Message-ID) when its lease runs out',
          );
          return 'left';
        }
        if (attempt === 1) logger.warn({ outboxId: row.id, err: errorSummary(err) }, 'mail sent; recording it failed, retrying the record');
        await this.wait(delay);
        delay = Math.min(delay * 2, 5_000);
      }
    }
  }

  private async handleFailure(row: ClaimedRow, err: unknown): Promise<Outcome> {
    const { db, logger, config } = this.deps;
    const e = err instanceof SendError ? err : new SendError((err as Error)?.message ?? String(err), 'retry');
    const log = { outboxId: row.id, template: row.template, attempt: row.attempts, kind: e.kind, status: e.status };

    if (e.kind === 'permanent' || (e.kind === 'retry' && row.attempts >= config.sendMaxAttempts)) {
      const reason = e.kind === 'permanent' ? e.message : `gave up after ${row.attempts} attempts: ${e.message}`;
      const done = await markFailed(db, row, reason.slice(0, 1000));
      logger.warn(log, 'mail failed for good');
      return done ? 'failed' : 'left';
    }
    let delay: number;
    if (e.kind === 'retry') {
      const backoff = Math.min(this.opts.maxBackoffMs, this.opts.baseBackoffMs * 2 ** (row.attempts - 1));
      delay = Math.max(e.retryAfterMs ?? 0, backoff * (0.75 + Math.random() * 0.5));
    } else {
      // Throttling and refused credentials concern every mail: pause the whole sender, blame none.
      delay = e.retryAfterMs ?? (e.kind === 'account' ? 60_000 : 10_000);
      this.pausedUntil = Math.max(this.pausedUntil, this.now().getTime() + delay);
    }
    const done = await markRetry(db, row, {
      error: e.message.slice(0, 1000),
      nextAttemptAt: new Date(this.now().getTime() + delay),
      countAttempt: e.kind === 'retry',
    });
    if (e.kind === 'account') await this.providerRefused(e, new Date(this.pausedUntil));
    else logger.warn({ ...log, retryInMs: Math.round(delay) }, 'mail will be retried');
    return done ? 'retried' : 'left';
  }

  /**
   * The provider refused our credentials (401/403). For SendGrid that is a wrong or revoked key, a key
   * without Mail Send permission, or an account that ran out of credits or was suspended: the organiser has
   * to act, and cannot be told by mail through the provider that refuses us. So: an error line in the log,
   * a `provider-refused` alert that /healthz shows with the reason (and `npm run` commands see), and a note
   * in OUTBOX_DIR. Nothing is failed; mail waits and is tried again after the pause.
   */
  private async providerRefused(e: SendError, until: Date): Promise<void> {
    const { db, logger } = this.deps;
    const message =
      `The mail provider refused our credentials (${e.status ?? 'no status'}): ${e.message.slice(0, 300)}. ` +
      'Check SENDGRID_API_KEY (revoked, or without Mail Send permission) and the SendGrid account ' +
      '(out of credits, or suspended). No mail is sent until it is fixed; none is lost.';
    let fresh = true;
    try {
      fresh = await raiseDeliveryAlert(db, { kind: 'provider-refused', message, now: this.now(), until });
    } catch (err) {
      logger.warn({ err: errorSummary(err) }, 'could not record the provider-refused alert');
    }
    logger[fresh ? 'error' : 'warn']({ status: e.status, pausedUntil: until.toISOString() }, message);
    if (!fresh) return;
    const note =
      `${this.now().toISOString()}\n\n${message}\n\n` +
      'The service keeps trying every minute or so and /healthz shows "delivery": "paused" with this reason ' +
      'until a mail goes through. This file is not removed automatically.\n';
    try {
      if (this.deps.writeNote) await this.deps.writeNote(note);
      else if (this.deps.config.outboxDir) {
        await fs.mkdir(this.deps.config.outboxDir, { recursive: true });
        await fs.writeFile(path.join(this.deps.config.outboxDir, NOTE_FILE), note);
      }
    } catch (err) {
      logger.warn({ err: errorSummary(err) }, 'could not write the note about refused credentials');
    }
  }

  /** A mail went through: a refusal recorded earlier is over. */
  private async providerAccepted(): Promise<void> {
    try {
      if (await clearDeliveryAlert(this.deps.db, 'provider-refused')) this.deps.logger.info('the mail provider accepts our credentials again');
    } catch {
      // Busy: the next accepted mail clears it.
    }
  }

  /** ORGANISER_EMAIL is suppressed (it bounced, or was reported as spam): said loudly, once a day. */
  private async flagOrganiser(reason: string): Promise<void> {
    const message =
      `ORGANISER_EMAIL is on the suppression list (${reason}): mail to the organiser is still sent, but may not arrive. ` +
      'Check the address and its mailbox, then remove it from the suppressions table, or set ORGANISER_EMAIL to one that works.';
    try {
      const fresh = await raiseDeliveryAlert(this.deps.db, { kind: 'organiser-suppressed', message, now: this.now() });
      if (fresh) this.deps.logger.error({ reason }, message);
    } catch (err) {
      this.deps.logger.error({ reason, err: errorSummary(err) }, message);
    }
  }

  /**
   * Delivers until nothing is due now. Stops early when the next due mail is further away than
   * `maxWaitMs` (a long Retry-After): the running service will deliver it. With `only` (the ids a command
   * queued), delivers those and nothing else: another process's mail is the running service's to send.
   */
  async drain(
    opts: { maxWaitMs?: number; onProgress?: (r: PassResult) => void; only?: Iterable<number> } = {},
  ): Promise<PassResult & { waiting: number }> {
    const total: PassResult = { sent: 0, retried: 0, failed: 0, cancelled: 0 };
    const maxWait = opts.maxWaitMs ?? 30_000;
    const scope = opts.only ? new DrainScope(opts.only) : null;
    const { db } = this.deps;
    for (;;) {
      if (scope?.empty) return { ...total, waiting: 0 };
      const { result: r, claimed, finished, full, looked } = await this.pass(scope?.ranges());
      total.sent += r.sent;
      total.retried += r.retried;
      total.failed += r.failed;
      total.cancelled += r.cancelled;
      if (scope && looked) {
        const walked = scope.afterPass(claimed, finished, !full);
        scope.keep(await stillWaiting(db, walked));
      }
      if (r.sent + r.retried + r.failed + r.cancelled > 0) {
        opts.onProgress?.(r);
        continue;
      }
      if (scope) scope.retain(await stillWaiting(db, scope.ranges()));
      const due = await nextDueAt(db, scope?.ranges());
      const waiting = scope ? scope.waiting : null;
      if (!due) return { ...total, waiting: waiting ?? 0 };
      const wait = Math.max(due.getTime() - this.now().getTime(), this.pausedUntil - this.now().getTime(), 0);
      if (wait > maxWait || this.stopping) return { ...total, waiting: waiting ?? (await countWaiting(db)) };
      await this.wait(Math.max(wait, 20));
    }
  }
}

async function countWaiting(db: Database): Promise<number> {
  return (await db.get<{ n: number }>("SELECT count(*) AS n FROM outbox WHERE status IN ('pending', 'sending')"))?.n ?? 0;
}

/** An error for the logs: its kind and message, never a response body that may quote an address. */
export function errorSummary(err: unknown): { name: string; message: string; code?: unknown } {
  const e = err as { name?: string; message?: string; code?: unknown };
  return { name: e?.name ?? 'Error', message: String(e?.message ?? err).slice(0, 300), code: e?.code };
}
