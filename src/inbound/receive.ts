import { createHash } from 'node:crypto';
import type { Database } from '../db/database.js';
import { storeInbound } from '../db/inbound.js';
import { MalformedInboundError } from './email.js';
import { readInboundIdentity, type InboundIdentity } from './parse-request.js';

export type ReceiveResult =
  | { outcome: 'stored'; id: number }
  | { outcome: 'duplicate' }
  | { outcome: 'malformed'; reason: string };

/**
 * A message's identity for de-duplication: its Message-ID, else a hash of what it says, so a retried
 * POST (whose multipart boundary differs) is still recognised.
 */
export function dedupeKey(identity: InboundIdentity): string {
  return identity.messageId ? `mid:${identity.messageId}` : `sha256:${identity.contentHash}`;
}

type Row = Parameters<typeof storeInbound>[1];

/**
 * Stores received requests. The only work done before answering SendGrid is to check the request is an
 * email, find which one, and store it; reading it happens afterwards, from the store. Requests that arrive
 * together are committed together (group commit): one transaction per batch rather than per request,
 * so storing keeps up with a burst.
 */
export class InboundReceiver {
  private queue: Array<{ row: Row; resolve: (id: number | null) => void; reject: (err: unknown) => void }> = [];
  private flushing = false;

  constructor(
    private readonly db: Database,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async receive(body: Buffer, contentType: string | undefined): Promise<ReceiveResult> {
    let identity: InboundIdentity;
    try {
      identity = await readInboundIdentity(body, contentType);
    } catch (err) {
      const reason = err instanceof MalformedInboundError ? err.message : 'unreadable request';
      // Kept for the organiser to look at: a malformed request is answered 400, and SendGrid will not retry it.
      await this.store({
        dedupeKey: `bad:${createHash('sha256').update(body).digest('hex')}`,
        contentType: contentType ?? null,
        raw: body,
        parsed: null,
        status: 'malformed',
        reason,
      });
      return { outcome: 'malformed', reason };
    }
    const id = await this.store({ dedupeKey: dedupeKey(identity), contentType: contentType ?? null, raw: body, parsed: null, status: 'pending', reason: null });
    return id === null ? { outcome: 'duplicate' } : { outcome: 'stored', id };
  }

  private store(row: Row): Promise<number | null> {
    return new Promise((resolve, reject) => {
      this.queue.push({ row, resolve, reject });
      if (!this.flushing) void this.flush();
    });
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    // Let the requests already in this turn of the event loop join the batch.
    await new Promise((r) => setImmediate(r));
    while (this.queue.length) {
      const batch = this.queue.splice(0, 200);
      try {
        const ids = await this.db.transaction(async (tx) => {
          const out: Array<number | null> = [];
          for (const { row } of batch) out.push(await storeInbound(tx, row, this.now()));
          return out;
        });
        batch.forEach((b, i) => b.resolve(ids[i]!));
      } catch (err) {
        for (const b of batch) b.reject(err);
      }
    }
    this.flushing = false;
  }
}
