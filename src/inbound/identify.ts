import type { Queryable } from '../db/database.js';
import type { OutboxRow } from '../db/outbox.js';
import { findPersonByEmail, type Person } from '../db/people.js';
import type { InboundEmail } from './email.js';

export interface Identity {
  /** The person the message is from: found by the sender's address. */
  person: Person | null;
  /** The mail of ours it answers, found by the Reply-To token, else by In-Reply-To/References. */
  conversation: OutboxRow | null;
  /** The sender's address (From, else the envelope sender), lowercased. */
  sender: string | null;
}

const TOKEN = /^reply\+([0-9a-f]{32})@(.+)$/i;

function tokenIn(address: string, replyDomain: string): string | null {
  const m = TOKEN.exec(address.trim());
  return m && m[2]!.toLowerCase() === replyDomain ? m[1]!.toLowerCase() : null;
}

/**
 * Who wrote, and what they answer. The token in our Reply-To address is tried first, then the thread
 * headers. The conversation names a person too, but the person is always the one whose address sent the
 * message: a colleague replying to a forwarded invitation is the colleague, not the person invited, and
 * nobody can act for someone else by holding their token.
 */
export async function identify(db: Queryable, email: InboundEmail, replyDomain: string): Promise<Identity> {
  let conversation: OutboxRow | null = null;
  for (const address of [...email.to.map((a) => a.email), ...email.envelope.to]) {
    const token = tokenIn(address, replyDomain);
    if (!token) continue;
    conversation = (await db.get<OutboxRow>('SELECT * FROM outbox WHERE reply_token = ?', [token])) ?? null;
    if (conversation) break;
  }
  if (!conversation) {
    for (const id of [email.inReplyTo, ...[...email.references].reverse()]) {
      if (!id) continue;
      conversation = (await db.get<OutboxRow>('SELECT * FROM outbox WHERE message_id = ?', [id])) ?? null;
      if (conversation) break;
    }
  }
  const sender = (email.from?.email ?? email.envelope.from ?? '').toLowerCase() || null;
  const person = sender ? ((await findPersonByEmail(db, sender)) ?? null) : null;
  return { person, conversation, sender };
}
