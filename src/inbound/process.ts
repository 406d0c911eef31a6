import type { Config } from '../config.js';
import type { Database, Queryable } from '../db/database.js';
import {
  countInboundFailure,
  countRepliesFrom,
  finishInbound,
  pendingInbound,
  rawInbound,
  saveParsedInbound,
  scrubInbound,
  scrubInboundOf,
  type InboundRow,
} from '../db/inbound.js';
import validator from 'validator';
import { parseInboundRequest } from './parse-request.js';
import { enqueueMail, type NewMail, type OutboxRow } from '../db/outbox.js';
import { detailsOf, findPersonById, sharedDetailsOf, type Person } from '../db/people.js';
import { suppress, suppressionOf, unsuppress, type Suppression } from '../db/suppressions.js';
import type { Logger } from '../logger.js';
import type { Address } from '../mail/mailer.js';
import { templateVersion } from '../mail/templates.js';
import { errorSummary } from '../mail/sender.js';
import { relinkPeople } from '../organisations/link.js';
import { domainAllowed, emailDomain, organisationFromEmail } from '../organisation.js';
import type { InboundEmail } from './email.js';
import { identify, senderOf, type Identity } from './identify.js';
import {
  CONFIRM_EVERY_HOURS,
  CONFIRM_VALID_DAYS,
  STRANGER_ANSWER_DAYS,
  asConfirmed,
  decide,
  emptyDetails,
  type Answering,
  type Decision,
  type Details,
  type Reading,
} from './decide.js';
import {
  closeConfirmation,
  confirmationOf,
  confirmationOpen,
  confirmationSentWithin,
  pruneStrangerAnswers,
  recordConfirmation,
  recordStrangerAnswer,
  strangerAnsweredWithin,
  type ConfirmationRow,
} from '../db/confirmations.js';
import { askedOf, readInboundEmail, type Known } from './read/index.js';
import { recordMeeting } from '../matching/after-round.js';
import { countGroupsOf, latestGroupOf } from '../matching/draws.js';
import { groupStillOpen, raincheck } from '../matching/rainchecks.js';
import { bookingByUid, cancelBooking, recordBookingReply, saveBooking, type Booking } from '../db/bookings.js';
import { readCalendarReply, type CalendarReply } from '../bookings/calendar.js';
import { recordGroupReply } from '../db/group-replies.js';

export interface ProcessDeps {
  db: Database;
  config: Config;
  logger: Logger;
  now?: () => Date;
  /**
   * Told which message is about to be read, and (null) when reading it ended: the processor thread's host
   * holds each reading to a time budget with it (processor-host.ts).
   */
  onReading?: (inboundId: number | null, email: InboundEmail) => void;
}

const DETAIL_COLUMNS: Record<keyof Details, string> = {
  name: 'name',
  phone: 'phone',
  organisation: 'organisation',
  googleId: 'google_id',
  skypeId: 'skype_id',
  other: 'other_channel',
  topics: 'topics',
};

function answering(conversation: OutboxRow | null, person: Person | null): Answering {
  if (!conversation || !person || conversation.person_id !== person.id) return null;
  if (conversation.template === 'invitation') return 'invitation';
  if (conversation.template === 'ask-details') return 'ask-details';
  if (conversation.template === 'confirm-request' || conversation.template === 'confirm-unsure') return 'confirmation';
  return 'other';
}

/** A request held for confirmation, as it was read, with the message it came in. */
interface Held {
  confirmation: ConfirmationRow;
  reading: Reading | null;
  email: InboundEmail | null;
}

/** The rows a held request is read from: its confirmation, and the message that asked. */
interface HeldRows {
  confirmation: ConfirmationRow;
  original: { id: number; parsed: string | null; received_at: string; person_id: number | null } | undefined;
  /** The template of our mail the held message answered, as it was read then: it is read again the same way. */
  answeredTemplate: string | null;
}

async function heldRows(db: Queryable, conversation: OutboxRow, replyDomain: string): Promise<HeldRows | null> {
  const confirmation = await confirmationOf(db, conversation.id);
  if (!confirmation) return null;
  const original = await db.get<HeldRows['original'] & object>(
    'SELECT id, parsed, received_at, person_id FROM inbound_messages WHERE id = ?',
    [confirmation.inbound_id],
  );
  const answered = original?.parsed ? (await identify(db, JSON.parse(original.parsed) as InboundEmail, replyDomain)).conversation : null;
  return { confirmation, original, answeredTemplate: answered?.template ?? null };
}

function sameRows(a: HeldRows, b: HeldRows): boolean {
  const [x, y] = [a.confirmation, b.confirmation];
  return (
    x.id === y.id && x.closed_at === y.closed_at && x.outcome === y.outcome && a.original?.id === b.original?.id &&
    a.original?.parsed === b.original?.parsed && a.original?.person_id === b.original?.person_id && a.answeredTemplate === b.answeredTemplate
  );
}

/**
 * For a reply to a confirmation mail: the request it asked about. Its reading is null once it can no longer
 * be confirmed (answered, lapsed, or the message forgotten under RETENTION_DAYS). `earlier` is the same
 * request read before the transaction (reading a message takes time, not to be spent holding the write
 * lock): it is used when its rows are still exactly those read now.
 */
