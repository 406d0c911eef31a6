import type { Queryable } from '../db/database.js';
import type { OutboxRow } from '../db/outbox.js';
import { findPersonByEmail, type Person } from '../db/people.js';
import { authenticate, type Authentication } from './authentication.js';
import type { InboundEmail } from './email.js';

export interface Identity {
  /** The person the message is from: found by the sender's address. */
  person: Person | null;
  /** The mail of ours it answers, found by the Reply-To token, else by In-Reply-To/References. */
  conversation: OutboxRow | null;
  /** The sender's address (From, else the envelope sender), lowercased. */
  sender: string | null;
  /**
   * How the message is known to be from `person` (for a stranger: from `sender`), or null when it is not
   * (README, "Who a message is from"):
   * - 'conversation': it answers a mail of ours to that person alone (their token, or our Message-ID in
   *   In-Reply-To/References) and its From is theirs. Only they received the token or the Message-ID.
   * - 'dkim' / 'spf': its From domain is proved by an aligned DKIM or SPF pass (authentication.ts).
   */
  authenticatedBy: 'conversation' | 'dkim' | 'spf' | null;
  authentication: Authentication;
}

/**
 * Our addresses that carry a mail's token: `reply+<token>` (its Reply-To) and `calendar+<token>` (the
 * organizer of a calendar invitation it carried, where calendars send their answers: mail/sender.ts).
 */
const TOKEN = /^(?:reply|calendar)\+([0-9a-f]{32})@([a-z0-9.-]{1,253})$/i;
/** Enough for any real reply; a message listing thousands costs no more than this many look-ups. */
const MAX_TOKENS = 10;
const MAX_THREAD_IDS = 20;

function tokenIn(address: string, replyDomain: string): string | null {
  const m = TOKEN.exec(address.slice(0, 400).trim());
  return m && m[2]!.toLowerCase() === replyDomain ? m[1]!.toLowerCase() : null;
}

/**
 * Who wrote, and what they answer. The token in our Reply-To address is tried first, then the thread
 * headers; of the mails found, one to the sender is preferred. The conversation names a person too, but
 * the person is always the one whose address sent the message: a colleague replying to a forwarded
 * invitation is the colleague, not the person invited, and nobody can act for someone else by holding
 * their token.
 */
/** The sender's address (From, else the envelope sender), lowercased: from the message alone. */
export function senderOf(email: InboundEmail): string | null {
  return (email.from?.email ?? email.envelope.from ?? '').toLowerCase() || null;
}

export async function identify(db: Queryable, email: InboundEmail, replyDomain: string): Promise<Identity> {
  const sender = senderOf(email);
  const person = sender ? ((await findPersonByEmail(db, sender)) ?? null) : null;

  const tokens = [...new Set([...email.to.map((a) => a.email), ...email.envelope.to].map((a) => tokenIn(a, replyDomain)))]
    .filter((t): t is string => t !== null)
    .slice(0, MAX_TOKENS);
  const threadIds = [...new Set([email.inReplyTo, ...[...email.references].reverse()])]
    .filter((id): id is string => Boolean(id))
    .slice(0, MAX_THREAD_IDS);

  const found: OutboxRow[] = [];
  for (const token of tokens) {
    const row = await db.get<OutboxRow>('SELECT * FROM outbox WHERE reply_token = ?', [token]);
    if (row) found.push(row);
  }
  for (const id of threadIds) {
    const row = await db.get<OutboxRow>('SELECT * FROM outbox WHERE message_id = ?', [id]);
    if (row) found.push(row);
  }
  const theirs = person ? found.find((row) => row.person_id === person.id) : undefined;
  const conversation = theirs ?? found[0] ?? null;

  const authentication = authenticate(email, sender);
  const authenticatedBy = theirs ? 'conversation' : authentication.via;
  return { person, conversation, sender, authenticatedBy, authentication };
}
