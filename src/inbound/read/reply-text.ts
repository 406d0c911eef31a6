import { htmlToText, type HtmlToTextOptions } from 'html-to-text';
import { looksLikeJobTitle, personalDisplayName, withoutBrackets } from './kinds.js';
import {
  MAX_ATTRIBUTION_CHARS,
  FORWARD_BANNER,
  ORIGINAL_MESSAGE_BANNER,
  QUOTED_LINE,
  RULE_LINE,
  UNDERSCORE_RULE,
  EMAIL_IN_LINE,
  PHONE_IN_LINE,
  URL_IN_LINE,
  isAttribution,
  isDeviceLine,
  isFromHeaderLine,
  isHeaderLine,
  isSignOffLine,
  isSignatureLikeLine,
  isVerblessOnLine,
} from './patterns.js';
import { boundText, cut, MAX_HTML_CHARS, MAX_TEXT_CHARS } from './bounds.js';
import { dropUnread, htmlOriginalStart } from './html.js';
import { classifyLabel } from './labels.js';

export interface ReplyText {
  /** What the person wrote in this message, without quotes and without the signature. */
  reply: string;
  /** Sign-off plus the name/title/organisation/phone block under it, or a "-- " block. */
  signature: string | null;
  /** The quoted or forwarded original, as it appeared (">" prefixes kept). */
  quoted: string | null;
}

export interface ReplyInput {
  text: string | null;
  html: string | null;
  /** Sender display name: lets a bare "Jo Bloggs" line at the end be recognised as a signature. */
  fromName?: string | null;
}

export function extractReply(input: ReplyInput): ReplyText {
  const plain = plainTextOf(input);
  // An HTML-only reply is cleaned and cut once; its original was cut before its text was taken, so it is
  // read on its own, and what they typed into it ("my details in blue against your list below") is there.
  // Inbound Parse leaves `text` unset when the mail had no text body
  // (https://www.twilio.com/docs/sendgrid/for-developers/parsing-email/inbound-email, "Default parameters").
  const html = plain === null && input.html ? htmlSplit(input.html) : null;
  const body = bounded(plain ?? (html ? html.replyText() : ''));
  const { fresh, quoted } = splitQuoted(body);
  const { reply, signature } = splitSignature(fresh, input.fromName ?? null);
  return { reply, signature, quoted: quoted ?? (html ? html.quotedText() : null) };
}

function plainTextOf(input: { text: string | null }): string | null {
  return input.text !== null && input.text.trim() !== '' ? input.text : null;
}

/**
 * Plain text is what the sender's client meant us to read; HTML is the fallback. Either comes back within
 * the reader's bounds (bounds.ts), which everything after this relies on.
 */
export function bodyText(input: { text: string | null; html: string | null }): string {
  return bounded(plainTextOf(input) ?? (input.html ? htmlReplyToText(input.html) : ''));
}

function bounded(raw: string): string {
  return boundText(normaliseNewlines(cut(raw, MAX_TEXT_CHARS)));
}

function normaliseNewlines(s: string): string {
  return s
    .replace(/\r\n?/g, '\n')
    .replace(/[\u00a0\u2007\u202f]/g, ' ')
    .replace(/[\u200b\u200e\u200f\ufeff]/g, '');
}

/**
 * The new text of an HTML reply. What nobody reads goes first, over the whole body: a marker inside a
 * comment or a style sheet is no marker. Then the quoted original is cut, and what is left capped, so the
 * HTML parser (slow on deep nesting) never sees more than MAX_HTML_CHARS.
 */
export function htmlReplyToText(html: string): string {
  return htmlSplit(html).replyText();
}

/**
 * An HTML body cleaned of what nobody reads and parted where its quoted original starts (one pass each):
 * the text of either side on demand, each side given to the HTML parser capped at MAX_HTML_CHARS.
 */
function htmlSplit(html: string): { replyText: () => string; quotedText: () => string | null } {
  const read = dropUnread(html);
  const start = htmlOriginalStart(read);
  return {
    replyText: () => htmlToText(cut(read.slice(0, start), MAX_HTML_CHARS), HTML_TO_TEXT),
    quotedText: () => {
      if (start >= read.length) return null;
      const text = bounded(htmlToText(cut(read.slice(start), MAX_HTML_CHARS), HTML_QUOTE_TO_TEXT)).trim();
      return text === '' ? null : text;
    },
  };
}

