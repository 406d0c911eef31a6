import type { Details } from '../../participants/details.js';
import type { CountryCode } from 'libphonenumber-js';
import { normaliseOrganisation, initialsOf, organisationKeys } from '../../organisations/normalise.js';
import { organisationFromEmail } from '../../organisation.js';
import { bodyOfDomain } from '../../organisations/domain-body.js';
import { bodyWords, findBodies, isBodyInitials, knownBody } from '../../organisations/public-bodies/index.js';
import { readContactCard } from './contact-card.js';
import { findPhones, isUkMobile, normalisePhone, type PhoneCandidate } from './phone.js';
import { commentBy, isSignOffLine } from './patterns.js';
import { ASK_DETAILS } from './asked.js';
import { beforeBracketedInitials, isWelsh, tidyOrganisation, WHOLE_BODY } from './organisation-value.js';
import { bareLabel, classifyLabel, cleanValue, isPlaceholder, labelOnly, lineParts, type LabelKey, type LabelledPart } from './labels.js';
import { bracketed, isKnownAbbreviation, judgeOrganisation, KIND_WITHOUT_NAME, looksLikeJobTitle, looksLikeName, nameCase, NAME_TOKEN, personalDisplayName, withoutBrackets } from './kinds.js';

export { looksLikeName, personalDisplayName } from './kinds.js';

/** The details a reply gives: the same shape as a participant's details (phone in E.164). */
export type Fields = Details;

/** What the organiser's invitation list already says about the sender: a prior, never an answer. */
export interface Known {
  name?: string | null;
  organisation?: string | null;
}

export interface FieldsInput {
  reply: string;
  signature: string | null;
  quoted: string | null;
  fromName: string | null;
  fromEmail: string | null;
  /**
   * The whole body as received. Needed for answers typed under the
   * invitation's quoted "> Name:" lines, which quote stripping removes.
   */
  fullText?: string | null;
  defaultCountry?: CountryCode;
  known?: Known | null;
  /** Alt texts of the HTML body's images: a logo may be the only place the organisation is named. */
  imageTexts?: string[];
  /** A contact card they attached (vCard text): details shared as a card, weighed as a signature's labelled lines. */
  contactCard?: string | null;
}

/**
 * Where a candidate value was found. The order is the strength of the evidence: a value the person put
 * after a label in what they wrote beats one in a sentence, which beats one in the signature block, which
 * beats their From display name.
 */
export type Source = 'labelled' | 'answered-form' | 'sentence' | 'body' | 'signature-labelled' | 'signature' | 'display-name' | 'address';

const BASE: Record<Source, number> = {
  labelled: 100,
  'answered-form': 95,
  sentence: 80,
  body: 60,
  'signature-labelled': 58,
  signature: 45,
  'display-name': 40,
  // The body the address's domain names (domain-body.ts): chosen only when nothing they wrote names one
  // that is as strong, and agreeing with what they wrote, it adds weight to it.
  address: 50,
};

type Field = 'name' | 'phone' | 'organisation' | 'googleId' | 'skypeId' | 'teams' | 'topics';

export interface Candidate {
  field: Field;
  value: string;
  source: Source;
  score: number;
  /** Position in reading order: the earlier of two equal candidates wins. */
  order: number;
}

export interface FieldsReading {
  fields: Fields;
  /** Every candidate considered, best first per field: what `parse-reply` shows as its reasoning. */
  candidates: Candidate[];
  /** The name, phone or organisation came from a label or an answered form line: the person gave details. */
  labelledDetails: boolean;
  /** The reply without a signature left in it (the lines after its last sign-off): what they wrote. */
  own: string;
}

/** Least score a candidate needs to be chosen. */
const THRESHOLD: Record<Field, number> = { name: 40, phone: 40, organisation: 50, googleId: 40, skypeId: 40, teams: 40, topics: 40 };
/** How much agreeing with the organiser's list is worth: more than the gap between two sources. */
const KNOWN_BONUS = 30;
/** Sources where the person states the value in answer to the question: the prior never outweighs them. */
const STATED = new Set<Source>(['labelled', 'answered-form']);

export function extractFields(input: FieldsInput): Fields {
  return readFields(input).fields;
}

/**
 * An address as dictation writes it, "daniel dot okoro at justice dot gov dot uk", as it is typed:
 * "daniel.okoro@justice.gov.uk"; only one whose last part ends a domain ("uk", "com", "net", …). And an "@"
 * between spaces ("housing officer @ Hackney") is "at". Cost: per line holding " at " and " dot ", one walk
 * over its words, each looked at a bounded number of times.
 */
function spokenAddresses(text: string): string {
  return text
    .split('\n')
    .map((line) => (/ at /i.test(line) && / dot /i.test(line) ? spokenInLine(line) : line))
    .join('\n')
    .replace(/ @ (?=\p{Lu})/gu, ' at ');
}
function spokenInLine(line: string): string {
  const words = line.split(' ');
  const out: string[] = [];
  let i = 0;
  while (i < words.length) {
    // At words[i], a run "a dot b … at c dot d": the user's parts, "at", then the domain's.
    const user = dottedRun(words, i);
    const at = user.end;
    const domain = words[at]?.toLowerCase() === 'at' ? dottedRun(words, at + 1) : null;
    if (user.parts.length > 0 && user.trail === '' && domain && domain.parts.length >= 2 && TOP_LEVEL.test(domain.parts.at(-1)!)) {
      out.push(`${user.parts.join('.')}@${domain.parts.join('.')}${domain.trail}`);
      i = domain.end;
    } else {
      out.push(words[i]!);
      i++;
    }
  }
  return out.join(' ');
}
/** Words from `from` that read "x dot y dot z" (at most five parts), and where the run ends. */
function dottedRun(words: string[], from: number): { parts: string[]; end: number; trail: string } {
  const parts: string[] = [];
  let k = from;
  let trail = '';
  while (k < words.length && parts.length < 5) {
    const m = /^([a-z0-9][a-z0-9_-]{0,40})([.,;:!?)]*)$/i.exec(words[k]!);
    if (!m) break;
    parts.push(m[1]!);
    trail = m[2]!;
    k++;
    if (trail !== '' || words[k]?.toLowerCase() !== 'dot') break;
    k++;
  }
  return { parts, end: k, trail };
}
const TOP_LEVEL = /^(?:uk|com|net|org|scot|wales|cymru)$/i;

/** Collects every candidate for every field, then chooses each field by its evidence. */
export function readFields(input: FieldsInput): FieldsReading {
  const country = input.defaultCountry ?? 'GB';
  const c = new Collector(country, input.fromEmail);
  const reply = spokenAddresses(input.reply ?? '');
  // A signature the splitter left in the reply (a sign-off it does not know, a block it did not expect)
  // is still read as one: the lines after the last sign-off.
  const left = input.signature === null || input.signature === undefined ? trailingBlock(reply) : null;
  const signature = input.signature ?? left ?? '';
  // What the person wrote is read as theirs; a signature left in the reply is read as a signature.
  const own = left !== null ? reply.slice(0, reply.length - left.length) : reply;

  c.detailLines(c.fromLines(own.split('\n'), 'labelled', 'body'));
  const numbered = numberedAnswers(own, country);
  if (numbered) c.fromLines(numbered, 'labelled', 'body');
  if (input.fullText) c.answeredForm(input.fullText);
  // "a couple of corrections in the details below, marked [IM]": their lines in the quoted mail, by the mark
  // they name. At most MAX_MARKED_LINES lines are read.
  const mark = MARKED_AS.exec(own.slice(0, 2000))?.[1];
  if (mark && input.fullText) {
    const theirs = input.fullText.split('\n').map((l) => l.replace(/^[\s>]*/, '')).filter((l) => l.startsWith(mark)).slice(0, MAX_MARKED_LINES).map((l) => l.slice(mark.length).trim());
    c.detailLines(c.fromLines(theirs, 'labelled', 'body'));
    c.sentences(theirs.join('\n'));
  }
  // "Answers below", in what they wrote above their signature (a long bilingual one does not hide it).
  if (input.quoted && (answersBelow(reply) || answersBelow(own))) c.fromQuotedForm(input.quoted, input.fromName ?? null);
  // A signature the splitter left in the reply is a signature here too: "Consultant in Public Health" is
  // a job title, not a sentence saying where they work.
  c.sentences(own);
  c.quotedOrganisation(own);
  c.fromLines(signature.split('\n'), 'signature-labelled', 'signature');
  c.signatureBlock(signature);
  c.displayName(input.fromName);
  c.logosAndDisclaimers(input.imageTexts ?? [], input.fullText ?? '');
  c.lowerCaseName(own, input.fromName ?? null, input.fromEmail ?? null);
  if (input.contactCard) c.fromContactCard(input.contactCard);
  c.knownBodies(own, 'body');
  c.knownBodies(signature, 'signature');
  // The body their address names, for someone who wrote their name and number but not where they work.
  // Not for a yes with a number under the name their mail program shows, nor a bare "yes please": we ask
  // them for what is missing anyway, and how writers read those is split.
  const wrote = (field: Field) => c.candidates.some((x) => x.field === field && x.source !== 'display-name' && x.source !== 'address');
  if (wrote('phone') && wrote('name')) c.add('organisation', bodyOfDomain(input.fromEmail), 'address');

  const ranked = c.rank(input.known ?? null);
  const best = (field: Field): Candidate | null => ranked.find((x) => x.field === field && x.score >= THRESHOLD[field]) ?? null;
  const name = chooseName(ranked);
  // The number to call them on: a mobile they give in what they wrote (not only in a signature) before a
  // desk line, however it is labelled ("Tel: 01632 …" in a signature the splitter left in the reply).
  const firstPhone = best('phone');
  // And a mobile anywhere they gave it before a number they label as a desk line ("Desk: 0113 …", "DDI"),
  // or when they say the mobile is the one ("numbers below, mobile is better"): the number to call them on
  // is the one they carry.
  const fromSignature = firstPhone !== null && (firstPhone.source === 'signature' || firstPhone.source === 'signature-labelled');
  const rather = firstPhone !== null && (c.isDeskLine(firstPhone.value) || PREFERS_MOBILE.test(own.slice(0, 4000)));
  const mobile =
    firstPhone && !isUkMobile(firstPhone.value) && (fromSignature || rather)
      ? ranked.find((x) => x.field === 'phone' && isUkMobile(x.value) && (rather ? x.source !== 'display-name' : OWN_WORDS.has(x.source)) && x.score >= THRESHOLD.phone)
      : undefined;
  const phone = mobile ?? firstPhone;
  // "as NHS England rather than NHSE": of two readings of one body, nearly as strong, the name spelt out.
  const organisation = namedForItsKind(spelledOut(best('organisation'), ranked, own), ranked);
  const teams = best('teams');
  const others = [...new Set([...(teams ? [`Teams: ${teams.value}`] : []), ...c.otherParts])];
  const surname = statedSurname(own);
  const fields: Fields = {
    name: name ? withSurname(withoutRank(name.value), surname) : null,
    phone: phone?.value ?? null,
    organisation: organisation ? (c.isVerbatim(organisation.value) ? organisation.value : c.asKnownBody(organisation.value)) : null,
    googleId: best('googleId')?.value ?? null,
    skypeId: best('skypeId')?.value ?? null,
    other: others.length > 0 ? others.join('; ') : null,
    topics: best('topics')?.value ?? null,
  };
  const strong = new Set<Source>(['labelled', 'answered-form']);
  const labelledDetails = [name, phone, organisation].some((x) => x !== null && strong.has(x.source));
  return { fields, candidates: ranked, labelledDetails, own };
}

/**
 * "trading standards at the county council" from kent.gov.uk, "the Combined Authority in Liverpool (LCRCA)":
 * a body's kind without its name is the body of that kind another reading names (their address, initials).
 */
function namedForItsKind(chosen: Candidate | null, ranked: Candidate[]): Candidate | null {
  if (!chosen) return null;
  const at = chosen.value.toLowerCase().lastIndexOf(' at ');
  const kind = (at >= 0 ? chosen.value.slice(at + 4) : chosen.value).trim().replace(/^the\s+/i, '').toLowerCase();
  if (judgeOrganisation(kind).reason !== KIND_WITHOUT_NAME) return chosen;
  const named = ranked.find((x) => {
    if (x.field !== 'organisation' || x === chosen || x.score < 40) return false;
    const body = knownBody(x.value);
    return body !== null && body.rest === '' && body.kind !== 'place' && body.name.toLowerCase().endsWith(` ${kind}`);
  });
  return named ? { ...named, value: knownBody(named.value)!.name, score: chosen.score } : chosen;
}

function spelledOut(chosen: Candidate | null, ranked: Candidate[], written: string): Candidate | null {
  if (!chosen) return null;
  const known = knownBody(chosen.value);
  if (known?.kind !== 'initials' || known.rest !== '') return chosen;
  const lower = written.toLowerCase();
  const full = ranked.find((x) => {
    if (x.field !== 'organisation' || x === chosen || x.score < chosen.score - 10 || !lower.includes(x.value.toLowerCase())) return false;
    const other = knownBody(x.value);
    return other?.name === known.name && other.kind === 'name';
  });
  return full ?? chosen;
}

/**
 * A name without the title or rank in front of it ("DS Niamh Doherty", "Cllr Jo Bloggs", "Dr. Sam Patel"):
 * how a partner greets them is theirs to choose; the scheme introduces the person.
 */
function withoutRank(name: string): string {
  const m = RANK.exec(name);
  return m && name.length > m[0].length ? name.slice(m[0].length) : name;
}

const RANK =
  /^(?:(?:dr|prof|professor|cllr|councillor|mr|mrs|ms|miss|mx|ds|dc|di|dci|dsu|pc|ps|sgt|insp|supt|rev|revd|sir|dame|capt|maj|col|cdr|cpl|lt|brig|gen|adm)\.?|sqn ldr|wg cdr|flt lt|lt col|lt cdr|gp capt|air cdre)(?:\s+\d{2,6})?\s+(?=\p{Lu}\p{Ll})/iu;
// ("Sgt 2147 Nia Evans", "PC 4410 Jo Bell": a rank and a collar number.)

