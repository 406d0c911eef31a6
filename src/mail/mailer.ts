/** A mailbox: an address and, optionally, the display name shown beside it. */
export interface Address {
  email: string;
  name?: string | null;
}

/** A file sent with a mail, such as the organisers' digest picture. */
export interface Attachment {
  filename: string;
  /** MIME type, e.g. "image/png". */
  contentType: string;
  content: Buffer;
}

/**
 * A calendar invitation carried by a mail (iMIP, RFC 6047): the iCalendar text, whose METHOD is `method`.
 * Each mailer sends it as a `text/calendar; method=…` alternative to the text, which is what makes Outlook
 * and Gmail show Accept and Decline, and as an `invite.ics` attachment for the clients that only offer a
 * file (see sendgrid-mailer.ts for the sources).
 */
export interface CalendarPart {
  method: 'REQUEST' | 'CANCEL';
  content: string;
}

/** One fully rendered mail, ready for a provider. Built only by the outbox sender. */
export interface OutgoingMail {
  outboxId: number;
  /** The template it was rendered from, e.g. "invitation"; sent as a SendGrid category. */
  template: string;
  from: Address;
  to: Address[];
  replyTo: Address;
  /**
   * Several Reply-To addresses instead of `replyTo`: an introduction replies to its whole group, so
   * reply and reply-all reach the others and not the service.
   */
  replyToList?: Address[];
  subject: string;
  text: string;
  html?: string;
  /** Our own Message-ID, angle brackets included, so replies thread back to the outbox row. */
  messageId: string;
  inReplyTo?: string;
  references?: string[];
  /** Extra headers such as List-Unsubscribe. Values are already free of CR/LF. */
  headers: Record<string, string>;
  /** Files sent with it, as attachments (never inline). */
  attachments?: Attachment[];
  /** A calendar invitation or cancellation. */
  calendar?: CalendarPart;
}

export interface SendResult {
  /** The provider's id for the message, when it gives one (SendGrid's X-Message-Id). */
  providerMessageId: string | null;
}

/**
 * Why a send failed, in the terms the outbox needs:
 * - `retry`: this message may go through later (5xx, timeouts, lost connections);
 * - `throttled`: the provider asks everyone to slow down (429): back off the whole sender, not only this mail;
 * - `account`: the provider refuses our credentials (401/403): no message is at fault, so none is failed;
 * - `permanent`: this message will never be accepted (other 4xx): record the reason and give up.
 */
export type SendFailureKind = 'retry' | 'throttled' | 'account' | 'permanent';

export class SendError extends Error {
  constructor(
    message: string,
    readonly kind: SendFailureKind,
    readonly status: number | null = null,
    /** From the provider's Retry-After header, when it sent one. */
    readonly retryAfterMs: number | null = null,
  ) {
    super(message);
    this.name = 'SendError';
  }
}

export interface Mailer {
  /** "sendgrid" or "outbox-folder", for logs and /healthz. */
  readonly name: string;
  /** Resolves once the provider accepted the mail; rejects with a SendError otherwise. */
  send(mail: OutgoingMail): Promise<SendResult>;
}
