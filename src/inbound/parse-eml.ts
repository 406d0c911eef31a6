import { randomBytes } from 'node:crypto';
import type { InboundEmail } from './email.js';

/** A header line at the very start: "Name: value", as every MIME message begins. */
const STARTS_WITH_HEADER = /^[!-9;-~]+:[ \t]?\S/;
/** …and among the headers one that every real message has: a reply that opens "Name: Jo" is a body. */
const MAIL_HEADER = /^(?:from|to|subject|date|message-id|mime-version|received|return-path|content-type|delivered-to):/im;

/**
 * Reads a saved message for `npm run parse-reply`: a whole .eml (read by the same code as SendGrid's raw
 * mode, by handing it over as the `email` field it would arrive in), or a plain-text body on its own.
 */
export async function parseEml(file: Buffer): Promise<InboundEmail> {
  const start = file.subarray(0, 1000).toString('latin1').replace(/^\uFEFF/, '');
  const headerSection = start.split(/\r?\n\r?\n/)[0] ?? '';
  if (STARTS_WITH_HEADER.test(start) && MAIL_HEADER.test(headerSection)) {
    const boundary = `----eml${randomBytes(12).toString('hex')}`;
    const body = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="email"\r\n\r\n`),
      file,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    // Loaded only for a whole message: the MIME parser is most of the command's start-up, and a plain
    // body does not need it.
    const { parseInboundRequest } = await import('./parse-request.js');
    return parseInboundRequest(body, `multipart/form-data; boundary=${boundary}`);
  }
  return {
    mode: 'raw',
    messageId: null,
    inReplyTo: null,
    references: [],
    from: null,
    to: [],
    envelope: { from: null, to: [] },
    subject: null,
    text: file.toString('utf8').replace(/^\uFEFF/, ''),
    html: null,
    headers: {},
    contentType: 'text/plain',
    spf: null,
    dkim: null,
    attachments: 0,
    calendar: null,
  };
}
