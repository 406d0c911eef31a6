/**
 * Turns the bytes of a SendGrid Inbound Parse POST (`multipart/form-data`) into one InboundEmail.
 *
 * - Both modes, told apart by the payload: an `email` field is raw mode (the whole MIME message, parsed
 *   with mailparser's simpleParser); otherwise parsed mode (`headers`, `text`, `html`, `from`, …).
 * - Field bytes are kept exactly: busboy decodes field values with `defCharset: 'latin1'`, a lossless
 *   byte-to-char mapping, so `Buffer.from(value, 'latin1')` gives back the bytes SendGrid sent. `text`
 *   and `html` (and `from`/`to`/`cc`/`subject`) are then decoded with the charset SendGrid names for
 *   them in `charsets` (WHATWG TextDecoder labels, never fatal: invalid bytes become U+FFFD; an unknown
 *   charset falls back to UTF-8). A field part that declares its own `Content-Type; charset=` (SendGrid
 *   sends none) is decoded by busboy with that charset; a value that then holds characters above U+00FF
 *   is taken as already decoded text.
 * - A part named like a text field (`email`, `text`, …) that busboy sees as a file (a filename, or
 *   `application/octet-stream`) is read as that field; other file parts are attachments: counted, their
 *   content discarded, except the first calendar part (below).
 * - `calendar`: the first calendar part, in both modes. Raw mode: the first MIME part of type
 *   `text/calendar` or `application/ics`, or named `*.ics`, as mailparser lists them (an Outlook or Gmail
 *   answer's `text/calendar; method=REPLY` alternative is one). Parsed mode: SendGrid posts the message's
 *   other parts as `attachment1`…`attachmentN`, "file uploads", with `attachment-info` "a JSON map where
 *   the keys are named attachment{X}", each giving the part's `filename` ("if it was provided") and `type`
 *   (https://www.twilio.com/docs/sendgrid/for-developers/parsing-email/setting-up-the-inbound-parse-webhook,
 *   "Default parameters"): the first whose own Content-Type or `attachment-info` type is text/calendar or
 *   application/ics, or whose file name ends in .ics. A part without a file name arrives as a plain form
 *   field (busboy makes a file only of a part with one), so an `attachmentN` field counts too. Bounded
 *   to MAX_CALENDAR_BYTES: a larger one is skipped.
 * - `contactCard`: the first contact card (vCard, RFC 6350), found the same way: a part of type text/vcard,
 *   text/x-vcard or text/directory, or named `*.vcf`, or an `attachmentN` field starting BEGIN:VCARD;
 *   bounded to MAX_CONTACT_CARD_BYTES. iPhone's "Share Contact" sends one.
 * - RFC 2047 encoded words and address lists are decoded by mailparser (simpleParser on a header-only
 *   message), never by hand.
 * - `headers`: names lowercased, values unfolded and left undecoded (no RFC 2047 decoding) — raw 8-bit
 *   bytes read as UTF-8, or Windows-1252 when they are not valid UTF-8 —, repeated headers joined
 *   with ", ". Control characters (CR/LF included) become one space in every header value, in the
 *   subject and in names.
 * - Every failure is a MalformedInboundError with a plain reason; nothing else is thrown. A timeout
 *   guards against hanging on garbage.
 */
import { createHash } from 'node:crypto';
import { TextDecoder } from 'node:util';
import busboy from 'busboy';
import { simpleParser, type AddressObject, type EmailAddress, type ParsedMail } from 'mailparser';
import { MAX_CALENDAR_BYTES, MAX_CONTACT_CARD_BYTES, MAX_CONTACT_CARD_READ_BYTES, MalformedInboundError, type InboundAddress, type InboundEmail } from './email.js';
import { keptCard } from './read/contact-card.js';

export interface InboundLimits {
  /** Most non-file parts accepted. */
  maxFields?: number;
  /** Largest non-file part, in bytes (the raw `email` field included). */
  maxFieldBytes?: number;
  /** Most file parts (attachments) accepted. */
  maxFiles?: number;
  /** Largest file part, in bytes. */
  maxFileBytes?: number;
  /** Give up (MalformedInboundError) after this many milliseconds. */
  timeoutMs?: number;
}

