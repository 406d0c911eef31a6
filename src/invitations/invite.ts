import type { Database } from '../db/database.js';
import { enqueueMails } from '../db/outbox.js';
import { relinkPeople } from '../organisations/link.js';
import { peopleAmong, upsertInvitees, type PersonStatus } from '../db/people.js';
import { recordInvitations } from '../db/invitations.js';
import { suppressedAmong } from '../db/suppressions.js';

import type { Invitee } from './csv.js';

export type { Invitee };

export type SkipReason = 'already_invited' | 'taking_part' | 'said_stop' | 'bounced' | 'suppressed';

export const SKIP_REASON_TEXT: Record<SkipReason, string> = {
  already_invited: 'already invited (use --resend to invite them again)',
  taking_part: 'already taking part',
  said_stop: 'said STOP or declined',
  bounced: 'bounced or reported as spam',
  suppressed: 'suppressed (bounce, spam report or unsubscribe)',
};

export interface InvitationPlan {
  send: Invitee[];
  skipped: Record<SkipReason, Invitee[]>;
}

function reasonForStatus(status: PersonStatus, invited: boolean): SkipReason | null {
  switch (status) {
    case 'invited':
      return invited ? 'already_invited' : null;
    case 'awaiting_details':
    case 'active':
    case 'paused':
      return 'taking_part';
    case 'stopped':
      return 'said_stop';
    case 'bounced':
    case 'complained':
      return 'bounced';
    case 'erased':
      return 'suppressed';
  }
}

/**
 * Decides who gets an invitation: everyone in the file except people who already have one (unless
 * `resend`), take part already, said stop, bounced, or are suppressed. Reads only.
 */
export async function planInvitations(
  db: Database,
  invitees: Invitee[],
  opts: { resend: boolean },
): Promise<InvitationPlan> {
  const emails = invitees.map((i) => i.email);
  const [people, suppressed] = await Promise.all([peopleAmong(db, emails), suppressedAmong(db, emails)]);
  const plan: InvitationPlan = {
    send: [],
    skipped: { already_invited: [], taking_part: [], said_stop: [], bounced: [], suppressed: [] },
  };
  for (const invitee of invitees) {
    const person = people.get(invitee.email);
    let reason: SkipReason | null = suppressed.has(invitee.email) ? 'suppressed' : null;
    if (!reason && person) reason = reasonForStatus(person.status, person.invited);
    if (reason === 'already_invited' && opts.resend) reason = null;
    if (reason) plan.skipped[reason].push(invitee);
    else plan.send.push(invitee);
  }
  return plan;
}

/**
 * Stores each invitation (the person, the outbox mail and the invitation record) in transactions of
 * `chunkSize`, so a large file is stored quickly and a crash half-way leaves whole invitations only.
 * Re-running after a crash skips those already stored: planInvitations sees them as already invited.
 */
export async function storeInvitations(
  db: Database,
  invitees: Invitee[],
  opts: {
    source: string | null;
    messageDomain: string;
    now?: () => Date;
    chunkSize?: number;
    onProgress?: (done: number) => void;
    /** The outbox ids of each committed chunk: what a command that delivers its own mail may send. */
    onQueued?: (outboxIds: readonly number[]) => void;
    /** SHARED_DOMAINS: linking invitees to organisations needs it. */
    sharedDomains?: readonly string[];
  },
): Promise<number> {
  const now = opts.now ?? (() => new Date());
  const size = opts.chunkSize ?? 2000;
  let done = 0;
  for (let i = 0; i < invitees.length; i += size) {
    const chunk = invitees.slice(i, i + size);
    await db.transaction(async (tx) => {
      const at = now();
      const ids = await upsertInvitees(tx, chunk, at);
      const personIds = chunk.map((i) => ids.get(i.email)!);
      // Linked now, in the same transaction, so the organiser's word is what the next round uses.
      await relinkPeople(tx, personIds, opts.sharedDomains ?? [], at);
      const mails = await enqueueMails(
        tx,
        chunk.map((invitee, k) => ({
          template: 'invitation' as const,
          data: { name: invitee.name },
          to: [{ email: invitee.email, name: invitee.name }],
          personId: personIds[k]!,
        })),
        { messageDomain: opts.messageDomain, now: at },
      );
      await recordInvitations(tx, mails.map((m, k) => ({ personId: personIds[k]!, outboxId: m.id })), opts.source, at);
      return mails.map((m) => m.id);
    }).then((ids) => opts.onQueued?.(ids));
    done += chunk.length;
    opts.onProgress?.(done);
  }
  return done;
}
