/**
 * Builds SendGrid Inbound Parse POST bodies exactly as SendGrid sends them: `multipart/form-data` with
 * CRLF line ends, one part per field (`Content-Disposition: form-data; name="…"`, no Content-Type on
 * fields), files `attachment1..N` with a filename and Content-Type, and in parsed mode `text`/`html`
 * as raw bytes in the charset named in the `charsets` field.
 *
 * - buildParsedPayload: the default ("parsed") mode.
 * - buildRawPayload: raw mode, the whole MIME message in the `email` field. The MIME is built by
 *   nodemailer's stream transport for UTF-8 quoted-printable/base64 messages, and written out explicitly
 *   (with nodemailer's own QP/base64/encoded-word encoders) for shapes nodemailer does not make:
 *   ISO-8859-1/Windows-1252 bodies, 8bit bodies, multipart/report delivery status notifications.
 * - sendgridSample: SendGrid's own sample posts from the corpus, LF turned into CRLF.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import nodemailer from 'nodemailer';
import { encode as b64encode, wrap as b64wrap } from 'nodemailer/lib/base64';
import { encodeWord } from 'nodemailer/lib/mime-funcs';
import { encode as qpEncode, wrap as qpWrap } from 'nodemailer/lib/qp';

export type PayloadCharset = 'utf-8' | 'iso-8859-1' | 'windows-1252';

export interface PayloadAttachment {
  filename: string;
  contentType: string;
  content: Buffer;
}

export interface PayloadOptions {
  from: string;
  fromName?: string;
  to: string | string[];
  cc?: string | string[];
  subject: string;
  text?: string;
  html?: string;
  /** Charset of text and html (parsed mode: the bytes sent and the `charsets` field; raw mode: the MIME parts). */
  charset?: PayloadCharset;
  /** Extra header lines, e.g. Auto-Submitted, Precedence, X-Autoreply. */
  headers?: Record<string, string>;
  messageId?: string;
  inReplyTo?: string;
  references?: string | string[];
  spf?: string;
  dkim?: string;
  attachments?: PayloadAttachment[];
  envelope?: { from?: string; to?: string[] };
  /** Raw mode: Content-Transfer-Encoding of text and html. */
  transferEncoding?: 'quoted-printable' | 'base64' | '8bit';
  /** Raw mode: top-level Content-Type, e.g. "multipart/report; report-type=delivery-status". */
  contentType?: string;
  /** A calendar part: a calendar's answer (METHOD:REPLY) or an invitation. */
  calendar?: PayloadCalendar;
}

/**
 * A calendar part, the two ways clients send one:
 * - `alternative` (the default): beside the text in multipart/alternative, `text/calendar; method=…`,
 *   as Outlook and Gmail send an Accepted / Declined answer. In parsed mode SendGrid posts it among the
 *   attachments (`attachmentN`, described in `attachment-info`), without a file name unless `filename`
 *   is given: a part with no file name is a plain form field in the post.
 * - `attachment`: an `.ics` file attached (`filename`, default "invite.ics").
 */
export interface PayloadCalendar {
  content: string;
  /** The Content-Type's method parameter; default REPLY. */
  method?: string;
  as?: 'alternative' | 'attachment';
  filename?: string;
  /** Default text/calendar; "application/ics" for the file nodemailer's icalEvent attaches. */
  contentType?: string;
}

/** A part parsed mode posts among the attachments; one without a file name is a plain form field. */
type PostedPart = Omit<PayloadAttachment, 'filename'> & { filename?: string };

/** The calendar part as parsed mode posts it: one more attachment, after the others. */
function calendarAttachment(cal: PayloadCalendar): PostedPart {
  const filename = cal.filename ?? (cal.as === 'attachment' ? 'invite.ics' : undefined);
  return { ...(filename === undefined ? {} : { filename }), contentType: cal.contentType ?? 'text/calendar', content: Buffer.from(cal.content, 'utf8') };
}

export interface InboundPayload {
  body: Buffer;
  contentType: string;
}

type Part = { name: string; value: Buffer | string; filename?: string; contentType?: string };

const CRLF = '\r\n';