/** SendGrid takes messages of up to 30 MB; the byte limits leave room for the multipart framing. */
export const DEFAULT_INBOUND_LIMITS: Readonly<Required<InboundLimits>> = Object.freeze({
  maxFields: 200,
  maxFieldBytes: 35 * 1024 * 1024,
  maxFiles: 200,
  maxFileBytes: 35 * 1024 * 1024,
  timeoutMs: 30_000,
});

/** Field names read as content even when a part carrying them looks like a file. */
const CONTENT_FIELDS = new Set([
  'email',
  'headers',
  'text',
  'html',
  'from',
  'to',
  'cc',
  'subject',
  'envelope',
  'charsets',
  'dkim',
  'spf',
  'attachments',
]);

const SIMPLE_PARSER_OPTIONS = {
  skipHtmlToText: true,
  skipTextToHtml: true,
  skipTextLinks: true,
  skipImageLinks: true,
} as const;

interface FieldValue {
  bytes: Buffer;
  /** Set when busboy already decoded the part with its own charset: the bytes are then UTF-8. */
  decoded: boolean;
}

interface FormData {
  fields: Map<string, FieldValue>;
  files: number;
  /** The first calendar file (by its own type or name) of at most MAX_CALENDAR_BYTES, by part name. */
  calendarFile: { name: string; bytes: Buffer } | null;
  /** The first contact card file, the same way, of at most MAX_CONTACT_CARD_BYTES. */
  cardFile: { name: string; bytes: Buffer } | null;
}

// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u0008\u000a-\u001f\u007f\u0085\u2028\u2029]+/g;

/** Control characters (CR and LF included) become one space; tabs stay; trimmed. */
function clean(text: string): string {
  return text.replace(CONTROL_CHARS, ' ').trim();
}

function malformed(reason: string): MalformedInboundError {
  return new MalformedInboundError(reason);
}

function positive(value: number | undefined, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? Math.floor(value) : fallback;
}

function resolveLimits(limits: InboundLimits | undefined): Required<InboundLimits> {
  return {
    maxFields: positive(limits?.maxFields, DEFAULT_INBOUND_LIMITS.maxFields),
    maxFieldBytes: positive(limits?.maxFieldBytes, DEFAULT_INBOUND_LIMITS.maxFieldBytes),
    maxFiles: positive(limits?.maxFiles, DEFAULT_INBOUND_LIMITS.maxFiles),
    maxFileBytes: positive(limits?.maxFileBytes, DEFAULT_INBOUND_LIMITS.maxFileBytes),
    timeoutMs: positive(limits?.timeoutMs, DEFAULT_INBOUND_LIMITS.timeoutMs),
  };
}

/**
 * Parses a SendGrid Inbound Parse POST body. Throws MalformedInboundError, and only that, when the body
 * is not a usable Inbound Parse POST.
 */
export async function parseInboundRequest(
  body: Buffer,
  contentType: string | undefined,
  limits?: InboundLimits,
): Promise<InboundEmail> {
  const resolved = resolveLimits(limits);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(
      () => reject(malformed(`The request could not be parsed within ${resolved.timeoutMs} ms`)),
      resolved.timeoutMs,
    );
  });
  try {
    return await Promise.race([parse(body, contentType, resolved), timeout]);
  } catch (err) {
    if (err instanceof MalformedInboundError) throw err;
    throw malformed(`The request could not be parsed: ${err instanceof Error ? err.message : String(err)}`);
  } finally {
    clearTimeout(timer);
  }
}

async function parse(
  body: Buffer,
  contentType: string | undefined,
  limits: Required<InboundLimits>,
): Promise<InboundEmail> {
  const form = await readUsableForm(body, contentType, limits);
  const email = form.fields.get('email');
  if (email) return parseRawMode(email.bytes, form);
  return parseParsedMode(form);
}