function heldRequest(rows: HeldRows | null, now: Date, zone: string, earlier?: { rows: HeldRows | null; held: Held | null }): Held | null {
  if (!rows) return null;
  if (earlier?.rows && earlier.held && sameRows(rows, earlier.rows)) return earlier.held;
  const { confirmation, original } = rows;
  if (!confirmationOpen(confirmation, CONFIRM_VALID_DAYS, now)) return { confirmation, reading: null, email: null };
  if (!original?.parsed || original.person_id !== confirmation.person_id) return { confirmation, reading: null, email: null };
  const email = JSON.parse(original.parsed) as InboundEmail;
  // Read as of when it came, so "pause for two weeks" counts from then, and as an answer to the mail it
  // answered then, so that it reads as it did.
  const read = readInboundEmail(email, new Date(original.received_at), { zone, answering: askedOf(rows.answeredTemplate) });
  return {
    confirmation,
    email,
    // A join asked back is confirmed as the join it was asked about.
    reading: asConfirmed({ intent: read.intent, fields: read.fields, pauseUntil: read.pauseUntil, cadence: read.cadence, reply: read.reply, question: read.question, booking: read.booking, askBack: read.askBack }),
  };
}

/** The organiser's view of a person, as the reader's prior: the name and organisation they were invited with. */
function knownOf(person: Person | null): Known | null {
  if (!person) return null;
  return { name: person.name, organisation: person.organiser_organisation ?? person.organisation };
}

function isOwnAddress(sender: string | null, config: Config): boolean {
  if (!sender) return false;
  return sender === config.mailFrom.email || emailDomain(sender) === config.replyDomain;
}

function reSubject(subject: string | null): string | null {
  if (!subject) return null;
  return /^\s*re\s*:/i.test(subject) ? subject : `Re: ${subject}`;
}

/**
 * Reads one stored message and acts on it: the state change, its answer and any note to the organiser are
 * committed in one transaction with the message's "processed" mark, so a crash at any point either does
 * all of it or none, and the message is processed again at start.
 *
 * Reading the message (pure, and the slow part) happens before the transaction; everything the decision
 * depends on in the database (who sent it, what it answers, their status and suppression, the held
 * request, the rate limits) is read inside it, under the write lock, and the decision is made there. So a
 * bounce, a complaint or a one-click unsubscribe landing while the message was being read is what the
 * decision sees, never something it overwrites.
 */
