import type { CountryCode } from 'libphonenumber-js';
import { isAutomatic, saysAutomated } from './automatic.js';
import { plainLetters, readFields, type Fields, type Known } from './fields.js';
import { readIntent, type Cadence, type Intent } from './intent.js';
import { bodyText, extractReply } from './reply-text.js';
import { boundField, MAX_NAME_CHARS, MAX_SUBJECT_CHARS } from './bounds.js';
import { imageTexts } from './html.js';
import { ASK_DETAILS, askedBy, type Asked } from './asked.js';
import { commentBy, isDeviceLine } from './patterns.js';
import { looksLikeJobTitle } from './kinds.js';
import { bookingTime } from './booking-time.js';
import type { BookingTime } from './booking-time.js';
import type { InboundEmail } from '../email.js';
import { secondReading, type SecondReading } from './second-reader/model.js';
import { secondOpinion, startsWithCommand, SURE } from './second-opinion.js';
import { pauseDate } from './dates.js';
import { BARE_YES, cadenceIn } from './intent.js';

export type { Fields, Known } from './fields.js';
export type { Intent, Cadence } from './intent.js';
export { extractReply } from './reply-text.js';
export { extractFields, readFields } from './fields.js';
export { readIntent } from './intent.js';
export { isAutomatic } from './automatic.js';

/** The parts of an email that reading it needs. */
export interface ReplyInput {
  text: string | null;
  html: string | null;
  subject: string | null;
  fromName: string | null;
  fromEmail: string | null;
  headers: Record<string, string>;
  contentType: string | null;
  /** The contact card attached (InboundEmail.contactCard), when there is one: details they shared as a card. */
  contactCard?: string | null;
  /** What the organiser's invitation list says about the sender, when we know who it is: a prior. */
  known?: Known | null;
  /**
   * Which of our mails it answers, when the service knows from the address it came to (reply+<token>):
   * surer than the subject and quote, which people delete and edit. Without it, those are read.
   */
  answering?: Asked;
}

export interface ReadReply {
  reply: string;
  signature: string | null;
  fields: Fields;
  intent: Intent;
  pauseUntil: string | null;
  cadence: Cadence | null;
  /** A join that also asks a question, for a person to answer. */
  question: boolean;
  /** For BOOKED: when, or that the reply did not say. */
  booking: BookingTime | null;
  automatic: boolean;
  automaticReason: string | null;
  bounce: boolean;
  /**
   * Whose reading the intent is (second-opinion.ts): the rules', the second reader's where the rules found
   * nothing or it was sure of something else, or a person's where the two disagree on joining.
   */
  readBy: 'rules' | 'second reader' | 'to a person';
  /** The rules' intent, where the second reader's reading or a person's replaced it. */
  overruled: Intent | null;
  /**
   * Details given that the two readers do not agree on (askBackOf), to ask the person to confirm (decide.ts)
   * rather than act on one reader's word or leave it to the organiser: what their YES applies ('join' or
   * 'update'), or null.
   */
  askBack: 'join' | 'update' | null;
}

/** The rules' reading, before the second reader's is set beside it: what the second reader learns from. */
export interface RulesReply extends ReadReply {
  /** Which of our mails the reply answers, as the reader took it. */
  asked: Asked;
  /** Details came from labels or answers to our form's lines, or answer our mail asking for them. */
  labelled: boolean;
}

/**
 * Everything the service needs to know about one inbound email. Pure: no I/O, no logging. What is read is
 * held to the bounds in bounds.ts first, so the time this takes is bounded whatever the message holds.
 * The rules read it, then the second reader's reading is set beside theirs (second-opinion.ts).
 */
