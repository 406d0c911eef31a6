import { cleanValue } from './labels.js';
import { isKnownAbbreviation, judgeOrganisation, withoutBrackets } from './kinds.js';

/*
 * An organisation's name as a person would write it on a form, from how it was typed in a reply: without
 * the team, place or time that follows it, in a body's capitals, the English of a bilingual pair. Pure
 * functions of the value; which value is the organisation is fields.ts's choice.
 */

const WELSH = /\b(?:cef|cyngor|gwasanaeth|llywodraeth|prifysgol|bwrdd|iechyd|heddlu|awdurdod|cyfoeth|trafnidiaeth|cymru|achub|tân|sir|dinas|bwrdeistref|cyhoeddus|naturiol)\b/iu;
export function isWelsh(s: string): boolean {
  return WELSH.test(s);
}

/** An organisation as written, without a trailing full stop or "(KCC)"-style abbreviation. */
export function tidyOrganisation(s: string): string | null {
  let v = withoutUnclosedBracket(s)
    // What it is not: "not the council" in "Sandwell and West Birmingham NHS Trust, not the council".
    .replace(/^(?:not|never|rather than|instead of)\b.*$/is, '')
    // "the ICB rather than the council": the one they are not at, after it.
    .replace(/\s(?:rather than|instead of)\s.*$/is, '')
    // "well, North Yorkshire Council…", "or rather the ICB": words of speech before the name.
    .replace(/^(?:well|um+|erm+|er|ah|oh|so|actually|sorry|or rather|i mean|technically)\b[,\s]+/i, '')
    .replace(/^(?:i\s+(?:(?:work(?:ing)?|am|'m)\s*)?|(?:work(?:ing)?|am|'m)\s*|\s*)(?:at|for|from|with|in)\s+(?=\S)/i, '')
    .replace(/(?<![.!])[.!]+$/, '')
    // "h m courts and tribunals service actually": a word of speech after it.
    .replace(/\s(?:actually|really|though|i think|i believe)$/i, '')
    // "h m courts…", "h.m. revenue…" as dictation and hurried typing spell HM.
    .replace(/^h\.?\s?m\.?\s(?=\p{L}{3})/iu, 'HM ')
    .trim();
  v = withoutTrailingBrackets(withoutDepartment(withoutPlace(cleanValue(withoutTrailingBrackets(v)))));
  if (v === '') return null;
  v = bodyCase(v).replace(/^dept\.?(?=\s+(?:for|of)\b)/i, 'Department');
  return v;
}

/**
 * "housing executive (nihe) derry office", "Kent County Council (KCC) Highways": a known body's initials in
 * brackets end its name; what follows is a part or a place of it.
 */
export function beforeBracketedInitials(v: string): string {
  const initials = INITIALS_IN_BRACKETS.exec(v);
  return initials && initials.index > 0 && isKnownAbbreviation(initials[1]!) ? v.slice(0, initials.index) : v;
}

/** An opened bracket never closed ("… NHS Foundation Trust (Evelina London"): the name before it. */
function withoutUnclosedBracket(s: string): string {
  const open = s.lastIndexOf('(');
  return open >= 0 && !s.includes(')', open) ? s.slice(0, open).trimEnd() : s;
}

/** Short words that stay small in a body's name: "Department for Work and Pensions". */
const SMALL_WORDS = new Set(['and', 'of', 'for', 'the', 'in', 'on', 'upon', 'with', 'at', 'to', '&']);

/**
 * A body's name typed all in small letters, as it is written: "scottish fire & rescue service" is
 * "Scottish Fire & Rescue Service", "nhs ggc" is "NHS GGC", "dudley mbc" is "Dudley MBC". Anything with a
 * capital in it is left as the person wrote it.
 */
function bodyCase(v: string): string {
  if (/\p{Lu}/u.test(v) || !/\p{Ll}/u.test(v)) return v;
  return v
    .split(' ')
    .map((w, i) => {
      if (i > 0 && SMALL_WORDS.has(w)) return w;
      if (isKnownAbbreviation(w) || /^[b-df-hj-np-tv-z]{2,5}$/.test(w) || /^(?:nhs|uhb|mbc|hsc|icb)$/.test(w)) return w.toUpperCase();
      return w.replace(/(^|[-'’])(\p{Ll})/gu, (_, b: string, c: string) => b + c.toUpperCase());
    })
    .join(' ');
}

/** A body's name that is complete as it stands: its last word is what such names end with. */
export const WHOLE_BODY = /(?:council|agency|surgery|medical centre|health centre|authority|trust|police|constabulary|service|services|government|office|board|executive|commission|inspectorate|nhs|icb|force|borough of [\p{L}-]+(?: upon [\p{L}-]+)?)$/iu;

/** "… North Somerset Council last month": when, not which body. */
const WHEN_TAIL = /\s(?:last|this|next)\s(?:week|month|year|spring|summer|autumn|winter)\b|\s(?:recently|since then)\b|\s(?:now|currently|these days|at the moment|at present)$|\s(?:since|after|following|before) the\s/i;
const HOW_LONG = /\s(?:for|since|over)\s(?:the\s(?:last|past)\s)?(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|many|several|almost|nearly|about|over)\b/i;

/**
 * The body without the part of it that follows: "London Borough of Hackney, Adult Social Care", "Kent
 * County Council – Children, Young People and Education", "Environment Agency for eleven years". Cut only
 * after what names a body, before what does not; at a comma only after a name complete as it stands, and
 * not before a list that goes on ("Department for Digital, Culture, Media and Sport"). Of a bilingual pair
 * ("Llywodraeth Cymru / Welsh Government"), the English.
 */
function withoutDepartment(v: string): string {
  // "Glasgow Life, I'm a library assistant at the Mitchell": what they say of themselves after the name.
  const aside = ABOUT_THEMSELVES.exec(v);
  if (aside && aside.index > 0) v = v.slice(0, aside.index);
  v = beforeBracketedInitials(v);
  const long = HOW_LONG.exec(v) ?? WHEN_TAIL.exec(v);
  if (long && judgeOrganisation(v.slice(0, long.index)).score >= 40) v = v.slice(0, long.index);
  // "Border Force at Manchester Airport", "Kent Police in Maidstone": where in the body, after its name.
  const at = / (?:at|in|based (?:at|in)) (?=\S)/i.exec(v);
  if (at) {
    const head = withoutTrailingBrackets(v.slice(0, at.index));
    if ((WHOLE_BODY.test(head) || isKnownAbbreviation(head) || /^(?:department|dept\.?|ministry|office) (?:for|of) [\p{L}-]+$/iu.test(head)) && judgeOrganisation(head).score >= 40 && judgeOrganisation(v.slice(at.index + at[0].length)).score < 40) v = head;
  }
  // The first separator after which what comes before names a body: "Foreign, Commonwealth & Development
  // Office, King Charles Street" is cut at its second comma, not its first. At most MAX_CUTS tried.
  const separators = /,\s|\s[-–—|/]\s/g;
  let sep: RegExpExecArray | null = null;
  let head = '';
  let tail = '';
  let headScore = 0;
  let tailScore = 0;
  let initialsThenTeam = false;
  for (let tries = 0; tries < MAX_CUTS; tries++) {
    sep = separators.exec(v);
    if (!sep) return v;
    // "North Yorks Council (highways, Northallerton office)": a comma inside brackets is the aside's own.
    if (openBrackets(v, sep.index)) continue;
    head = v.slice(0, sep.index).trim();
    tail = v.slice(sep.index + sep[0].length).trim();
    headScore = judgeOrganisation(head).score;
    tailScore = judgeOrganisation(tail).score;
    // A body's initials before a team or a place ("RBKC, Grenfell Projects Team", "GMCA , Digital team",
    // "bcc, adult social care", "PSoS, Partnerships, Lanarkshire", "STH (sheffield teaching hosp) - estates",
    // "dudley mbc - public health"): the initials, unless what follows names a body itself.
    initialsThenTeam = (initialsLike(withoutBrackets(head).trim()) && tailScore < 40) || (/^\p{Lu}{2,6}$/u.test(head) && tailScore < 0);
    if (initialsThenTeam) head = withoutBrackets(head).trim();
    // "CEF Berwyn / HMP Berwyn": a bilingual pair one side of which names a body: the English.
    if (/[|/]/.test(sep[0]) && isWelsh(head) !== isWelsh(tail) && Math.max(headScore, tailScore) >= 40) return isWelsh(head) ? tail : head;
    if (headScore >= 40 || initialsThenTeam) break;
    // A bilingual pair of names neither of which the patterns know: the English.
    if (/[|/]/.test(sep[0]) && headScore > 0 && tailScore > 0 && isWelsh(head) !== isWelsh(tail)) return isWelsh(head) ? tail : head;
  }
  if (!sep || (headScore < 40 && !initialsThenTeam) || tail === '') return v;
  if (initialsThenTeam) return head;
  // Two bodies after a comma ("HMP Leeds, HM Prison & Probation Service"): the first, where they are.
  if (sep[0].startsWith(',') && tailScore >= 40) return head;
  if (/[|/]/.test(sep[0]) && tailScore >= 40) return isWelsh(head) && !isWelsh(tail) ? tail : head;
  if (tailScore > 0 && !WHOLE_BODY.test(head)) return v;
  // After a comma, a body complete as it stands (or its initials), a team, or a place or team of a word
  // or two ("…, Newport").
  const short = tail.split(/\s+/).length <= 2;
  // "NHS Greater Glasgow and Clyde": a board named after "NHS" is whole as it stands.
  const complete = WHOLE_BODY.test(head) || /^NHS\s/.test(head) || isKnownAbbreviation(head) || tailScore < 0 || short;
  // "Department for Environment, Food & Rural Affairs" goes on as a list; "Environment Agency, Flood and
  // Coastal Risk" has a whole name before its team.
  if (sep[0].startsWith(',') && (!complete || (/\s(?:and|&)\s/.test(tail) && /^(?:the\s+)?(?:department|dept\.?|ministry|office)\b/i.test(head)))) return v;
  return head;
}
const MAX_CUTS = 4;
const INITIALS_IN_BRACKETS = /\s\((\p{L}{2,8})\)\s+(?=\p{L})/u;
const ABOUT_THEMSELVES = /(?:,|\s[-–—])\s*(?:i['’]?m|i am|i work|i['’]ve been|where i|my (?:role|job|title) is|we['’]re|we are)\b/i;

/** Whether a "(" before `at` in `v` is still open there. One pass over the text before it. */
function openBrackets(v: string, at: number): boolean {
  let depth = 0;
  for (let i = 0; i < at; i++) {
    if (v[i] === '(') depth++;
    else if (v[i] === ')' && depth > 0) depth--;
  }
  return depth > 0;
}

/**
 * A body's initials as people type them: "RBKC", "PSoS", "NHS GGC", "bcc", "dudley mbc". In small letters
 * only without vowels (so not "our" or "the") or when known.
 */
function initialsLike(v: string): boolean {
  if (isKnownAbbreviation(v)) return true;
  const words = v.split(' ');
  if (words.length === 2 && /^[\p{L}-]{3,}$/u.test(words[0]!) && /^(?:cc|mbc|cbc|bc|dc|uhb|hb)$/i.test(words[1]!)) return true;
  return words.every((w) => (/^\p{Lu}[\p{Lu}\p{Ll}&]{1,5}$/u.test(w) && (w.match(/\p{Lu}/gu)?.length ?? 0) >= 2) || /^[b-df-hj-np-tv-z]{2,5}$/.test(w)) && words.length <= 2;
}

/** Without a last "(…)" of at most 80 characters: "HM Land Registry (Durham office)", "Kent County Council (KCC)". */
function withoutTrailingBrackets(v: string): string {
  const t = v.trimEnd();
  if (!t.endsWith(')')) return v;
  const open = t.lastIndexOf('(');
  return open > 0 && t.length - open <= 82 && !t.slice(open + 1, -1).includes('(') ? t.slice(0, open).trimEnd() : v;
}

/** "DfE's Sheffield office", "the Council's Leeds team": the body, without which part of it. */
function withoutPlace(v: string): string {
  const at = v.search(/['’]s\s/);
  if (at <= 0) return v;
  const tail = v.slice(at + 3).trim().split(/\s+/);
  return tail.length <= 4 && /^(?:office|offices|team|site|hub|branch|unit|centre|center|building|department|directorate)$/i.test(tail[tail.length - 1]!)
    ? v.slice(0, at).replace(/^the\s+/i, '')
    : v;
}
