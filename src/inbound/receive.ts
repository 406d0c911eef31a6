import { createHash } from 'node:crypto';
import type { Database } from '../db/database.js';
import { storeInbound } from '../db/inbound.js';
import { MalformedInboundError, type InboundEmail } from './email.js';
import { parseInboundRequest } from './parse-request.js';

export type ReceiveResult =
  | { outcome: 'stored'; id: number }
  | { outcome: 'duplicate' }
  | { outcome: 'malformed'; reason: string };

/**
 * A message's identity for de-duplication: its Message-ID, else a hash of what it says, so a retried
 * POST (whose multipart boundary may differ) is still recognised.
 */
export function dedupeKey(email: InboundEmail): string {
  if (email.messageId) return `mid:${email.messageId}`;
  const content = JSON.stringify([email.from?.email, email.to.map((a) => a.email), email.subject, email.text, email.html]);
  return `sha256:${createHash('sha256').update(content).digest('hex')}`;
}

/**
 * The only work done before answering SendGrid: read the request just enough to know it is an email and
 * which, then store it. Processing happens afterwards, from the store. A malformed request is stored too,
 * for the organiser to look at, and answered 400 (a retry would not help).
 */
export async function receiveInbound(db: Database, body: Buffer, contentType: string | undefined, now: Date): Promise<ReceiveResult> {
  let email: InboundEmail;
  try {
    email = await parseInboundRequest(body, contentType);
  } catch (err) {
    const reason = err instanceof MalformedInboundError ? err.message : 'unreadable request';
    await storeInbound(
      db,
      {
        dedupeKey: `bad:${createHash('sha256').update(body).digest('hex')}`,
        contentType: contentType ?? null,
        raw: body,
        parsed: null,
        status: 'malformed',
        reason,
      },
      now,
    );
    return { outcome: 'malformed', reason };
  }
  const id = await storeInbound(
    db,
    { dedupeKey: dedupeKey(email), contentType: contentType ?? null, raw: body, parsed: JSON.stringify(email), status: 'pending', reason: null },
    now,
  );
  return id === null ? { outcome: 'duplicate' } : { outcome: 'stored', id };
}