export function readReply(input: ReplyInput, now: Date, defaultCountry: CountryCode = 'GB', zone = 'Europe/London'): ReadReply {
  const rules = readByRules(input, now, defaultCountry, zone);
  const { asked, labelled, ...read } = rules;
  if (read.automatic) return read;
  const second = secondReading({ reply: read.reply, subject: boundField(input.subject, MAX_SUBJECT_CHARS), asked, found: foundOf(read.fields) });
  const cadence = cadenceIn(read.reply.toLowerCase());
  const said = read.reply.trim();
  const bareYes = read.intent === 'yes' && said.length <= 40 && BARE_YES.test(said.toLowerCase());
  const opinion = secondOpinion({ ...read, labelled, bareYes, commandFirst: startsWithCommand(read.reply) }, second, asked, { cadence, question: read.reply.includes('?') });
  if (opinion.by === 'rules') return read;
  const intent = opinion.intent;
  return {
    ...read,
    intent,
    readBy: opinion.by,
    overruled: intent === read.intent ? null : read.intent,
    askBack: opinion.by === 'to a person' ? askBackOf(read, second, asked) : null,
    question: intent === 'other' ? read.question : false,
    // What the rules' own readers find for the request: a pause's end, a booking's time, a cadence.
    pauseUntil: intent === 'pause' ? pauseDate(read.reply, now, zone) : null,
    cadence: intent === 'cadence' ? cadence : null,
    booking: intent === 'booked' ? bookingTime(read.reply, now, zone) : null,
  };
}

/**
 * Details given that the two readers do not agree on, to ask the person to confirm: the rules read a join
 * or a change of details that the second reader doubts without being sure of anything else; or the rules
 * found details but no words they were sure of (and chose no OTHER of their own), and the second reader is
 * sure they give them: to the invitation, all three required details; to a later mail, any.
 */
function askBackOf(read: ReadReply, second: SecondReading, asked: Asked): 'join' | 'update' | null {
  const sureOtherwise = second.decision !== 'details' && (second.p[second.decision] ?? 0) >= SURE;
  if (sureOtherwise) return null;
  if (read.intent === 'join' || (read.intent === 'yes' && asked === 'invitation')) return 'join';
  if (read.intent === 'update') return 'update';
  if (read.intent !== 'other' || read.question || second.decision !== 'details' || (second.p.details ?? 0) < SURE) return null;
  const f = read.fields;
  if (asked === 'invitation') return f.name !== null && f.phone !== null && f.organisation !== null ? 'join' : null;
  const any = f.name !== null || f.phone !== null || f.organisation !== null || f.googleId !== null || f.skypeId !== null || f.other !== null;
  return asked !== null && any ? 'update' : null;
}

/** How many quoted lines are looked through for the name our mail showed: our welcome's is near its top. */
const HELD_NAME_LINES = 60;

/** The name our quoted mail shows them under ("> Name: Sian Pritchard"), if it shows one. */
function heldName(quoted: string | null): string | null {
  if (!quoted) return null;
  for (const line of quoted.slice(0, 8000).split('\n', HELD_NAME_LINES)) {
    const m = /^[> \t]*Name:[ \t]*(\S[^\n]{0,79})$/.exec(line);
    if (m) return m[1]!.trim();
  }
  return null;
}

/**
 * The name read differs from the one held only in accents, case, hyphens or apostrophes ("Siân" for
 * "Sian", "O'Neill" for "ONeill"), and a word of it spelt the new way is in what they wrote.
 */