export async function processInboundMessage(deps: ProcessDeps, row: InboundRow): Promise<{ outcome: string; mailQueued: boolean }> {
  const { db, config } = deps;
  const now = (deps.now ?? (() => new Date()))();
  let email: InboundEmail;
  if (row.parsed) {
    email = JSON.parse(row.parsed) as InboundEmail;
  } else {
    // Acknowledged unread: read it now, from the stored request, and keep the reading for the organiser.
    const stored = await rawInbound(db, row.id);
    try {
      email = await parseInboundRequest(stored?.raw ?? Buffer.alloc(0), stored?.content_type ?? undefined);
    } catch (err) {
      const outcome = `malformed: ${err instanceof Error ? err.message : String(err)}`;
      await finishInbound(db, row.id, { status: 'malformed', reason: outcome, personId: null, intent: null }, now);
      return { outcome, mailQueued: false };
    }
    await saveParsedInbound(db, row.id, JSON.stringify(email));
  }

  // Who the sender is, read before the message: what the organiser's list says about them weighs the
  // reader's choice between candidates (it adds nothing the message does not say, so a forged message gains
  // nothing by it). Read again under the lock below, where it decides anything.
  const first = await identify(db, email, config.replyDomain);
  let read: ReturnType<typeof readInboundEmail>;
  deps.onReading?.(row.id, email);
  try {
    read = readInboundEmail(email, now, { zone: config.tz, known: knownOf(first.person), answering: askedOf(first.conversation?.template) });
  } finally {
    deps.onReading?.(null, email);
  }
  // When the message came: what it asks for is as of then (a suppression made after it is not its to undo).
  const receivedAt = new Date(row.received_at);
  const sender = senderOf(email);

  // A calendar's answer to one of our invitations (METHOD:REPLY, RFC 5546): read as an answer about the
  // booking, never answered or forwarded, whatever its words.
  const calendarReply = email.calendar ? readCalendarReply(email.calendar) : null;
  if (calendarReply?.method === 'REPLY') return applyCalendarReply(db, config, row.id, email, calendarReply, now);

  if (read.automatic) {
    return db.transaction(async (tx) => {
      if (!(await stillPending(tx, row.id))) return { outcome: 'already processed elsewhere', mailQueued: false };
      const identity = await identify(tx, email, config.replyDomain);
      let outcome = `ignored: automatic (${read.automaticReason ?? 'auto-reply'})`;
      if (read.bounce && identity.conversation) {
        const bounced = await markBounced(tx, identity.conversation, receivedAt, now);
        if (bounced) outcome = `bounce: ${bounced} address marked bounced`;
      }
      await finishInbound(tx, row.id, { status: 'ignored', reason: outcome, personId: identity.person?.id ?? null, intent: null }, now);
      return { outcome, mailQueued: false };
    });
  }
  if (isOwnAddress(sender, config)) {
    const outcome = 'ignored: sent from our own address';
    await finishInbound(db, row.id, { status: 'ignored', reason: outcome, personId: null, intent: null }, now);
    return { outcome, mailQueued: false };
  }
  // A From that is no address ("{{x}}", "<script>…@x") can be neither answered nor anyone we know: every
  // answer to it would fail at the provider and land in the organiser's report.
  if (!sender || !validator.isEmail(sender, { allow_utf8_local_part: true })) {
    const outcome = sender ? 'ignored: sender address not valid' : 'ignored: no sender address';
    await finishInbound(db, row.id, { status: 'ignored', reason: outcome, personId: null, intent: null }, now);
    return { outcome, mailQueued: false };
  }

  const reading: Reading = {
    intent: read.intent,
    fields: read.fields,
    pauseUntil: read.pauseUntil,
    cadence: read.cadence,
    reply: read.reply,
    question: read.question,
    booking: read.booking,
    askBack: read.askBack,
  };
  // A reply to a confirmation mail acts on the request held: read that message now, outside the lock.
  const earlierRows = answering(first.conversation, first.person) === 'confirmation' ? await heldRows(db, first.conversation!, config.replyDomain) : null;
  const earlier = { rows: earlierRows, held: heldRequest(earlierRows, now, config.tz) };

  return db.transaction(async (tx) => {
    // Another process (a second web process) may have taken it while this one was reading it.
    if (!(await stillPending(tx, row.id))) return { outcome: 'already processed elsewhere', mailQueued: false };
    const identity = await identify(tx, email, config.replyDomain);
    const person = identity.person;
    const authenticated = identity.authenticatedBy !== null;
    const answers = answering(identity.conversation, person);
    const held = answers === 'confirmation' && identity.conversation ? heldRequest(await heldRows(tx, identity.conversation, config.replyDomain), now, config.tz, earlier) : null;
    const suppression = await suppressionOf(tx, sender);
    const decision = decide({
      person: person && person.email ? { status: person.status, email: person.email, details: detailsOf(person) } : null,
      domainAllowed: domainAllowed(sender, config.allowedDomains),
      reading,
      answering: answers,
      authenticated,
      confirmationSentRecently: person && (!authenticated || Boolean(reading.askBack)) ? await confirmationSentWithin(tx, person.id, CONFIRM_EVERY_HOURS, now) : false,
      strangerAnsweredRecently: !person && authenticated ? await strangerAnsweredWithin(tx, sender, STRANGER_ANSWER_DAYS, now) : false,
      pending: held?.reading ?? null,
      domainOrganisation: organisationFromEmail(sender),
      suppressedAfterReceipt: Boolean(suppression && suppression.created_at > row.received_at),
    });
    // What the decision acts on: the held request when this reply confirmed it, else this message.
    const request =
      decision.closeConfirmation === 'confirmed' && held?.reading && held.email ? { reading: held.reading, email: held.email } : { reading, email };
    const result = await applyDecision(tx, { decision, identity, email, request, authenticated, suppression, inboundId: row.id, config, receivedAt, now });
    if (decision.closeConfirmation && held) await closeConfirmation(tx, held.confirmation.id, decision.closeConfirmation, now);
    await finishInbound(
      tx,
      row.id,
      {
        status: decision.outcome.startsWith('ignored') ? 'ignored' : 'processed',
        reason: decision.outcome,
        personId: result.personId,
        intent: read.intent,
      },
      now,
    );
    if (decision.erase && result.personId) await scrubInboundOf(tx, result.personId);
    // A stranger answered is not answered again for STRANGER_ANSWER_DAYS: only a hash of the address is
    // kept, and only that long (pruned with every message, so it goes even when no stranger writes again).
    await pruneStrangerAnswers(tx, STRANGER_ANSWER_DAYS, now);
    if (!person && decision.answer) await recordStrangerAnswer(tx, identity.sender!, now);
    // The refusal promises a stranger we keep nothing about them: their message goes as it is answered.
    if (decision.answer?.template === 'not-invited') await scrubInbound(tx, row.id);
    return { outcome: decision.outcome, mailQueued: result.mailQueued };
  });
}

async function stillPending(tx: Queryable, id: number): Promise<boolean> {
  return (await tx.get<{ status: string }>('SELECT status FROM inbound_messages WHERE id = ?', [id]))?.status === 'pending';
}

/** A bounce report: each recipient of the mail it reports on is suppressed, as of when the report came. */
async function markBounced(tx: Queryable, conversation: OutboxRow, receivedAt: Date, now: Date): Promise<number> {
  const recipients = JSON.parse(conversation.recipients) as Address[];
  for (const r of recipients) {
    await suppress(tx, r.email, 'bounce', receivedAt);
    await tx.run(
      `UPDATE people SET status = 'bounced', status_changed_at = ?, updated_at = ?
       WHERE email = ? AND status NOT IN ('stopped', 'erased')`,
      [now.toISOString(), now.toISOString(), r.email],
    );
  }
  return recipients.length;
}