async function readUsableForm(body: Buffer, contentType: string | undefined, limits: Required<InboundLimits>): Promise<FormData> {
  const input: unknown = body;
  if (!Buffer.isBuffer(input)) {
    if (input instanceof Uint8Array) body = Buffer.from(input);
    else throw malformed('The request has no body');
  }
  const form = await readForm(body, contentType, limits);
  if (form.fields.get('email')) return form;
  const useful = ['text', 'html', 'headers', 'from'].some((name) => {
    const value = form.fields.get(name);
    return value !== undefined && value.bytes.toString('latin1').trim() !== '';
  });
  if (!useful) {
    throw malformed('The request is not an Inbound Parse POST: it has none of the fields email, text, html, headers, from');
  }
  return form;
}

/** What identifies a message without reading it: its Message-ID, and a hash of what it says. */
export interface InboundIdentity {
  messageId: string | null;
  contentHash: string;
}

/**
 * Just enough of a POST to store it before answering: checks it is a usable Inbound Parse POST (throwing
 * MalformedInboundError like parseInboundRequest) and finds its Message-ID. Reads the multipart body but
 * no MIME: the full reading happens afterwards, from the stored copy, off the request's path.
 */
export async function readInboundIdentity(body: Buffer, contentType: string | undefined, limits?: InboundLimits): Promise<InboundIdentity> {
  const resolved = resolveLimits(limits);
  let form: FormData;
  try {
    form = await readUsableForm(body, contentType, resolved);
  } catch (err) {
    if (err instanceof MalformedInboundError) throw err;
    throw malformed(`The request could not be parsed: ${err instanceof Error ? err.message : String(err)}`);
  }
  const email = form.fields.get('email');
  const block = email ? headerSection(email.bytes) : form.fields.get('headers')?.bytes;
  if (email && !/^[!-9;-~]+:/m.test(block!.toString('latin1'))) {
    throw malformed('The raw message in the email field has no header lines');
  }
  const unfolded = block?.toString('latin1').replace(/\r?\n[ \t]+/g, ' ') ?? '';
  const header = /^message-id:[ \t]*(.*)$/im.exec(unfolded)?.[1];
  const hash = createHash('sha256');
  for (const name of ['from', 'to', 'subject', 'text', 'html', 'email']) {
    hash.update(form.fields.get(name)?.bytes ?? Buffer.alloc(0));
    hash.update('\0');
  }
  return { messageId: firstMessageId(header?.trim() || undefined), contentHash: hash.digest('hex') };
}

/** A MIME message's header section: everything before the first empty line. */
function headerSection(message: Buffer): Buffer {
  const crlf = message.indexOf('\r\n\r\n');
  const lf = message.indexOf('\n\n');
  const end = [crlf, lf].filter((i) => i >= 0).reduce((a, b) => Math.min(a, b), message.length);
  return message.subarray(0, end);
}

// ---------------------------------------------------------------------------------------------------
// multipart/form-data

