/**
 * The outbox-folder mailer: instead of sending, writes each mail as a standard RFC 5322 `.eml` file
 * (any mail client opens it) into a folder. For machines without a SendGrid account and for tests.
 *
 * - The MIME is built by nodemailer's stream transport (`buffer: true`), never by hand. nodemailer 10
 *   is an ES module that ships its own typings (it no longer needs @types/nodemailer).
 * - File name `<YYYYMMDD-HHMMSS>-<outboxId padded to 8>-<template>.eml`, time in UTC.
 * - Idempotent per outbox id: sending the same outbox id again replaces the file written before for it
 *   (same name, content replaced), so a resend after a crash never looks like two mails.
 * - Written atomically: a temporary file in the same folder, flushed, then renamed over the target.
 * - Failures: a mail that cannot be built (bad address, bad header name) is `permanent`; a folder that
 *   cannot be written (permissions, read-only, full) is `account` (no mail at fault); others `retry`.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import { SendError, type Address, type Mailer, type OutgoingMail, type SendResult } from './mailer.js';

export interface FolderMailerOptions {
  dir: string;
  /** Clock for the file name; tests pass a fixed one. */
  now?: () => Date;
}

// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g;
/** Same rule as the SendGrid mailer: control characters (CR/LF included) become one space. */
function headerSafe(text: string): string {
  return text.replace(CONTROL_CHARS, ' ').trim();
}

/** RFC 5322 field-name: printable US-ASCII except ":". */
const HEADER_NAME = /^[!-9;-~]+$/;
/** Set from OutgoingMail's own fields; a copy in `mail.headers` is dropped, never sent twice. */
const OWN_HEADERS = new Set([
  'from',
  'to',
  'cc',
  'bcc',
  'reply-to',
  'subject',
  'message-id',
  'in-reply-to',
  'references',
  'date',
  'mime-version',
  'content-type',
  'content-transfer-encoding',
]);

/** `<YYYYMMDD-HHMMSS>-<8 digits>-<template>.eml` */
const FILE_NAME = /^(\d{8}-\d{6})-(\d{8,})-([A-Za-z0-9_-]*)\.eml$/;
const TEMP_PREFIX = '.tmp-';
/** Errors that say the folder itself is unusable (permissions, read-only, full, not a folder). */
const FOLDER_UNUSABLE = new Set(['EACCES', 'EPERM', 'EROFS', 'ENOSPC', 'EDQUOT', 'ENOTDIR', 'EEXIST', 'ENOENT']);

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

function stamp(d: Date): string {
  return (
    `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}-` +
    `${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}`
  );
}

function templatePart(template: string): string {
  return template.replace(/[^A-Za-z0-9_-]+/g, '_').slice(0, 64) || 'mail';
}

function checkedEmail(email: string, field: string): string {
  if (typeof email !== 'string' || email.length === 0 || /[\s\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(email)) {
    throw new SendError(`Invalid ${field} address ${JSON.stringify(email)}`, 'permanent');
  }
  return email;
}

function toNodemailerAddress(a: Address, field: string): { name: string; address: string } {
  return { name: a.name == null ? '' : headerSafe(a.name), address: checkedEmail(a.email, field) };
}

function extraHeaders(headers: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, raw] of Object.entries(headers ?? {})) {
    if (!HEADER_NAME.test(name)) throw new SendError(`Invalid header name ${JSON.stringify(name)}`, 'permanent');
    if (OWN_HEADERS.has(name.toLowerCase())) continue;
    const value = headerSafe(String(raw));
    if (value) out[name] = value;
  }
  return out;
}

function calendarEvent(calendar: NonNullable<OutgoingMail['calendar']>): { method: string; content: string; filename: string } {
  if (calendar.method !== 'REQUEST' && calendar.method !== 'CANCEL') {
    throw new SendError(`Invalid calendar method ${JSON.stringify(calendar.method)}`, 'permanent');
  }
  if (typeof calendar.content !== 'string' || calendar.content === '') throw new SendError('The calendar invitation is empty', 'permanent');
  return { method: calendar.method, content: calendar.content, filename: 'invite.ics' };
}

