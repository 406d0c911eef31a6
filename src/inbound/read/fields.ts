import type { Details } from '../../participants/details.js';
import type { CountryCode } from 'libphonenumber-js';
import { bestPhone, findPhones, normalisePhone } from './phone.js';
import { isSignOffLine } from './patterns.js';

/** The details a reply gives: the same shape as a participant's details (phone in E.164). */
export type Fields = Details;

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
}

type FieldKey = keyof Fields;
type Labelled = Partial<Record<FieldKey, string>> & { otherParts?: string[]; mobile?: string };

/** Label words people use for each field; the order matters where one label is a prefix of another. */
const LABELS: Array<[FieldKey | 'mobile' | 'anyId', RegExp]> = [
  // The invitation's own "Google, Skype or Teams ID": which one it is shows in the value.
  ['anyId', /(?:google,?\s+skype,?\s+or\s+teams\s+id|google\s*\/\s*skype\s*\/\s*teams(?:\s+id)?)/],
  ['name', /(?:full\s+name|your\s+name|first\s+and\s+last\s+name|name)/],
  ['mobile', /(?:mobile(?:\s+(?:phone|number|no\.?))?|mob(?:ile)?\.?|cell(?:\s*phone)?|m)/],
  ['phone', /(?:(?:tele)?phone(?:\s+(?:number|no\.?))?|tel\.?|contact\s+number|number|direct\s+line|direct\s+dial|ddi|landline|t|p)/],
  ['organisation', /(?:organi[sz]ation(?:\s+name)?|org\.?|department|dept\.?|agency|employer|company|workplace|local\s+authority|body)/],
  ['googleId', /(?:google(?:\s+(?:id|account|meet|chat|hangouts))?|gmail|google\s*meet|meet|hangouts)/],
  ['skypeId', /(?:skype(?:\s+(?:id|name|handle|address))?)/],
  ['other', /(?:microsoft\s+teams|ms\s+teams|teams(?:\s+(?:id|address))?|zoom|signal|whatsapp|slack|facetime|other(?:\s+(?:id|ids|contact|platform|details))?)/],
  ['topics', /(?:topics?(?:\s+of\s+interest)?|interests?|(?:what\s+)?(?:(?:you|i)(?:['’]?d|\s+would)\s+)?like\s+to\s+talk\s+about|talk\s+about|areas?\s+of\s+interest)/],
];

const ANY_LABEL = LABELS.map(([, re]) => re.source).join('|');
// Invitations mark some fields "(optional)"; people keep that when they answer.
const OPTIONAL_NOTE = String.raw`(?:\((?:optional|if any|if you have one|if you like)\)\s*)?`;
// "Org-wide" is a word, "Org - Leeds" and "Org: Leeds" are labels.
const SEPARATOR = String.raw`(?:[:=]|(?<=\s)[-–—]|[-–—](?=\s))\s*`;
// Blanks have one place each (before the note, or after it), and a run of two or more opens a label only
// from its first blank: otherwise a long run is tried again from each of its blanks, and split between
// the two places in every way.
// Exported, with the other patterns built here, for test/reliability/redos.test.ts.
export const LABEL_LINE = new RegExp(
  String.raw`(?:^|[,;|]\s*|(?<!\s)\s{2,}|\.\s+)\*?(?:my\s+)?(` + ANY_LABEL + String.raw`)\*?\s*` + OPTIONAL_NOTE + SEPARATOR,
  'gi',
);
/** A quoted line that starts with a label. */
export const LABEL_AT_START = new RegExp(LABEL_LINE.source, 'i');
/** A quoted line that is only a label ("> Name:"), its answer on the lines below. */
export const LABEL_ALONE = new RegExp(String.raw`^\s*\*?(` + ANY_LABEL + String.raw`)\*?\s*` + OPTIONAL_NOTE + String.raw`(?:[:?]\s*)?$`, 'i');
export const LABEL_EXACT: Array<[FieldKey | 'mobile' | 'anyId', RegExp]> = LABELS.map(([key, re]) => [key, new RegExp(`^${re.source}$`, 'i')]);

function labelKey(label: string): FieldKey | 'mobile' | 'anyId' | null {
  const l = label.trim().toLowerCase();
  for (const [key, re] of LABEL_EXACT) if (re.test(l)) return key;
  return null;
}

/** Finds "Label: value" pairs, several per line allowed ("Name: Jo, Phone: 0770…"). */
export function labelledValues(text: string): Labelled {
  const out: Labelled = {};
  for (const line of text.split('\n')) {
    const t = line.replace(/^\s*[>*•-]*\s*/, '');
    const hits = [...t.matchAll(LABEL_LINE)];
    hits.forEach((m, k) => {
      const key = labelKey(m[1]!);
      if (!key) return;
      const start = (m.index ?? 0) + m[0].length;
      // Labels mid-line only count when a delimiter introduces them; the first must open the line.
      if (k === 0 && (m.index ?? 0) > 0 && !/^[,;|.]/.test(m[0])) return;
      const end = k + 1 < hits.length ? hits[k + 1]!.index! : t.length;
      const value = cleanValue(t.slice(start, end));
      if (value === '' || isPlaceholder(value)) return;
      if (key === 'anyId') {
        const id = /^live:|^[a-z][\w.,-]{5,31}$/i.test(value) && !value.includes('@') ? 'skypeId' : /@(?:gmail|googlemail)\.com$/i.test(value) ? 'googleId' : null;
        if (id && out[id] === undefined) out[id] = value;
        else if (!id) (out.otherParts ??= []).push(value);
      } else if (key === 'other') {
        const platform = m[1]!.trim().replace(/(?<!\s)\s+(id|address)$/i, '');
        (out.otherParts ??= []).push(`${capitalise(platform)}: ${value}`);
      } else if (out[key] === undefined) {
        out[key] = value;
      }
    });
  }
  return out;
}

function cleanValue(v: string): string {
  // The trailing run is matched from its start only: tried from each of its characters it was quadratic.
  return v.replace(/^[\s:=\-–—]+/, '').replace(/(?<![\s,;|.])[\s,;|.]+$/, '').trim();
}

/** Invitation placeholders that are not answers ("[your name]", "…", "____"). */
function isPlaceholder(v: string): boolean {
  return /^[\[(<{].*[\])>}]$/.test(v) || /^[._…\-\s]+$/.test(v) || /^(your|optional|e\.g\.|n\/a|none|-)\b/i.test(v);
}

function capitalise(s: string): string {
  return s.replace(/\b\p{L}/gu, (c) => c.toUpperCase());
}

/**
 * Gmail inline replies: the person types answers under (or on) the quoted
 * form labels of the invitation. A quoted label line followed by an unquoted
 * line gives that line as the answer; a quoted label line with a value that
 * is not a placeholder was edited in place.
 */
export function inlineAnswers(fullText: string): Labelled {
  const lines = fullText.replace(/\r\n?/g, '\n').split('\n');
  const rebuilt: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const q = /^\s*>+\s?(.*)$/s.exec(line);
    if (!q) continue;
    const inner = q[1]!;
    const hit = LABEL_AT_START.exec(inner) ?? LABEL_ALONE.exec(inner);
    if (!hit || (hit.index ?? 0) > 0) continue;
    const label = hit[1]!;
    const value = cleanValue(inner.slice(hit[0].length));
    if (value !== '' && !isPlaceholder(value)) {
      rebuilt.push(`${label}: ${value}`);
      continue;
    }
    // The answer is on the next non-blank unquoted line, before the next quoted line.
    for (let j = i + 1; j < Math.min(lines.length, i + 4); j++) {
      const next = lines[j]!;
      if (/^\s*>/.test(next)) {
        if (next.replace(/^[\s>]+/, '') === '') continue;
        break;
      }
      if (next.trim() === '') continue;
      rebuilt.push(`${label}: ${next.trim()}`);
      break;
    }
  }
  return labelledValues(rebuilt.join('\n'));
}

/** Words that make a display name a shared mailbox rather than a person. */
const SHARED_MAILBOX =
  /\b(team|teams|department|dept|office|unit|service|services|council|mailbox|inbox|info|information|admin|administration|enquiries|enquiry|no[\s-]?reply|do[\s-]?not[\s-]?reply|support|help\s*desk|helpdesk|reception|hr|it|finance|planning|contact|contacts|general|group|committee|secretariat|programme|project|hub|centre|center|desk|bookings|recruitment|communications|comms|newsletter|notifications?|mailer|postmaster|system)\b/i;

const NOT_NAME_WORDS =
  /^(yes|yeah|yep|no|please|thanks|thank|hi|hello|hey|dear|regards|best|cheers|sure|ok|okay|great|count|sign|happy|delighted|keen|interested|sounds|lovely|morning|afternoon|evening|all|team|the|a|an|and|from|at|in|on|for|with|to|of|via|sent|mobile|phone|tel|email|council|nhs|trust|ministry|department|agency|office|police|service|university|borough|authority|hm|government|city|county|district|policy|officer|manager|director|senior|lead|head|not|met|stop|pause|skip|resume|help|quiet|delete|unsubscribe|monthly|quarterly|maybe|sorry|meet|data|my|me|i|we)$/i;

const NAME_TOKEN = /^(\p{Lu}[\p{L}'’-]*\.?|van|von|de|der|den|da|di|du|la|le|bin|bint|al|el|ibn|o’|o')$/u;

/** True for 1–4 words that could be a person's name as written in a signature or sentence. */
export function looksLikeName(s: string, minWords = 1): boolean {
  const t = s.trim().replace(/(?<![.,!])[.,!]+$/, '');
  if (t === '' || t.length > 60 || /[\d@:/]/.test(t)) return false;
  const words = t.split(/\s+/);
  if (words.length < minWords || words.length > 4) return false;
  if (!/^\p{Lu}/u.test(words[0]!)) return false;
  return words.every((w) => NAME_TOKEN.test(w) && !NOT_NAME_WORDS.test(w.replace(/[.’']/g, '')));
}

/** Cleans a From display name and refuses shared mailboxes. */
export function personalDisplayName(display: string | null): string | null {
  if (!display) return null;
  let n = withoutBrackets(display.replace(/["“”]/g, '')).replace(/(?<!\s)\s+via\s.*$/is, '').trim();
  if (n === '' || SHARED_MAILBOX.test(n) || /@/.test(n)) return null;
  // Outlook's "Bloggs, Jo" ordering.
  const lastFirst = /^([\p{L}'’-]+),([\p{L}'’.\s-]+)$/u.exec(n);
  if (lastFirst) n = `${lastFirst[2]!.trim()} ${lastFirst[1]}`;
  if (n === n.toUpperCase() && /\p{Lu}{2}/u.test(n)) n = capitalise(n.toLowerCase());
  return looksLikeName(n) ? n : null;
}

/**
 * Without its "(…)" and "[…]" parts and the blanks around them, each from an opener to the first closer
 * after it on the line. As a pattern this was scanned again from each blank and each unclosed opener.
 */
function withoutBrackets(s: string): string {
  let out = '';
  let from = 0;
  for (let i = 0; i < s.length; i++) {
    if (s[i] !== '(' && s[i] !== '[') continue;
    let close = i + 1;
    while (close < s.length && s[close] !== ')' && s[close] !== ']' && s[close] !== '\n') close++;
    if (close >= s.length || s[close] === '\n') {
      i = close;
      continue;
    }
    let start = i;
    while (start > from && /\s/.test(s[start - 1]!)) start--;
    let end = close + 1;
    while (end < s.length && /\s/.test(s[end]!)) end++;
    out += `${s.slice(from, start)} `;
    from = end;
    i = end - 1;
  }
  return out + s.slice(from);
}

// A signature line's parts: "Jo Bloggs | Policy Officer", "Jo Bloggs - Leeds". A part boundary starts at
// the first blank of a run, so no run is tried again from each of its blanks.
const SIGNATURE_PARTS = /(?<!\s)\s*[|,–—]\s*|(?<!\s)\s+-\s+/;
const ORGANISATION_PARTS = /(?<!\s)\s*[|,–—]\s*|(?<!\s)\s+-\s+|(?<!\s)\s+at\s+/;

/** Words that mark a line or phrase as an organisation in the public sector (and a few beyond). */
const ORG_WORDS =
  /\b(council|nhs|trust|ministry|department|dept|agency|office|police|constabulary|fire|service|services|university|college|school|borough|authority|hm\s*\w+|hmrc|dwp|dfe|defra|cabinet|government|gov|executive|commission|inspectorate|ombudsman|tribunal|court|parliament|assembly|directorate|board|foundation|institute|library|museum|ltd|limited|plc|llp|cic|charity|hospital|integrated care|icb|ccg|health|county|city|district|parish|combined authority|mod|army|navy|raf)\b/i;

const JOB_TITLE =
  /\b(officer|manager|director|adviser|advisor|analyst|lead|head|coordinator|co-ordinator|assistant|consultant|specialist|engineer|developer|designer|researcher|clerk|inspector|nurse|doctor|gp|teacher|lecturer|professor|chief|executive|secretary|administrator|partner|associate|principal|senior|junior|planner|architect|scientist|economist|statistician|auditor|accountant|solicitor|lawyer|caseworker|worker|supervisor|commissioner|councillor|deputy|trainee|apprentice|intern|fellow|owner|founder|product|delivery|programme|project)\b/i;

export function extractFields(input: FieldsInput): Fields {
  const country = input.defaultCountry ?? 'GB';
  const reply = input.reply ?? '';
  const signature = input.signature ?? '';
  const inReply = labelledValues(reply);
  const inline = input.fullText ? inlineAnswers(input.fullText) : {};
  const inSignature = labelledValues(signature);
  const pick = (key: FieldKey): string | null => inReply[key] ?? inline[key] ?? null;

  return {
    name: findName(reply, signature, pick('name'), input.fromName),
    phone: findPhone(reply, signature, [inReply, inline], inSignature, country),
    organisation: findOrganisation(reply, signature, pick('organisation') ?? inSignature.organisation ?? null),
    googleId: pick('googleId') ?? inSignature.googleId ?? null,
    skypeId: pick('skypeId') ?? inSignature.skypeId ?? liveId(reply) ?? liveId(signature),
    other: joinOther([inReply.otherParts, inline.otherParts, inSignature.otherParts]),
    topics: pick('topics') ?? topicsSentence(reply),
  };
}

function joinOther(parts: Array<string[] | undefined>): string | null {
  const all = [...new Set(parts.flatMap((p) => p ?? []))];
  return all.length > 0 ? all.join('; ') : null;
}

/** Skype's newer account ids look like "live:.cid.123abc" or "live:jo.bloggs". */
function liveId(text: string): string | null {
  const m = /\blive:[.\w-]+/i.exec(text);
  return m ? m[0].replace(/\.$/, '') : null;
}

function findName(reply: string, signature: string, labelled: string | null, fromName: string | null): string | null {
  if (labelled) return tidyName(labelled);
  const stated = statedName(reply);
  if (stated) return stated;
  const loose = detailSegments(reply).find((s) => looksLikeName(s, 2));
  if (loose) return tidyName(loose);
  const signed = signatureName(signature);
  if (signed) return signed;
  return personalDisplayName(fromName);
}

function tidyName(s: string): string {
  return s.replace(/(?<![.,!;])[.,!;]+$/, '').replace(/\s+/g, ' ').trim();
}

/** "I'm Jo Bloggs", "My name is Jo", "This is Jo Bloggs from …". */
function statedName(text: string): string | null {
  const re = /\b(?:i'?m|i am|my name is|my name's|this is|it'?s)\s+(\p{Lu}[\p{L}'’-]*(?:\s+(?:(?:van|von|de|der|da|di|le|la|al|bin)\s*)?\p{Lu}[\p{L}'’-]*){0,3})/giu;
  for (const m of text.matchAll(re)) {
    // The pattern is case-insensitive for "I'm"/"my name is", so it also runs on past the name into the
    // next clause ("I'm Jo Bloggs from Leeds"): keep the words up to the first that is not part of a name.
    const words: string[] = [];
    for (const w of m[1]!.split(/\s+/)) {
      if (!NAME_TOKEN.test(w) || NOT_NAME_WORDS.test(w.replace(/[.’']/g, ''))) break;
      words.push(w);
    }
    const name = words.join(' ');
    if (looksLikeName(name)) return name;
  }
  return null;
}

/** The first name-like line of a signature, skipping the sign-off and delimiters. */
function signatureName(signature: string): string | null {
  for (const raw of signature.split('\n')) {
    const line = raw.trim().replace(/^#sig#/, '');
    if (line === '' || /^[-_=—–]+$/.test(line) || isSignOffLine(line)) {
      const same = /,\s*(\p{Lu}[\p{L}'’-]*(?:\s+\p{Lu}[\p{L}'’-]*){0,2})\s*$/u.exec(line);
      if (same && looksLikeName(same[1]!)) return same[1]!;
      continue;
    }
    const first = line.split(SIGNATURE_PARTS)[0]!;
    return looksLikeName(first) ? tidyName(first) : null;
  }
  return null;
}

/** Comma/line/sentence pieces of the reply: "Yes please! Jo Bloggs, 07700 900123, Leeds City Council". */
function detailSegments(text: string): string[] {
  return text
    .split(/\n|[,;|]|(?<=[!?])\s+|(?<=\p{Ll}{3}\.)\s+/u)
    .map((s) => s.trim().replace(/^[-•*]\s*/, ''))
    .filter((s) => s !== '');
}

function findPhone(
  reply: string,
  signature: string,
  labelledSources: Labelled[],
  inSignature: Labelled,
  country: CountryCode,
): string | null {
  // Labelled in the body: a mobile label beats a plain phone label.
  for (const src of labelledSources) {
    for (const v of [src.mobile, src.phone]) {
      const n = v ? normalisePhone(v.replace(/[^\d+()\s.\-x]/gi, ' ').trim(), country) ?? bestPhone(findPhones(v, country)) : null;
      if (n) return n;
    }
  }
  const body = bestPhone(findPhones(withoutUrlsAndEmails(reply), country));
  if (body) return body;
  for (const v of [inSignature.mobile, inSignature.phone]) {
    const n = v ? bestPhone(findPhones(v, country)) : null;
    if (n) return n;
  }
  return bestPhone(findPhones(withoutUrlsAndEmails(signature), country));
}

function withoutUrlsAndEmails(text: string): string {
  return text.replace(/(https?:\/\/|www\.)\S+/gi, ' ').replace(/(?<![\w.+-])[\w.+-]+@[\w-]+(\.[\w-]+)+/g, ' ').replace(/\blive:[.\w-]+/gi, ' ');
}

function findOrganisation(reply: string, signature: string, labelled: string | null): string | null {
  if (labelled) return labelled;
  const inSentence = organisationInSentence(reply);
  if (inSentence) return inSentence;
  const fromReply = detailSegments(reply).find(isOrganisationPhrase);
  if (fromReply) return cleanOrganisation(fromReply);
  return signatureOrganisation(signature);
}

/** "…from Leeds City Council", "I work at HMRC", "with the Environment Agency - yes": the organisation in a sentence. */
function organisationInSentence(text: string): string | null {
  for (const m of phrasesAfterPrepositions(text)) {
    const phrase = m.trim();
    if (phrase.length <= 70 && ORG_WORDS.test(phrase) && phrase.split(/\s+/).length <= 8) return phrase.replace(/^the\s+/i, '');
  }
  return null;
}

const PREPOSITION = /\b(?:from|at|with|for)\s+/gu;
const PHRASE_CHAR = /[\p{L}&'’.\- ]/u;
const CAPITAL = /\p{Lu}/u;
const BLANK = /\s/;
const STOPPING_PUNCTUATION = ",.;!?:()";
// After a run of blanks: a dash and a blank, or a word that starts a new clause.
const STOP_AFTER_BLANKS = /[-–—]\s|(?:and|but|so|where|who|as|in|on|yes|please)(?![A-Za-z0-9_])/y;

/**
 * The capitalised phrases after "from", "at", "with" and "for", each up to the first place that ends it
 * (a dash between blanks, punctuation, "and"/"but"/…, a line break, the end). This is the pattern
 * `\b(?:from|at|with|for)\s+((?:the\s+)?\p{Lu}[\p{L}&'’.\- ]*?)(?=\s+[-–—]\s|\s*[,.;!?:()]|\s+(?:and|…)\b|\n|$)`,
 * matched as matchAll would, but with where each phrase could end worked out once for the whole text:
 * as a pattern, each "from" re-read the rest of the line (and each blank the rest of its run), which made
 * "from A from A …" quadratic.
 */
function phrasesAfterPrepositions(text: string): string[] {
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

  const phrases: string[] = [];
  PREPOSITION.lastIndex = 0;
  for (let m = PREPOSITION.exec(text); m !== null; m = PREPOSITION.exec(text)) {
    const start = m.index + m[0].length;
    let first = start;
    if (text.startsWith('the', start) && BLANK.test(text[start + 3] ?? '')) {
      first = start + 3;
      while (first < n && BLANK.test(text[first]!)) first++;
    }
    const capital = first < n ? String.fromCodePoint(text.codePointAt(first)!) : '';
    const rest = first + capital.length;
    const end = capital !== '' && CAPITAL.test(capital) ? nextStop[rest]! : -1;
    if (end >= 0 && end <= phraseEnd[rest]!) {
      phrases.push(text.slice(start, end));
      PREPOSITION.lastIndex = end;
    } else {
      PREPOSITION.lastIndex = m.index + 1;
    }
  }
  return phrases;
}

function isOrganisationPhrase(s: string): boolean {
  if (s.length > 80 || /[@\d]{3,}/.test(s) || s.split(/\s+/).length > 9) return false;
  if (!ORG_WORDS.test(s)) return false;
  // Sentences that merely mention a council are not an organisation name.
  return /^(the\s+)?(\p{Lu}|HM|NHS)/u.test(s.replace(/^(at|from|with|for|work(ing)? (at|for|in)|i work (at|for|in))\s+/i, ''));
}

function cleanOrganisation(s: string): string {
  return s
    .replace(/^(?:i\s+(?:(?:work(?:ing)?|am|'m)\s*)?|(?:work(?:ing)?|am|'m)\s*|\s*)(at|for|from|with|in)\s+/i, '')
    .replace(/(?<![.!])[.!]+$/, '')
    .trim();
}

/**
 * In a signature the organisation is a line with an organisation word, or
 * the line right after a job title ("Policy Officer\nLeeds City Council").
 */
function signatureOrganisation(signature: string): string | null {
  const lines = signature
    .split('\n')
    .map((l) => l.trim().replace(/^#sig#/, ''))
    .filter((l) => l !== '' && !/^[-_=—–]+$/.test(l) && !isSignOffLine(l));
  const useful = lines.filter((l) => !/@|https?:|www\./i.test(l) && !/\d{5,}|\d{3,}[\s-]\d{3,}/.test(l));
  for (const line of useful) {
    for (const part of line.split(ORGANISATION_PARTS)) {
      if (isOrganisationPhrase(part) && !JOB_TITLE.test(part.replace(ORG_WORDS, ''))) return cleanOrganisation(part);
    }
  }
  for (let i = 0; i < useful.length - 1; i++) {
    if (JOB_TITLE.test(useful[i]!) && !looksLikeName(useful[i + 1]!, 2) && /^\p{Lu}/u.test(useful[i + 1]!)) return useful[i + 1]!;
  }
  return null;
}

function topicsSentence(text: string): string | null {
  const m = /\b(?:i'?d|i would|i'?d really)\s+(?:love|like)\s+to\s+(?:talk|chat)\s+about\s+([^.\n!?]+)/i.exec(text);
  return m ? m[1]!.trim() : null;
}