function readForm(body: Buffer, contentType: string | undefined, limits: Required<InboundLimits>): Promise<FormData> {
  if (!contentType || !/^\s*multipart\/form-data\s*(;|$)/i.test(contentType)) {
    return Promise.reject(malformed(`The request is not multipart/form-data (Content-Type: ${clean(contentType ?? 'none').slice(0, 100)})`));
  }
  let bb: busboy.Busboy;
  try {
    bb = busboy({
      headers: { 'content-type': contentType },
      defCharset: 'latin1',
      defParamCharset: 'utf8',
      limits: {
        fields: limits.maxFields,
        fieldSize: limits.maxFieldBytes + 1,
        files: limits.maxFiles,
        fileSize: limits.maxFileBytes + 1,
        parts: limits.maxFields + limits.maxFiles,
      },
    });
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    return Promise.reject(malformed(`The multipart/form-data Content-Type is unusable: ${reason}`));
  }

  return new Promise<FormData>((resolve, reject) => {
    const fields = new Map<string, FieldValue>();
    let files = 0;
    let calendarFile: FormData['calendarFile'] = null;
    let calendarPending = false;
    let cardFile: FormData['cardFile'] = null;
    let cardPending = false;
    let settled = false;

    const fail = (reason: string): void => {
      if (settled) return;
      settled = true;
      reject(malformed(reason));
      bb.destroy();
    };
    const keep = (name: string, value: FieldValue): void => {
      const key = name.toLowerCase();
      if (!fields.has(key)) fields.set(key, value);
    };

    bb.on('field', (name, value: string | undefined, info) => {
      if (settled) return;
      if (info.valueTruncated) {
        fail(`The field "${clean(name).slice(0, 50)}" is over the limit of ${limits.maxFieldBytes} bytes`);
        return;
      }
      if (!name) return;
      const text = value ?? '';
      // Chars above U+00FF: busboy decoded the part with a charset it declared itself.
      if (/[^\u0000-\u00ff]/.test(text)) keep(name, { bytes: Buffer.from(text, 'utf8'), decoded: true });
      else keep(name, { bytes: Buffer.from(text, 'latin1'), decoded: false });
    });

    bb.on('file', (name, stream, info) => {
      stream.on('error', () => {
        // Reported by busboy itself ('error' on the form); listened to so it never goes unhandled.
      });
      if (settled) {
        stream.resume();
        return;
      }
      const key = (name ?? '').toLowerCase();
      const asField = CONTENT_FIELDS.has(key) && !fields.has(key);
      const isAttachment = !asField && (info.filename !== undefined || /^attachment\d+$/.test(key));
      if (isAttachment) files += 1;
      // Only the first calendar file within MAX_CALENDAR_BYTES is kept (parts come one after another).
      const asCalendar = isAttachment && calendarFile === null && !calendarPending && CALENDAR.isPart(info.mimeType, info.filename);
      if (asCalendar) calendarPending = true;
      const asCard = isAttachment && !asCalendar && cardFile === null && !cardPending && CONTACT_CARD.isPart(info.mimeType, info.filename);
      if (asCard) cardPending = true;
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on('limit', () => {
        fail(`The file "${clean(name ?? '').slice(0, 50)}" is over the limit of ${limits.maxFileBytes} bytes`);
      });
      stream.on('data', (chunk: Buffer) => {
        if (settled) return;
        size += chunk.length;
        if (asCalendar || asCard) {
          if (size <= (asCalendar ? CALENDAR : CONTACT_CARD).maxBytes) chunks.push(chunk);
          return;
        }
        if (!asField) return;
        if (size > limits.maxFieldBytes) {
          fail(`The field "${clean(name).slice(0, 50)}" is over the limit of ${limits.maxFieldBytes} bytes`);
          return;
        }
        chunks.push(chunk);
      });
      stream.on('end', () => {
        if (settled) return;
        if (asCalendar) {
          calendarPending = false;
          if (size <= MAX_CALENDAR_BYTES) calendarFile = { name: key, bytes: Buffer.concat(chunks, size) };
          return;
        }
        if (asCard) {
          cardPending = false;
          if (size <= CONTACT_CARD.maxBytes) cardFile = { name: key, bytes: Buffer.concat(chunks, size) };
          return;
        }
        if (asField) keep(key, { bytes: Buffer.concat(chunks, size), decoded: false });
      });
    });

    bb.on('fieldsLimit', () => fail(`The request has more than ${limits.maxFields} fields`));
    bb.on('filesLimit', () => fail(`The request has more than ${limits.maxFiles} files`));
    bb.on('partsLimit', () => fail(`The request has more than ${limits.maxFields + limits.maxFiles} parts`));
    bb.on('error', (err: unknown) => {
      fail(`The multipart/form-data body is broken: ${err instanceof Error ? err.message : String(err)}`);
    });
    bb.on('close', () => {
      if (settled) return;
      settled = true;
      resolve({ fields, files, calendarFile, cardFile });
    });

    try {
      bb.end(body);
    } catch (err) {
      fail(`The multipart/form-data body is broken: ${err instanceof Error ? err.message : String(err)}`);
    }
  });
}

// ---------------------------------------------------------------------------------------------------
// Charsets

/** Windows-1252 at 0x80–0x9F (the rest is Latin-1); the five unassigned bytes stay C1 controls, as WHATWG says. */
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];

/**
 * Windows-1252 by hand: Node 20's TextDecoder('windows-1252') (also what the labels iso-8859-1, latin1,
 * us-ascii… map to) decodes 0x80–0x9F as Latin-1 C1 controls instead of "€", "–", "’"…
 */