/** The best name; a first name alone gives way to a fuller one from any source that starts with it. */
function chooseName(ranked: Candidate[]): Candidate | null {
  const names = ranked.filter((x) => x.field === 'name' && x.score >= THRESHOLD.name);
  const top = names[0];
  if (!top) return null;
  if (!top.value.includes(' ')) {
    // A first name alone ("Andy" under a sign-off) is not the whole name: a fuller one from any source
    // wins, one that starts with it first ("Jo" and "Jo Bloggs").
    const first = top.value.toLowerCase();
    const startsWith = names.find((x) => x.value.toLowerCase().startsWith(`${first} `));
    // "Imran" signed under a display name "Siddiqui Imran" (surname first, no comma): that name turned round.
    // (Only a name signed: "it's McGlinchey, not McGlinchy" is a surname, said.)
    const turned = startsWith || top.source !== 'signature' ? undefined : names.find((x) => x.source === 'display-name' && x.value.split(' ').length === 2 && x.value.toLowerCase().endsWith(` ${first}`));
    if (turned) return { ...turned, value: `${top.value} ${turned.value.split(' ')[0]}`, score: top.score };
    const fuller = startsWith ?? names.find((x) => x.value.includes(' '));
    // "My name is spelt Siobhán" and "Siobhan Kelly" from the display name: the first name as they spell it.
    if (fuller && plainLetters(fuller.value.split(' ')[0]!) === plainLetters(top.value) && fuller.value.split(' ')[0] !== top.value) {
      return { ...fuller, value: `${top.value} ${fuller.value.split(' ').slice(1).join(' ')}`, score: top.score };
    }
    if (fuller) return { ...fuller, score: top.score };
  }
  return top;
}