function list(value: string | string[] | undefined): string[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

function isAscii(text: string): boolean {
  return /^[\x20-\x7e]*$/.test(text);
}

/** Windows-1252's characters at 0x80–0x9F; the rest of the range is Latin-1. */
const CP1252_HIGH: Record<string, number> = {
  '€': 0x80, '‚': 0x82, 'ƒ': 0x83, '„': 0x84, '…': 0x85, '†': 0x86, '‡': 0x87, 'ˆ': 0x88, '‰': 0x89,
  'Š': 0x8a, '‹': 0x8b, 'Œ': 0x8c, 'Ž': 0x8e, '‘': 0x91, '’': 0x92, '“': 0x93, '”': 0x94, '•': 0x95,
  '–': 0x96, '—': 0x97, '˜': 0x98, '™': 0x99, 'š': 0x9a, '›': 0x9b, 'œ': 0x9c, 'ž': 0x9e, 'Ÿ': 0x9f,
};

/** Text as bytes in the charset; characters it cannot hold become "?", as mail clients do. */
export function encodeText(text: string, charset: PayloadCharset = 'utf-8'): Buffer {
  if (charset === 'utf-8') return Buffer.from(text, 'utf8');
  const bytes: number[] = [];
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0x3f;
    const high = charset === 'windows-1252' ? CP1252_HIGH[ch] : undefined;
    if (high !== undefined) bytes.push(high);
    else if (code <= 0xff && !(charset === 'windows-1252' && code >= 0x80 && code <= 0x9f)) bytes.push(code);
    else bytes.push(0x3f);
  }
  return Buffer.from(bytes);
}

/** Text with bare LF turned into CRLF, as MIME bodies and SendGrid's fields have. */
function crlf(text: string): string {
  return text.replace(/\r?\n/g, CRLF);
}

/** A header value: encoded word when not plain ASCII. */
function headerWord(text: string): string {
  return isAscii(text) ? text : encodeWord(text, 'B');
}

function mailbox(address: string, name?: string): string {
  if (!name) return address;
  return isAscii(name) ? `"${name.replace(/(["\\])/g, '\\$1')}" <${address}>` : `${encodeWord(name, 'B')} <${address}>`;
}

function referencesOf(opts: PayloadOptions): string[] {
  return list(opts.references);
}

function defaultMessageId(): string {
  return `<${randomBytes(8).toString('hex')}@mail.example.net>`;
}