interface ApplyContext {
  decision: Decision;
  identity: Identity;
  /** The message being answered: answers thread under it. */
  email: InboundEmail;
  /** The message whose content is acted on: this one, or the request held that this reply confirmed. */
  request: { reading: Reading; email: InboundEmail };
  /** Only an authenticated message touches the person's row (not even their last reply time). */
  authenticated: boolean;
  /** The sender's suppression as read in this transaction: a rejoin removes that one and no other. */
  suppression: Suppression | undefined;
  inboundId: number;
  config: Config;
  /** When the message came: a suppression it asks for dates from then, so a later message can undo it. */
  receivedAt: Date;
  now: Date;
}

async function applyDecision(tx: Queryable, ctx: ApplyContext): Promise<{ personId: number | null; mailQueued: boolean }> {
  const { decision: d, identity, config, now } = ctx;
  const at = now.toISOString();
  let personId = identity.person?.id ?? null;

  if (d.createPerson && identity.sender) {
    const created = await tx.get<{ id: number }>(
      `INSERT INTO people (email, status, status_changed_at, created_at, updated_at, source)
       VALUES (?, 'invited', ?, ?, ?, 'domain') RETURNING id`,
      [identity.sender, at, at, at],
    );
    personId = created!.id;
  }

  if (personId !== null && ctx.authenticated) {
    const sets: string[] = ['last_reply_at = ?', 'updated_at = ?'];
    const params: unknown[] = [at, at];
    const set = (column: string, value: unknown) => {
      sets.push(`${column} = ?`);
      params.push(value);
    };
    if (d.status && d.status !== identity.person?.status) {
      set('status', d.status);
      set('status_changed_at', at);
    }
    for (const [key, value] of Object.entries(d.details ?? {})) set(DETAIL_COLUMNS[key as keyof Details], value);
    if (d.recordConsent) {
      set('consent_at', at);
      set('consent_version', templateVersion('invitation'));
      sets.push('joined_at = coalesce(joined_at, ?)');
      params.push(at);
    }
    if (d.pausedUntil !== undefined) set('paused_until', d.pausedUntil);
    if (d.skipNextRound !== undefined) set('skip_next_round', d.skipNextRound ? 1 : 0);
    if (d.reminders !== undefined) set('reminders', d.reminders ? 1 : 0);
    if (d.cadence) set('cadence', d.cadence);
    await tx.run(`UPDATE people SET ${sets.join(', ')} WHERE id = ?`, [...params, personId]);
    // Joining, or a new organisation detail: which organisation they are may have changed with it.
    if (d.recordConsent || (d.details && 'organisation' in d.details)) await relinkPeople(tx, [personId], config.sharedDomains, now);
  }

  if (d.unsuppress && ctx.suppression) await unsuppress(tx, ctx.suppression);
  if (d.suppress && identity.sender) await suppress(tx, identity.sender, d.suppress, ctx.receivedAt);

  const after = personId !== null ? ((await findPersonById(tx, personId)) ?? null) : null;
  const mails: NewMail[] = [];
  let queued = false;

  if (d.answer) {
    // Answers go to the address we hold for the person (the sender, who is that person), in their thread.
    // A stranger's answer keeps none of their words: our subject, not threaded under their message.
    const to: Address = { email: identity.sender!, name: after?.name ?? null };
    const known = identity.person !== null;
    const thread = {
      to: [to],
      personId,
      inReplyTo: known ? ctx.email.messageId : null,
      references: known ? [...ctx.email.references, ...(ctx.email.messageId ? [ctx.email.messageId] : [])].slice(-20) : [],
      subject: known ? reSubject(ctx.email.subject) : null,
      finalNotice: d.finalNotice ?? false,
    };
    const mail = await answerMail(tx, d, after, thread, ctx);
    if (mail) mails.push(mail);
  }

  if (d.confirm && identity.person?.email) {
    // To the address we hold, with our own subject and nothing of the message's words: whoever wrote it
    // cannot choose what the person is sent. It goes despite a suppression (their STOP): it may be they
    // asking to come back, and it goes at most once a day.
    const confirmation = await enqueueMail(
      tx,
      {
        template: d.confirm.why === 'unsure' ? 'confirm-unsure' : 'confirm-request',
        data: { name: identity.person.name, request: d.confirm.request, changed: d.confirm.changed, validDays: CONFIRM_VALID_DAYS },
        to: [{ email: identity.person.email, name: identity.person.name }],
        personId: identity.person.id,
        finalNotice: true,
      },
      { messageDomain: config.replyDomain, now },
    );
    await recordConfirmation(tx, { personId: identity.person.id, inboundId: ctx.inboundId, outboxId: confirmation.id }, now);
    queued = true;
  }

  if (d.organiser) {
    mails.push({
      to: [{ email: config.organiserEmail }],
      personId: null,
      template: 'organiser-forward',
      data: {
        fromEmail: identity.sender ?? '',
        fromName: after?.name ?? ctx.request.email.from?.name ?? null,
        subject: ctx.request.email.subject,
        reply: ctx.request.reading.reply,
        status: after?.status ?? null,
      },
    });
  }

  if (d.met !== undefined && personId !== null) {
    // What they wrote after the keyword is the line on what came of it.
    const line = ctx.request.reading.reply.replace(/^\s*(?:not\s+met|met)\b[\s:.,;!-]*/i, '').trim();
    // The follow-up or nudge they answered names its group; otherwise it is their latest.
    const template = identity.conversation?.template;
    const asked = template === 'follow-up' || template === 'nudge' ? (JSON.parse(identity.conversation!.data) as { groupId?: number }).groupId : undefined;
    await recordMeeting(tx, personId, { met: d.met, line, groupId: asked ?? null }, now);
  }

  if ((d.groupReply || d.booking) && personId !== null) {
    mails.push(...(await applyGroupReply(tx, d, personId, identity.conversation, config, now)));
  } else if (d.leavesGroup && personId !== null && ctx.authenticated) {
    mails.push(...(await leaveOpenGroup(tx, personId, identity.conversation, d.erase === true, config, now)));
  }

  if (d.erase && personId !== null) await erasePerson(tx, personId, now);

  for (const mail of mails) await enqueueMail(tx, mail, { messageDomain: config.replyDomain, now });
  return { personId, mailQueued: queued || mails.length > 0 };
}