const LOWER_NAME_LINE = /^\p{Ll}[\p{Ll}'’-]*(?: \p{Ll}[\p{Ll}'’-]*){1,2}$/u;
const NICKNAME = /^((?:\p{Lu}[\p{L}'’.-]*\s+){1,2})\((\p{Lu}[\p{L}'’-]{1,20})\)\s+(\p{Lu}[\p{L}'’-]*)$/u;

/** A word without case or accents: "Siobhán" and "siobhan" are one. */
export function plainLetters(w: string): string {
  return w.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/** Known initials that are also words in lower case ("nice", "mod", "ico"): only in capitals. */
// (And the gazetteer's four-letter initials that are words: "slam", "gosh", "maps", "sash", "pins", and
// Welsh "coch", red.)
const COMMON_WORDS = new Set(['nice', 'mod', 'cps', 'tpr', 'sps', 'cadw', 'ico', 'ipo', 'gds', 'hse', 'opg', 'nao', 'spa', 'slam', 'gosh', 'maps', 'aria', 'sash', 'pins', 'coch', 'wast']);

const OWN_WORDS = new Set<Source>(['labelled', 'answered-form', 'sentence', 'body']);

/**
 * The lines after the reply's last sign-off line ("Diolch,", "Many thanks"), when a few follow it and
 * they are not answers to the form ("Thanks,\nName: …" is the reply itself).
 */
function trailingBlock(reply: string): string | null {
  const lines = reply.split('\n');
  for (let i = lines.length - 1; i >= 0 && i >= lines.length - 30; i--) {
    if (!isSignOffLine(lines[i]!.trim())) continue;
    if (i >= lines.length - 1) return null;
    return signatureUnlessAnswers(lines.slice(i));
  }
  // No sign-off word, but their first name alone, then a block that starts with it and their surname
  // ("Declan", "", "Declan O'Neill", "Neighbourhood Renewal Officer", …): the block is their signature.
  for (let i = lines.length - 2; i >= 0 && i >= lines.length - 30; i--) {
    const first = lines[i]!.trim();
    if (!/^\p{Lu}[\p{Ll}'’-]{1,19}$/u.test(first)) continue;
    // (At most three blank lines between: the walk over the last 30 lines stays 30 × 4 steps.)
    let j = i + 1;
    while (j < lines.length && j <= i + 3 && lines[j]!.trim() === '') j++;
    // (After a rank and collar number, as a police signature writes it: "PS 4471 Harpreet Kaur".)
    const full = withoutRank(lines[j]?.trim() ?? '');
    if (j >= lines.length - 1 || !full.startsWith(`${first} `) || !looksLikeName(full.split(/[|,(]/)[0]!.trim(), 2)) continue;
    return signatureUnlessAnswers(lines.slice(j));
  }
  // No sign-off word, but a signature's first line: "Nasreen Begum | Neighbourhoods Officer | Manchester
  // City Council", a name and a job title in one line, near the end.
  for (let i = lines.length - 1; i >= 0 && i >= lines.length - 8; i--) {
    const line = lines[i]!.trim();
    const parts = line.split(SIGNATURE_PARTS);
    // Not the first line: a reply that is only a signature is read as one elsewhere (signatureOnly). Nor a
    // line of prose that names them first ("Tom Achebe, emergency care assistant, London Ambulance Service.
    // 07700 900 391. Would be good to chat to someone outside the NHS"): a signature's line is short.
    if (i === 0 || line.length > MAX_SIGNATURE_LINE || parts.length < 2 || !looksLikeName(parts[0]!, 2) || !parts.slice(1).some((part) => looksLikeJobTitle(part))) continue;
    return signatureUnlessAnswers(lines.slice(i));
  }
  return null;
}

/**
 * A block of lines as a signature, unless it holds answers to the form ("Thanks,\nName: …" is the reply
 * itself; "Enw / Name: …" and "Sefydliad / Organisation: …" too, a label as the labels are read).
 */
function signatureUnlessAnswers(block: string[]): string | null {
  const answers = block.some((l) => FORM_LINE.test(l) || (l.length <= 200 && lineParts(l).parts.some((p) => p.key === 'name' || p.key === 'organisation')));
  return answers ? null : block.join('\n');
}

const MAX_SIGNATURE_LINE = 120;
const FORM_LINE = /^[^\S\n]*(?:name|full name|organi[sz]ation|org)[^\S\n]*[:=-]/i;


/** "See below", "answers in red": the person typed into the quoted invitation. */
function answersBelow(reply: string): boolean {
  // Said at the top, before a signature however long ("I've put my details in blue against your list
  // below" above a bilingual block): only quoted lines of our own form are read for it (fromQuotedForm).
  return /\b(?:below|in (?:red|blue|bold|green)|inline|in line|underneath)\b/i.test(reply.slice(0, 300));
}

const TIDY_END = /(?<![.,!;])[.,!;]+$/;
/** The line after a job title in a signature is where the organisation usually is. */
const AFTER_TITLE = 30;
const MAX_LOOSE_ORGANISATION_WORDS = 9;
/** A piece that starts like a sentence about oneself is not the name of a body. */
const SPEAKER = /^(?:i|i'm|i’m|im|we|we're|my|our|you|it|it's|this|that|there|could|can|would|please|pls|make)\b/i;

/** A name, and nothing that names a body, a team, a job or a place ("Labour Market Division"). */
function couldBeName(s: string, minWords = 1): boolean {
  return looksLikeName(s, minWords) && judgeOrganisation(s).score === 0 && judgeOrganisation(s).reason === 'nothing either way';
}

class Collector {
  readonly candidates: Candidate[] = [];
  readonly otherParts: string[] = [];
  /** Numbers given as a fax or switchboard: never the person's phone, wherever else they appear. */
  private readonly notPhones = new Set<string>();
  /** Numbers given after a desk line's label ("Desk:", "Direct line", "DDI", "Landline", "Office"). */
  private readonly deskLines = new Set<string>();
  /** Organisations they asked to be written word for word. */
  private readonly verbatim = new Set<string>();
  /** The words of each body the gazetteer found by name in the reply. */
  private readonly bodies: string[][] = [];
  private order = 0;

  constructor(
    private readonly country: CountryCode,
    private readonly fromEmail: string | null,
  ) {}

  /** The platform the last line read for ids named, for an address given lines later ("my new one is …"). */
  private lastPlatform: 'google' | 'skype' | 'teams' | null = null;

  add(field: Field, value: string | null, source: Source, adjust = 0): void {
    if (value === null) return;
    const v = value.replace(/\s+/g, ' ').trim();
    if (v === '' || isPlaceholder(v)) return;
    this.candidates.push({ field, value: v, source, score: BASE[source] + adjust, order: this.order++ });
  }

  /**
   * Lines of what the person wrote (or of their signature): labelled parts, and the text around them.
   * Returns the short lines with no label, for detailLines.
   */
  fromLines(lines: string[], labelled: Source, loose: Source): string[] {
    const unlabelled: string[] = [];
    // A label on a line of its own without a colon ("Teams", then "ewan.fraser@dft.gov.uk" under it).
    let pending: { key: LabelKey; label: string } | null = null;
    for (const [i, line] of lines.entries()) {
      if (line.trim() === '') continue;
      const { before, parts, rest } = lineParts(line);
      const under = pending;
      pending = null;
      if (under && parts.length === 0) {
        const part: LabelledPart = { key: under.key, label: under.label, value: line.trim() };
        const id = under.key === 'teams' || under.key === 'skypeId' || under.key === 'googleId' || under.key === 'anyId';
        // An id under its word: an address, or for Skype a handle with a dot, digit or underscore in it.
        const v = part.value;
        const idLike = /^live:\S+$/.test(v) || (/^[^\s@]+@[^\s@]+$/.test(v) && v.slice(v.indexOf('@')).includes('.')) || (under.key === 'skypeId' && /^(?=[\w.-]*[\d._-])[a-z][\w.-]{4,31}$/i.test(part.value));
        if (id ? idLike : this.looksLike(part)) {
          this.part(part, labelled);
          continue;
        }
      }
      if (parts.length === 0 && /^\p{L}[\p{L} ]{1,28}$/u.test(line.trim())) {
        const key = classifyLabel(line.trim(), 3);
        if (key && key !== 'ignored' && key !== 'notPhone' && key !== 'otherId' && key !== 'topics') pending = { key, label: line.trim() };
      }
      // A client that wraps at about 72 characters can part "I'm on Teams as" from the address on the next
      // line: a long line that stops mid-sentence is read for ids once more with the line after it.
      const next = lines[i + 1]?.trim();
      if (parts.length === 0 && next && line.length >= 50 && line.length <= MAX_SENTENCE_CHARS && !/[.!?:;]\s*$/.test(line)) {
        this.platformIds(`${line.trim()} ${next}`);
      }
      if (parts.length === 0 && line.trim().length <= 80) unlabelled.push(line.trim());
      const leftovers = parts.map((part) => this.part(part, labelled)).filter((x): x is string => x !== null);
      if (parts.length === 0) {
        const bare = bareLabel(line);
        if (bare && this.looksLike(bare)) {
          this.part(bare, labelled);
          continue;
        }
      }
      for (const text of parts.length === 0 ? [line] : [before, ...rest, ...leftovers]) {
        if (text.trim() === '') continue;
        if (loose === 'body') this.looseBody(text);
        this.phonesIn(text, loose, parts.length > 0 ? null : line);
        this.platformIds(text);
      }
    }
    return unlabelled;
  }

  /**
   * One labelled part: its value goes to the field its label asks for. Returns what of the value is not
   * that field ("jo.bloggs – or ring my mobile, 07700 900845" after "Skype:"), to be read as loose text.
   */
  part(part: LabelledPart, source: Source): string | null {
    const value = part.value;
    if (value === '') return null;
    // "Skype - dont have it. Teams ok on this address": no answer, then a sentence of its own, read as loose text.
    if (isPlaceholder(value)) {
      const stop = value.search(/[.;!]\s/);
      return stop >= 0 && value.length <= 300 ? value.slice(stop + 2).trim() || null : null;
    }
    // "Google Meet: this gmail address is fine, or Teams on my work email jo@…": after the label's own
    // platform, another one named with its id; each is read as its own.
    if (part.key === 'googleId' || part.key === 'skypeId' || part.key === 'teams') {
      const other = ANOTHER_PLATFORM.exec(value);
      const key = other ? PLATFORM_KEYS[other[1]!.toLowerCase().split(/\s+/).pop()!] : undefined;
      if (other && other.index > 0 && key !== undefined && key !== part.key) {
        const rest = this.part({ ...part, value: value.slice(0, other.index) }, source);
        this.anyId(value.slice(other.index + other[0].length - other[1]!.length), source);
        return rest;
      }
    }
    switch (part.key) {
      case 'name': {
        // "Name: Jo Bloggs, Leeds City Council": the name is before the comma, unless it is "Bloggs, Jo".
        const comma = value.indexOf(',');
        const turned = comma > 0 && /^[\p{L}'’-]+,\s*[\p{L}'’.-]+$/u.test(value);
        const name = asName(comma > 0 && !turned ? value.slice(0, comma) : value);
        if (name) this.add('name', name, source, looksLikeName(name, 2) ? 0 : -5);
        return comma > 0 && !turned ? value.slice(comma + 1) : null;
      }
      case 'organisation': {
        // "Ministry of Defence (Defence Equipment & Support, Abbey Wood)": what is in brackets is where in
        // the body, and its commas do not split the name.
        const head = beforeBracketedInitials(value);
        const outside = withoutBrackets(head).trim();
        const named = outside !== '' && outside !== value ? outside : value;
        // "NHS England, Leeds office": the body, not where in it. "Ministry of Housing, Communities and
        // Local Government" is one name.
        const listed = commaNames(named.split(','));
        // "Children's Services, Notts County Council", "Scottish Government - Directorate for …", "Regeneration
        // at Belfast City Council": a piece that names a body is the organisation; the rest is the team.
        const pieces = named.split(ORGANISATION_PARTS).map((p) => p.trim()).filter(Boolean);
        const strongest = pieces.length > 1 ? pieces.reduce((a, b) => (judgeOrganisation(b).score > judgeOrganisation(a).score ? b : a)) : null;
        const whole = listed[0] ?? (strongest && judgeOrganisation(strongest).score >= 40 ? strongest : named);
        const org = tidyOrganisation(whole);
        const judged = org ? judgeOrganisation(org) : null;
        // A number or an address after "Organisation:" is not one: read it as loose text.
        if (!org || !judged || judged.score <= -100) return value;
        this.add('organisation', org, source, judged.score / 10);
        return whole === value || whole === named ? null : value.replace(whole, ' ');
      }
      case 'mobile':
      case 'phone': {
        this.labelledPhone(value, source, part.key === 'mobile', part.label);
        if (part.key === 'phone' && DESK_LABEL.test(part.label) && !PREFERRED_NUMBER.test(part.label)) for (const p of findPhones(value, this.country)) this.deskLines.add(p.e164);
        // "07700 900319, and Google Meet on this address works", "07700 900 547. And my Teams is now …":
        // what follows the number, after a comma or a sentence's end, is loose text.
        const after = /[,;]|\.\s+(?=\p{Lu})/u.exec(value);
        return after && after.index > 0 ? value.slice(after.index + after[0].length) : null;
      }
      case 'notPhone':
        for (const p of findPhones(value, this.country)) this.notPhones.add(p.e164);
        break;
      case 'googleId':
      case 'skypeId': {
        // "Skype is live:callum.strachan_1": the colon of a Skype id's "live:" read as a label's.
        const [id, rest] = this.idIn(part.key, part.key === 'skypeId' && /\blive$/i.test(part.label) && /^[\w.-]/.test(value) ? `live:${value}` : value);
        this.add(part.key, id, source);
        return rest;
      }
      case 'teams': {
        const teams = this.teamsValue(value);
        this.add('teams', teams, source);
        return teams && teams !== value ? value.replace(teams, ' ') : null;
      }
      case 'anyId':
        this.anyId(value, source);
        break;
      case 'otherId':
        this.otherParts.push(`${platformName(part.label)}: ${value}`);
        break;
      case 'topics':
        this.add('topics', value, source);
        break;
      case 'ignored':
        // "Job title: Policy Officer, Leeds City Council": not a field of ours, but it may hold one. The
        // label stays in front, so "Ref: 123456789" is still a reference, not a phone.
        return `${part.label}: ${value}`;
    }
    return null;
  }

  /**
   * "Could you change my organisation so it reads "Leeds City Council - Children and Families"?": the
   * organisation as they ask it to be written, word for word. One bounded pattern over the first 4,000
   * characters.
   */
  quotedOrganisation(own: string): void {
    const m = QUOTED_ORGANISATION.exec(own.slice(0, 4000));
    const value = m?.[1]?.trim();
    if (!value || judgeOrganisation(value).score < 0) return;
    // What they ask for in so many words outweighs what their signature says.
    this.add('organisation', value, 'labelled', 40);
    this.verbatim.add(value);
  }

  /** Whether the organisation is to be written exactly as they asked. */
  isVerbatim(value: string): boolean {
    return this.verbatim.has(value);
  }

  /** Whether the number was given after a desk line's label. */
  isDeskLine(e164: string): boolean {
    return this.deskLines.has(e164);
  }

  /** A value after a bare label word is kept only when it looks like what the word asks for. */
  private looksLike(part: LabelledPart): boolean {
    if (part.key === 'name') return couldBeName(nameCase(withoutBrackets(part.value).trim()), 2);
    if (part.key === 'phone' || part.key === 'mobile') return findPhones(part.value, this.country).length > 0;
    if (part.key === 'organisation') return judgeOrganisation(tidyOrganisation(part.value) ?? '').score > 0;
    return false;
  }

  private labelledPhone(value: string, source: Source, mobile: boolean, label = ''): void {
    const direct = normalisePhone(value.replace(/[^\d+()\s.\-x]/gi, ' ').trim(), this.country);
    if (direct) {
      // "Best on my desk phone: 01632 …", "Mobile: 07700 … (rarely on)": what they say of the one number.
      const said = (PREFERRED_NUMBER.test(label) ? 6 : 0) - (AVOIDED_NUMBER.test(value) ? 6 : 0);
      this.add('phone', direct, source, (mobile || /^\+447/.test(direct) ? 5 : 0) + said);
      return;
    }
    // Two numbers after one label: the words around each say which to use ("07700 900158 (personal mobile
    // is fine; my job phone is 07700 900159 but it's often switched off)"). The words are those between
    // the number and its neighbours, at most WORDS_AROUND characters each way.
    const found = findPhones(value, this.country);
    found.forEach((p, k) => {
      const from = k > 0 ? found[k - 1]!.index : 0;
      const to = k + 1 < found.length ? found[k + 1]!.index : value.length;
      const lead = value.slice(Math.max(from, p.index - WORDS_AROUND), p.index);
      // Before the number, only its own clause: "…is fine, my job phone is" is the job phone's "my job phone is",
      // and "…it's off on my days off so I'd rather you use my own one" is the second number's "I'd rather…".
      const clause = lead.slice(Math.max(lead.lastIndexOf(','), lead.lastIndexOf(';'), lead.lastIndexOf('('), lead.lastIndexOf(' so ') + 3) + 1);
      // After it, its words up to the next clause of its own ("; …", "… so I'd rather…"): a "but …" after
      // a number is said of it ("07700 900159 but it's often switched off").
      const tail = value.slice(p.index, Math.min(to, p.index + 20 + WORDS_AROUND));
      const own = tail.slice(0, Math.min(...[tail.indexOf(';'), tail.indexOf(' so ')].filter((x) => x >= 0), tail.length));
      const around = `${k > 0 ? clause : lead} ${own}`;
      const said = found.length > 1 ? (PREFERRED_NUMBER.test(around.replace(YOUR_CHOICE, ' ')) ? 6 : 0) - (AVOIDED_NUMBER.test(around) ? 6 : 0) : 0;
      this.add('phone', p.e164, source, (mobile || p.mobile ? 5 : 0) + said);
    });
  }

  /** "Google, Skype or Teams ID": the value says which. */
  private anyId(value: string, source: Source): void {
    // "no Teams I'm afraid, but Google Meet on this address is fine": platforms weighed in a sentence, as
    // the sentence rules weigh them.
    if ((value.match(PLATFORM_WORD) ?? []).length >= 2 && /\b(?:but|not|no|don'?t|can'?t)\b/i.test(value)) {
      this.platformIds(value);
      return;
    }
    for (const piece of value.split(/(?<!\s)\s*[;/]\s*|(?<!\s)\s+(?:or|and)\s+/)) {
      const v = cleanValue(piece);
      if (v === '' || isPlaceholder(v)) continue;
      // "Skype is tnowak.shef", "Skype name: …", "Teams on jo@…": the platform, then the id.
      const platform = /^(google|gmail|skype|teams|ms teams|microsoft teams)(?:\s+(?:id|name|address|handle))?(?:\s*[:\-–,=]|\s+(?:is|on|at))?\s*/i.exec(v);
      // "jo@x.gov.uk (Teams)", "jo@x.gov.uk works for Google Meet": the platform named after the id.
      const named = platform ? null : /\b(google|gmail|meet|skype|teams)\b/i.exec(v);
      const id = named ? (EMAIL_ONE.exec(v)?.[0] ?? LIVE_ONE.exec(v)?.[0] ?? (THIS_ADDRESS.test(v) || THIS_ONE.test(v) ? v : v.split(/\s+/)[0]!)) : null;
      // Trailing commas dropped by a walk from the end: a pattern anchored at the end would be re-tried from each.
      const raw = platform ? v.slice(platform[0].length) : (id ?? v);
      let cut = raw.length;
      while (cut > 0 && (raw[cut - 1] === ',' || raw[cut - 1] === ';')) cut--;
      const bare = raw.slice(0, cut);
      const said = (platform?.[1] ?? named?.[1] ?? '').toLowerCase().replace(/^meet$/, 'google');
      // "Google, Skype or Teams ID: Teams": only the platform is named, so it is the one on the address they
      // write from, when that address can be one (a work address for Teams, a Gmail one for Google).
      if (platform && bare === '' && this.fromEmail) {
        if (said.includes('teams') && organisationFromEmail(this.fromEmail)) this.add('teams', this.fromEmail, source, -5);
        else if ((said === 'google' || said === 'gmail') && /@(?:gmail|googlemail)\.com$/i.test(this.fromEmail)) this.add('googleId', this.fromEmail, source, -5);
        continue;
      }
      // "Google, Skype or Teams ID:" answered "this address": the one they write from, for the platform it
      // can be (a Gmail address for Google, a work address for Teams).
      if (!said && this.fromEmail && (THIS_ADDRESS.test(bare) || THIS_ONE.test(bare) || SAME_AS_THIS.test(bare))) {
        if (/@(?:gmail|googlemail)\.com$/i.test(this.fromEmail)) this.add('googleId', this.fromEmail, source, -5);
        else if (organisationFromEmail(this.fromEmail)) this.add('teams', this.fromEmail, source, -5);
        continue;
      }
      if (said === 'skype' || (!said && /^live:/i.test(bare)) || (!said && /^[a-z][\w.,-]{5,31}$/i.test(bare) && !bare.includes('@'))) this.add('skypeId', this.idIn('skypeId', bare)[0], source);
      else if (said === 'google' || said === 'gmail' || (!said && /@(?:gmail|googlemail)\.com$/i.test(bare))) this.add('googleId', this.idIn('googleId', bare)[0], source);
      else if (said.includes('teams') || (!said && bare.includes('@'))) this.add('teams', this.teamsValue(bare), source, said ? 0 : -10);
      else this.otherParts.push(v);
    }
  }

  /**
   * The id in a value and what is left of it: a Google ID is an address ("on this address" is the
   * sender's), a Skype name one word.
   */
  private idIn(key: 'googleId' | 'skypeId', value: string): [string | null, string | null] {
    const address = EMAIL_ONE.exec(value)?.[0] ?? null;
    if (key === 'googleId') {
      if (address) return [address.replace(/\.$/, ''), value.replace(address, ' ')];
      // "Google ID - this one, fine for Meet", "this gmail for Google Meet is fine": the address they write from.
      return [THIS_ADDRESS.test(value) || THIS_ONE.test(value) ? this.fromEmail : null, null];
    }
    const [id, rest] = firstId(value);
    return id && !SKYPE_NOT_ID.test(id) ? [id, rest] : [THIS_ADDRESS.test(value) ? this.fromEmail : null, null];
  }

  private teamsValue(value: string): string | null {
    const v = trimChars(value, '()[]');
    if (/\bsame\b.{0,30}\b(?:e-?mail|address)\b/i.test(v) || /^(?:my |this )?(?:work )?e-?mail(?: address)?$/i.test(v) || THIS_ADDRESS.test(v) || THIS_ONE.test(v) || SAME_AS_THIS.test(v) || /^(?:as|see|use)\s+(?:my\s+|this\s+|the\s+)?(?:e-?mail|address|above)\b/i.test(v)) {
      return EMAIL_ONE.exec(v)?.[0] ?? this.fromEmail;
    }
    const address = EMAIL_ONE.exec(value)?.[0];
    if (address) return address;
    // "Teams: please", "Teams is fine": a Teams ID is an address, so a yes to Teams is the work address
    // they write from; from a personal address it says nothing we could call them on.
    if (TEAMS_YES.test(v)) return this.fromEmail && organisationFromEmail(this.fromEmail) ? this.fromEmail : null;
    // Without an address, only the name they are found by in Teams ("Amira Haddad (Cabinet Office)"); a
    // sentence ("haven't got it on my personal", "blocks external on our build") is no way to reach them.
    return TEAMS_DISPLAY_NAME.test(value.trim()) ? value.trim() : null;
  }

  /**
   * Answers typed under the quoted form lines of an invitation ("> Name:", then "Amina Yusuf"), or typed
   * onto them ("> Phone: 07700 900123"). Only a quoted block that is a form counts: one with a label left
   * unanswered, so that the details quoted from an introduction ("> Phone: +44…" of the other person)
   * are never taken as the sender's.
   */
  answeredForm(fullText: string): void {
    const lines = fullText.split('\n');
    // Only the mail replied to (quoted once) can be the form they answered: a form quoted twice or more is
    // an earlier round of the thread ("> > Name:" of the invitation under their old join and our welcome).
    // A client that quotes without marks (Samsung's and Outlook's "-------- Original message --------",
    // "From: Unmentoring <…>"): the lines after our mail's header are quoted once, as if marked.
    const unmarkedFrom = lines.findIndex((line) => UNMARKED_QUOTE_HEADER.test(line.trim()));
    const quotedInner = lines.map((line, k) => (quoteDepth(line) > 1 ? DEEPER_QUOTE : (quotedText(line) ?? (unmarkedFrom >= 0 && k > unmarkedFrom ? line.trim() : null))));
    // Per quoted block: whether it has a label with no answer on it (a form as sent), and whether it is an
    // invitation (only there can a quoted label with a value on it be the sender's own answer).
    const blockIsForm = new Array<boolean>(lines.length).fill(false);
    const blockInvites = new Array<boolean>(lines.length).fill(false);
    for (let i = 0; i < lines.length; ) {
      if (quotedInner[i] === null) {
        i++;
        continue;
      }
      let j = i;
      let empty = 0;
      let invites = false;
      while (j < lines.length && quotedInner[j] !== null) {
        const only = labelOnly(quotedInner[j]!);
        if (only && only.key !== 'ignored' && only.key !== 'notPhone') empty++;
        if (INVITATION_CUE.test(quotedInner[j]!)) invites = true;
        j++;
      }
      for (let k = i; k < j; k++) {
        blockIsForm[k] = empty > 0;
        blockInvites[k] = invites;
      }
      i = j;
    }
    // The form's lines copied above the quoted invitation and filled in there, quote marks and all ("> Name:
    // Amira Haddad" above "On … wrote:" and the invitation's empty "> Name:"): our invitation has no values
    // on its form lines, so these are theirs.
    const copiedAbove = new Array<boolean>(lines.length).fill(false);
    const firstForm = lines.findIndex((_, k) => blockIsForm[k] && blockInvites[k]);
    if (firstForm > 0) {
      for (let k = 0; k < firstForm; k++) {
        if (quotedInner[k] === null || quotedInner[k] === undefined || quotedInner[k] === DEEPER_QUOTE) continue;
        const keys = lineParts(quotedInner[k]!).parts.map((p) => p.key);
        if (keys.some((key) => key === 'name' || key === 'phone' || key === 'organisation')) copiedAbove[k] = true;
      }
    }
    for (let i = 0; i < lines.length; i++) {
      const inner = quotedInner[i];
      if ((inner !== null && inner !== undefined && copiedAbove[i]) && !blockIsForm[i]) {
        for (const part of lineParts(inner).parts) this.part(part, 'answered-form');
        continue;
      }
      if (inner === null || inner === undefined || !blockIsForm[i]) continue;
      const only = labelOnly(inner);
      if (only) {
        // The answer: the next non-blank unquoted line, before the next quoted line with words on it.
        for (let j = i + 1; j < Math.min(lines.length, i + 4); j++) {
          const next = quotedInner[j];
          if (next !== null && next !== undefined) {
            if (next.trim() === '') continue;
            break;
          }
          const answer = lines[j]!.trim();
          if (answer === '') continue;
          const own = lineParts(answer);
          // "Teams: h.curtis@ukhsa.gov.uk" typed under "> Google, Skype or Teams ID:": its own label says
          // which it is (and when it is in the reply as well, the two agree).
          if (own.parts.length === 0) this.part({ key: only.key, label: only.label, value: cleanValue(answer) }, 'answered-form');
          else for (const part of own.parts) this.part(part, 'answered-form');
          break;
        }
        continue;
      }
      if (blockInvites[i]) for (const part of lineParts(inner).parts) this.part(part, 'answered-form');
    }
  }

  /** "Details below": the labelled lines of the quoted invitation, answered in it. */
  fromQuotedForm(quoted: string, fromName: string | null): void {
    const lines = quoted.split('\n').slice(0, 80);
    // Only the invitation, or our mail asking for a missing detail, is a form to fill in: never the details
    // of someone else quoted from another mail.
    if (!lines.some((l) => INVITATION_CUE.test(l) || ASK_DETAILS.test(l))) return;
    let asked: { key: LabelKey; label: string } | null = null;
    for (const raw of lines) {
      const line = raw.replace(/^[\s>]+/, '');
      // "Phone:" on our form's line, then "[Okonjo, Adaeze] 07700 900745": Outlook's mark on what they typed
      // under it.
      const marked = commentBy(line, fromName);
      if (marked !== null && asked) {
        this.part({ key: asked.key, label: asked.label, value: cleanValue(marked) }, 'answered-form');
        asked = null;
        continue;
      }
      if (line.trim() !== '') asked = labelOnly(line);
      for (const part of lineParts(line).parts) this.part(part, 'answered-form');
    }
  }

  /** Sentences: "I'm Jo Bloggs", "I work at HMRC", "from the Ministry of Justice". */
  sentences(reply: string): void {
    const stated = statedNames(reply);
    // "It's Stockport Homes Group officially": a body, not a name.
    for (const name of stated) if (judgeOrganisation(name).reason === 'nothing either way') this.add('name', name, 'sentence');
    for (const phrase of phrasesAfterPrepositions(reply)) {
      // "the Ministry of Housing, Communities & Local Government": a name with commas runs on past the first.
      const after = reply.slice(phrase.end, phrase.end + MAX_PHRASE_CHARS);
      const joined = after.startsWith(',') ? commaNames([phrase.text, ...after.slice(1).split(/[.;!?\n(]/)[0]!.split(',')]).at(-1) : undefined;
      const org = tidyOrganisation((joined ?? phrase.text).replace(/^the\s+/i, ''));
      // ("NHS Cornwall and Isles of Scilly Integrated Care Board" is nine words.)
      if (!org || org.split(/\s+/).length > 10) continue;
      const placeJudged = judgeOrganisation(org);
      // "housing officer at Hackney", "I'm at Kirklees": after their own job or themselves, the place a
      // council is named for is the council.
      const before40 = reply.slice(Math.max(0, phrase.start - 40), phrase.start);
      const councilOf = placeJudged.reason === 'the place a council is named for' && phrase.capital && phrase.preposition === 'at' && (looksLikeJobTitle(before40.replace(/^.*[,.;:!?(\n-]\s*/s, '').replace(/\s{1,3}at\s{0,3}$/i, '').trim()) || FIRST_PERSON.test(before40.toLowerCase()));
      const judged = councilOf ? { score: 40, reason: 'a council by its place' } : placeJudged;
      // In lower case only what clearly names a body ("here at land registry"), not "at the moment".
      // Nor a body's kind alone ("I'm with the Trust"): which one is said elsewhere or not at all.
      if (judged.score < 10 || (!phrase.capital && judged.score < 40)) continue;
      // "I've moved from Calderdale Council to …": where they were is not where they are.
      // "Office for National Statistics": the preposition is inside the body's name, not before it.
      if ((phrase.preposition === 'for' || phrase.preposition === 'of') && capitalisedWordBefore(reply, prepositionStart(reply, phrase.start, phrase.preposition))) continue;
      const before = before40.toLowerCase();
      const former = phrase.preposition === 'from' && /\b(?:moved|transferred|switched|changed|left|leaving|came|come|formerly|previously)\b/.test(before);
      // "my colleague at Newport City Council tells me", "my match from Ofwat": someone else's body.
      // "Keen to meet people from the Police", "to chat to someone in a council": who they want to meet.
      const someoneElse = SOMEONE_ELSES_BODY.test(before.slice(lastBreak(before))) || WHO_THEY_MEET.test(before.slice(lastBreak(before))) || WHO_THEY_MEET_FIRST.test(phrase.text);
      // "Cadw (part of the Welsh Government)", "an agency of the Home Office": the body theirs belongs to.
      const parent = PARENT_BODY.test(before);
      // "I'm in the Youth Service": in the …, a part of a body the patterns do not know is most likely the
      // team within the one their signature names.
      const team = phrase.preposition === 'in' && (/^the\s/i.test(phrase.text) || /\bthe\s{1,3}$/.test(before)) && judged.score < 40 ? -15 : 0;
      this.add('organisation', org, 'sentence', judged.score / 4 + (joined ? 5 : 0) + (former ? -40 : 0) + (someoneElse ? -60 : 0) + (parent ? -30 : 0) + (phrase.capital ? 0 : -10) + team);
    }
    // "could you show my organisation as Cabinet Office from this round", "my organisation ought really to
    // say DHSC": what they ask us to show outweighs what their signature and address say.
    const asked = ORGANISATION_ASKED.exec(reply.slice(0, 4000));
    const askedOrg = asked ? tidyOrganisation((asked[1] ?? asked[2])!) : null;
    if (askedOrg && judgeOrganisation(askedOrg).score >= 0) this.add('organisation', askedOrg, 'labelled');
    // "my organisation is Ofsted, not Ofqual", "our employer is now the Home Office".
    for (const m of reply.matchAll(ORGANISATION_IS)) {
      const org = tidyOrganisation(m[1] ?? m[2] ?? m[3]!);
      if (org && judgeOrganisation(org).score >= 0) this.add('organisation', org, 'sentence', 12);
    }
    const topic = /\b(?:i'?d|i would|i'?d really)\s+(?:love|like)\s+to\s+(?:talk|chat)\s+about\s+([^.\n!?]{1,200})/i.exec(reply);
    if (topic) this.add('topics', topic[1]!.trim(), 'sentence', -10);
  }

  /** Unlabelled text of the reply: "Yes please! Jo Bloggs, 07700 900123, Leeds City Council". */
  private looseBody(text: string): void {
    // "north yorks council (highways) 07700 900905": a number ends the detail before it.
    const segments = detailSegments(text).flatMap((segment) => {
      const at = findPhones(segment, this.country)[0]?.index ?? 0;
      return at > 0 ? [segment.slice(0, at).replace(TIDY_END, '').trim(), segment.slice(at)].filter((x) => x !== '') : [segment];
    });
    // "Rhys Evans; 07700 900562; Natural Resources Wales": in a list of details, a capitalised piece after
    // the name that is not a phone is most likely the organisation, whatever words it has.
    this.listedOrganisation(segments);
    // "Conor Magee NIHE 07700900128": a known body's initials among the words, however they are run together.
    for (const word of text.slice(0, 400).split(/[\s,;()]+/)) {
      const lowerOk = /^\p{Ll}{3,7}$/u.test(word) && !COMMON_WORDS.has(word);
      const capitals = /^\p{Lu}{2,7}$/u.test(word);
      // The gazetteer's initials too ("ciara mckeown nifrs 07700 …", "kev, nwas paramedic"); in small letters
      // only those no word is spelt like: four letters or more and not among COMMON_WORDS, or no vowel.
      const bodyInitials = (capitals || (lowerOk && (word.length >= 4 || !/[aeiouy]/.test(word)))) && isBodyInitials(word);
      if ((capitals || lowerOk) && (isKnownAbbreviation(word) || bodyInitials)) this.add('organisation', word.toUpperCase(), 'body', 0);
    }
    for (const name of commaNames(segments)) this.add('organisation', name, 'body', 25);
    // "NORTHAMPTONSHIRE POLICE - CONTACT MANAGEMENT (FCR)": what follows a body's name is a part of it.
    let afterBody = false;
    for (const segment of segments) {
      const inBrackets = bracketed(segment);
      const outside = inBrackets ? segment.slice(0, segment.indexOf('(')).trim() : segment;
      // Not "NIAS EAC (emergency ambulance control)": a name does not start with a body's initials ("Aoife
      // Quinn PSNI" ends with them, and tidyName sets them aside).
      const first = outside.split(/\s/, 1)[0] ?? '';
      const initials = /^\p{Lu}{2,7}$/u.test(first) && (isKnownAbbreviation(first) || isBodyInitials(first));
      if (couldBeName(outside, 2) && !afterBody && !initials) this.add('name', tidyName(outside), 'body', inBrackets ? 10 : 0);
      // "Mr Adeyemi (Ade) Ogunleye": a name they go by, in brackets between the first name and the last.
      const nickname = inBrackets ? NICKNAME.exec(segment) : null;
      if (nickname && !afterBody && couldBeName(`${nickname[1]} ${nickname[3]}`, 2) && looksLikeName(nickname[2]!)) this.add('name', tidyName(`${nickname[1]} ${nickname[3]}`), 'body', 12);
      if (judgeOrganisation(outside).score >= 40) afterBody = true;
      // "Sophie Turner (Ministry of Justice)" and "DVLA (Swansea)": each side is weighed for what it is.
      const bracketBonus = couldBeName(outside, 2) || statedNames(outside).length > 0 ? 10 : 0;
      for (const [piece, bonus] of [[segment, 0], ...(inBrackets ? [[inBrackets, bracketBonus] as const] : [])] as const) {
        const org = tidyOrganisation(piece);
        if (!org || org.split(/\s+/).length > MAX_LOOSE_ORGANISATION_WORDS || SPEAKER.test(org)) continue;
        const judged = judgeOrganisation(org);
        // In small letters only a clear name of a body ("lisa grant, dvla").
        if (judged.score > 0 && (/^(?:the\s+)?(?:\p{Lu}|HM|NHS)/u.test(org) || judged.score >= 40)) this.add('organisation', org, 'body', judged.score / 2 + bonus + (segments.length > 1 && isWelsh(org) ? -3 : 0));
      }
    }
  }

  /**
   * Details given one to a line, unlabelled ("Jo Bloggs", "07700 900555", "Ordnance Survey"): the same
   * rule as a list on one line, over a run of short lines of the reply.
   */
  detailLines(unlabelled: string[]): void {
    this.listedOrganisation(unlabelled);
  }

  /** In a list of details with a name and a phone, a capitalised piece after the name is likely the organisation. */
  private listedOrganisation(segments: string[]): void {
    const nameAt = segments.findIndex((x) => couldBeName(x, 2));
    const listed = segments.length >= 3 && nameAt >= 0 && segments.some((x) => findPhones(x, this.country).length > 0);
    if (!listed) return;
    segments.forEach((segment, k) => {
      if (k > nameAt && /^\p{Lu}/u.test(segment) && segment.split(/\s+/).length <= 6 && judgeOrganisation(segment).score >= 0 && !/\d/.test(segment) && !SPEAKER.test(segment) && !A_PHRASE.test(segment)) {
        this.add('organisation', tidyOrganisation(segment), 'body', -8);
      }
    });
  }

  /** Phone numbers in unlabelled text; `line` is the whole line, to see a "Fax" or "Switchboard" before it. */
  private phonesIn(text: string, source: Source, line: string | null): void {
    const clean = withoutUrlsAndEmails(text);
    for (const p of findPhones(clean, this.country)) {
      const before = clean.slice(Math.max(0, p.index - 32), p.index);
      if (NOT_PERSONAL_NUMBER.test(before) || SOMEONE_ELSES_NUMBER.test(before) || (line !== null && NOT_PERSONAL_LINE.test(line.slice(0, 40)))) {
        this.notPhones.add(p.e164);
        continue;
      }
      // "the number you've got (the 07700 900206 one) stops working … the new one is 07700 900613", "it
      // should be 07700 900154, not 900145": the number they replace counts against, the new one for.
      const ahead = clean.slice(p.index, p.index + 60).toLowerCase();
      const lead = before.toLowerCase();
      const replaced = OLD_NUMBER_BEFORE.test(lead) || OLD_NUMBER_AFTER.test(ahead);
      const wanted = NEW_NUMBER_BEFORE.test(lead);
      this.add('phone', p.e164, source, phoneAdjust(p) + (replaced ? -8 : 0) + (wanted ? 4 : 0));
    }
  }

  /** The block under the sign-off: the first name-like line, organisation lines, the line after a title. */
  signatureBlock(signature: string): void {
    const lines = signature
      .split('\n')
      .map((l) => l.trim().replace(/^#sig#/, ''))
      .filter((l) => l !== '' && !/^[-_=—–*]+$/.test(l));
    let nameSeen = false;
    let previousWasTitle = false;
    let firstOnly: string | null = null;
    for (const line of lines.slice(0, 40)) {
      // "Gillian" then "Gillian Mackay | Senior Policy Manager": the full name on the line after the first name.
      if (firstOnly !== null) {
        const lead = (line.split(SIGNATURE_PARTS)[0] ?? '').trim();
        if (lead.split(/\s+/).length >= 2 && lead.split(/\s+/)[0] === firstOnly && couldBeName(nameCase(lead))) this.add('name', tidyName(nameCase(lead)), 'signature', 2);
        firstOnly = null;
      }
      if (isSignOffLine(line)) {
        const same = SIGNED_SAME_LINE.exec(line);
        if (same && looksLikeName(same[1]!)) {
          this.add('name', same[1]!, 'signature');
          nameSeen = true;
        }
        continue;
      }
      const parts = line.split(SIGNATURE_PARTS).map((p) => p.trim()).filter(Boolean);
      const first = parts[0] ?? '';
      const inBrackets = bracketed(first);
      const firstName = inBrackets ? first.slice(0, first.indexOf('(')).trim() : first;
      if (!nameSeen && couldBeName(nameCase(firstName))) {
        this.add('name', tidyName(nameCase(firstName)), 'signature');
        nameSeen = true;
        if (!/\s/.test(firstName.trim()) && parts.length === 1) firstOnly = firstName.trim();
        if (inBrackets) this.signatureOrganisation(inBrackets, 15);
        for (const p of parts.slice(1)) this.signatureOrganisation(p, previousWasTitle ? AFTER_TITLE : 0);
        previousWasTitle = parts.slice(1).some(looksLikeJobTitle);
        continue;
      }
      if (/@|https?:|www\./i.test(line) || lineParts(line).parts.length > 0) {
        previousWasTitle = false;
        continue;
      }
      const pieces = line.split(ORGANISATION_PARTS);
      for (const p of pieces) this.signatureOrganisation(p.trim(), previousWasTitle ? AFTER_TITLE : 0);
      for (const name of commaNames(pieces)) this.signatureOrganisation(name, (previousWasTitle ? AFTER_TITLE : 0) + 5);
      previousWasTitle = parts.some(looksLikeJobTitle);
    }
  }

  private signatureOrganisation(part: string, structure: number): void {
    if (part === '') return;
    const org = tidyOrganisation(part);
    if (!org) return;
    const judged = judgeOrganisation(org);
    // In small letters only a clear name of a body ("leeds city council, waste services").
    if (!/^(?:\p{Lu}|\p{N}|HM|NHS)/u.test(org) && judged.score < 40) return;
    if (judged.score <= -50) return;
    // A bilingual line ("Cyngor Caerdydd | Cardiff Council"): the English name, as the service writes in English.
    // The line after a job title is where a body's name usually is; a team's there ("Education Services")
    // counts for less.
    // And of a team under a job title ("Youth Service – Belfast Region") and a body on the next line
    // ("Education Authority"), the body: what looks like its kind.
    const placed = judged.score >= 40 ? structure + 3 : structure / 2;
    this.add('organisation', org, 'signature', judged.score / 2 + placed + (judged.score > 0 ? 10 : -10) + (isWelsh(org) ? -3 : 0));
  }

  /**
   * The weakest evidence of an organisation: a logo's alt text ("Ordnance Survey logo") and the sender's
   * mail system's disclaimer ("This email is from Companies House."), found anywhere in the body.
   */
  logosAndDisclaimers(alts: string[], fullText: string): void {
    for (const alt of alts) {
      const logo = /\blogo\b/i.test(alt);
      const org = tidyOrganisation(alt.replace(/\b(?:logo|image|banner|signature|icon|crest)\b/gi, ' ').replace(/\s+/g, ' ').trim());
      if (!org || org.split(/\s+/).length > 8 || !/^\p{Lu}/u.test(org)) continue;
      const judged = judgeOrganisation(org);
      if (judged.score >= 0) this.add('organisation', org, 'display-name', (logo ? 14 : 12) + judged.score / 4);
    }
    for (const m of fullText.slice(-4000).matchAll(DISCLAIMER_FROM)) {
      const org = tidyOrganisation(m[1]!.split(/(?<!\s)\s+(?:and|it|which|is)\s+/)[0]!);
      // Named as the sender of the mail, a body called like a building ("Companies House") is still a body.
      if (org && judgeOrganisation(org).score > -100) this.add('organisation', org, 'display-name', 12);
    }
  }

  displayName(fromName: string | null): void {
    this.add('name', personalDisplayName(fromName), 'display-name');
    const inBrackets = fromName ? bracketed(fromName) : null;
    const dashed = fromName ? afterLastDash(fromName) : null;
    for (const org of [inBrackets, dashed]) {
      if (!org) continue;
      const judged = judgeOrganisation(org);
      if (judged.score > 0) this.add('organisation', tidyOrganisation(org), 'display-name', judged.score / 2 + 10);
    }
  }

  /**
   * Ids stated in sentences: "My Google ID is tom.reilly@gmail.com", "find me on Teams at jo@x.gov.uk",
   * "Skype: jo.bloggs", "live:.cid.123". Each address or id is paired with the nearest platform word before
   * it in the same sentence (at most WINDOW characters back).
   */
  platformIds(text: string): void {
    // By line, not sentence: "Could you add my Teams? It's jo@x.gov.uk." names the platform in one sentence
    // and gives the address in the next.
    for (const sentence of text.split('\n')) {
      if (sentence.length > MAX_SENTENCE_CHARS) continue;
      // The platform the last line that named one was about: "the Teams address you've got is my old one …",
      // then, lines later, "My new one is g.sandhu@leics.police.uk".
      const lastNamed = this.lastPlatform;
      // In the same line, the platform named last before it: "the Teams address you have is my old one …
      // Please use siobhan.gallagher@… instead".
      const newOne = NEW_ONE_IS.exec(sentence);
      const namedBefore = newOne ? [...sentence.slice(0, newOne.index).matchAll(PLATFORM_WORD)].at(-1) : undefined;
      const newFor = namedBefore ? platformOf(namedBefore[0]) : lastNamed && !PLATFORM_WORD_ONE.test(sentence) ? lastNamed : null;
      if (newOne && newFor) this.add(newFor === 'google' ? 'googleId' : newFor === 'teams' ? 'teams' : 'skypeId', newOne[1]!.replace(/\.$/, ''), 'sentence');
      // "add my Google ID … It's x@gmail.com" names the platform the address is for, however many words
      // come between; "people can't get onto Teams" names one it is not for.
      const words = [...sentence.matchAll(PLATFORM_WORD)].map((m) => {
        const at = m.index ?? 0;
        const before = sentence.slice(Math.max(0, at - 56), at).toLowerCase();
        // "I don't use Skype, but Teams works fine": a negation does not reach past "but".
        return { at, platform: platformOf(m[0]), mine: /\bmy\s$/.test(before), negated: negatedBefore(before.split(/\b(?:but|however|although|though)\b/).pop() ?? before) };
      });
      if (words.length > 0) this.lastPlatform = words[words.length - 1]!.platform;
      for (const m of sentence.matchAll(LIVE_ID)) this.add('skypeId', m[0].replace(/\.$/, ''), 'sentence', 5);
      // Words and addresses are both in reading order: one pass pairs each address with the last word before it.
      let k = -1;
      for (const m of sentence.matchAll(EMAIL)) {
        const at = m.index ?? 0;
        while (k + 1 < words.length && words[k + 1]!.at < at) k++;
        // The platform named just after the address counts too: "jo@gmail.com for Meet".
        const next = words[k + 1];
        let mine: (typeof words)[number] | undefined;
        for (let j = k; j >= 0 && !mine; j--) if (words[j]!.mine && at - words[j]!.at <= MAX_SENTENCE_CHARS) mine = words[j];
        const nearest = k >= 0 && at - words[k]!.at <= WINDOW && !words[k]!.negated ? words[k] : undefined;
        const close = next && next.at - (at + m[0].length) <= 16 ? next : undefined;
        // "Teams or Google Meet, either is fine - jo@x.gov.uk for Teams": the platform it is said to be for.
        const forNext = close && !close.negated && /^[\s.,]*(?:for|on|via|in)\s+(?:ms\s+|microsoft\s+)?$/i.test(sentence.slice(at + m[0].length, close.at)) ? close : undefined;
        // "swap my Teams for Google Meet … google is jo@gmail.com": the platform just before it, over an earlier "my".
        // "My own address is jo@x.gov.uk, so please use that for Teams", "… and that's what I'm on for Teams".
        const pointed = next && !next.negated && next.at - (at + m[0].length) <= 80 && POINTS_BACK.test(sentence.slice(at + m[0].length, next.at)) ? next : undefined;
        const said = forNext ?? pointed ?? (mine && nearest && nearest.platform !== mine.platform ? nearest : mine) ?? nearest ?? close;
        const address = m[0].replace(/\.$/, '');
        if (said?.platform === 'google') this.add('googleId', address, 'sentence', 5);
        else if (said?.platform === 'teams') this.add('teams', address, 'sentence', 5);
        else if (said?.platform === 'skype') this.add('skypeId', address, 'sentence', 5);
        else if (/@(?:gmail|googlemail)\.com$/i.test(address) && words.every((w) => w.negated)) this.add('googleId', address, 'sentence', -40);
      }
      for (const w of words) {
        // "Google Meet on this address is fine", "Teams on the same address".
        // "MS Teams fine", "Teams is fine for video", and no address given: the work address they write from.
        if (w.platform === 'teams' && !w.negated && this.fromEmail && organisationFromEmail(this.fromEmail) && !EMAIL_ONE.test(sentence)) {
          const after = sentence.slice(w.at, w.at + 40);
          if (TEAMS_FINE.test(after) || TEAMS_HAPPY.test(sentence.slice(Math.max(0, w.at - 30), w.at))) this.add('teams', this.fromEmail, 'sentence', -5);
          // "Teams is this too", "Teams: the same": the address this mail comes from.
          else if (TEAMS_SAME.test(after)) this.add('teams', this.fromEmail, 'sentence');
        }
        // "Teams on this address", and "use this new email for Teams".
        // "Google Meet on this email is fine, or my work Teams is jo@x.gov.uk": an address typed after "this
        // email" is another platform's; one typed between the word and "this email" is the word's own.
        const ahead = w.negated ? null : (THIS_ADDRESS.exec(sentence.slice(w.at, w.at + WINDOW)) ?? ON_THIS_ONE.exec(sentence.slice(w.at, w.at + WINDOW)));
        const own = ahead ?? (w.negated ? null : thisAddressFor(sentence.slice(Math.max(0, w.at - 48), w.at)));
        const typed = ahead ? sentence.slice(w.at, w.at + ahead.index) : sentence.slice(w.at, w.at + WINDOW);
        if (own && this.fromEmail && !EMAIL_ONE.test(typed)) {
          this.add(w.platform === 'google' ? 'googleId' : w.platform === 'teams' ? 'teams' : 'skypeId', this.fromEmail, 'sentence');
        }
        // "Teams on my uni account", "Teams through my work login", written from that work address.
        else if (!own && !w.negated && w.platform === 'teams' && this.fromEmail && organisationFromEmail(this.fromEmail)) {
          const work = WORK_ACCOUNT.exec(sentence.slice(w.at, w.at + WINDOW));
          if (work && !EMAIL_ONE.test(sentence.slice(w.at, w.at + work.index))) this.add('teams', this.fromEmail, 'sentence', -5);
        }
        if (w.platform !== 'skype' || w.negated) continue;
        const id = skypeNameAfter(sentence.slice(w.at, w.at + WINDOW), sentence.slice(Math.max(0, w.at - 48), w.at));
        if (id) this.add('skypeId', id, 'sentence');
      }
    }
  }

  /**
   * A contact card they attached: its name, phones (a mobile first), organisation and messaging ids, each
   * as a signature's labelled line would count (what they typed still comes first).
   */
  fromContactCard(text: string): void {
    const card = readContactCard(text);
    if (card.name && looksLikeName(card.name)) this.add('name', tidyName(card.name), 'signature-labelled');
    for (const p of card.phones) {
      const phone = normalisePhone(p.value, this.country);
      if (phone) this.add('phone', phone, 'signature-labelled', p.mobile ? 5 : 0);
    }
    if (card.organisation) {
      const org = tidyOrganisation(card.organisation);
      if (org && judgeOrganisation(org).score > -100) this.add('organisation', org, 'signature-labelled', 10);
    }
    for (const m of card.messaging) {
      const at = m.indexOf(':');
      const scheme = m.slice(0, at).toLowerCase();
      const id = m.slice(at + 1).trim();
      if (scheme === 'skype' && id) this.add('skypeId', id, 'signature-labelled');
      if ((scheme === 'sip' || scheme === 'msteams') && EMAIL_ONE.test(id)) this.add('teams', id, 'signature-labelled');
    }
  }

  /**
   * A name typed all in small letters on a line of its own ("kerry doyle", "kerry-ann walsh"), when a word
   * of it is a word of their display name or of their address: someone typing in small letters, not a
   * line of prose. Written as names are.
   */
  lowerCaseName(own: string, fromName: string | null, fromEmail: string | null): void {
    const known = new Set(
      [...(fromName ?? '').split(/[\s,]+/), ...(fromEmail ?? '').split('@')[0]!.split(/[._\d-]+/)]
        .map((w) => plainLetters(w))
        .filter((w) => w.length >= 3),
    );
    if (known.size === 0) return;
    for (const line of own.split('\n').slice(0, 40)) {
      const t = line.trim();
      if (t.length > 40 || !LOWER_NAME_LINE.test(t)) continue;
      const words = t.split(' ');
      const name = nameCase(t);
      if (!words.some((w) => known.has(plainLetters(w)) || w.split('-').some((p) => known.has(plainLetters(p)))) || !couldBeName(name, 2)) continue;
      this.add('name', name, 'body', 5);
    }
  }

  /**
   * The bodies the gazetteer finds in what they wrote or in their signature. A council's place alone
   * ("kirklees") counts only as one of listed details, between separators, never inside a sentence.
   */
  knownBodies(text: string, source: 'body' | 'signature'): void {
    for (const m of findBodies(text)) {
      const written = text.slice(m.start, m.end);
      if (m.kind !== 'place') this.bodies.push(bodyWords(written));
      if (m.kind === 'place' && !(listedAt(text, m.start, -1) && listedAt(text, m.end, 1))) continue;
      // In what they wrote, a body named in a sentence ("my colleague at Newport City Council tells me") is
      // not theirs: only one that starts a line or a listed part. Sentences about themselves are read by
      // the sentence rules.
      // "Sean Gallagher NIAS 07700900418": between their name and a number, a listed part too.
      if (source === 'body' && !listedAt(text, m.start, -1) && !aboutThemselves(text, m.start) && !afterNameBeforeNumber(text, m.start, m.end)) continue;
      // "as NHS England rather than NHSE", "I've moved from Leeds City Council": the one replaced.
      if (source === 'body' && REPLACED_BEFORE.test(text.slice(Math.max(0, m.start - 30), m.start))) continue;
      const adjust = source === 'body' ? (m.kind === 'place' ? -5 : 0) : m.kind === 'place' ? 5 : 15;
      this.add('organisation', m.name, source, adjust);
    }
  }

  /**
   * The organisation as the body writes its name: "Sheffeild City Council Highways" is Sheffield City
   * Council, "Tyne and Wear NHS Foundation Trust" read out of "Cumbria, Northumberland, Tyne and Wear NHS
   * Foundation Trust" is the whole name, "Trading Standards at Kent County Council" is Kent County Council.
   * A value the gazetteer does not know stays as written.
   */
  asKnownBody(value: string): string {
    const known = knownBody(value);
    // Written in another language or by another name ("Cyngor Caerdydd", "the Met"): the body's own name.
    if (known && (known.kind !== 'place' || known.rest === '')) return known.asWritten && (known.kind === 'initials' || sharesAWord(known.written, known.name)) ? known.written : known.name;
    const words = bodyWords(value);
    for (const m of findBodies(value)) if (m.kind !== 'place') return m.name;
    for (const b of this.bodies) {
      if (b.length <= words.length || !containsRun(b, words)) continue;
      const longer = knownBody(b.join(' '));
      if (longer && longer.rest === '') return longer.name;
    }
    return value;
  }

  /** Best first: score, then source order, then reading order. */
  rank(known: Known | null): Candidate[] {
    const knownOrg = known?.organisation ? normaliseOrganisation(known.organisation) : null;
    const knownName = known?.name ? known.name.replace(/\s+/g, ' ').trim().toLowerCase() : null;
    const agreement = new Map<string, Set<Source>>();
    for (const x of this.candidates) {
      const k = `${x.field}\u0000${agreeKey(x)}`;
      (agreement.get(k) ?? agreement.set(k, new Set()).get(k)!).add(x.source);
    }
    const scored = this.candidates
      .filter((x) => !(x.field === 'phone' && this.notPhones.has(x.value)))
      .map((x) => {
        let score = x.score + 4 * ((agreement.get(`${x.field}\u0000${agreeKey(x)}`)?.size ?? 1) - 1);
        // The organiser's list weighs among what the reply leaves open, never against what the person
        // states after a label now ("please put my organisation down as the ICB").
        let prior = 0;
        if (x.field === 'name' && knownName) {
          const v = x.value.toLowerCase();
          if (v === knownName) prior = KNOWN_BONUS;
          else if (v.split(' ')[0] === knownName.split(' ')[0]) prior = KNOWN_BONUS / 3;
        }
        if (x.field === 'organisation' && knownOrg && sameOrganisation(x.value, knownOrg, known!.organisation!)) prior = KNOWN_BONUS;
        if (prior > 0 && !STATED.has(x.source)) score = Math.min(score + prior, BASE['answered-form'] - 1);
        return { ...x, score };
      });
    const sourceRank = (s: Source) => Object.keys(BASE).indexOf(s);
    // What they typed after a label, or against our form's line, and that reads as what it is asked for
    // (nothing taken off its source's weight), comes before a signature, a sentence or their address however
    // well those agree ("Organisation: UK Health Security Agency" above a signature still saying Lambeth).
    const stated = (x: Candidate) => (STATED.has(x.source) && x.score >= BASE[x.source] ? 1 : 0);
    return scored.sort((a, b) => stated(b) - stated(a) || b.score - a.score || sourceRank(a.source) - sourceRank(b.source) || a.order - b.order);
  }
}

/** Whether two names of one body have a word in common, besides the words every such name has. */
function sharesAWord(a: string, b: string): boolean {
  const bs = new Set(bodyWords(b).filter((w) => !COMMON_IN_NAMES.has(w)));
  return bodyWords(a).some((w) => bs.has(w));
}
const COMMON_IN_NAMES = new Set(['the', 'of', 'and', 'for', 'council', 'trust', 'service', 'government', 'hm']);

/**
 * Whether the sentence before `at` is about where the writer works ("Im at …", "Org is …", "I'm fairly
 * new to …"), not about someone else or a former employer ("my colleague at …", "I moved from …").
 */
function aboutThemselves(text: string, at: number): boolean {
  const before = text.slice(Math.max(0, at - 80), at);
  // ("I’m Siân …, an Inspector with Cadw": a typographic apostrophe is the typed one.)
  // ("im a watch manager at merseyside fire…": the manager is who they are, not someone else.)
  const sentence = before.slice(lastBreak(before)).toLowerCase().replace(/’/g, "'").replace(OWN_ROLE, 'i am');
  return FIRST_PERSON.test(sentence) && !SOMEONE_ELSES.test(sentence);
}
/** A body written between a name, at the start of its sentence, and a phone number: "Sean Gallagher NIAS 0770…". */
function afterNameBeforeNumber(text: string, start: number, end: number): boolean {
  const before = text.slice(Math.max(0, start - 60), start);
  const name = before.slice(lastBreak(before)).trim();
  return /^\s*\+?\d/.test(text.slice(end, end + 8)) && couldBeName(name, 2);
}
function lastBreak(s: string): number {
  for (let i = s.length - 1; i >= 0; i--) if ('\n.!?;'.includes(s[i]!)) return i + 1;
  return 0;
}
// ("a GP partner at Elmwood Surgery", "one of the practice partners": their own role, not a partner's.)
const SOMEONE_ELSES_BODY = /\b(?:colleague|colleagues|friend|manager|boss|(?<!\b(?:gp|practice|senior|managing|business|salaried|equity|clinical)\s)partner|match|husband|wife|son|daughter|someone|somebody|people|person|man|woman|guy|chap|lady)\s*$|\b(?:colleague|friend|manager|(?<!\b(?:gp|practice|senior|managing|business|salaried|equity|clinical)\s)partner|match)\b[^.!?\n]{0,20}$/;
/** The words before a body they would like to meet someone from ("keen to meet someone from", "chat with"). */
const WHO_THEY_MEET = /\b(?:meet|meeting|chat|chatting|talk|talking|speak|speaking|matched|paired|connect|connecting|hear|learn|learning)\s+(?:(?:to|with|from)\s+)?(?:(?:someone|somebody|people|anyone|anybody|folk|colleagues|others)\s+)?(?:(?:from|at|in|with)\s+)?(?:the\s+|a\s+|an\s+)?$/;
/** A phrase after "to" that is a verb of meeting: "to meet Police", "to chat to …". */
const WHO_THEY_MEET_FIRST = /^(?:meet|chat|talk|speak|connect|hear|learn)\b/i;
const OLD_NUMBER_BEFORE = /\b(?:old|previous|former|not|instead of|rather than|(?:the )?(?:number|one) you(?:'ve| have)(?: got)?(?: for me)?)\s{0,3}\(?\s{0,3}(?:the |my |number |no\.? ?|mobile )?$/;
const OLD_NUMBER_AFTER = /^\+?[\d \t().-]{7,20}\)?\s*(?:one\s*\)?\s*)?(?:stops?\b|(?:is|was) (?:no longer|not|wrong|old|out of date|my old)|no longer\b|won'?t work|doesn'?t work|is going|(?:is )?being (?:switched off|cancelled))/;
const NEW_NUMBER_BEFORE = /\b(?:new (?:one|number|mobile|no\.?)? ?(?:is|:|-|–)?|should (?:be|read)|instead(?: use)?|now(?: on)?|use)\s{0,3}$/;
const PARENT_BODY = /\b(?:part of|within|sponsored by|an? (?:agency|arm|body|division|part|service|executive agency) of)\s+$/;
const FIRST_PERSON = /\b(?:i'?m|im|i am|i work|ydw i|dw i|rydw i|yn gweithio|['’]n gweithio|i'?ve (?:joined|started)|org(?:anisation)? is|employer is|work(?:ing)? (?:for|at|in)|based (?:at|in)|my organi[sz]ation (?:as|to|should (?:be|read))|(?:put|list|show) me (?:down )?as)\b/;
const OWN_ROLE = /\b(?:i'?m|im|i am|i work as) an? (?:[a-z]{1,20} ){0,3}(?:manager|partner)\b/g;
const REPLACED_BEFORE = /\b(?:rather than|instead of|not|no longer (?:at|with|in)|moved from|left)\s+(?:the\s+)?["“']?$/i;
const SOMEONE_ELSES = /\b(?:colleague|friend|manager|partner|match|someone|he|she|they|his|her|their|was|used to|moved from|left|former|previous|ex)\b/;

/** Whether a run of words appears, in order and together, in a longer one. */
function containsRun(longer: string[], run: string[]): boolean {
  if (run.length === 0) return false;
  for (let i = 0; i + run.length <= longer.length; i++) {
    let k = 0;
    while (k < run.length && longer[i + k] === run[k]) k++;
    if (k === run.length) return true;
  }
  return false;
}

/** Whether the text has a separator (or its start or end, or a number's digit) next to `at`, looking one way. */
function listedAt(text: string, at: number, way: -1 | 1): boolean {
  let i = way < 0 ? at - 1 : at;
  while (i >= 0 && i < text.length && (text[i] === ' ' || text[i] === '\t')) i += way;
  if (i < 0 || i >= text.length) return true;
  return LISTED.test(text[i]!);
}
const LISTED = /[\n,;/|()[\]:\d–—-]/;

function agreeKey(x: Candidate): string {
  if (x.field === 'organisation') {
    const known = knownBody(x.value);
    if (known && known.rest === '') return known.name.toLowerCase();
    return normaliseOrganisation(x.value) ?? x.value;
  }
  // "OKONJO Sandra" and "Sandra Okonjo" agree: a name's words in any order.
  if (x.field === 'name') return x.value.toLowerCase().split(/\s+/).sort().join(' ');
  return x.value.toLowerCase();
}

/** The same body by its normalised name, or one is the other's initials ("MoJ", "Ministry of Justice"). */
function sameOrganisation(value: string, knownNormalised: string, known: string): boolean {
  const v = normaliseOrganisation(value);
  if (!v) return false;
  if (v === knownNormalised) return true;
  // One body the gazetteer knows by both names ("STH" written, "Sheffield Teaching Hospitals" on the list).
  const [a] = organisationKeys(value);
  const [b] = organisationKeys(known);
  if (a !== undefined && a === b) return true;
  const short = (s: string) => s.replace(/\s+/g, '');
  if (initialsOf(v) === short(knownNormalised) || initialsOf(knownNormalised) === short(v)) return true;
  // "Leeds Teaching Hospitals" on the list, "Leeds Teaching Hospitals NHS Trust" written: one starts the other.
  return `${v} `.startsWith(`${knownNormalised} `) || `${knownNormalised} `.startsWith(`${v} `);
}

/** A "> " line's text without its quote marks (any depth), or null for a line that is not quoted. */
/** How many ">" lead the line (blanks between them allowed). */
function quoteDepth(line: string): number {
  let depth = 0;
  for (let i = 0; i < line.length; i++) {
    if (line[i] === '>') depth++;
    else if (line[i] !== ' ' && line[i] !== '\t') break;
  }
  return depth;
}
/** Stands for a line quoted more than once: quoted, with words, and never a label or an answer. */
const DEEPER_QUOTE = '\u0000';

function quotedText(line: string): string | null {
  let i = 0;
  while (i < line.length && (line[i] === ' ' || line[i] === '\t')) i++;
  if (line[i] !== '>') return null;
  while (i < line.length && (line[i] === '>' || line[i] === ' ' || line[i] === '\t')) i++;
  return line.slice(i);
}
const MARKED_AS = /\b(?:marked|prefixed|starting|beginning)(?: with)?\s+(\[[A-Z]{2,4}\]|[A-Z]{2,4}:)/;
const MAX_MARKED_LINES = 20;
const UNMARKED_QUOTE_HEADER = /^(?:-{2,}\s*(?:original message|forwarded message|neges wreiddiol)\s*-{2,}|from:\s+unmentoring\s+<[^>\s]{1,80}>)$/i;
const INVITATION_CUE = /\bjoin\b.{0,80}\b(?:reply|details|with)\b|\breply\b.{0,60}\bjoin\b/i;
const SIGNED_SAME_LINE = /,\s*(\p{Lu}[\p{L}'’-]*(?:\s+\p{Lu}[\p{L}'’-]*){0,2})\s*$/u;
// A signature line's parts: "Jo Bloggs | Policy Officer", "Jo Bloggs - Leeds". A part boundary starts at
// the first blank of a run, so no run is tried again from each of its blanks.
/** Words of a sentence or a remark, not of a body's name: "Happy to talk planning", "Keen to chat about data". */
const A_PHRASE = /\b(?:to|about|me|my|i|i'm|you|your|is|are|am|be|can|will|would|happy|keen|glad|thanks|talk|chat)\b/i;
const WORDS_AROUND = 60;
/** Another platform named after "or", "and", a comma or a semicolon: ", or Teams", "; Skype". */
const ANOTHER_PLATFORM = /(?:[,;]\s*(?:(?:or|and)\s+)?|\s(?:or|and)\s+)(google|gmail|skype|ms teams|microsoft teams|teams)\b/i;
const PLATFORM_KEYS: Record<string, 'googleId' | 'skypeId' | 'teams'> = { google: 'googleId', gmail: 'googleId', skype: 'skypeId', teams: 'teams' };
const QUOTED_ORGANISATION = /\b(?:organi[sz]ation|employer|org)\b[^"“”\n]{0,40}?\b(?:reads?|to|as|says?|shows?)\s+["“]([^"“”\n]{2,80})["”]/i;
const DESK_LABEL = /\b(?:desk|direct|dd|ddi|landline|land line|office|work|extension|ext)\b/i;
// "mobile is better", "mobile please for this", "best on my mobile", "ring my mob": the mobile is the one.
const PREFERS_MOBILE =
  /\b(?:mobile|mob)\b[^.!?\n]{0,12}\b(?:is (?:better|best|easier|preferred)|please|preferred|best|better)\b|\b(?:best|better|easiest|prefer|use|call|ring|try) (?:on |me on )?(?:my |the )?(?:mobile|mob)\b/i;
/** "or my desk if you prefer": the reader's choice, not the number they prefer. */
const YOUR_CHOICE = /\bif (?:you )?(?:prefer|preferred|easier for you)\b|\byou prefer\b/gi;
const PREFERRED_NUMBER = /\b(?:better|best|preferred|prefer|quicker|quickest|easiest|easier|is fine|use this|main one|rather you (?:use|call|ring|try))\b/i;
const AVOIDED_NUMBER = /\b(?:switched off|turned off|rarely|hardly ever|never on|don'?t use|not (?:often|always) on|no longer|unreliable|old number|no signal|(?:it'?s|it is|is) (?:often |usually |always )?off)\b/i;
// (And at a sentence's end within the line: "…, HMP Low Moss. Best on 0141 496 0817".)
const SIGNATURE_PARTS = /(?<!\s)\s*[|,–—•·]\s*|(?<!\s)\s+-\s+|(?<=\p{Ll}{2}[.!?])\s{1,3}(?=\p{Lu})/u;
const ORGANISATION_PARTS = /(?<!\s)\s*[|,–—•·]\s*|(?<!\s)\s+-\s+|(?<!\s)\s+at\s+/;
// Not after a ")": "(highways, Northallerton office) 07700 …" closes an aside; the word labels nothing.
const NOT_PERSONAL_NUMBER = /\b(?:fax|f|switchboard|switch|reception|main|general|enquiries|helpline|office|customer|contact centre|textphone|minicom)\b[\s.:(-]*(?:(?:no|number|line|tel|phone)[\s.:]*)?$/i;
/** "He's given me his new mobile (07700 900803)": someone else's number, not theirs. */
const SOMEONE_ELSES_NUMBER = /\b(?:his|her|their)\s(?:new\s|work\s|personal\s|own\s)?(?:mobile|number|phone|no\.?)\s?(?:is\s|was\s|:\s?)?\(?$/i;
const NOT_PERSONAL_LINE = /^\s*(?:fax|switchboard|reception|main office|general enquiries|helpline|customer)\b/i;

const MAX_SENTENCE_CHARS = 600;
const WINDOW = 80;
/** "Happy to use Teams", "fine with Teams": said before the word. */
const TEAMS_HAPPY = /\b(?:happy|fine|glad|ok|okay|good)\s+(?:to use|to do|with|on|using)\s+(?:ms\s+|microsoft\s+)?$/i;
/** A name as Teams shows it: two to four capitalised words, perhaps its organisation in brackets. */
const TEAMS_DISPLAY_NAME = /^\p{Lu}[\p{L}'’-]*(?: \p{Lu}[\p{L}'’-]*){1,3}(?: \([^()\n]{1,60}\))?$/u;
const TEAMS_SAME = /^(?:ms |microsoft )?teams(?: id| address)?(?: is| are|:| -| –)? (?:this|the same|same)(?: one| address| e-?mail)?(?: too| as well| also)?(?:[.,;!)]|$)/i;
const TEAMS_YES = /^(?:is |are )?(?:please|pls|yes(?: please)?|yep|sure|fine|ok|okay|good|great|best|preferred|ideal|easiest|works(?: for me| best)?)[.!]?$/i;
const TEAMS_FINE = /^(?:ms |microsoft )?teams(?: is| are)? (?:fine|ok|okay|good|great|best|works)\b/i;
/** A platform named as one they cannot or do not use: "people can't get onto Teams", "I don't have Skype". */
const PLATFORM_NEGATED = /\b(?:can'?t|cannot|can’t|don'?t|don’t|do not|doesn'?t|not|no|never|isn'?t|won'?t|instead of|rather than|(?:moved|moving|switched|switching|come|came|coming) (?:off|away from)|no longer (?:on|use|using))\b[^.!?\n]{0,20}$/;
/** A platform named as not used, alone or in a list the negation covers ("I don't really do Google or Skype"). */
function negatedBefore(before: string): boolean {
  return PLATFORM_NEGATED.test(before) || NEGATED_LIST.test(before);
}
const NEGATED_LIST = /\b(?:can'?t|cannot|don'?t|do not|doesn'?t|never)\b[^.!?\n]{0,40}\s(?:or|nor)\s{1,3}$/;
const PLATFORM_WORD_ONE = /\b(?:google|gmail|hangouts|skype|teams|meet)\b/i;
// ("Please use siobhan.gallagher@… instead", "pls use …": the one to use now.)
const NEW_ONE_IS = /\b(?:(?:my )?(?:new|right|correct) one(?: is|:| -)|(?:please|pls|plz|kindly) (?:could you )?use)\s{0,3}((?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+)/i;
// (Not the verb: "happy to meet on Teams" names Teams, not Google Meet.)
const PLATFORM_WORD = /\b(?:google(?:\s+(?:meet|chat|hangouts))?|gmail|hangouts|skype|ms\s+teams|microsoft\s+teams|teams|meet(?!\s(?:on|via|over|by|up|with)\b))\b/gi;
const EMAIL = /(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g;
const EMAIL_ONE = /(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+/;
const LIVE_ONE = /\blive:[.\w-]+/i;
// "this address", "the same email", "this nhs.net address"; Welsh "yr un cyfeiriad" (the same address),
// "yr e-bost hwn" (this email).
// "This address" in English (and as typed in a hurry: "this emial", "adress") and Welsh, and as staff
// write it in Polish, Irish, Spanish, French, German, Italian, Portuguese, Dutch and Romanian.
const THIS_ADDRESS =
  /\b(?:this|my|the same|same|work)\s+(?:new\s+)?(?:work\s+|[A-Z]{2,6}\s+)?(?:e-?mail\s+)?(?:address|adress|addr|addy|e-?mail|e-?mial|emal)\b|\bsame as (?:this|here)(?: one)?(?=\s{0,3}(?:$|[.!,;\n]))|\b(?:this|my)\s+[\w-]{2,30}\.[\w.-]{2,30}\s+(?:e-?mail\s+)?(?:address|e-?mail|account)\b|\bthis\s+(?:gmail|googlemail|hotmail|outlook|yahoo)(?:\s+(?:address|account|one))?\b|\bmy\s+[\w-]{2,30}\.[\w.-]{2,30}\s+\((?:this|the same|same)(?: one| address)?\)|\b(?:her|his|their|my) own (?:e-?mail )?address \((?:this|the same) one\)|\byr un cyfeiriad\b|\b(?:yr )?e-?bost (?:hwn|yma)\b|\b(?:y )?cyfeiriad (?:e-?bost )?(?:hwn|yma)\b|\b(?:ten sam|ten) adres\b|\ban seoladh (?:seo|céanna)\b|\besta (?:misma )?direcci[oó]n\b|\bcette (?:m[eê]me )?adresse\b|\bdiese(?:lbe)? (?:e-?mail-?)?adresse\b|\bquesto (?:stesso )?indirizzo\b|\beste (?:mesmo )?endere[cç]o\b|\bdit (?:zelfde )?(?:e-?mail)?adres\b|\baceea[șs]i adres[aă]\b|\bacest(?:a)? adres[aă]\b/i;
/** The words between an address and a platform's name that point back to it: "use that for", "that's what I'm on for", "which is also my". */
const POINTS_BACK =
  /\b(?:use|using|try|add|put)\s+(?:that|it|this)(?:\s+one)?\s+(?:for|on|as)(?:\s+(?:my|the))?\s+(?:ms\s+|microsoft\s+)?$|\b(?:that['’]?s|which\s+is|it['’]?s|and\s+is)\s+(?:also\s+)?(?:what\s+i['’]?m\s+on\s+for|what\s+i\s+use\s+for|the\s+one\s+(?:i\s+use\s+)?(?:for|on)|my)\s+(?:ms\s+|microsoft\s+)?$/i;
/** "my uni account", "the work login": an account of the body they work for, not an address typed. */
const WORK_ACCOUNT = /\b(?:my|this|the|our)\s+(?:work|uni|university|office|council|nhs|college|school|trust|force|department|organisation|organisation's|employer's)\s+(?:account|login|log-in|profile)\b/i;
/** "use this new email for" just before a platform's name: the address phrase, else null. */
function thisAddressFor(leadIn: string): RegExpExecArray | null {
  const link = /\s(?:for|on|as|with)\s+(?:my\s+)?$/i.exec(leadIn);
  if (!link) return null;
  // "this gmail address works for Google Meet": what is said of the address before the platform.
  const before = leadIn.slice(0, link.index).replace(/\s(?:works|will work|is fine|is best|is good|is ok|is okay|can be used)$/i, '');
  return /(?:address|e-?mail|account|one|gmail|googlemail)$/i.test(before) ? THIS_ADDRESS.exec(before) : null;
}
/** "Teams - same as this", "Teams: same", "Teams: ditto": the value is the address they write from. */
const SAME_AS_THIS = /^(?:the\s+)?(?:same|ditto)(?:\s+as\s+(?:this|here|the\s+sender|sender|my\s+e-?mail))?(?:\s+(?:one|please|thanks|too|fine|works))?[\s.!,]*$/i;
const THIS_ONE = /^\s*(?:(?:use|try|on|via|it'?s)\s+)?(?:this|same) (?:one|address|gmail|account)\b|^\s*this\b(?=[\s,.]*$)/i;
/** "google meet on this one is fine": the platform, then the address they write from. */
const ON_THIS_ONE = /^(?:google(?: meet)?|gmail|meet|hangouts|skype|(?:ms |microsoft )?teams)\s+(?:is\s+)?(?:fine\s+)?(?:on|via|with|using|through)\s+this\s+(?:one|account)\b/i;
const LIVE_ID = /\blive:[.\w-]+/gi;
const SKYPE_FILLER = new Set(['skype', 'id', 'name', 'handle', 'username', 'address', 'is', ':', '-', '–', '=', 'as', "it's", 'its']);
const SKYPE_NAME = /^(?:live:[.\w-]+|[a-z][\w.,-]{4,31})$/i;

/** "Skype: jo.bloggs", "my Skype name is jo_bloggs88", "Skype – live:.cid.12ab": the name after the word. */
function skypeNameAfter(window: string, before = ''): string | null {
  // "Not on Teams or Skype outside work": a list the negation covers.
  if (/\b(?:not|no|never|don'?t|can'?t|cannot)\b[^.!?\n]{0,30}\bor\s+$/i.test(before)) return null;
  // "I still use Skype for the odd thing (sian.llewelyn.cadw)": a handle in brackets, with a dot, digit or
  // underscore in it as handles have.
  const bracketed = /\(([a-z][\w.-]{5,31})\)/i.exec(window)?.[1];
  if (bracketed && /[._\d]/.test(bracketed) && SKYPE_NAME.test(bracketed) && !SKYPE_NOT_ID.test(bracketed)) return bracketed;
  const words = window.split(/\s+/).slice(0, 6);
  for (const raw of words) {
    const w = trimChars(raw, `"'“”()`);
    const bare = trimChars(w.toLowerCase(), ':,;.!');
    if (w === '' || SKYPE_FILLER.has(bare) || SKYPE_FILLER.has(w.toLowerCase())) continue;
    const id = w.replace(/[.,:]$/, '');
    return SKYPE_NAME.test(id) && !id.includes('@') && !SKYPE_NOT_ID.test(id) ? id : null;
  }
  return null;
}
const SKYPE_NOT_ID = /^(?:or|and|too|also|instead|please|works|either|call|calls|video|meeting|meetings|account|id|name|chat|anytime|any|is|fine|if|but|details)$/i;

function platformOf(word: string): 'google' | 'skype' | 'teams' {
  const w = word.toLowerCase();
  if (w.startsWith('google') || w === 'gmail' || w === 'hangouts' || w === 'meet') return 'google';
  if (w === 'skype') return 'skype';
  return 'teams';
}

function platformName(label: string): string {
  const l = label.trim().replace(/(?<!\s)\s+(?:id|ids|address|handle|name|number)$/i, '');
  return l.replace(/\b\p{L}/gu, (ch) => ch.toUpperCase());
}

function phoneAdjust(p: PhoneCandidate): number {
  return (p.mobile ? 5 : 0) + (p.labelled ? 3 : 0);
}

/** An id as given: "jo.bloggs@gmail.com", "live:.cid.123" without quotes or a trailing full stop. */
function firstId(v: string): [string | null, string | null] {
  const t = v.trim();
  const space = t.search(/\s/);
  if (space < 0) return [idValue(t), null];
  return [idValue(t.slice(0, space).replace(/[,;]$/, '')), t.slice(space + 1)];
}

function idValue(v: string): string | null {
  const t = trimChars(v, `"'“”`).replace(/\.$/, '').trim();
  return t === '' ? null : t;
}

function tidyName(s: string): string {
  // "my name has a fada: it is Siobhán Gallagher": the words that say it are not the name.
  const words = s.replace(TIDY_END, '').replace(/\s+/g, ' ').trim().replace(/^(?:it is|it's|it’s|that is|that's|i am|i'm|i’m) (?=\p{Lu})/iu, '').split(' ');
  // "Conor Magee NIHE": a body's initials in capitals after a name are where they work, not their name.
  while (words.length > 2 && /^\p{Lu}{2,7}$/u.test(words.at(-1)!) && (isKnownAbbreviation(words.at(-1)!) || isBodyInitials(words.at(-1)!))) words.pop();
  return words.join(' ');
}

/** A labelled name as a name: "Bloggs, Jo" turned round, capitals evened, no digits or addresses. */
function asName(value: string): string | null {
  let v = tidyName(value.replace(/["“”]/g, ''));
  // A phone number or an address in it means the line was not split where it should have been.
  if (v.length > 60 || v.includes('@') || findPhones(v).length > 0) return null;
  const lastFirst = /^([\p{L}'’-]+),\s*([\p{L}'’.-]+(?: [\p{L}'’.-]+)?)$/u.exec(v);
  if (lastFirst) v = `${lastFirst[2]} ${lastFirst[1]}`;
  // "Jaswinder (Jas) Gill": the name they go by, in brackets between first and last, is left out.
  const nickname = NICKNAME.exec(v);
  if (nickname) v = `${nickname[1]!.trim()} ${nickname[3]}`;
  const inBrackets = v.indexOf('(');
  if (inBrackets > 0) v = v.slice(0, inBrackets).trim();
  return v === '' ? null : nameCase(v);
}

const CAPITALISED_WORD = /^\p{Lu}\p{Ll}[\p{L}'’-]*$/u;

/** Where the preposition before a phrase starting at `at` starts: "for" in "Office for National …". */
function prepositionStart(text: string, at: number, preposition: string): number {
  let end = at;
  while (end > 0 && /\s/.test(text[end - 1]!)) end--;
  return end - preposition.length;
}

/** Whether the word ending just before `at` (blanks between skipped) is capitalised: "Office" in "Office for". */
function capitalisedWordBefore(text: string, at: number): boolean {
  let end = at;
  while (end > 0 && /\s/.test(text[end - 1]!)) end--;
  let start = end;
  while (start > 0 && end - start < 30 && !/\s/.test(text[start - 1]!)) start--;
  return end > start && CAPITALISED_WORD.test(text.slice(start, end));
}
/** The text after the last " - ", " – ", " — " or " | " of a display name ("Jo Bloggs - DWP"), if short. */
function afterLastDash(name: string): string | null {
  for (let i = name.length - 2; i > 0; i--) {
    if ('-–—|'.includes(name[i]!) && name[i - 1] === ' ' && name[i + 1] === ' ') {
      const rest = name.slice(i + 2).trim();
      return rest.length >= 2 && rest.length <= 60 ? rest : null;
    }
  }
  return null;
}

/** `s` without any of `chars` at either end. */
export function trimChars(s: string, chars: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && chars.includes(s[start]!)) start++;
  while (end > start && chars.includes(s[end - 1]!)) end--;
  return s.slice(start, end);
}

/** Our invitation's form, in its order: what "1." to "5." answer when someone numbers their answers. */
const FORM_ORDER = ['Name', 'Phone', 'Organisation', 'Google, Skype or Teams ID', 'What you would like to talk about'];
/**
 * Answers numbered as our form's lines ("1. Niamh Brennan 2. 028 9649 6347 3. PSNI …", or one to a line),
 * as labelled lines: only 1, 2, 3… in order from 1, at least three of them, the first a name and the
 * second a phone number. Reads the first 4,000 characters, one pass over the numbers in them.
 */
function numberedAnswers(text: string, country: CountryCode): string[] | null {
  const t = text.slice(0, 4000);
  const marks: Array<{ at: number; end: number }> = [];
  for (const m of t.matchAll(/(?:^|\s)([1-5])[.)]\s+/g)) {
    if (Number(m[1]) !== marks.length + 1) {
      if (marks.length >= 3) break;
      marks.length = 0;
      if (m[1] !== '1') continue;
    }
    marks.push({ at: m.index, end: m.index + m[0].length });
  }
  if (marks.length < 3) return null;
  const items = marks.map((mark, k) => {
    const next = marks[k + 1];
    const value = next ? t.slice(mark.end, next.at) : t.slice(mark.end).split('\n', 1)[0]!;
    return value.replace(/\s+/g, ' ').trim();
  });
  if (!couldBeName(items[0]!, 2) || findPhones(items[1]!, country).length === 0) return null;
  return items.map((value, k) => `${FORM_ORDER[k]}: ${value}`);
}

/**
 * "my surname is now Bennett-Shaw", "my married name is Griffiths-Bowen", "changed my surname to Okoro",
 * "could you change my surname? I got married and it's now Kaur-Bains": the surname they ask to go by, or null. Reads the first 4,000 characters.
 */
function statedSurname(text: string): string | null {
  const m = STATED_SURNAME.exec(text.slice(0, 4000));
  return m && looksLikeName(m[1]!) ? m[1]! : null;
}
const STATED_SURNAME =
  /\b(?:[Mm]y (?:new |married )?(?:surname|last name|family name|married name)(?: is| will be|['’]s| has changed to| is changing to)|[Cc]hanged my (?:surname|last name|name) to|[Nn]ew surname(?: is|:)?|(?:change|update|correct) my (?:surname|last name|family name)\b[^\n]{0,80}?\b(?:it['’]s|it is|it has changed to|it'?ll be)(?: now)?)(?: now)? (\p{Lu}[\p{L}'’]*(?:-\p{Lu}[\p{L}'’]*)?)(?![\p{L}'’-]| \p{Lu})/u;

/** Their name with the surname they now go by in place of the last word: "Laura Shaw" and "Bennett-Shaw". */
function withSurname(name: string, surname: string | null): string {
  if (!surname) return name;
  const words = name.split(' ');
  if (words.at(-1)!.toLowerCase() === surname.toLowerCase()) return name;
  return `${(words.length > 1 ? words.slice(0, -1) : words).join(' ')} ${surname}`;
}

/** "I'm Jo Bloggs", "My name is Jo", "This is Jo Bloggs from …". */
function statedNames(text: string): string[] {
  const out: string[] = [];
  // "could you change my name on your list to Megan Holt": the name it is to be.
  // "My name is spelt Siobhán", "could you update me to Gemma Lindqvist", "put me down as Katie Doyle".
  const re = /\b(?:my name is spelt|my name['’]s spelt|i['’]?m|i am|my name is|my name['’]s|this is|it['’]?s|name['’]?s|(?:change|update|put|correct) my (?:sur)?name (?:on (?:your|the) (?:list|records?|system) )?(?:to|as)|(?:update|change) me to|put me down as|my new name is|my name (?:go|goes) out as|could you use)\s+(?:now\s+)?(\p{Lu}[\p{L}'’-]*(?:\s+(?:(?:van|von|de|der|da|di|le|la|al|bin|ap)\s*)?\p{Lu}[\p{L}'’-]*){0,3})/giu;
  for (const m of text.matchAll(re)) {
    // The pattern is case-insensitive for "I'm"/"my name is", so it also runs on past the name into the
    // next clause ("I'm Jo Bloggs from Leeds"): keep the words up to the first that is not part of a name.
    const words: string[] = [];
    for (const w of m[1]!.split(/\s+/)) {
      if (!NAME_TOKEN.test(w) || !looksLikeName(w)) break;
      words.push(w);
    }
    const name = words.join(' ');
    if (looksLikeName(name)) out.push(name);
  }
  return out;
}

/** Comma/line/sentence pieces of the reply: "Yes please! Jo Bloggs, 07700 900123, Leeds City Council". */
function detailSegments(text: string): string[] {
  return outsideBrackets(text, (piece) => piece.split(/\n|[,;|/]|(?<=[!?])\s+|(?<=\p{Ll}{3}\.)\s+|(?<=\)\.)\s+|(?<=\.)\s+(?=\d)|(?<!\s)\s+[-–—]\s+/u))
    .map((s) => s.trim().replace(/^[-•*]\s*/, '').replace(TIDY_END, ''))
    .filter((s) => s !== '');
}

/**
 * Splits text with `split`, but never inside "(…)": "Cyngor Gwynedd (Swyddfa'r Cyngor, Caernarfon)" stays
 * one piece. Brackets are found in one pass; an unclosed one runs to the end of its line.
 */
function outsideBrackets(text: string, split: (s: string) => string[]): string[] {
  // Separators inside brackets are swapped for private-use characters while splitting, then put back.
  let masked = '';
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== '(') continue;
    let close = i + 1;
    while (close < text.length && text[close] !== ')' && text[close] !== '\n') close++;
    if (close >= text.length || text[close] === '\n') {
      // No closer on this line, so none for any later opener on it either: on to the next line, each
      // character looked at once.
      i = close;
      continue;
    }
    masked += text.slice(from, i) + [...text.slice(i, close + 1)].map((ch) => MASK.get(ch) ?? ch).join('');
    from = close + 1;
    i = close;
  }
  masked += text.slice(from);
  return split(masked).map((piece) => [...piece].map((ch) => UNMASK.get(ch) ?? ch).join(''));
}

const MASK = new Map([...',;|/-–—.!?'].map((ch, k) => [ch, String.fromCharCode(0xe000 + k)]));
const UNMASK = new Map([...MASK].map(([a, b]) => [b, a]));

/**
 * Names of bodies with commas in them, as split pieces: "Ministry of Housing", "Communities and Local
 * Government" give "Ministry of Housing, Communities and Local Government". A piece that names a body,
 * then up to three short capitalised pieces ending with one that has "and" or "&".
 */
function commaNames(pieces: string[]): string[] {
  const out: string[] = [];
  for (let k = 0; k < pieces.length - 1; k++) {
    // A name whole as it stands ("Fife Council, Education and Children's Services") goes on to a team, not a
    // longer name.
    // Only departments and ministries have names that are lists ("Department for Environment, Food & Rural
    // Affairs"); "Police Scotland, Partnerships Prevention & Community Wellbeing" is a force and its division.
    if (judgeOrganisation(pieces[k]!).score < 40 || WHOLE_BODY.test(pieces[k]!.trim()) || !/^(?:the\s+)?(?:department|dept\.?|ministry|office)\b/i.test(pieces[k]!.trim())) continue;
    for (let j = k + 1; j < Math.min(pieces.length, k + 4); j++) {
      const p = pieces[j]!.trim();
      if (!/^\p{Lu}/u.test(p) || /\d/.test(p) || p.split(/\s+/).length > 5 || judgeOrganisation(p).score < 0) break;
      if (/\band\b|&/.test(p)) {
        out.push(pieces.slice(k, j + 1).map((x) => x.trim()).join(', '));
        break;
      }
    }
  }
  return out;
}

function withoutUrlsAndEmails(text: string): string {
  return text.replace(/(https?:\/\/|www\.)\S+/gi, ' ').replace(/(?<![\w.+-])[\w.+-]+@[\w-]+(\.[\w-]+)+/g, ' ').replace(/\blive:[.\w-]+/gi, ' ');
}

const PREPOSITION = /\b(?:from|at|with|for|in|of|to)\s+/gu;
const LOWER = /\p{Ll}/u;
const MAX_PHRASE_CHARS = 120;
const PHRASE_CHAR = /[\p{L}&'’.\- ]/u;
const DISCLAIMER_FROM = /\bthis (?:e-?mail|message)(?: and any attachments)? (?:is|was|has been) (?:from|sent (?:by|from|on behalf of))\s+(?:the\s+)?(\p{Lu}[^.,;\n]{2,60})/giu;
const ORGANISATION_ASKED =
  /\b(?:show|put|list|have|record|set|change|update|amend)\s+my\s+(?:organi[sz]ation|employer)\s+(?:down\s+)?(?:as|to)\s+(?:the\s+)?(\p{Lu}[^,.;!?\n]{1,80})|\bmy\s+(?:organi[sz]ation|employer)\s+(?:ought|should|needs)\s+(?:really\s+)?(?:to\s+)?(?:say|read|show|be shown as)\s+(?:the\s+)?(\p{Lu}[^,.;!?\n]{1,80})/u;
const ORGANISATION_IS =
  /\b(?:organi[sz]ation|employer|department|workplace)(?:\s+name)?\s+(?:is|is now|has changed to|should be|'s)\s+(?:the\s+)?(\p{Lu}[^,.;!?\n]{1,80})|\b(?:that|it|this|mine) should (?:be|read|say)\s+(?:the\s+)?(\p{Lu}[^,.;!?\n]{1,80})|\b(?:make|change) (?:this|that|it|mine) (?:to |into )?(?:the\s+)?(\p{Lu}[^,.;!?\n]{1,80})/gu;
const CAPITAL = /\p{Lu}/u;
const BLANK = /\s/;
const STOPPING_PUNCTUATION = ",.;!?:()";
// After a run of blanks: a dash and a blank, or a word that starts a new clause.
// "and" ends a phrase unless a capitalised word other than "I" follows it ("Westmorland and Furness Council",
// "Department for Work and Pensions"; but "Leeds and I'd love to").
const STOP_AFTER_BLANKS = /[-–—]\s|and(?![A-Za-z0-9_])(?!\s(?!I\b|I['’]|We\b)\p{Lu})|(?:but|so|where|who|as|in|on|at|yes|please|since|if|i|we|to|which)(?![A-Za-z0-9_])/uy;

/**
 * The capitalised phrases after "from", "at", "with", "for" and "in", each up to the first place that ends
 * it (a dash between blanks, punctuation, "and"/"but"/…, a line break, the end). This is the pattern
 * `\b(?:from|at|with|for)\s+((?:the\s+)?\p{Lu}[\p{L}&'’.\- ]*?)(?=\s+[-–—]\s|\s*[,.;!?:()]|\s+(?:and|…)\b|\n|$)`,
 * matched as matchAll would, but with where each phrase could end worked out once for the whole text:
 * as a pattern, each "from" re-read the rest of the line (and each blank the rest of its run), which made
 * "from A from A …" quadratic.
 */
interface Phrase {
  text: string;
  /** Where the phrase starts and ends in the text, and the word before it. */
  start: number;
  end: number;
  preposition: string;
  /** Starts with a capital letter (else it counts only when it clearly names a body: "here at land registry"). */
  capital: boolean;
}

function phrasesAfterPrepositions(text: string): Phrase[] {
  const n = text.length;
  // stopAt[p]: a phrase may end at p; nextStop[p]: the first such place at or after p.
  const nextStop = new Int32Array(n + 1);
  nextStop[n] = n;
  let runEnd = n;
  for (let p = n - 1; p >= 0; p--) {
    const c = text[p]!;
    let stop: boolean;
    if (c === '\n') stop = true;
    else if (BLANK.test(c)) {
      if (p + 1 >= n || !BLANK.test(text[p + 1]!)) runEnd = p + 1;
      STOP_AFTER_BLANKS.lastIndex = runEnd;
      stop = runEnd < n && (STOPPING_PUNCTUATION.includes(text[runEnd]!) || STOP_AFTER_BLANKS.test(text));
    } else stop = STOPPING_PUNCTUATION.includes(c);
    nextStop[p] = stop ? p : nextStop[p + 1]!;
  }
  // phraseEnd[p]: the first place at or after p whose character cannot be part of a phrase.
  const phraseEnd = new Int32Array(n + 1);
  phraseEnd[n] = n;
  for (let p = n - 1; p >= 0; p--) {
    const code = text.charCodeAt(p);
    if (code >= 0xdc00 && code <= 0xdfff) {
      phraseEnd[p] = phraseEnd[p + 1]!;
      continue;
    }
    const ch = String.fromCodePoint(text.codePointAt(p)!);
    phraseEnd[p] = PHRASE_CHAR.test(ch) ? phraseEnd[p + ch.length]! : p;
  }

  const phrases: Phrase[] = [];
  PREPOSITION.lastIndex = 0;
  for (let m = PREPOSITION.exec(text); m !== null; m = PREPOSITION.exec(text)) {
    const start = m.index + m[0].length;
    let first = start;
    if (text.startsWith('the', start) && BLANK.test(text[start + 3] ?? '')) {
      first = start + 3;
      while (first < n && BLANK.test(text[first]!)) first++;
    }
    const letter = first < n ? String.fromCodePoint(text.codePointAt(first)!) : '';
    const rest = first + letter.length;
    const capital = letter !== '' && CAPITAL.test(letter);
    const end = letter !== '' && (capital || LOWER.test(letter)) ? nextStop[rest]! : -1;
    if (end >= 0 && end <= phraseEnd[rest]! && end - start <= MAX_PHRASE_CHARS) {
      phrases.push({ text: text.slice(start, end), start, end, preposition: m[0].trim().toLowerCase(), capital });
      PREPOSITION.lastIndex = capital ? end : rest;
    } else {
      PREPOSITION.lastIndex = m.index + 1;
    }
  }
  return phrases;
}

export type { LabelKey };
