/**
 * The SendGrid mailer: sends one OutgoingMail through SendGrid's v3 Mail Send API with the official
 * `@sendgrid/mail` MailService, on a `@sendgrid/client` Client of its own (never the shared singletons).
 *
 * SendGrid references:
 * - Mail Send (request body, 202 + X-Message-Id): https://www.twilio.com/docs/sendgrid/api-reference/mail-send/mail-send
 * - Mail Send errors (400 reasons, 401/403, 413, 429):
 *   https://www.twilio.com/docs/sendgrid/api-reference/mail-send/errors
 * - Rate limits (429 and the headers sent with it): https://www.twilio.com/docs/sendgrid/api-reference/how-to-use-the-sendgrid-v3-api/rate-limits
 * - Mail Send limitations (no `,` or `;` in recipients' names): https://docs.sendgrid.com/api-reference/mail-send/limitations
 */
import sgClient, { type Client } from '@sendgrid/client';
import sgMail, { type MailDataRequired, type MailService } from '@sendgrid/mail';
import { SendError, type Address, type Mailer, type OutgoingMail, type SendResult } from './mailer.js';

export interface SendGridMailerOptions {
  /** SendGrid API key ("SG.…"). */
  apiKey: string;
  /** API base URL, e.g. a proxy or a local fake ("http://127.0.0.1:PORT/"). SendGrid's own when absent. */
  apiUrl?: string | null;
  /** Whole-request timeout; a timed-out send is a `retry` failure. Default 30 s. */
  timeoutMs?: number;
  /**
   * The clock an X-RateLimit-Reset (an absolute time) is turned into a delay with. Give it the sender's
   * clock, so the sender's next attempt lands on the reset itself. Default: the system clock.
   */
  now?: () => Date;
}

const DEFAULT_TIMEOUT_MS = 30_000;

/**
 * Headers SendGrid refuses in `headers` (400) or sets itself from other fields. Reply-To, From, To,
 * Subject come from their own fields, so a copy in `mail.headers` is dropped rather than sent twice.
 * (Mail Send docs, "headers": "You may not overwrite the following reserved headers".)
 */
const RESERVED_HEADERS = new Set([
  'x-sg-id',
  'x-sg-eid',
  'received',
  'dkim-signature',
  'content-type',
  'content-transfer-encoding',
  'to',
  'from',
  'subject',
  'reply-to',
  'cc',
  'bcc',
  // Set from OutgoingMail's own fields below; a second copy would make two such headers.
  'message-id',
  'in-reply-to',
  'references',
]);

/** RFC 5322 field-name: printable US-ASCII except ":" (and no space). */
const HEADER_NAME = /^[!-9;-~]+$/;

/**
 * C0 controls (CR and LF included), DEL, C1 controls and the Unicode line/paragraph separators.
 * Any of them in a header value could end the header (or confuse a parser that treats them as such).
 */
// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g;

/**
 * Makes text safe for a header or display name: every run of control characters (CR/LF included)
 * becomes one space, so "Hi\r\nBcc: x" stays one header value ("Hi Bcc: x") and can never start
 * another header. Exported for the tests and for other mailers.
 */
export function headerSafe(text: string): string {
  return text.replace(CONTROL_CHARS, ' ').trim();
}