/**
 * A calendar's answer (Accepted, Declined, Tentative) to a booking's invitation. It counts only from a
 * member of that booking's group, about themselves, and authenticated as theirs (it answers their own
 * invitation's token, or passes DMARC-style alignment): a forged one changes nothing. DECLINED asks the
 * group to find another time. Nothing is sent to the calendar that answered.
 */
async function applyCalendarReply(db: Database, config: Config, inboundId: number, email: InboundEmail, reply: CalendarReply, now: Date) {
  return db.transaction(async (tx) => {
    if (!(await stillPending(tx, inboundId))) return { outcome: 'already processed elsewhere', mailQueued: false };
    const identity = await identify(tx, email, config.replyDomain);
    const person = identity.person;
    const booking = reply.uid ? await bookingByUid(tx, reply.uid) : undefined;
    const finish = async (status: 'processed' | 'ignored', outcome: string, mails: NewMail[] = []) => {
      for (const mail of mails) await enqueueMail(tx, mail, { messageDomain: config.replyDomain, now });
      await finishInbound(tx, inboundId, { status, reason: outcome, personId: person?.id ?? null, intent: null }, now);
      return { outcome, mailQueued: mails.length > 0 };
    };
    if (!person?.email || !booking) return finish('ignored', 'ignored: calendar reply to no booking of ours');
    if (identity.authenticatedBy === null) return finish('ignored', 'ignored: calendar reply not authenticated');
    const members = await groupMembers(tx, booking.group_id);
    if (!members.some((m) => m.id === person.id)) return finish('ignored', 'ignored: calendar reply from outside the group');
    const own = reply.replies.find((r) => r.email.toLowerCase() === person.email!.toLowerCase());
    if (!own) return finish('ignored', 'ignored: calendar reply about someone else');
    const partstat = String(own.partstat).toUpperCase();
    await recordBookingReply(tx, { groupId: booking.group_id, personId: person.id, partstat, sequence: reply.sequence }, now);
    if (partstat !== 'DECLINED' || booking.status !== 'booked') return finish('processed', `calendar reply recorded: ${partstat.toLowerCase()}`);
    // Declined: everyone in the group is asked to find another time (the booking stands until they do).
    const mails: NewMail[] = members
      .filter((m) => m.email && TAKING_PART.has(m.status))
      .map((m) => ({
        template: 'booking-declined',
        data: { name: m.name, who: m.id === person.id ? null : person.name, start: booking.starts_at, zone: booking.zone, groupId: booking.group_id },
        to: [{ email: m.email!, name: m.name }],
        personId: m.id,
      }));
    return finish('processed', 'calendar reply recorded: declined; the group asked for another time', mails);
  });
}

/**
 * BOOKED, NOT YET and CAN'T MAKE IT, stored against the group the reply is about: the one the mail it
 * answers names (a nudge, a follow-up, an invitation to a meeting, the introduction), else the sender's
 * latest. A booking (or a change of time) sends every member the calendar invitation; CAN'T MAKE IT after
 * booking sends them the cancellation. Returns the mails to queue.
 */
async function applyGroupReply(tx: Queryable, d: Decision, personId: number, conversation: OutboxRow | null, config: Config, now: Date): Promise<NewMail[]> {
  const groupId = await groupAbout(tx, conversation, personId);
  if (groupId === null) return [];
  // A second CAN'T MAKE IT to the same group changes nothing more: the others were told the first time.
  const again =
    d.groupReply === 'cant_make_it' &&
    (await tx.get("SELECT 1 AS x FROM group_replies WHERE group_id = ? AND person_id = ? AND kind = 'cant_make_it'", [groupId, personId])) !== undefined;
  if (d.groupReply) await recordGroupReply(tx, { groupId, personId, kind: d.groupReply }, now);
  if (!d.booking || again) return [];
  if ('start' in d.booking) {
    const booking = await saveBooking(tx, { groupId, startsAt: d.booking.start, minutes: MEETING_MINUTES, zone: config.tz, bookedBy: personId, uidDomain: config.replyDomain }, now);
    return bookingMails(tx, booking);
  }
  return withdraw(tx, groupId, personId, { named: true }, config, now);
}

/**
 * STOP, PAUSE or DELETE from someone in a group of the round still running, before it has met: for the
 * others it is a CAN'T MAKE IT (they are told, and one left alone is offered someone else), so nobody waits
 * for a reply that will not come. A group of an earlier round, one that has met, or one they already said
 * CAN'T MAKE IT to is left as it is. After a DELETE the others' mail says "your match", not their name.
 */