const HTML_TO_TEXT: HtmlToTextOptions = {
    wordwrap: false,
    // Hostile HTML nested a hundred thousand deep would overflow the stack; no real reply nests past this.
    limits: { maxDepth: 200 },
    selectors: [
      { selector: 'a', options: { ignoreHref: true } },
      { selector: 'img', format: 'skip' },
      { selector: 'blockquote', format: 'skip' },
      { selector: 'style', format: 'skip' },
      { selector: 'head', format: 'skip' },
      { selector: 'p', options: { leadingLineBreaks: 1, trailingLineBreaks: 1 } },
      { selector: 'h1', options: { uppercase: false } },
      { selector: 'h2', options: { uppercase: false } },
      { selector: 'h3', options: { uppercase: false } },
      { selector: 'table', format: 'dataTable' },
    ],
};
/** The same for a quoted original, whose own quotes ("> …" blocks) are read too. */
const HTML_QUOTE_TO_TEXT: HtmlToTextOptions = { ...HTML_TO_TEXT, selectors: HTML_TO_TEXT.selectors!.filter((x) => x.selector !== 'blockquote') };

interface Split {
  fresh: string;
  quoted: string | null;
}

/**
 * Separates new text from quoted material. Two kinds of original are handled
 * differently: a ">"-quoted block only removes its own lines (people answer
 * inline and sign below the quote), while an unquoted original (Outlook
 * header block, "-----Original Message-----", device footer followed by the
 * old text) ends the new text.
 */
export function splitQuoted(body: string): Split {
  // Gmail wraps "… <jo@example.org>:" so that ">:" starts a line and looks quoted.
  const lines = body.replace(/(<[^<>\n]*)\n(>\s*[:：]\s*)$/gm, '$1$2').split('\n');
  const fences = codeFenceMask(lines);
  const drop = new Array<boolean>(lines.length).fill(false);
  const cut = findOriginalStart(lines, fences);

  for (let i = 0; i < cut; i++) {
    if (QUOTED_LINE.test(lines[i]!) && !fences[i]) drop[i] = true;
  }
  markWrappedQuoteLines(lines, drop, cut);
  markAttributionsAboveQuotes(lines, drop, cut);

  const kept: string[] = [];
  const removed: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (i >= cut || drop[i]) removed.push(lines[i]!);
    else kept.push(lines[i]!);
  }
  const quoted = removed.join('\n').trim();
  return { fresh: tidy(kept.join('\n')), quoted: quoted === '' ? null : quoted };
}

