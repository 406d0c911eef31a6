/** One mailbox of an inbound message. */
export interface InboundAddress {
  email: string; // lowercased
  name: string | null;
}

/**
 * An inbound message as SendGrid Inbound Parse delivered it, in either of its modes, reduced to what the
 * service reads. Built by parseInboundRequest; stored as JSON beside the raw request.
 */
export interface InboundEmail {
  mode: 'parsed' | 'raw';
  /** Message-ID with angle brackets, or null when the message has none. */
  messageId: string | null;
  inReplyTo: string | null;
  /** References, oldest first, each with angle brackets. */
  references: string[];
  from: InboundAddress | null;
  /** To and Cc together. */
  to: InboundAddress[];
  /** SendGrid's `envelope` field: the SMTP MAIL FROM and RCPT TO. */
  envelope: { from: string | null; to: string[] };
  subject: string | null;
  /** Body text, decoded to a JS string from whatever charset it came in. */
  text: string | null;
  html: string | null;
  /** Header names lowercased; a repeated header's values joined with ", ". */
  headers: Record<string, string>;
  /** The top-level Content-Type, e.g. "multipart/report; report-type=delivery-status". */
  contentType: string | null;
  /** SendGrid's SPF verdict ("pass", "fail", "softfail", "none", …) or null when absent. */
  spf: string | null;
  /** SendGrid's dkim field as sent, e.g. "{@example.org : pass}". */
  dkim: string | null;
  attachments: number;
  /**
   * The text of the message's first calendar part: a `text/calendar` part (the alternative Outlook and
   * Gmail send an Accepted / Declined answer in) or an `.ics` / `application/ics` attachment, of at most
   * MAX_CALENDAR_BYTES; null when there is none. Decoded as its charset says, else UTF-8 (RFC 5545's).
   * Read it with readCalendarReply (src/bookings/calendar.ts). Messages stored before this field existed
   * have none in their stored JSON: read a missing one as null.
   */
  calendar: string | null;
  /**
   * The text of the message's first contact card (vCard, RFC 6350: a `text/vcard` part or a `.vcf`
   * attachment) of at most MAX_CONTACT_CARD_BYTES, or null. People send their details as one ("Share
   * Contact" on an iPhone). Stored messages from before this field have none: read a missing one as null.
   */
  contactCard?: string | null;
}

/** The largest calendar part kept in InboundEmail.calendar: a real answer is a few kilobytes. */
export const MAX_CALENDAR_BYTES = 64 * 1024;
/** The most of a contact card kept (its details only, src/inbound/read/contact-card.ts keptCard). */
export const MAX_CONTACT_CARD_BYTES = 16 * 1024;
/** The largest contact card read: most of a big one is its photo, which is dropped. */
export const MAX_CONTACT_CARD_READ_BYTES = 512 * 1024;

/** A request that is not a usable Inbound Parse POST: answered 400 with `message`, and kept. */
export class MalformedInboundError extends Error {
  override name = 'MalformedInboundError';
}