/** An address must not carry controls or whitespace at all: refuse rather than send somewhere else. */
function checkedEmail(email: string, field: string): string {
  if (typeof email !== 'string' || email.length === 0 || /[\s\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(email)) {
    throw new SendError(`Invalid ${field} address ${JSON.stringify(email)}`, 'permanent');
  }
  return email;
}

function toSendGridAddress(address: Address, field: string, clean: (name: string) => string = headerSafe): { email: string; name?: string } {
  const email = checkedEmail(address.email, field);
  const name = address.name == null ? '' : clean(address.name);
  return name ? { email, name } : { email };
}

/**
 * A recipient's display name as SendGrid can take it. Its Mail Send limitations page says "The to.name,
 * cc.name, and bcc.name personalizations cannot include either the ; or , characters"
 * (https://docs.sendgrid.com/api-reference/mail-send/limitations). Such a mail is still answered 202, and
 * then dropped as "Invalid": SendGrid splits the To header at the comma and takes part of the name for
 * the address, as its maintainers confirm (https://github.com/sendgrid/sendgrid-php/issues/351,
 * https://github.com/sendgrid/sendgrid-nodejs/issues/448, https://github.com/sendgrid/sendgrid-csharp/issues/268).
 * Names come from people's replies and the invitation CSV ("Bloggs, Jo"), so each `,` or `;` becomes a
 * space, as the limitations page implies: "Bloggs Jo" stays readable. Quoting the name instead, the
 * workaround some libraries tried, is not what the page allows, and the quotes then show in mail programs
 * (https://github.com/sendgrid/sendgrid-php/issues/897).
 */
export function recipientName(name: string): string {
  return headerSafe(name).replace(/[,;]/g, ' ').replace(/\s+/g, ' ').trim();
}

/**
 * How a calendar invitation goes through Mail Send. Mail Send has no field for it, and none for a part's
 * own Content-Type parameters. What makes Outlook and Gmail show Accept / Decline is a `text/calendar`
 * part whose Content-Type carries `method=REQUEST` (RFC 6047 §2.4), an alternative to the text, the way
 * Outlook itself sends invitations. So the mail gets:
 * - a `content` entry `{ type: "text/calendar; method=REQUEST", value: <the iCalendar text> }` after
 *   text/plain and text/html. Mail Send's `content` is an array where "you can include multiple MIME
 *   types of content", text/plain and text/html coming first
 *   (https://www.twilio.com/docs/sendgrid/api-reference/mail-send/mail-send, "content"). The payload that
 *   sends invitations through SendGrid, the one the sendgrid-nodejs maintainers point to when asked how
 *   (https://github.com/sendgrid/sendgrid-nodejs/issues/697), is exactly this entry beside text/plain and
 *   text/html, with the note that the part always goes quoted-printable and its charset cannot be chosen
 *   (https://github.com/sendgrid/sendgrid-ruby/issues/298#issuecomment-427443122);
 * - the same text as an attachment `invite.ics` of type `application/ics`, as that payload has it, for
 *   clients that only offer a file to open; nodemailer's `icalEvent` makes the same two parts, so the .eml
 *   files of the folder mailer match. The attachment is not typed `text/calendar; method=REQUEST`: an
 *   attachment's type "cannot contain ';'" (https://www.twilio.com/docs/sendgrid/api-reference/mail-send/errors;
 *   `method=` is let through, `charset` is not: https://github.com/sendgrid/sendgrid-nodejs/issues/1313,
 *   https://github.com/sendgrid/sendgrid-nodejs/issues/217), and an attachment alone is not enough: sent
 *   that way, Gmail showed either no invitation or one without Accept / Decline
 *   (https://github.com/sendgrid/sendgrid-nodejs/issues/1138).
 */
function calendarParts(calendar: NonNullable<OutgoingMail['calendar']>) {
  if (calendar.method !== 'REQUEST' && calendar.method !== 'CANCEL') {
    throw new SendError(`Invalid calendar method ${JSON.stringify(calendar.method)}`, 'permanent');
  }
  if (typeof calendar.content !== 'string' || calendar.content === '') throw new SendError('The calendar invitation is empty', 'permanent');
  return {
    type: `text/calendar; method=${calendar.method}`,
    attachment: { content: Buffer.from(calendar.content, 'utf8').toString('base64'), filename: 'invite.ics', type: 'application/ics', disposition: 'attachment' },
  };
}

/** The v3 Mail Send body fields, in the camelCase the MailService helper converts to snake_case. */
function toMailData(mail: OutgoingMail): MailDataRequired {
  if (mail.to.length === 0) throw new SendError('The mail has no recipient', 'permanent');

  const headers: Record<string, string> = {};
  for (const [rawName, rawValue] of Object.entries(mail.headers ?? {})) {
    if (!HEADER_NAME.test(rawName)) {
      throw new SendError(`Invalid header name ${JSON.stringify(rawName)}`, 'permanent');
    }
    if (RESERVED_HEADERS.has(rawName.toLowerCase())) continue;
    const value = headerSafe(String(rawValue));
    if (value) headers[rawName] = value;
  }
  const messageId = headerSafe(mail.messageId);
  if (messageId) headers['Message-ID'] = messageId;
  const inReplyTo = mail.inReplyTo ? headerSafe(mail.inReplyTo) : '';
  if (inReplyTo) headers['In-Reply-To'] = inReplyTo;
  const references = (mail.references ?? []).map(headerSafe).filter(Boolean).join(' ');
  if (references) headers['References'] = references;

  // text/plain must come before text/html (SendGrid refuses other orders).
  const content: [{ type: string; value: string }, ...Array<{ type: string; value: string }>] = [{ type: 'text/plain', value: mail.text }];
  if (mail.html) content.push({ type: 'text/html', value: mail.html });

  const template = headerSafe(mail.template);
  const attachments = (mail.attachments ?? []).map((a) => {
    const filename = headerSafe(a.filename);
    if (!filename) throw new SendError('An attachment has no file name', 'permanent');
    return { content: a.content.toString('base64'), filename, type: headerSafe(a.contentType), disposition: 'attachment' };
  });
  if (mail.calendar) {
    const { type, attachment } = calendarParts(mail.calendar);
    content.push({ type, value: mail.calendar.content });
    attachments.push(attachment);
  }
  return {
    personalizations: [{ to: mail.to.map((a) => toSendGridAddress(a, 'to', recipientName)) }],
    from: toSendGridAddress(mail.from, 'from'),
    ...(mail.replyToList?.length
      ? // The limitations page names only to/cc/bcc, but reply_to_list carries the same people's names
        // into a header that is a list of addresses like To, so they are cleaned the same way.
        { replyToList: mail.replyToList.map((a) => toSendGridAddress(a, 'reply-to', recipientName)) }
      : { replyTo: toSendGridAddress(mail.replyTo, 'reply-to') }),
    subject: headerSafe(mail.subject),
    content,
    headers,
    // Echoed back by the Event Webhook, so events find their outbox row.
    customArgs: { outbox_id: String(mail.outboxId) },
    ...(template ? { categories: [template] } : {}),
    ...(attachments.length ? { attachments } : {}),
    // Per message, whatever the account's settings say (Mail Send, "tracking_settings":
    // https://www.twilio.com/docs/sendgrid/api-reference/mail-send/mail-send):
    // - no click tracking (link scanners would "click", and links get rewritten);
    // - no open pixel (privacy);
    // - no subscription tracking: with it on in the account, SendGrid adds its own unsubscribe footer and
    //   List-Unsubscribe beside ours, and the unsubscribes it collects never reach us as a STOP would.
    trackingSettings: {
      clickTracking: { enable: false, enableText: false },
      openTracking: { enable: false },
      subscriptionTracking: { enable: false },
    },
  };
}

// Under NodeNext only the default imports compile; the classes are properties of them at run time,
// but the published typings only declare the singletons' types there.
const ClientClass = (sgClient as unknown as { Client: new () => Client }).Client;
const MailServiceClass = (sgMail as unknown as { MailService: new () => MailService }).MailService;

/**
 * @sendgrid/mail (8.x) hands the mail's `headers` to the HTTP request as well as putting them in the
 * JSON body (mail-service.js: `headers: mail.headers`). Those are email headers, not HTTP ones: sent
 * over HTTP they could override the client's own (an `Authorization` mail header would replace the
 * API key), and a value Node refuses in HTTP (characters above U+00FF) would make every attempt fail
 * before it left the process. This client drops them from the HTTP request; the body keeps them.
 */
class MailSendClient extends ClientClass {
  override request(...args: Parameters<Client['request']>) {
    const [data, cb] = args;
    return super.request({ ...data, headers: {} }, cb);
  }
}

/** Retry-After is either delay-seconds or an HTTP-date (RFC 9110 §10.2.3). */
export function parseRetryAfter(value: unknown, now: number = Date.now()): number | null {
  const text = Array.isArray(value) ? value[0] : value;
  if (typeof text !== 'string' && typeof text !== 'number') return null;
  const trimmed = String(text).trim();
  if (trimmed === '') return null;
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return null;
  return Math.max(0, at - now);
}

/** Beyond this a reset is not believed: SendGrid's refresh periods are short, and a wild header must not stop mail for days. */
const MAX_RESET_WAIT_MS = 24 * 3_600_000;

/**
 * SendGrid's rate-limit answer: a 429 with `X-RateLimit-Limit`, `X-RateLimit-Remaining: 0` and
 * `X-RateLimit-Reset`, "the time at which the rate limit will reset" as Unix epoch seconds (the example is
 * `X-RateLimit-Reset: 1392815263`); requests fail "for the duration of that refresh period". No Retry-After
 * is documented (https://www.twilio.com/docs/sendgrid/api-reference/how-to-use-the-sendgrid-v3-api/rate-limits).
 * Returns the delay until the reset, or null when there is none, it is not in the future (our clock is
 * ahead of SendGrid's: the sender's own pause then applies) or it is implausibly far.
 */
export function parseRateLimitReset(value: unknown, now: number = Date.now()): number | null {
  const text = Array.isArray(value) ? value[0] : value;
  if (typeof text !== 'string' && typeof text !== 'number') return null;
  const trimmed = String(text).trim();
  if (!/^\d{1,12}(\.\d+)?$/.test(trimmed)) return null;
  const wait = Math.ceil(Number(trimmed) * 1000 - now);
  return wait > 0 && wait <= MAX_RESET_WAIT_MS ? wait : null;
}

/** The later of what Retry-After and X-RateLimit-Reset ask for: honouring one must not break the other. */
function waitAskedFor(headers: unknown, now: number): number | null {
  const retryAfter = parseRetryAfter(headerOf(headers, 'retry-after'), now);
  const reset = parseRateLimitReset(headerOf(headers, 'x-ratelimit-reset'), now);
  if (retryAfter === null) return reset;
  if (reset === null) return retryAfter;
  return Math.max(retryAfter, reset);
}

interface ErrorLike {
  message?: unknown;
  code?: unknown;
  response?: { status?: unknown; headers?: unknown; body?: unknown };
  isAxiosError?: unknown;
}

function headerOf(headers: unknown, name: string): unknown {
  if (!headers || typeof headers !== 'object') return undefined;
  const h = headers as Record<string, unknown> & { get?: (n: string) => unknown };
  return h[name] ?? h[name.toLowerCase()] ?? (typeof h.get === 'function' ? h.get(name) : undefined);
}

/** SendGrid's reasons: `{"errors":[{"message":"…","field":"…","help":"…"}]}` (see the errors page). */
function reasonsOf(body: unknown): string {
  let parsed = body;
  if (typeof body === 'string') {
    try {
      parsed = JSON.parse(body);
    } catch {
      return body.slice(0, 500);
    }
  }
  const errors = (parsed as { errors?: unknown } | null)?.errors;
  if (!Array.isArray(errors)) return '';
  return errors
    .map((e: { message?: unknown; field?: unknown }) => {
      const message = typeof e?.message === 'string' ? e.message : '';
      const field = typeof e?.field === 'string' && e.field ? ` (${e.field})` : '';
      return message ? message + field : '';
    })
    .filter(Boolean)
    .join('; ');
}

/**
 * Turns whatever the client rejected with into a SendError. The original error is not attached: axios
 * errors carry the request config, API key included, and would take it into the logs.
 */
export function toSendError(err: unknown, now: number = Date.now()): SendError {
  if (err instanceof SendError) return err;
  const e = (err ?? {}) as ErrorLike;
  const rawStatus = e.response?.status ?? (typeof e.code === 'number' ? e.code : undefined);
  const status = typeof rawStatus === 'number' ? rawStatus : null;

  if (status !== null && e.response) {
    const reasons = reasonsOf(e.response.body);
    const detail = reasons ? `: ${reasons}` : '';
    const retryAfterMs = waitAskedFor(e.response.headers, now);
    if (status === 429) {
      return new SendError(`SendGrid is throttling us (429)${detail}`, 'throttled', status, retryAfterMs);
    }
    if (status === 401 || status === 403) {
      return new SendError(`SendGrid refused our credentials (${status})${detail}`, 'account', status);
    }
    if (status >= 500 || status === 408) {
      return new SendError(`SendGrid failed (${status})${detail}`, 'retry', status, retryAfterMs);
    }
    if (status >= 400) {
      return new SendError(`SendGrid refused the mail (${status})${detail}`, 'permanent', status);
    }
    return new SendError(`Unexpected answer from SendGrid (${status})${detail}`, 'retry', status);
  }

  const code = typeof e.code === 'string' ? e.code : '';
  const message = typeof e.message === 'string' ? e.message : String(err);
  if (e.isAxiosError || code) {
    // No answer: refused or lost connection, DNS failure, timeout (ECONNABORTED / ETIMEDOUT).
    return new SendError(`No answer from SendGrid${code ? ` (${code})` : ''}: ${message}`, 'retry');
  }
  // Thrown while building the request (the helper validating the mail): no retry will change that.
  return new SendError(`Could not build the SendGrid request: ${message}`, 'permanent');
}

export function createSendGridMailer(opts: SendGridMailerOptions): Mailer {
  if (!opts.apiKey) throw new Error('createSendGridMailer: apiKey is required');
  const client = new MailSendClient();
  client.setApiKey(opts.apiKey);
  // setApiKey resets the base URL to SendGrid's, so the override must come after it.
  if (opts.apiUrl) {
    const url = new URL(opts.apiUrl);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new Error(`createSendGridMailer: apiUrl must be http(s), got ${url.protocol}`);
    }
    client.setDefaultRequest('baseUrl', url.href.endsWith('/') ? url.href : `${url.href}/`);
  }
  const now = opts.now ?? (() => new Date());
  const service = new MailServiceClass();
  service.setClient(client);
  service.setTimeout(opts.timeoutMs ?? DEFAULT_TIMEOUT_MS);

  return {
    name: 'sendgrid',
    async send(mail: OutgoingMail): Promise<SendResult> {
      // Built outside the try: a SendError from building is already the right kind.
      const data = toMailData(mail);
      try {
        const [response] = await service.send(data);
        const id = headerOf(response.headers, 'x-message-id');
        return { providerMessageId: typeof id === 'string' && id ? id : null };
      } catch (err) {
        throw toSendError(err, now().getTime());
      }
    },
  };
}