function codeFenceMask(lines: string[]): boolean[] {
  let inside = false;
  return lines.map((l) => {
    if (/^\s*```/.test(l)) {
      inside = !inside;
      return true;
    }
    return inside;
  });
}

/** Index of the first line of an unquoted original, or lines.length. */
function findOriginalStart(lines: string[], fences: boolean[]): number {
  for (let i = 0; i < lines.length; i++) {
    if (fences[i]) continue;
    const line = lines[i]!;
    if (QUOTED_LINE.test(line)) continue;
    if (isDeviceLine(line)) return i;
    if (ORIGINAL_MESSAGE_BANNER.test(line) || FORWARD_BANNER.test(line)) return backOverRules(lines, i);
    if (UNDERSCORE_RULE.test(line)) return i;
    if (startsHeaderBlock(lines, i) || startsUnknownHeaderBlock(lines, i)) return backOverRules(lines, i);
    const attribution = attributionAt(lines, i);
    if (attribution !== null && !followedByQuote(lines, attribution)) return i;
  }
  return lines.length;
}

/** Also drops the rule line or banner a client puts above a header block. */
function backOverRules(lines: string[], i: number): number {
  let j = i;
  while (j > 0) {
    const prev = lines[j - 1]!;
    if (prev.trim() === '' || RULE_LINE.test(prev) || ORIGINAL_MESSAGE_BANNER.test(prev) || isDeviceLine(prev)) j--;
    else break;
  }
  return j;
}

/** A From-like label followed (within a few lines) by at least one more header label. */
function startsHeaderBlock(lines: string[], i: number): boolean {
  const first = lines[i]!;
  if (!isFromHeaderLine(first) && !/^\s*\*?(sent|date|datum|dato)\s*(?:\*\s*)?:/i.test(first)) return false;
  let labels = 1;
  let gap = 0;
  for (let j = i + 1; j < Math.min(lines.length, i + 8); j++) {
    const l = lines[j]!;
    if (isHeaderLine(l)) {
      labels++;
      gap = 0;
      // Some clients put several labels on one line ("À : x Objet : y").
    } else if (l.trim() === '' && labels >= 2) {
      break;
    } else if (++gap > 1) {
      break;
    }
  }
  return labels >= 2;
}

// "Kimden: Unmentoring <reply+…@…>": a label of a word or two, a colon, and an address.
const LABEL_WITH_ADDRESS = /^\p{L}[\p{L} ]{0,24}:\s.*@/u;
const SHORT_LABEL = /^\p{L}[\p{L} ]{0,24}:\s/u;

/**
 * A header block in a language whose labels we do not list (Turkish "Kimden:/Gönderildi:/Kime:/Konu:"):
 * a labelled line with an address, then at least two more labelled lines straight after it.
 */
function startsUnknownHeaderBlock(lines: string[], i: number): boolean {
  if (!LABEL_WITH_ADDRESS.test(lines[i]!.trim()) || isFieldLabel(lines[i]!)) return false;
  let labels = 1;
  for (let j = i + 1; j < Math.min(lines.length, i + 4); j++) {
    if (!SHORT_LABEL.test(lines[j]!.trim()) || isFieldLabel(lines[j]!)) break;
    labels++;
  }
  return labels >= 3;
}

/** "Google Meet: jo@gmail.com", "Teams: …": a reply's own labelled details are never mail headers. */
function isFieldLabel(line: string): boolean {
  const t = line.trim();
  const key = classifyLabel(t.slice(0, t.indexOf(':')));
  return key !== null && key !== 'ignored';
}

/**
 * If an attribution starts at line i (possibly wrapped over up to four lines),
 * returns the index of its last line.
 */
function attributionAt(lines: string[], i: number): number | null {
  if (lines[i]!.trim() === '') return null;
  let joined = '';
  for (let j = i; j < Math.min(lines.length, i + 4); j++) {
    const l = lines[j]!;
    if (l.trim() === '' || (j > i && QUOTED_LINE.test(l))) break;
    joined = joined === '' ? l.trim() : `${joined} ${l.trim()}`;
    // No attribution is that long (isAttribution), and joining more only makes it longer.
    if (joined.length > MAX_ATTRIBUTION_CHARS) return null;
    if (isAttribution(joined)) {
      // "Hi,\nOn … wrote:": a wrapped attribution must start like one.
      return j > i && !ATTRIBUTION_START.test(lines[i]!) ? null : j;
    }
  }
  return null;
}

const ATTRIBUTION_START = /\d|^[-\s]*(On|Le|Am|El|Il|In data|Op|Em|W dniu|Dnia|Den|Op)\s/i;

function followedByQuote(lines: string[], end: number): boolean {
  for (let j = end + 1; j < lines.length; j++) {
    if (lines[j]!.trim() === '') continue;
    return QUOTED_LINE.test(lines[j]!);
  }
  return false;
}

function isBlank(lines: string[], i: number): boolean {
  return i < 0 || i >= lines.length || lines[i]!.trim() === '';
}

/**
 * Clients that hard-wrap quoted text leave the tail of a long quoted line
 * without its ">". Such a line sits between two quoted lines with no blank
 * line around it.
 */
function markWrappedQuoteLines(lines: string[], drop: boolean[], cut: number): void {
  for (let i = 1; i < cut - 1; i++) {
    if (drop[i] || isBlank(lines, i)) continue;
    if (QUOTED_LINE.test(lines[i - 1]!) && QUOTED_LINE.test(lines[i + 1]!)) drop[i] = true;
  }
}

/** Drops "On … wrote:" lines (and verbless "On <date>, Name" lines) that introduce a quote. */
function markAttributionsAboveQuotes(lines: string[], drop: boolean[], cut: number): void {
  for (let i = 0; i < cut; i++) {
    if (drop[i] || isBlank(lines, i)) continue;
    let end = attributionAt(lines, i);
    if (end === null && isVerblessOnLine(lines[i]!) && i + 1 < lines.length && QUOTED_LINE.test(lines[i + 1]!)) end = i;
    if (end === null || end >= cut || !followedByQuote(lines, end)) continue;
    for (let j = i; j <= end; j++) drop[j] = true;
  }
}

function tidy(text: string): string {
  const lines = text.split('\n');
  // A delimiter or rule left dangling once the original below it is gone.
  while (lines.length > 0 && (lines[lines.length - 1]!.trim() === '' || RULE_LINE.test(lines[lines.length - 1]!))) lines.pop();
  return lines
    .map((l) => l.trimEnd())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .replace(/^\s*\n/, '')
    .trim();
}

const SIGNATURE_DELIMITER = /^\s*(--|-- |—|–|-{3,}|—{2,}|_{3,}|={3,})\s*$/;
const MAX_SIGNATURE_LINES = 15;

/**
 * Splits a trailing signature off the new text. People put their name, job
 * title, organisation and phone there, so it is returned, never discarded.
 */
export function splitSignature(fresh: string, fromName: string | null): { reply: string; signature: string | null } {
  const lines = fresh.split('\n');
  const start = signatureStart(lines, fromName);
  if (start === null) return { reply: fresh, signature: null };
  const reply = tidy(lines.slice(0, start).join('\n'));
  const signature = tidy(lines.slice(start).join('\n'));
  return { reply, signature: signature === '' ? null : signature };
}

function signatureStart(lines: string[], fromName: string | null): number | null {
  // What each test needs to know about the lines below line i, counted once from the bottom up: asked
  // afresh for every line, a long message took time in the square of its length.
  const n = lines.length;
  const nonBlankBelow = new Array<number>(n + 1).fill(0);
  const allSignatureLikeBelow = new Array<boolean>(n + 1).fill(true);
  const formAnswerBelow = new Array<boolean>(n + 1).fill(false);
  for (let i = n - 1; i >= 0; i--) {
    const below = lines[i + 1];
    nonBlankBelow[i] = nonBlankBelow[i + 1]! + (below !== undefined && below.trim() !== '' ? 1 : 0);
    allSignatureLikeBelow[i] = allSignatureLikeBelow[i + 1]! && (below === undefined || isSignatureLikeLine(below));
    formAnswerBelow[i] = formAnswerBelow[i + 1]! || (below !== undefined && FORM_ANSWER.test(below));
  }

  // Earliest line that opens a block everything after which looks like a signature.
  let textAbove = false;
  for (let i = 0; i < n; i++) {
    const line = lines[i]!;
    const after = nonBlankBelow[i]!;
    if (/^\s*--\s?$/.test(line) && after <= MAX_SIGNATURE_LINES && after > 0) return i;
    if (SIGNATURE_DELIMITER.test(line) && after > 0 && after <= MAX_SIGNATURE_LINES && allSignatureLikeBelow[i]) return i;
    // A sign-off needs something above it to sign off: "Thank you!" alone opens the message.
    if (textAbove && after <= MAX_SIGNATURE_LINES && allSignatureLikeBelow[i] && !formAnswerBelow[i] && isSignOffLine(line)) {
      // A lone "Thanks!" that ends the message is part of it, not a signature,
      // unless it carries the name on the same line ("Thanks, Jo").
      if (after > 0 || /,\s*\p{Lu}/u.test(line)) return i;
    }
    if (line.trim() !== '') textAbove = true;
  }
  return trailingContactBlock(lines, fromName);
}

const FORM_ANSWER = /^\s*(name|full name|organi[sz]ation|org|employer|department|agency)\s*[:=-]/i;

/** Labelled answers ("Name: …", "Organisation: …") are the reply itself, not a signature. */
function hasFormAnswers(lines: string[]): boolean {
  return lines.some((l) => FORM_ANSWER.test(l));
}

/**
 * Without a delimiter or sign-off, the last paragraph is a signature when it
 * is made of short lines, opens with the sender's name or a name-like line,
 * and carries contact details.
 */
function trailingContactBlock(lines: string[], fromName: string | null): number | null {
  let end = lines.length;
  while (end > 0 && lines[end - 1]!.trim() === '') end--;
  let start = end;
  while (start > 0 && lines[start - 1]!.trim() !== '') start--;
  if (start === 0) return null;
  const block = lines.slice(start, end);
  if (block.length === 0 || block.length > 8 || !block.every(isSignatureLikeLine) || hasFormAnswers(block)) return null;
  // "Graham Sutherland | Station Commander | Prevention & Protection": the name is what comes before the
  // first separator.
  const first = block[0]!.trim().split(/[|•·]|\s[-–—]\s/)[0]!.trim();
  // "Amina Yusuf (she/her)": the pronouns are not part of the name.
  const sender = fromName !== null ? (personalDisplayName(fromName) ?? fromName) : null;
  const sameAsSender = sender !== null && sender.trim() !== '' && normaliseName(withoutBrackets(first)) === normaliseName(sender);
  // Contact details, or a job title on the line after the name: what a mail program's signature holds.
  const contact =
    block.slice(1).some((l) => EMAIL_IN_LINE.test(l) || URL_IN_LINE.test(l) || PHONE_IN_LINE.test(l)) || (block.length >= 3 && block.slice(1, 4).some((l) => looksLikeJobTitle(l)));
  // Lower case, digits, "_" or "#" may come before the first capital ("deVries").
  const nameLike = /^[#\d_a-z]*\p{Lu}[\p{L}'’.-]+(\s+\p{Lu}[\p{L}'’.-]*){0,3}(,\s*[\p{L}.]+)?$/u.test(first.replace(/^#sig#/, ''));
  if (sameAsSender || (contact && nameLike)) return start;
  return null;
}

function normaliseName(s: string): string {
  return s.toLowerCase().replace(/[^\p{L}\s]/gu, '').replace(/\s+/g, ' ').trim();
}