function respelt(name: string | null, held: string | null, written: string): boolean {
  if (!name || !held || name === held) return false;
  const bare = (v: string) => plainLetters(v).replace(/[\s'’\-.]/g, '');
  if (bare(name) !== bare(held)) return false;
  const heldWords = new Set(held.split(/\s+/));
  return name.split(/\s+/).some((w) => !heldWords.has(w) && written.includes(w));
}

/** Which details the rules found: evidence of joining for the second reader. */
export function foundOf(fields: Fields): { name: boolean; phone: boolean; organisation: boolean } {
  return { name: fields.name !== null, phone: fields.phone !== null, organisation: fields.organisation !== null };
}

/** The rules' reading alone. */
export function readByRules(input: ReplyInput, now: Date, defaultCountry: CountryCode = 'GB', zone = 'Europe/London'): RulesReply {
  const email: ReplyInput = {
    ...input,
    subject: boundField(input.subject, MAX_SUBJECT_CHARS),
    fromName: boundField(input.fromName, MAX_NAME_CHARS),
    fromEmail: boundField(input.fromEmail, MAX_NAME_CHARS),
    contentType: boundField(input.contentType, MAX_SUBJECT_CHARS),
  };
  const extracted = extractReply({ text: email.text, html: email.html, fromName: email.fromName });
  const { signature, quoted } = extracted;
  // Government classification lines ("OFFICIAL", "OFFICIAL-SENSITIVE") frame a message: not its words.
  const reply = withoutMarkings(extracted.reply);
  const byHeaders = isAutomatic(email.headers, email.fromEmail, email.subject, email.contentType);
  // Only without typed answers ("Name: …"): someone may mention being away in a reply that joins.
  const auto = byHeaders.automatic || !saysAutomated(reply, quoted !== null && quoted.trim() !== '') || TYPED_LABEL.test(reply) ? byHeaders : { automatic: true, reason: 'says it is automated', bounce: false };
  // A reply written in the subject line with nothing in the body ("Yes please - Jo Bloggs, 07700 …").
  const asked = input.answering ?? askedBy(email.subject, quoted);
  // "Details as per subject line", with them typed after our subject ("… public sector - YES Mark Ellis,
  // 07700 900777, Met Office"): what follows the first dash is read as a line of the reply.
  // So is a yes typed there ("RE: An invitation: … - YES, Mark Evans 07700 900128 Cardiff Council"), above
  // a body that holds only their signature: the subject is where they answered.
  const addition = subjectAddition(email.subject);
  const yesInSubject = asked === 'invitation' && addition !== null && SUBJECT_YES.test(addition);
  const inSubject = POINTS_TO_SUBJECT.test(reply.slice(0, 400)) || yesInSubject ? addition : null;
  // "One thing to fix below", with the new value typed between the lines of our quoted welcome: the lines
  // they typed there are theirs. (Under an invitation's form, answeredForm reads them as answers.)
  // So are lines typed into the quote of a reply with nothing above it ("Sent from my iPhone", then "Yes!!
  // this one" under our quoted "MET: you talked").
  const inline = asked !== 'invitation' && (ANSWERS_BELOW.test(reply.slice(0, 400)) || reply.trim() === '') ? typedBetweenQuotes(quoted, email.fromName) : null;
  const own = inline ? `${reply}\n${inline}` : reply;
  const written = reply.trim() === '' && askedBy(email.subject, null) === null ? subjectText(email.subject) : yesInSubject ? `${inSubject}\n${own}` : inSubject ? `${own}\n${inSubject}` : own;
  const { fields, labelledDetails, own: ownWords } = readFields({
    // Above a body the splitter found no signature in, the subject's yes is what they typed; the body, a
    // signature whose "Tel:" is a desk line.
    reply: yesInSubject && signature === null && inSubject !== null ? inSubject : written,
    signature: yesInSubject && signature === null ? own : signature,
    quoted,
    fromName: email.fromName,
    fromEmail: email.fromEmail,
    fullText: bodyText(email),
    imageTexts: email.html ? imageTexts(email.html) : [],
    contactCard: input.contactCard ?? null,
    defaultCountry,
    known: input.known ?? null,
  });
  // Only in answer to the invitation (or an unknown mail), where what they point to is their details.
  // Later, when they ask us to use what it gives: "please use the mobile in my signature from now on".
  const said = yesInSubject ? written : own;
  const pointed = asked === 'invitation' || asked === null || USE_SIGNATURE.test(own.slice(-400)) ? pointsBelow(said, signature) : said;
  // An auto-reply says nothing about what the person wants, whatever its words.
  const intent = auto.automatic
    ? { intent: 'other' as const, pauseUntil: null, cadence: null, booking: undefined, question: false }
    : readIntent(pointed, email.subject, fields, now, zone, { labelledDetails, asked, own: pointed !== own ? pointed : typedAboveDevice(ownWords, signature, quoted), fromName: email.fromName });
  // "See below in blue": the time typed into the quoted nudge, under its BOOKED line.
  if (!auto.automatic && intent.intent === 'other' && (asked === 'nudge' || asked === 'introduction') && quoted && ANSWERS_BELOW.test(reply.slice(0, 400))) {
    const typed = timeTypedInQuote(quoted, now, zone);
    if (typed) Object.assign(intent, { intent: 'booked' as const, booking: typed });
  }
  // "It's Siân with a to bach on the a, not Sian": to a later mail that shows the name we hold (our quoted
  // welcome's "Name: Sian Pritchard", or the organiser's list), the same name spelt otherwise in what they
  // wrote is a correction of it.
  const respelling = !auto.automatic && intent.intent === 'other' && !intent.question && asked !== null && asked !== 'invitation' && respelt(fields.name, heldName(quoted) ?? input.known?.name ?? null, ownWords);
  if (respelling) intent.intent = 'update';
  return {
    reply,
    signature,
    fields,
    intent: intent.intent,
    pauseUntil: intent.pauseUntil,
    cadence: intent.cadence,
    question: intent.question === true,
    booking: intent.booking ?? null,
    automatic: auto.automatic,
    automaticReason: auto.reason,
    bounce: auto.bounce,
    readBy: 'rules',
    overruled: null,
    askBack: null,
    asked,
    // Details sent in answer to our mail asking for them ("Almost there: we need your phone") are given
    // on purpose, as labelled ones are: the person has said yes already. So is the name we hold spelt again
    // their way.
    labelled: labelledDetails || respelling || ASK_DETAILS.test((email.subject ?? '').slice(0, 300)) || ASK_DETAILS.test((quoted ?? '').slice(0, 4000)),
  };
}

/** The parts of a stored message that reading it needs. */
export function replyInputOf(email: InboundEmail, known: Known | null = null): ReplyInput {
  return {
    text: email.text,
    html: email.html,
    subject: email.subject,
    fromName: email.from?.name ?? null,
    fromEmail: email.from?.email ?? null,
    headers: email.headers,
    contentType: email.contentType,
    contactCard: email.contactCard ?? null,
    known,
  };
}

/** readReply for a message as the webhook stored it, in the service's time zone. */
export function readInboundEmail(email: InboundEmail, now: Date, options: { zone?: string; known?: Known | null; answering?: Asked } = {}): ReadReply {
  return readReply(
    { ...replyInputOf(email, options.known ?? null), ...(options.answering ? { answering: options.answering } : {}) },
    now,
    'GB',
    options.zone ?? 'Europe/London',
  );
}

/**
 * What the person wrote, with the block above a phone's "Sent from my iPhone" when it names no job: a
 * phone's mail app adds that line and no signature of its own, so "Eilidh Fraser / (07700) 900 276 / SEPA"
 * above it was typed in answer. A signature with a job title may be one set up once; it stays a signature.
 */
function typedAboveDevice(own: string, signature: string | null, quoted: string | null): string {
  if (!signature) return own;
  const next = (quoted ?? '').split('\n', 1)[0] ?? '';
  const lines = signature.split('\n');
  if (!isDeviceLine(next) && !isDeviceLine(lines[lines.length - 1] ?? '')) return own;
  if (lines.length > 8 || lines.some((line) => looksLikeJobTitle(line))) return own;
  return `${own}\n${signature}`;
}

/**
 * What they wrote, with the block the splitter took for a signature when they point to it ("Happy to.
 * Details below:", "my details are in my signature"): the lines they point to are what they give.
 */
function pointsBelow(own: string, signature: string | null): string {
  if (!signature || !POINTS_BELOW.test(own.slice(-400))) return own;
  return `${own}\n${signature}`;
}
const POINTS_BELOW = /\b(?:details|info|information|numbers?|contacts?)\b[^.!?\n]{0,20}\b(?:below|underneath|in (?:my|the) (?:e-?mail )?signature)\b|\b(?:see|in|per) (?:my )?(?:e-?mail )?signature\b|\bsee below\b|\bbelow:\s*$|\b(?:my|the|here are my|here's my) (?:contact )?details\s*:\s*$/i;

const USE_SIGNATURE = /\b(?:use|take|switch to|change (?:it |them )?to|update (?:it |them )?to)\b[^.!?\n]{0,30}\b(?:in|from|on) (?:my|the) (?:e-?mail )?signature\b/i;

/** A yes at the start of what they typed after our subject; an organiser's own subject ("Coffee roulette - a new scheme") does not start so. */
const SUBJECT_YES = /^(?:yes|yep|yeah|count me in|i'?m in|i am in|happy to (?:join|take part)|sign me up|please add me)\b/i;

const POINTS_TO_SUBJECT = /\b(?:in|see|per|on|from) (?:the |my )?(?:subject|title)(?: line)?\b|\bsubject line\b/i;

/** What the person typed after our subject: the text after its first " - ", " – " or " | ". */
function subjectAddition(subject: string | null): string | null {
  const s = subjectText(subject);
  const cut = / [-–|] /.exec(s);
  const tail = cut ? s.slice(cut.index + cut[0].length).trim() : '';
  return tail === '' ? null : tail;
}

/** The subject without its "Re:"/"AW:"/"Fwd:" prefixes. */
function subjectText(subject: string | null): string {
  let s = (subject ?? '').trim();
  for (let i = 0; i < 5; i++) {
    const m = /^(?:re|aw|sv|fw|fwd|tr|antw|ynt|odp|vs)\s*:\s*/i.exec(s);
    if (!m) break;
    s = s.slice(m[0].length);
  }
  return s;
}

/** The mail a reply answers, as the reader names it, from the template of the outbox row its token names. */
export function askedOf(template: string | null | undefined): Asked {
  switch (template) {
    case 'invitation':
      return 'invitation';
    case 'welcome':
      return 'welcome';
    case 'introduction':
      return 'introduction';
    case 'nudge':
      return 'nudge';
    case 'follow-up':
      return 'follow-up';
    case 'reminder':
    case 'still-want':
      return 'reminder';
    default:
      return null;
  }
}

const MARKING = /^[^\S\n]*(?:official(?:[- ]sensitive)?|unclassified|not protectively marked|protect|restricted|sensitive|secret)[^\S\n]*$/i;

/** The reply without lines that are only a classification marking. At most one pass over its lines. */
function withoutMarkings(reply: string): string {
  if (!/official|classified|protect|restricted|sensitive|secret/i.test(reply)) return reply;
  return reply
    .split('\n')
    .filter((line) => !MARKING.test(line))
    .join('\n')
    .trim();
}

const TYPED_LABEL = /^[ \t]*(?:name|phone|mobile|organi[sz]ation)[ \t]*:/im;
/**
 * Lines typed between the lines of a ">"-quoted mail: not quoted themselves, with a quoted line before and
 * after, and not a quote's header ("On … wrote:"). At most the quote's first 120 lines.
 */
function typedBetweenQuotes(quoted: string | null, fromName: string | null): string | null {
  if (!quoted) return null;
  const lines = quoted.split('\n').slice(0, 120);
  const isQuoted = (l: string) => /^\s*>/.test(l);
  const lastQuoted = lines.map(isQuoted).lastIndexOf(true);
  const typed: string[] = [];
  // Outlook marks a comment typed into the quoted mail with the writer's name in brackets, with or without
  // quote marks round the rest: those lines are theirs.
  for (const line of lines) {
    const comment = commentBy(line, fromName);
    if (comment !== null) typed.push(comment);
  }
  let seenQuote = false;
  // The last quoted line with words: a line typed under one of our options that points to it ("Yes!! this
  // one" under "MET: you talked") is that option chosen.
  let above = '';
  for (let i = 0; i < lastQuoted; i++) {
    const line = lines[i]!;
    if (isQuoted(line)) {
      seenQuote = true;
      const words = line.replace(/^[\s>]+/, '');
      if (words.trim() !== '') above = words;
    } else if (seenQuote && line.trim() !== '' && !/\bwrote:\s*$|^-{2,}|^(?:from|sent|to|subject):/i.test(line.trim())) {
      const option = OPTION_LINE.exec(above)?.[1];
      typed.push(option && POINTS_UP.test(line.trim()) ? `${option.toUpperCase()} ${line.trim()}` : line.trim());
    }
  }
  return typed.length > 0 ? typed.join('\n') : null;
}

/** One of our mails' options at the start of a quoted line: "MET: you talked", "NOT YET: still finding a time". */
const OPTION_LINE = /^(met|not met|booked|not yet|can'?t make it|skip|pause|quiet|resume|stop)\b\s{0,3}[:–-]/i;
/** Words that point to the line above: "this one", "yes, this", "👍", "✔", "x". */
const POINTS_UP = /^(?:yes\b[\s!.,]{0,6})?(?:this|that)(?: one)?\b|^(?:👍|✅|✔️?|☑️?|x\b)|^\^+/iu;
const ANSWERS_BELOW = /\b(?:below|in (?:red|blue|bold|green)|inline|in line|underneath)\b/i;

/**
 * A day and time typed into the quoted mail (not our own example line): at most the quote's first 80
 * lines, each read by bookingTime within its bound.
 */
function timeTypedInQuote(quoted: string, now: Date, zone: string): BookingTime | null {
  for (const raw of quoted.split('\n').slice(0, 80)) {
    const line = raw.replace(/^[>\s]+/, '');
    if (line === '' || /\bfor example\b/i.test(line) || line.length > 200) continue;
    const b = bookingTime(line, now, zone);
    if (b.start) return b;
  }
  return null;
}