export function createFolderMailer(opts: FolderMailerOptions): Mailer {
  const dir = opts.dir;
  const now = opts.now ?? (() => new Date());
  // newline 'windows': CRLF line ends, as RFC 5322 and .eml files want.
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  let dirReady: Promise<unknown> | null = null;
  /** One write at a time per outbox id, so two concurrent sends of one id cannot make two files. */
  const inFlight = new Map<number, Promise<unknown>>();

  async function build(mail: OutgoingMail, date: Date): Promise<Buffer> {
    if (mail.to.length === 0) throw new SendError('The mail has no recipient', 'permanent');
    const references = (mail.references ?? []).map(headerSafe).filter(Boolean);
    const inReplyTo = mail.inReplyTo ? headerSafe(mail.inReplyTo) : '';
    const info = await transport.sendMail({
      from: toNodemailerAddress(mail.from, 'from'),
      to: mail.to.map((a) => toNodemailerAddress(a, 'to')),
      replyTo: mail.replyToList?.length
        ? mail.replyToList.map((a) => toNodemailerAddress(a, 'reply-to'))
        : toNodemailerAddress(mail.replyTo, 'reply-to'),
      subject: headerSafe(mail.subject),
      text: mail.text,
      ...(mail.html ? { html: mail.html } : {}),
      messageId: headerSafe(mail.messageId),
      ...(inReplyTo ? { inReplyTo } : {}),
      ...(references.length ? { references } : {}),
      headers: extraHeaders(mail.headers),
      ...(mail.attachments?.length
        ? {
            attachments: mail.attachments.map((a) => ({
              filename: headerSafe(a.filename),
              contentType: headerSafe(a.contentType),
              content: a.content,
              contentDisposition: 'attachment' as const,
            })),
          }
        : {}),
      // A calendar invitation: nodemailer's icalEvent makes the `text/calendar; method=…` alternative
      // Outlook and Gmail show Accept / Decline for, and an `invite.ics` (application/ics) attachment,
      // the same two parts the SendGrid mailer sends.
      ...(mail.calendar ? { icalEvent: calendarEvent(mail.calendar) } : {}),
      date,
      xMailer: false,
      // Content only from the strings given: never read a file or URL named in the mail.
      disableFileAccess: true,
      disableUrlAccess: true,
    });
    const message = info.message;
    if (!Buffer.isBuffer(message)) throw new Error('nodemailer stream transport did not return a Buffer');
    return message;
  }

  async function writeAtomically(target: string, content: Buffer): Promise<void> {
    const temp = join(dir, `${TEMP_PREFIX}${randomBytes(8).toString('hex')}.eml`);
    try {
      const fh = await open(temp, 'wx', 0o644);
      try {
        await fh.writeFile(content);
        await fh.sync();
      } finally {
        await fh.close();
      }
      await rename(temp, join(dir, target));
    } catch (err) {
      await unlink(temp).catch(() => undefined);
      throw err;
    }
  }

  async function sendOne(mail: OutgoingMail): Promise<SendResult> {
    if (!Number.isSafeInteger(mail.outboxId) || mail.outboxId < 0) {
      throw new SendError(`Invalid outbox id ${String(mail.outboxId)}`, 'permanent');
    }
    const date = now();
    const content = await build(mail, date);
    try {
      dirReady ??= mkdir(dir, { recursive: true });
      await dirReady.catch((err) => {
        dirReady = null;
        throw err;
      });
      const earlier = (await readdir(dir))
        .filter((name) => {
          const m = FILE_NAME.exec(name);
          return m !== null && Number(m[2]) === mail.outboxId;
        })
        .sort();
      // Reuse the name written before for this outbox id: the rename replaces that file atomically.
      const target = earlier[0] ?? `${stamp(date)}-${pad(mail.outboxId, 8)}-${templatePart(mail.template)}.eml`;
      await writeAtomically(target, content);
      // Leftovers from an older layout or a crash: only one file per outbox id may remain.
      for (const extra of earlier.slice(1)) await unlink(join(dir, extra)).catch(() => undefined);
      return { providerMessageId: target };
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? '';
      // A folder we cannot write to is no mail's fault: like refused credentials, pause the sender
      // without spending any mail's attempts (they would all end up failed on a read-only disk).
      const kind = FOLDER_UNUSABLE.has(code) ? 'account' : 'retry';
      throw new SendError(`Could not write the mail to ${dir}: ${code || (err as Error).message}`, kind);
    }
  }

  return {
    name: 'outbox-folder',
    send(mail: OutgoingMail): Promise<SendResult> {
      const before = inFlight.get(mail.outboxId) ?? Promise.resolve();
      const result = before.catch(() => undefined).then(() => sendOne(mail));
      const settled = result.catch(() => undefined);
      inFlight.set(mail.outboxId, settled);
      void settled.then(() => {
        if (inFlight.get(mail.outboxId) === settled) inFlight.delete(mail.outboxId);
      });
      return result.catch((err: unknown) => {
        if (err instanceof SendError) throw err;
        throw new SendError(`Could not build the mail: ${(err as Error).message}`, 'permanent');
      });
    },
  };
}