/** The multipart/form-data body: CRLF everywhere, no trailing CRLF after the closing boundary (as SendGrid). */
export function buildMultipart(parts: Part[], boundary = randomBytes(16).toString('hex')): InboundPayload {
  const chunks: Buffer[] = [];
  for (const part of parts) {
    let head = `--${boundary}${CRLF}Content-Disposition: form-data; name="${part.name}"`;
    if (part.filename !== undefined) head += `; filename="${part.filename}"`;
    head += CRLF;
    if (part.contentType) head += `Content-Type: ${part.contentType}${CRLF}`;
    chunks.push(Buffer.from(head + CRLF, 'utf8'));
    chunks.push(Buffer.isBuffer(part.value) ? part.value : Buffer.from(part.value, 'utf8'));
    chunks.push(Buffer.from(CRLF));
  }
  chunks.push(Buffer.from(`--${boundary}--`));
  return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

function envelopeJson(opts: PayloadOptions): string {
  return JSON.stringify({ to: opts.envelope?.to ?? list(opts.to), from: opts.envelope?.from ?? opts.from });
}

function extraHeaderLines(opts: PayloadOptions): string[] {
  const lines: string[] = [];
  if (opts.inReplyTo) lines.push(`In-Reply-To: ${opts.inReplyTo}`);
  const refs = referencesOf(opts);
  if (refs.length) lines.push(`References: ${refs.join(`${CRLF} `)}`);
  for (const [name, value] of Object.entries(opts.headers ?? {})) lines.push(`${name}: ${value}`);
  return lines;
}

const RECEIVED =
  'Received: from mail.example.net (mail.example.net [192.0.2.10]) by mx.sendgrid.net with ESMTP id abc123 for <reply@in.example.org>; Mon, 3 Mar 2025 09:15:02 +0000 (UTC)';
const DATE = 'Date: Mon, 3 Mar 2025 09:15:00 +0000';

/** SendGrid's default ("parsed") mode. */
export function buildParsedPayload(opts: PayloadOptions): InboundPayload {
  const charset = opts.charset ?? 'utf-8';
  const sgCharset = charset === 'utf-8' ? 'UTF-8' : charset;
  const to = list(opts.to);
  const cc = list(opts.cc);
  const from = mailbox(opts.from, opts.fromName);
  const inner = `000000000000${randomBytes(8).toString('hex')}`;
  const hasBoth = opts.text !== undefined && opts.html !== undefined;
  const bodyType = hasBoth
    ? `multipart/alternative; boundary="${inner}"`
    : `${opts.html !== undefined ? 'text/html' : 'text/plain'}; charset="${sgCharset}"`;
  const attachments: PostedPart[] = [
    ...(opts.attachments ?? []),
    ...(opts.calendar ? [calendarAttachment(opts.calendar)] : []),
  ];
  const headerLines = [
    RECEIVED,
    'MIME-Version: 1.0',
    `From: ${from}`,
    DATE,
    `Message-ID: ${opts.messageId ?? defaultMessageId()}`,
    `Subject: ${headerWord(opts.subject)}`,
    `To: ${to.join(', ')}`,
    ...(cc.length ? [`Cc: ${cc.join(', ')}`] : []),
    ...extraHeaderLines(opts),
    `Content-Type: ${attachments.length ? `multipart/mixed; boundary="${inner}m"` : bodyType}`,
  ];
  const charsets: Record<string, string> = { to: 'UTF-8' };
  if (opts.html !== undefined) charsets.html = sgCharset;
  charsets.subject = 'UTF-8';
  charsets.from = 'UTF-8';
  if (opts.text !== undefined) charsets.text = sgCharset;
  if (cc.length) charsets.cc = 'UTF-8';

  const parts: Part[] = [
    { name: 'headers', value: headerLines.join(CRLF) + CRLF },
    { name: 'dkim', value: opts.dkim ?? `{@${opts.from.split('@')[1] ?? 'example.net'} : pass}` },
  ];
  if (attachments.length) {
    parts.push({ name: 'content-ids', value: '{}' });
  }
  parts.push({ name: 'to', value: to.join(', ') });
  if (cc.length) parts.push({ name: 'cc', value: cc.join(', ') });
  if (opts.html !== undefined) parts.push({ name: 'html', value: encodeText(crlf(opts.html) + CRLF, charset) });
  parts.push({ name: 'from', value: from });
  if (opts.text !== undefined) parts.push({ name: 'text', value: encodeText(crlf(opts.text) + CRLF, charset) });
  parts.push(
    { name: 'sender_ip', value: '192.0.2.10' },
    { name: 'spam_report', value: 'Spam detection software, running on the system "mx.sendgrid.net", has NOT identified this incoming email as spam.\r\n' },
    { name: 'envelope', value: envelopeJson(opts) },
    { name: 'attachments', value: String(attachments.length) },
    { name: 'subject', value: opts.subject },
    { name: 'spam_score', value: '0.1' },
  );
  if (attachments.length) {
    const info: Record<string, { filename?: string; name?: string; type: string }> = {};
    attachments.forEach((a, i) => {
      info[`attachment${i + 1}`] = a.filename === undefined ? { type: a.contentType } : { filename: a.filename, name: a.filename, type: a.contentType };
    });
    parts.push({ name: 'attachment-info', value: JSON.stringify(info) });
  }
  parts.push({ name: 'charsets', value: JSON.stringify(charsets) }, { name: 'SPF', value: opts.spf ?? 'pass' });
  attachments.forEach((a, i) => {
    parts.push({ name: `attachment${i + 1}`, value: a.content, ...(a.filename === undefined ? {} : { filename: a.filename }), contentType: a.contentType });
  });
  return buildMultipart(parts);
}

/** The fields that come with `email` in raw mode. */
function rawParts(opts: PayloadOptions, email: Buffer): Part[] {
  return [
    { name: 'dkim', value: opts.dkim ?? `{@${opts.from.split('@')[1] ?? 'example.net'} : pass}` },
    { name: 'email', value: email },
    { name: 'to', value: list(opts.to).join(', ') },
    ...(opts.cc ? [{ name: 'cc', value: list(opts.cc).join(', ') }] : []),
    { name: 'from', value: mailbox(opts.from, opts.fromName) },
    { name: 'sender_ip', value: '192.0.2.10' },
    { name: 'spam_report', value: 'Spam detection software has NOT identified this incoming email as spam.\r\n' },
    { name: 'envelope', value: envelopeJson(opts) },
    { name: 'subject', value: opts.subject },
    { name: 'spam_score', value: '0.1' },
    { name: 'charsets', value: JSON.stringify({ to: 'UTF-8', subject: 'UTF-8', from: 'UTF-8' }) },
    { name: 'SPF', value: opts.spf ?? 'pass' },
  ];
}

/** MIME from nodemailer's stream transport (UTF-8, quoted-printable or base64). */
async function nodemailerMime(opts: PayloadOptions): Promise<Buffer> {
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  const refs = referencesOf(opts);
  const info = await transport.sendMail({
    from: opts.fromName ? { name: opts.fromName, address: opts.from } : opts.from,
    to: list(opts.to),
    ...(opts.cc ? { cc: list(opts.cc) } : {}),
    subject: opts.subject,
    ...(opts.text !== undefined ? { text: opts.text } : {}),
    ...(opts.html !== undefined ? { html: opts.html } : {}),
    messageId: opts.messageId ?? defaultMessageId(),
    ...(opts.inReplyTo ? { inReplyTo: opts.inReplyTo } : {}),
    ...(refs.length ? { references: refs } : {}),
    headers: opts.headers ?? {},
    ...(opts.transferEncoding ? { textEncoding: opts.transferEncoding as 'quoted-printable' | 'base64' } : {}),
    attachments: [
      ...(opts.attachments ?? []).map((a) => ({ filename: a.filename, contentType: a.contentType, content: a.content })),
      ...(opts.calendar?.as === 'attachment' ? [rawCalendarFile(opts.calendar)] : []),
    ],
    ...(opts.calendar && opts.calendar.as !== 'attachment'
      ? { alternatives: [{ contentType: calendarType(opts.calendar), content: opts.calendar.content }] }
      : {}),
    date: new Date('2025-03-03T09:15:00Z'),
    xMailer: false,
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  const message = info.message;
  if (!Buffer.isBuffer(message)) throw new Error('nodemailer stream transport did not return a Buffer');
  return message;
}

/** The Content-Type of a calendar alternative, as Outlook writes it. */
function calendarType(cal: PayloadCalendar): string {
  return `${cal.contentType ?? 'text/calendar'}; charset="utf-8"; method=${cal.method ?? 'REPLY'}`;
}

function rawCalendarFile(cal: PayloadCalendar): PayloadAttachment {
  return { filename: cal.filename ?? 'invite.ics', contentType: cal.contentType ?? 'text/calendar', content: Buffer.from(cal.content, 'utf8') };
}

function encodeBody(bytes: Buffer, te: 'quoted-printable' | 'base64' | '8bit'): Buffer {
  if (te === 'quoted-printable') return Buffer.from(qpWrap(qpEncode(bytes)).replace(/\r?\n/g, CRLF), 'latin1');
  if (te === 'base64') return Buffer.from(b64wrap(b64encode(bytes), 76).replace(/\r?\n/g, CRLF), 'latin1');
  return bytes;
}

function textPart(type: 'plain' | 'html', text: string, charset: PayloadCharset, te: 'quoted-printable' | 'base64' | '8bit'): Buffer {
  const head = `Content-Type: text/${type}; charset="${charset}"${CRLF}Content-Transfer-Encoding: ${te}${CRLF}${CRLF}`;
  return Buffer.concat([Buffer.from(head), encodeBody(encodeText(crlf(text), charset), te)]);
}

function multipart(type: string, boundary: string, parts: Buffer[]): { head: string; body: Buffer } {
  const chunks: Buffer[] = [];
  for (const part of parts) chunks.push(Buffer.from(`--${boundary}${CRLF}`), part, Buffer.from(CRLF));
  chunks.push(Buffer.from(`--${boundary}--${CRLF}`));
  return { head: `Content-Type: ${type}; boundary="${boundary}"`, body: Buffer.concat(chunks) };
}

/** MIME written out explicitly, for charsets, encodings and shapes nodemailer does not produce. */
function handwrittenMime(opts: PayloadOptions): Buffer {
  const charset = opts.charset ?? 'utf-8';
  const te = opts.transferEncoding ?? 'quoted-printable';
  const tag = randomBytes(6).toString('hex');
  const bodies: Buffer[] = [];
  if (opts.text !== undefined) bodies.push(textPart('plain', opts.text, charset, te));
  if (opts.html !== undefined) bodies.push(textPart('html', opts.html, charset, te));
  if (opts.calendar && opts.calendar.as !== 'attachment') {
    const head = `Content-Type: ${calendarType(opts.calendar)}${CRLF}Content-Transfer-Encoding: base64${CRLF}${CRLF}`;
    bodies.push(Buffer.concat([Buffer.from(head), encodeBody(Buffer.from(opts.calendar.content, 'utf8'), 'base64')]));
  }
  const files = [...(opts.attachments ?? []), ...(opts.calendar?.as === 'attachment' ? [rawCalendarFile(opts.calendar)] : [])];

  let head: string;
  let body: Buffer;
  if (opts.contentType && /^multipart\/report/i.test(opts.contentType)) {
    const status = [
      'Reporting-MTA: dns; mail.example.net',
      '',
      `Final-Recipient: rfc822; ${list(opts.to)[0] ?? 'someone@example.net'}`,
      'Action: failed',
      'Status: 5.1.1',
      'Diagnostic-Code: smtp; 550 5.1.1 user unknown',
      '',
    ].join(CRLF);
    const parts = [
      bodies[0] ?? textPart('plain', 'Delivery has failed.', charset, te),
      Buffer.from(`Content-Type: message/delivery-status${CRLF}${CRLF}${status}`),
      Buffer.from(`Content-Type: text/rfc822-headers${CRLF}${CRLF}From: ${list(opts.to)[0] ?? ''}${CRLF}Subject: Original${CRLF}`),
      ...files.map((a) => attachmentPart(a)),
    ];
    const params = opts.contentType.replace(/;\s*boundary=[^;]*/i, '');
    ({ head, body } = multipart(params, `report_${tag}`, parts));
  } else {
    if (bodies.length === 0) bodies.push(textPart('plain', '', charset, te));
    if (bodies.length > 1) {
      const alt = multipart('multipart/alternative', `alt_${tag}`, bodies);
      head = alt.head;
      body = alt.body;
    } else {
      const only = bodies[0]!;
      const split = only.indexOf(`${CRLF}${CRLF}`);
      head = only.subarray(0, split).toString('latin1');
      body = only.subarray(split + 4);
      if (opts.contentType) head = head.replace(/^Content-Type: [^\r]*/, `Content-Type: ${opts.contentType}`);
    }
    if (files.length) {
      const inner = Buffer.concat([Buffer.from(`${head}${CRLF}${CRLF}`, 'latin1'), body]);
      const mixed = multipart('multipart/mixed', `mixed_${tag}`, [inner, ...files.map(attachmentPart)]);
      head = mixed.head;
      body = mixed.body;
    }
  }
  const top = [
    RECEIVED,
    `From: ${mailbox(opts.from, opts.fromName)}`,
    `To: ${list(opts.to).join(', ')}`,
    ...(opts.cc ? [`Cc: ${list(opts.cc).join(', ')}`] : []),
    `Subject: ${headerWord(opts.subject)}`,
    DATE,
    `Message-ID: ${opts.messageId ?? defaultMessageId()}`,
    ...extraHeaderLines(opts),
    'MIME-Version: 1.0',
    head,
  ].join(CRLF);
  return Buffer.concat([Buffer.from(`${top}${CRLF}${CRLF}`, 'latin1'), body]);
}

function attachmentPart(a: PayloadAttachment): Buffer {
  const head = [
    `Content-Type: ${a.contentType}; name="${a.filename}"`,
    `Content-Disposition: attachment; filename="${a.filename}"`,
    'Content-Transfer-Encoding: base64',
  ].join(CRLF);
  return Buffer.from(`${head}${CRLF}${CRLF}${b64wrap(b64encode(a.content), 76).replace(/\r?\n/g, CRLF)}`, 'latin1');
}

/** The MIME message alone, as the raw-mode `email` field holds it. */
export async function buildMime(opts: PayloadOptions): Promise<Buffer> {
  const charset = opts.charset ?? 'utf-8';
  const viaNodemailer = charset === 'utf-8' && opts.transferEncoding !== '8bit' && !opts.contentType;
  return viaNodemailer ? nodemailerMime(opts) : handwrittenMime(opts);
}

/** SendGrid's raw mode ("POST the raw, full MIME message"). */
export async function buildRawPayload(opts: PayloadOptions): Promise<InboundPayload> {
  return buildMultipart(rawParts(opts, await buildMime(opts)));
}

export type SendgridSampleName = 'default_data.txt' | 'raw_data.txt' | 'raw_data_with_attachments.txt';

/** SendGrid's sample posts, copied into the repository with their licence (test/fixtures/corpus/SOURCES.md). */
const SAMPLE_DIR = new URL('../fixtures/corpus/sendgrid-python/sendgrid/helpers/inbound/sample_data/', import.meta.url);

/** One of SendGrid's sample posts (boundary "xYzZY"), LF line ends turned into CRLF as real posts have. */
export function sendgridSample(name: SendgridSampleName): InboundPayload {
  const text = readFileSync(new URL(name, SAMPLE_DIR), 'latin1');
  const body = Buffer.from(text.replace(/\r?\n/g, CRLF), 'latin1');
  const boundary = /^--([^\r\n]+)/.exec(text)?.[1] ?? 'xYzZY';
  return { body, contentType: `multipart/form-data; boundary=${boundary}` };
}