function decodeWindows1252(bytes: Buffer): string {
  return bytes.toString('latin1').replace(/[\u0080-\u009f]/g, (ch) => String.fromCharCode(CP1252_HIGH[ch.charCodeAt(0) - 0x80]!));
}

/** The WHATWG encoding a charset label names, or UTF-8 for unknown labels. */
function encodingFor(charset: string | undefined): string {
  const label = (charset ?? '').trim().replace(/^["']|["']$/g, '').toLowerCase();
  if (label) {
    try {
      const encoding = new TextDecoder(label).encoding;
      if (encoding !== 'replacement') return encoding;
    } catch {
      // Unknown charset: UTF-8 below.
    }
  }
  return 'utf-8';
}

/** Decodes bytes in the named charset; never throws (invalid bytes → U+FFFD, unknown charset → UTF-8). */
function decodeBytes(bytes: Buffer, charset: string | undefined): string {
  const encoding = encodingFor(charset);
  if (encoding === 'windows-1252') return decodeWindows1252(bytes);
  return new TextDecoder(encoding).decode(bytes);
}

/** 8-bit header bytes: UTF-8 when they are valid UTF-8, else Windows-1252. */
function decodeHeaderBytes(bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return decodeWindows1252(bytes);
  }
}

function fieldText(form: FormData, name: string, charsets: Record<string, string>): string | null {
  const value = form.fields.get(name);
  if (!value) return null;
  return value.decoded ? value.bytes.toString('utf8') : decodeBytes(value.bytes, charsets[name]);
}

function parseCharsets(form: FormData): Record<string, string> {
  const raw = form.fields.get('charsets');
  if (!raw) return {};
  try {
    const parsed: unknown = JSON.parse(raw.bytes.toString('utf8'));
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return {};
    const out: Record<string, string> = {};
    for (const [key, value] of Object.entries(parsed as Record<string, unknown>)) {
      if (typeof value === 'string') out[key.toLowerCase()] = value;
    }
    return out;
  } catch {
    return {};
  }
}

// ---------------------------------------------------------------------------------------------------
// Headers and addresses

/** Header lines as mailparser keeps them (binary strings, folded) → lowercased name → unfolded value. */
function headerRecord(mail: ParsedMail): Record<string, string> {
  const out: Record<string, string> = {};
  for (const { key, line } of mail.headerLines ?? []) {
    if (!key) continue;
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const name = clean(key).toLowerCase();
    if (!name) continue;
    const raw = line.slice(colon + 1).replace(/\r?\n(?=[ \t])/g, '');
    const value = clean(decodeHeaderBytes(Buffer.from(raw, 'latin1')));
    out[name] = Object.prototype.hasOwnProperty.call(out, name) ? `${out[name]}, ${value}` : value;
  }
  return out;
}

function hasHeaders(mail: ParsedMail): boolean {
  return (mail.headerLines ?? []).some(({ key }) => key !== '');
}

function flatten(list: EmailAddress[], out: InboundAddress[]): void {
  for (const entry of list) {
    if (entry.group) {
      flatten(entry.group, out);
      continue;
    }
    const email = (entry.address ?? '').replace(CONTROL_CHARS, '').replace(/\s+/g, '').toLowerCase();
    if (!email.includes('@')) continue;
    const name = clean(entry.name ?? '');
    out.push({ email, name: name || null });
  }
}

function addresses(value: AddressObject | AddressObject[] | undefined): InboundAddress[] {
  const out: InboundAddress[] = [];
  for (const obj of Array.isArray(value) ? value : value ? [value] : []) flatten(obj.value ?? [], out);
  return out;
}

function dedupe(list: InboundAddress[]): InboundAddress[] {
  const byEmail = new Map<string, InboundAddress>();
  for (const entry of list) {
    const seen = byEmail.get(entry.email);
    if (!seen) byEmail.set(entry.email, { ...entry });
    else if (!seen.name && entry.name) seen.name = entry.name;
  }
  return [...byEmail.values()];
}

function firstMessageId(value: string | undefined): string | null {
  if (!value) return null;
  const bracketed = value.match(/<[^<>\s]+>/);
  if (bracketed) return bracketed[0];
  const bare = value.trim().split(/[\s,]+/)[0];
  return bare ? `<${bare.replace(/^<|>$/g, '')}>` : null;
}

function messageIds(value: string | undefined): string[] {
  if (!value) return [];
  const bracketed = value.match(/<[^<>\s]+>/g);
  if (bracketed) return bracketed;
  return value
    .split(/[\s,]+/)
    .filter(Boolean)
    .map((id) => `<${id.replace(/^<|>$/g, '')}>`);
}

async function parseHeaderBlock(block: Buffer): Promise<ParsedMail> {
  try {
    return await simpleParser(Buffer.concat([block, Buffer.from('\r\n\r\n')]), SIMPLE_PARSER_OPTIONS);
  } catch (err) {
    throw malformed(`The headers could not be parsed: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** From/To/Cc/Subject fields as SendGrid sent them (possibly with encoded words), parsed by mailparser. */
async function parseAddressFields(values: Record<'from' | 'to' | 'cc' | 'subject', string | null>): Promise<ParsedMail> {
  const lines: string[] = [];
  const names = { from: 'From', to: 'To', cc: 'Cc', subject: 'Subject' } as const;
  for (const key of ['from', 'to', 'cc', 'subject'] as const) {
    const value = values[key];
    if (value !== null && value.trim() !== '') lines.push(`${names[key]}: ${clean(value)}`);
  }
  return parseHeaderBlock(Buffer.from(lines.join('\r\n'), 'utf8'));
}

// ---------------------------------------------------------------------------------------------------
// Common fields

function envelopeOf(form: FormData): InboundEmail['envelope'] {
  const raw = form.fields.get('envelope');
  const empty = { from: null, to: [] };
  if (!raw) return empty;
  try {
    const parsed: unknown = JSON.parse(raw.bytes.toString('utf8'));
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return empty;
    const { from, to } = parsed as { from?: unknown; to?: unknown };
    const fromText = typeof from === 'string' ? clean(from).toLowerCase() : '';
    const toList = (Array.isArray(to) ? to : typeof to === 'string' ? [to] : [])
      .filter((v): v is string => typeof v === 'string')
      .map((v) => clean(v).toLowerCase())
      .filter(Boolean);
    return { from: fromText || null, to: toList };
  } catch {
    return empty;
  }
}

function plainField(form: FormData, ...names: string[]): string | null {
  for (const name of names) {
    const value = form.fields.get(name);
    if (value) {
      const text = clean(value.decoded ? value.bytes.toString('utf8') : decodeHeaderBytes(value.bytes));
      if (text) return text;
    }
  }
  return null;
}

/** A kind of part kept from a message: how it is known, and how much of it is kept. */
interface KeptKind {
  /** By its own type or file name. */
  isPart(contentType: string | undefined, filename: string | undefined): boolean;
  /** The first line a part of this kind starts with, for an attachment that came without its type. */
  begins: string;
  /** The most read of one part; a larger one is skipped. */
  maxBytes: number;
  /** What is kept of its text, when not all of it. */
  keep?: (text: string) => string | null;
}

function typeOf(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase();
}

/** A calendar: its type text/calendar or application/ics, or its name *.ics. */
const CALENDAR: KeptKind = {
  isPart: (contentType, filename) => {
    const type = typeOf(contentType);
    return type === 'text/calendar' || type === 'application/ics' || (typeof filename === 'string' && filename.toLowerCase().endsWith('.ics'));
  },
  begins: 'BEGIN:VCALENDAR',
  maxBytes: MAX_CALENDAR_BYTES,
};

/** A contact card: its type text/vcard (RFC 6350 §10.1), the older text/x-vcard or text/directory, or *.vcf. */
const CONTACT_CARD: KeptKind = {
  isPart: (contentType, filename) => {
    const type = typeOf(contentType);
    return type === 'text/vcard' || type === 'text/x-vcard' || type === 'text/directory' || (typeof filename === 'string' && filename.toLowerCase().endsWith('.vcf'));
  },
  begins: 'BEGIN:VCARD',
  // A card with its photo is read (the photo is most of it) and only the details kept.
  maxBytes: MAX_CONTACT_CARD_READ_BYTES,
  keep: (text) => {
    const kept = keptCard(text);
    return kept !== '' && kept.length <= MAX_CONTACT_CARD_BYTES ? kept : null;
  },
};

/** A kept part's bytes as text: in the charset named, else UTF-8 (RFC 5545 §3.1.4, RFC 6350 §3.1), never fatally. */
function keptText(kind: KeptKind, bytes: Buffer, charset?: string): string | null {
  if (bytes.length === 0 || bytes.length > kind.maxBytes) return null;
  const text = decodeBytes(bytes, charset);
  return kind.keep ? kind.keep(text) : text;
}

/** attachment-info: part name → the filename and type SendGrid gives for it. */
function attachmentInfo(form: FormData): Map<string, { filename?: string; type?: string }> {
  const out = new Map<string, { filename?: string; type?: string }>();
  const raw = form.fields.get('attachment-info');
  if (!raw) return out;
  try {
    const parsed: unknown = JSON.parse(raw.bytes.toString('utf8'));
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return out;
    for (const [key, value] of Object.entries(parsed as Record<string, unknown>)) {
      if (!value || typeof value !== 'object') continue;
      const { filename, type } = value as { filename?: unknown; type?: unknown };
      out.set(key.toLowerCase(), {
        ...(typeof filename === 'string' ? { filename } : {}),
        ...(typeof type === 'string' ? { type } : {}),
      });
    }
  } catch {
    // Unreadable: the parts' own types still count.
  }
  return out;
}

/**
 * Parsed mode's calendar or contact card: of the parts named attachment1…N, in that order, the first of the
 * kind by its own Content-Type or name (read while the form was), by attachment-info, or, for a part that
 * came as a plain field (no file name), by its text's first line (BEGIN:VCALENDAR, BEGIN:VCARD).
 */
function parsedKept(form: FormData, kind: KeptKind, file: FormData['calendarFile']): string | null {
  const info = attachmentInfo(form);
  const number = (name: string) => Number(/^attachment(\d{1,6})$/.exec(name)?.[1] ?? NaN);
  const candidates: Array<{ n: number; bytes: Buffer }> = [];
  if (file) {
    // A file part not named attachmentN (SendGrid names them so) comes after those that are.
    const n = number(file.name);
    candidates.push({ n: Number.isFinite(n) ? n : Number.MAX_SAFE_INTEGER, bytes: file.bytes });
  }
  for (const [name, value] of form.fields) {
    const n = number(name);
    if (!Number.isFinite(n) || value.bytes.length > kind.maxBytes) continue;
    const described = info.get(name);
    const looksLike = value.bytes.subarray(0, 200).toString('latin1').trimStart().toUpperCase().startsWith(kind.begins);
    if (kind.isPart(described?.type, described?.filename) || looksLike) candidates.push({ n, bytes: value.bytes });
  }
  candidates.sort((a, b) => a.n - b.n);
  for (const c of candidates) {
    const text = keptText(kind, c.bytes);
    if (text) return text;
  }
  return null;
}

/** Raw mode's calendar or contact card: the first MIME part of the kind mailparser found. */
function rawKept(mail: ParsedMail, kind: KeptKind): string | null {
  for (const a of mail.attachments ?? []) {
    if (!kind.isPart(a.contentType, a.filename) || !Buffer.isBuffer(a.content)) continue;
    const type = a.headers?.get('content-type') as { params?: Record<string, string> } | undefined;
    const text = keptText(kind, a.content, type?.params?.charset);
    if (text) return text;
  }
  return null;
}

interface Parts {
  headers: Record<string, string>;
  from: InboundAddress | null;
  to: InboundAddress[];
  subject: string | null;
  text: string | null;
  html: string | null;
  attachments: number;
  calendar: string | null;
  contactCard: string | null;
}

function assemble(mode: InboundEmail['mode'], form: FormData, parts: Parts): InboundEmail {
  const h = parts.headers;
  return {
    mode,
    messageId: firstMessageId(h['message-id']),
    inReplyTo: firstMessageId(h['in-reply-to']),
    references: messageIds(h['references']),
    from: parts.from,
    to: dedupe(parts.to),
    envelope: envelopeOf(form),
    subject: parts.subject,
    text: parts.text,
    html: parts.html,
    headers: h,
    contentType: h['content-type'] || null,
    spf: plainField(form, 'spf'),
    dkim: plainField(form, 'dkim'),
    attachments: parts.attachments,
    calendar: parts.calendar,
    contactCard: parts.contactCard,
  };
}

function subjectOf(mail: ParsedMail): string | null {
  return typeof mail.subject === 'string' ? clean(mail.subject) || null : null;
}

// ---------------------------------------------------------------------------------------------------
// Modes

async function parseParsedMode(form: FormData): Promise<InboundEmail> {
  const charsets = parseCharsets(form);
  const block = form.fields.get('headers');
  // Leading blank lines would end the header section before it starts.
  const headerMail = block ? await parseHeaderBlock(Buffer.from(block.bytes.toString('latin1').replace(/^[\r\n]+/, ''), 'latin1')) : null;
  const fieldMail = await parseAddressFields({
    from: fieldText(form, 'from', charsets),
    to: fieldText(form, 'to', charsets),
    cc: fieldText(form, 'cc', charsets),
    subject: fieldText(form, 'subject', charsets),
  });

  const fromField = addresses(fieldMail.from);
  const fromHeader = headerMail ? addresses(headerMail.from) : [];
  const toField = [...addresses(fieldMail.to), ...addresses(fieldMail.cc)];
  const toHeader = headerMail ? [...addresses(headerMail.to), ...addresses(headerMail.cc)] : [];

  const text = fieldText(form, 'text', charsets);
  const html = fieldText(form, 'html', charsets);
  const declared = Number.parseInt(plainField(form, 'attachments') ?? '', 10);

  return assemble('parsed', form, {
    headers: headerMail ? headerRecord(headerMail) : {},
    from: fromField[0] ?? fromHeader[0] ?? null,
    to: toField.length ? toField : toHeader,
    subject: subjectOf(fieldMail) ?? (headerMail ? subjectOf(headerMail) : null),
    // An empty part is no part: an HTML-only reply keeps text null.
    text: text === '' ? null : text,
    html: html === '' ? null : html,
    attachments: Math.max(form.files, Number.isFinite(declared) && declared > 0 ? declared : 0),
    calendar: parsedKept(form, CALENDAR, form.calendarFile),
    contactCard: parsedKept(form, CONTACT_CARD, form.cardFile),
  });
}

async function parseRawMode(email: Buffer, form: FormData): Promise<InboundEmail> {
  let mail: ParsedMail;
  try {
    mail = await simpleParser(email, SIMPLE_PARSER_OPTIONS);
  } catch (err) {
    throw malformed(`The email field is not a MIME message: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (!hasHeaders(mail)) throw malformed('The email field is not a MIME message: it has no header');

  const charsets = parseCharsets(form);
  let fieldMail: ParsedMail | null = null;
  const fallback = async (): Promise<ParsedMail> =>
    (fieldMail ??= await parseAddressFields({
      from: fieldText(form, 'from', charsets),
      to: fieldText(form, 'to', charsets),
      cc: fieldText(form, 'cc', charsets),
      subject: fieldText(form, 'subject', charsets),
    }));

  let from = addresses(mail.from)[0] ?? null;
  if (!from) from = addresses((await fallback()).from)[0] ?? null;
  let to = [...addresses(mail.to), ...addresses(mail.cc)];
  if (!to.length) {
    const f = await fallback();
    to = [...addresses(f.to), ...addresses(f.cc)];
  }
  const subject = subjectOf(mail) ?? subjectOf(await fallback());

  return assemble('raw', form, {
    headers: headerRecord(mail),
    from,
    to,
    subject,
    text: typeof mail.text === 'string' && mail.text !== '' ? mail.text : null,
    html: typeof mail.html === 'string' && mail.html !== '' ? mail.html : null,
    attachments: mail.attachments?.length ?? 0,
    calendar: rawKept(mail, CALENDAR),
    contactCard: rawKept(mail, CONTACT_CARD),
  });
}