async function leaveOpenGroup(tx: Queryable, personId: number, conversation: OutboxRow | null, erased: boolean, config: Config, now: Date): Promise<NewMail[]> {
  const groupId = await groupAbout(tx, conversation, personId);
  if (groupId === null || !(await groupStillOpen(tx, groupId, now))) return [];
  const said = await tx.get("SELECT 1 AS x FROM group_replies WHERE group_id = ? AND person_id = ? AND kind = 'cant_make_it'", [groupId, personId]);
  if (said) return [];
  await recordGroupReply(tx, { groupId, personId, kind: 'cant_make_it' }, now);
  return withdraw(tx, groupId, personId, { named: !erased }, config, now);
}

/**
 * A raincheck: the booking, if any, is cancelled for everyone; the others are told, and one left alone is
 * re-paired in this round if someone is free (src/matching/rainchecks.ts).
 */
async function withdraw(tx: Queryable, groupId: number, personId: number, how: { named: boolean }, config: Config, now: Date): Promise<NewMail[]> {
  const cancelled = await cancelBooking(tx, groupId, now);
  const members = await groupMembers(tx, groupId);
  const self = members.find((m) => m.id === personId);
  const suppressed = new Set(
    (
      await tx.all<{ email: string }>('SELECT email FROM suppressions WHERE email IN (SELECT value FROM json_each(?))', [
        JSON.stringify(members.map((m) => m.email).filter(Boolean)),
      ])
    ).map((r) => r.email),
  );
  const takingPart = new Set(members.filter((m) => m.email && m.status === 'active' && !suppressed.has(m.email)).map((m) => m.id));
  const result = await raincheck(tx, { groupId, personId, memberIds: members.map((m) => m.id), takingPart, replyDomain: config.replyDomain }, now);
  const others = members.filter((m) => m.id !== personId && m.email && TAKING_PART.has(m.status));
  const told: NewMail[] = others.map((m) => {
    const next = result.partners.get(m.id) ?? { kind: 'next-round' as const };
    return {
      template: 'partner-cant-make-it',
      data: {
        name: m.name,
        who: how.named ? (self?.name ?? null) : null,
        trio: next.kind === 'group-continues',
        booked: Boolean(cancelled),
        groupId,
        next: next.kind,
        ...(next.kind === 'waiting' && next.until ? { until: next.until } : {}),
      },
      to: [{ email: m.email!, name: m.name }],
      personId: m.id,
    };
  });
  // After a DELETE, the cancellation names only those left: the one erased is no attendee of it.
  return [...(cancelled ? await bookingMails(tx, cancelled, how.named ? null : personId) : []), ...told];
}

/** One calendar mail (invitation or cancellation) to each member of the booking's group still taking part. */
async function bookingMails(tx: Queryable, booking: Booking, leaving: number | null = null): Promise<NewMail[]> {
  const members = await groupMembers(tx, booking.group_id);
  const attendees = members.filter((m) => m.email && TAKING_PART.has(m.status) && m.id !== leaving);
  return attendees.map((m): NewMail => ({
    template: 'booking',
    data: {
      name: m.name,
      partners: attendees.filter((o) => o.id !== m.id).map((o) => o.name ?? 'your match'),
      start: booking.starts_at,
      zone: booking.zone,
      minutes: booking.minutes,
      method: booking.status === 'booked' ? ('REQUEST' as const) : ('CANCEL' as const),
      uid: booking.uid,
      sequence: booking.sequence,
      groupId: booking.group_id,
      attendees: attendees.map((a) => ({ name: a.name, email: a.email! })),
    },
    to: [{ email: m.email!, name: m.name }],
    personId: m.id,
  }));
}

const MEETING_MINUTES = 30;
const TAKING_PART = new Set(['active', 'paused']);

async function groupAbout(tx: Queryable, conversation: OutboxRow | null, personId: number): Promise<number | null> {
  const latest = await latestGroupOf(tx, personId);
  let named: number | null = null;
  if (conversation) {
    let data: { groupId?: unknown } = {};
    try {
      data = JSON.parse(conversation.data) as { groupId?: unknown };
    } catch {
      // Not ours to read: fall back to their latest group.
    }
    if (typeof data.groupId === 'number') named = data.groupId;
    else if (conversation.template === 'introduction') {
      const g = await tx.get<{ id: number }>('SELECT id FROM groups WHERE introduction_outbox_id = ?', [conversation.id]);
      if (g) named = g.id;
    }
  }
  if (named === null) return latest?.groupId ?? null;
  // Re-paired since that mail, in the same round: the words are about the group they are in now.
  if (latest && latest.groupId > named) {
    const round = await tx.get<{ round_id: number }>('SELECT round_id FROM groups WHERE id = ?', [named]);
    if (round?.round_id === latest.roundId) return latest.groupId;
  }
  return named;
}

async function groupMembers(tx: Queryable, groupId: number): Promise<Array<{ id: number; email: string | null; name: string | null; status: string }>> {
  const intro = await tx.get<{ data: string }>('SELECT o.data FROM groups g JOIN outbox o ON o.id = g.introduction_outbox_id WHERE g.id = ?', [groupId]);
  const ids = intro ? ((JSON.parse(intro.data) as { members?: number[] }).members ?? []) : [];
  return tx.all('SELECT id, email, name, status FROM people WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id', [JSON.stringify(ids)]);
}

type Thread = Pick<NewMail, 'to' | 'personId' | 'inReplyTo' | 'references' | 'subject' | 'finalNotice'>;

async function answerMail(tx: Queryable, d: Decision, person: Person | null, thread: Thread, ctx: ApplyContext): Promise<NewMail | null> {
  const a = d.answer!;
  const details = person ? sharedDetailsOf(person) : { email: ctx.identity.sender ?? '', ...emptyDetails() };
  switch (a.template) {
    case 'invitation':
      // A fresh invitation, not a "Re:": it is the start of their conversation with the scheme.
      return { ...thread, subject: null, template: 'invitation', data: { name: null } };
    case 'ask-details':
      return { ...thread, template: 'ask-details', data: { name: details.name, missing: a.missing, details } };
    case 'welcome':
      return {
        ...thread,
        template: 'welcome',
        data: {
          details,
          consentWording: 'that we share these details with the people you are matched with, and with nobody else',
        },
      };
    case 'details-updated':
      return { ...thread, template: 'details-updated', data: { details, changed: a.changed } };
    case 'already-in':
      return { ...thread, template: 'already-in', data: { details } };
    case 'not-invited':
      return { ...thread, personId: null, template: 'not-invited', data: { organiserEmail: ctx.config.organiserEmail } };
    case 'paused':
      return { ...thread, template: 'paused', data: { until: a.until } };
    case 'cadence':
      return { ...thread, template: 'cadence', data: { cadence: a.cadence } };
    case 'help':
      return { ...thread, template: 'help', data: { status: person?.status ?? 'unknown' } };
    case 'met-recorded':
      return { ...thread, template: 'met-recorded', data: { met: a.met } };
    case 'confirm-lapsed':
      return { ...thread, template: 'confirm-lapsed', data: { validDays: CONFIRM_VALID_DAYS }, finalNotice: true };
    case 'my-data': {
      if (!person) return null;
      const invited = await tx.get<{ at: string | null }>('SELECT min(created_at) AS at FROM invitations WHERE person_id = ?', [person.id]);
      return {
        ...thread,
        template: 'my-data',
        data: {
          details,
          status: person.status,
          joinedAt: person.joined_at,
          consentAt: person.consent_at,
          consentVersion: person.consent_version,
          invitedAt: invited?.at ?? null,
          groups: await countGroupsOf(tx, person.id),
          replies: await countRepliesFrom(tx, person.id),
        },
      };
    }
    case 'stopped':
    case 'declined':
    case 'skipping':
    case 'resumed':
    case 'quiet':
    case 'erased':
    case 'forwarded':
    case 'booking-needs-time':
    case 'not-yet':
    case 'cant-make-it':
      return { ...thread, template: a.template, data: {} } as NewMail;
  }
}

/**
 * DELETE: the person's personal data goes; the row stays, with no address and status "erased", so counts
 * remain true. Their address stays only on the suppression list, so no later invitation file reaches them.
 */
async function erasePerson(tx: Queryable, personId: number, now: Date): Promise<void> {
  const at = now.toISOString();
  const was = await tx.get<{ email: string | null; name: string | null }>('SELECT email, name FROM people WHERE id = ?', [personId]);
  await tx.run(
    `UPDATE people SET email = NULL, name = NULL, organisation = NULL, organiser_organisation = NULL, organisation_id = NULL, phone = NULL, google_id = NULL, skype_id = NULL,
       other_channel = NULL, topics = NULL, unsubscribe_token = NULL, status = 'erased', status_changed_at = ?, updated_at = ?
     WHERE id = ?`,
    [at, at, personId],
  );
  // Mail already sent to them keeps only its template name; what it said about them goes.
  await tx.run(
    `UPDATE outbox SET data = '{}', recipients = '[]' WHERE person_id = ? AND status IN ('sent', 'failed', 'cancelled')`,
    [personId],
  );
  await tx.run(`UPDATE outbox SET status = 'cancelled', last_error = 'person erased' WHERE person_id = ? AND status = 'pending'`, [personId]);
  // What they wrote about a meeting is theirs; whether it happened stays, as an anonymous count.
  await tx.run('UPDATE answers SET outcome = NULL WHERE person_id = ?', [personId]);
  // What they said about their groups (BOOKED, NOT YET, CAN'T MAKE IT) went with the status change above:
  // migration 012's trigger deletes their group_replies rows.
  // Their partners' "did you meet?" and "have you found a time?" name them: they become "your match" there.
  if (was?.name) {
    await tx.run(
      `UPDATE outbox SET data = json_set(data, '$.partners',
         (SELECT json_group_array(CASE WHEN value = ?1 THEN 'your match' ELSE value END) FROM json_each(outbox.data, '$.partners')))
       WHERE template IN ('follow-up', 'nudge') AND json_valid(data) AND EXISTS (SELECT 1 FROM json_each(outbox.data, '$.partners') WHERE value = ?1)`,
      [was.name],
    );
  }
  if (was?.email) await scrubMentions(tx, was.email.toLowerCase());
}

/**
 * Mail about them to others: their question forwarded to the organiser, a report naming their address.
 * Once it has gone it keeps only its template name; its subject, thread headers and error go whatever its
 * status. Only where their address stands whole: erasing jo@x.example leaves mojo@x.example's mail and
 * jo@x.example.org's alone. SQL's instr finds the candidates; mentionsAddress decides.
 */
async function scrubMentions(tx: Queryable, address: string): Promise<void> {
  const rows = await tx.all<{ id: number; status: string; data: string; recipients: string; subject: string | null; last_error: string | null }>(
    `SELECT id, status, data, recipients, subject, last_error FROM outbox
     WHERE instr(lower(data), ?1) > 0 OR instr(lower(recipients), ?1) > 0
        OR instr(lower(coalesce(subject, '')), ?1) > 0 OR instr(lower(coalesce(last_error, '')), ?1) > 0`,
    [address],
  );
  for (const r of rows) {
    const gone = ['sent', 'failed', 'cancelled'].includes(r.status);
    const inRecipients = mentionsAddress(r.recipients, address);
    if (gone && (inRecipients || mentionsAddress(r.data, address))) {
      await tx.run(`UPDATE outbox SET data = '{}', recipients = CASE WHEN ? THEN '[]' ELSE recipients END WHERE id = ?`, [inRecipients ? 1 : 0, r.id]);
    }
    if (mentionsAddress(r.subject, address) || mentionsAddress(r.last_error, address)) {
      await tx.run(
        `UPDATE outbox SET subject = NULL, in_reply_to = NULL, refs = NULL,
           last_error = CASE WHEN last_error IS NULL THEN NULL ELSE 'person erased' END WHERE id = ?`,
        [r.id],
      );
    }
  }
}

// What may stand either side of an address in a text without being part of it (RFC 5322's atext for the
// local part, letters, digits and hyphens for the domain; letters beyond ASCII for internationalised ones).
const LOCAL_CHAR = /[\p{L}\p{N}!#$%&'*+/=?^_`{|}~.-]/u;
const DOMAIN_CHAR = /[\p{L}\p{N}-]/u;

/**
 * Whether `text` holds `address` as a whole address: not inside a longer one (mojo@x.example holds
 * jo@x.example only as a substring; so does jo@x.example.org). Case is ignored; a full stop after it ends
 * a sentence, not the domain, unless more of a domain follows. Each occurrence is looked at once: linear.
 */
export function mentionsAddress(text: string | null, address: string): boolean {
  if (!text || !address) return false;
  const hay = text.toLowerCase();
  const needle = address.toLowerCase();
  for (let at = hay.indexOf(needle); at >= 0; at = hay.indexOf(needle, at + 1)) {
    const before = hay[at - 1] ?? '';
    const end = at + needle.length;
    const after = hay[end] ?? '';
    const continues = DOMAIN_CHAR.test(after) || (after === '.' && DOMAIN_CHAR.test(hay[end + 1] ?? ''));
    if (!(before && LOCAL_CHAR.test(before)) && !continues) return true;
  }
  return false;
}

/**
 * Works through stored inbound messages in arrival order, one at a time (a person's replies must be acted
 * on in order). Started with the service, so messages stored before a crash are processed at start.
 */
export class InboundProcessor {
  private running = false;
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  private kicked = false;

  constructor(
    private readonly deps: ProcessDeps & { onMailQueued?: () => void },
    private readonly opts: { pollMs?: number; maxAttempts?: number } = {},
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.runLoop();
  }

  kick(): void {
    this.kicked = true;
    this.wake?.();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
  }

  private async runLoop(): Promise<void> {
    while (this.running) {
      this.kicked = false;
      let worked = 0;
      try {
        worked = await this.runOnce();
      } catch (err) {
        this.deps.logger.error({ err: errorSummary(err) }, 'inbound pass failed');
      }
      if (!this.running) break;
      if (!worked && !this.kicked) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, this.opts.pollMs ?? 5000);
          this.wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
    }
  }

  /** Processes what is pending now; returns how many messages it finished. */
  async runOnce(limit = 50): Promise<number> {
    const { db, logger } = this.deps;
    const rows = await pendingInbound(db, limit);
    let done = 0;
    for (const row of rows) {
      if (!this.running && this.loop) break;
      try {
        const result = await processInboundMessage(this.deps, row);
        logger.info({ inboundId: row.id, outcome: result.outcome }, 'inbound message processed');
        if (result.mailQueued) this.deps.onMailQueued?.();
        done++;
      } catch (err) {
        const reason = errorSummary(err).message;
        await countInboundFailure(db, row.id, reason);
        if (row.attempts + 1 >= (this.opts.maxAttempts ?? 5)) {
          await finishInbound(db, row.id, { status: 'failed', reason, personId: null, intent: null }, new Date());
          logger.error({ inboundId: row.id, err: errorSummary(err) }, 'inbound message failed for good');
        } else {
          logger.warn({ inboundId: row.id, err: errorSummary(err) }, 'inbound message failed; will retry');
        }
      }
    }
    return done;
  }

  /** Processes until nothing is pending: for tests and the demo. */
  async drain(): Promise<void> {
    while ((await this.runOnce()) > 0) {
      /* keep going */
    }
  }
}
