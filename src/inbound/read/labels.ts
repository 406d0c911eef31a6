/**
 * Labelled parts of a line: "Name: Jo Bloggs", "Phone - 07700 900123", and several on one line
 * ("Name: Joy Adams / Phone: 07700 900289 / Org: Wakefield Council").
 *
 * A label is recognised by the words in it, not by a fixed list of phrases: organisers word their
 * invitations differently ("Your full name", "Best phone number", "Organisation / employer", "Teams, Skype
 * or Google ID (if you have one)"), and people answer whatever wording they were sent. A label is short
 * (a few words) and ends at a separator (":", "=", a dash between blanks, or a tab).
 *
 * Cost: each place a label may start is looked at once, and from there at most MAX_LABEL_CHARS characters
 * are read, so a line costs at most MAX_LABEL_CHARS times its length.
 */

/** What a label asks for. `ignored` is a label for something we do not keep (email, job title, …). */
export type LabelKey =
  | 'name'
  | 'phone'
  | 'mobile'
  | 'notPhone'
  | 'organisation'
  | 'googleId'
  | 'skypeId'
  | 'teams'
  | 'anyId'
  | 'otherId'
  | 'topics'
  | 'ignored';

export interface LabelledPart {
  key: LabelKey;
  /** The label as written, without its note and separator ("Phone number"). */
  label: string;
  value: string;
}

export interface LineParts {
  /** Text before the first label ("Jo Bloggs" in "Jo Bloggs, Phone: 0770…"), or the whole line when it has none. */
  before: string;
  parts: LabelledPart[];
  /** Unlabelled text after a value's ";" or "|" ("phone 07700 900845" in "Name: Kwame; phone 07700 900845"). */
  rest: string[];
}

/** The longest label read: "What you'd like to talk about (optional)" is 41. */
const MAX_LABEL_CHARS = 64;
const MAX_LABEL_WORDS = 8;
const MAX_DASH_LABEL_WORDS = 3;
/** Words that make the text before a dash a sentence ("Gmail is in Spanish - but …"), not a label. */
const SENTENCE_WORD = /\b(?:is|are|was|am|in|on|at|to|but|if|i|i'm|im|we|you|it|this|that|my|me|so|and)\b/i;

const WORD = /[\p{L}\p{N}]+/gu;
// Each of these is tested against one bounded label, so none is run on anything longer than MAX_LABEL_CHARS.
const NOTE = /\((?:[^()]{0,40})\)|\[(?:[^[\]]{0,40})\]/g;

// "Organisation", "phone", "mobile" and "name" as people write them in Spanish, French, German, Italian,
// Portuguese, Dutch, Polish, Romanian, Irish and Scottish Gaelic (Welsh has its own words below).
const FOREIGN_ORGANISATION = ['organización', 'organizacion', 'organisatie', 'organizzazione', 'organização', 'organizacao', 'organizacja', 'organizație', 'organizatie', 'arbeitgeber', 'employeur', 'eagraíocht', 'buidheann', 'dienststelle', 'behörde'];
const FOREIGN_PHONE = ['teléfono', 'telefono', 'telefon', 'téléphone', 'telephone', 'telefone', 'telefoon', 'fón', 'guthán', 'fòn'];
const FOREIGN_MOBILE = ['móvil', 'movil', 'portable', 'handy', 'cellulare', 'telemóvel', 'celular', 'mobiel', 'komórka', 'komorka', 'póca'];
const FOREIGN_NAME = ['nombre', 'nom', 'naam', 'nome', 'imię', 'imie', 'nazwisko', 'nume', 'numele', 'ainm', 'vorname', 'nachname'];

const PLATFORMS = new Set(['zoom', 'whatsapp', 'signal', 'slack', 'facetime', 'webex', 'telegram', 'jabber']);
const ORGANISATION_WORDS = new Set([
  'organisation', 'organization', 'organisations', 'org', 'orgs', 'department', 'dept', 'agency', 'employer',
  'company', 'workplace', 'authority', 'body', 'council', 'trust', 'institution', 'ministry', 'sefydliad',
  // The word in the languages staff of UK bodies reply in: our form's labels, typed in their own.
  ...FOREIGN_ORGANISATION,
]);
const LABEL_FILLER = new Set(['my', 'your', 'name', 'of', 'place', 'work', 'where', 'you', 'who', 'for', 'at', 'the', 'current', 'home']);
const IGNORED_WORDS = new Set([
  'email', 'e', 'mail', 'address', 'addr', 'title', 'role', 'job', 'position', 'grade', 'pronouns', 'website', 'web', 'w',
  'linkedin', 'twitter', 'location', 'based', 'hours', 'team', 'directorate', 'division', 'unit', 'office', 'postcode',
  'availability', 'available', 'days', 'manager', 'subject', 're', 'date', 'sent', 'to', 'cc', 'from', 'ref', 'reference',
]);

// Words of five letters or more only: a shorter word one letter from a label is often a word itself ("Team:"
// is not "Teams:", "Same:" not "Name:"). "Name" only with two letters swapped ("Nmae", "Naem").
const TYPED_LABELS: Array<[string, LabelKey]> = [
  ['phone', 'phone'], ['mobile', 'mobile'], ['telephone', 'phone'], ['organisation', 'organisation'], ['organization', 'organisation'],
  ['employer', 'organisation'],
];

/** One insertion, deletion, substitution or swap of neighbours apart: "skipp" and "skip", "Nmae" and "Name". */
export function oneLetterOut(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length) return a.slice(i + 1) === b.slice(i + 1) || (a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2));
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

/** The field a label asks for, or null when the text is not a label. */
export function classifyLabel(raw: string, maxWords = MAX_LABEL_WORDS): LabelKey | null {
  if (raw.length > MAX_LABEL_CHARS) return null;
  const text = raw.replace(NOTE, ' ').toLowerCase().replace(/[’`]/g, "'");
  const words: string[] = text.match(WORD) ?? [];
  if (words.length === 0 || words.length > maxWords) return null;
  // "Organisation / employer", "Google, Skype or Teams ID", "Ffôn/Tel": each piece is a label itself, so
  // that "DVLA / Teams" is not one label.
  const pieces = text.split(/[/,]/).map((x) => x.trim()).filter((x) => x !== '');
  if (pieces.length > 1 && !pieces.every((piece) => classifyLabel(piece, maxWords) !== null)) return null;
  const has = (...w: string[]) => w.some((x) => words.includes(x));
  if (words.length === 1) {
    const [w] = words as [string];
    // "Nmae:", "Phnoe:", "Organisaton:": a label typed in a hurry, one letter out.
    const slip = w.length >= 5 ? TYPED_LABELS.find(([word]) => word !== w && oneLetterOut(w, word)) : undefined;
    if (slip) return slip[1];
    if (w.length === 4 && w !== 'name' && [...w].sort().join('') === 'aemn' && oneLetterOut(w, 'name')) return 'name';
    if (w === 'm' || w === 'mob' || w === 'c') return 'mobile';
    if (w === 't' || w === 'p' || w === 'ph' || w === 'd' || w === 'dd' || w === 'direct' || w === 'desk') return 'phone';
    if (w === 'f' || w === 'fax') return 'notPhone';
    if (w === 'e' || w === 'w') return 'ignored';
    if (w === 'work' || w === 'employer' || w === 'workplace' || w === 'organisation' || w === 'org') return 'organisation';
  }
  if (has('fax', 'switchboard', 'reception', 'helpline')) return 'notPhone';
  if ((has('main', 'general', 'enquiries') && has('phone', 'tel', 'telephone', 'number', 'line', 'office')) || (words.length === 1 && has('main', 'enquiries'))) {
    return 'notPhone';
  }
  // "Meet" alone is a verb ("Meet Sam Patel from DWP"): Google's only with "Google" or an "ID".
  const google = has('google', 'gmail', 'hangouts', 'googlemail') || (has('meet') && has('id', 'link', 'address', 'account'));
  const skype = has('skype');
  const teams = has('teams') || (has('microsoft', 'ms') && has('team'));
  if ([google, skype, teams].filter(Boolean).length >= 2) return 'anyId';
  if (google) return 'googleId';
  if (skype) return 'skypeId';
  if (teams) return 'teams';
  if (has('other') && has('id', 'ids', 'contact', 'contacts', 'platform', 'platforms', 'channel', 'channels')) return 'otherId';
  if (has('video') && has('id', 'call', 'calls', 'link', 'address')) return 'anyId';
  if (words.some((w) => ORGANISATION_WORDS.has(w)) || ['local authority', 'work for', 'place of work', 'where you work', 'work at', 'who you work'].some((p) => text.includes(p))) {
    return 'organisation';
  }
  if (has('mobile', 'mob', 'cell', 'cellphone', 'symudol', ...FOREIGN_MOBILE)) return 'mobile';
  if (has('phone', 'telephone', 'tel', 'ddi', 'landline', 'ffon', 'ffôn', ...FOREIGN_PHONE) || (has('number', 'no', 'line', 'dial') && has('contact', 'best', 'direct', 'your', 'my', 'number', 'work', 'office'))) {
    return 'phone';
  }
  if (words.some((w) => PLATFORMS.has(w))) return 'otherId';
  // "Interested in:", not "Interested – sounds like a good idea" (a yes).
  if (has('topics', 'topic', 'interests') || (has('interest', 'interested') && has('in', 'areas', 'area', 'topics')) || ['talk about', 'chat about', 'like to discuss'].some((p) => text.includes(p))) return 'topics';
  if (has('team') && has('name')) return 'ignored';
  if (has('name', 'enw', 'names', ...FOREIGN_NAME) && !has('user', 'username', 'file')) return 'name';
  // "Job title:", "Working hours:", "To:"; not a sentence that happens to hold one of the words ("we've just
  // been moved over to it: jo@x.gov.uk").
  if (words.length <= 3 && words.some((w) => IGNORED_WORDS.has(w))) return 'ignored';
  return null;
}

// Where a label may begin inside a line: after one of these, with any blanks. ".", "!" and "?" only before
// a blank, so that "jo.bloggs" never opens a label.
const PART_BREAK = /(?<!\s)(?:\s*[/|;,•·]|\s+[-–—](?=\s)|[.!?](?=\s)|\t| {2,})\s*/g;
const LEADER = /^[\s>*•·\-–—]*/;

/** The separator after a label: ":", "=", "：", a dash with a blank on either side, or a tab. */
/** The schemes of ids and links people write (Skype's "live:", "sip:", "tel:", links), at the end of a label's text. */
const SCHEME_BEFORE = /(?:^|[^\p{L}])(?:live|sip|tel|https?|mailto|msteams|skype)$/iu;

function separatorAt(t: string, i: number): number {
  const c = t[i];
  if (c === ':' || c === '=' || c === '：') return 1;
  if (c === '\t') return 1;
  // A table turned into text: "Name        Hamza Rahman".
  if (c === ' ' && t[i + 1] === ' ' && t[i + 2] === ' ') return 3;
  if ((c === '-' || c === '–' || c === '—') && (t[i + 1] === ' ' || t[i - 1] === ' ')) return 1;
  return 0;
}

/**
 * The label starting at `from`, if there is one: where its value starts and what it asks for.
 * Reads at most MAX_LABEL_CHARS characters.
 */
function labelAt(t: string, from: number): { key: LabelKey; label: string; valueStart: number } | null {
  const limit = Math.min(t.length, from + MAX_LABEL_CHARS);
  let depth = 0;
  for (let i = from; i < limit; i++) {
    const c = t[i]!;
    if (c === '(' || c === '[') depth++;
    else if ((c === ')' || c === ']') && depth > 0) depth--;
    if (depth > 0) continue;
    // "Teams – jo@x" and "Name - Jo" separate; "Org-wide" does not.
    // A label has no digits, ";" or "|" in it; "Google/Skype/Teams ID:" has slashes and commas, which do
    // not end it.
    if (c === ';' || c === '|' || c === '!' || c === '?' || (c >= '0' && c <= '9')) return null;
    // Nor the end of a sentence: "… (Swansea). Best on my desk phone:" is a label after a sentence.
    if (c === '.' && t[i + 1] === ' ' && /\p{Lu}/u.test(t[i + 2] ?? '')) return null;
    // "skype live:.cid.7f3a…", "sip:jo@x.gov.uk": the colon of an id's scheme, not of a label; no label
    // holds an id.
    if (c === ':' && t[i + 1] !== undefined && t[i + 1] !== ' ' && SCHEME_BEFORE.test(t.slice(Math.max(from, i - 8), i))) return null;
    const sep = separatorAt(t, i);
    if (sep === 0) continue;
    const rawLabel = trimStars(t.slice(from, i)).trim();
    if (rawLabel === '' || /^\d/.test(rawLabel)) return null;
    // A dash or a tab separates a short label only ("Name - Jo"): before one, a longer text is a sentence
    // ("I'm Grace from the Environment Agency - yes please").
    const colon = c === ':' || c === '=' || c === '：';
    // A dash, a tab or a run of spaces separates a label only at the start of a line ("Name - Jo"):
    // "Ben Osei, Curriculum Manager – Construction" is a signature line.
    if (!colon && (from > 0 || SENTENCE_WORD.test(rawLabel))) return null;
    const key = classifyLabel(rawLabel, colon ? MAX_LABEL_WORDS : MAX_DASH_LABEL_WORDS);
    if (!key) return null;
    // "Cardiff Council (Cyngor Caerdydd) - Education Services" names a body before its team: before a dash,
    // an organisation label is label words only ("Org - …", "Employer – …").
    if (!colon && key === 'organisation' && !(rawLabel.replace(NOTE, ' ').toLowerCase().match(WORD) ?? []).every((w) => ORGANISATION_WORDS.has(w) || LABEL_FILLER.has(w))) return null;
    let valueStart = i + sep;
    while (valueStart < t.length && (t[valueStart] === ' ' || t[valueStart] === '*' || t[valueStart] === '\t')) valueStart++;
    return { key, label: rawLabel.replace(NOTE, '').replace(/\s+/g, ' ').trim(), valueStart };
  }
  return null;
}

/** The labelled parts of one line, and the unlabelled text before the first of them. */
export function lineParts(line: string): LineParts {
  const t = line.replace(LEADER, '');
  const starts: Array<{ at: number; key: LabelKey; label: string; valueStart: number }> = [];
  const first = labelAt(t, 0);
  if (first) starts.push({ at: 0, ...first });
  PART_BREAK.lastIndex = 0;
  for (let m = PART_BREAK.exec(t); m !== null; m = PART_BREAK.exec(t)) {
    if (m[0] === '') {
      PART_BREAK.lastIndex++;
      continue;
    }
    const at = m.index + m[0].length;
    const last = starts[starts.length - 1];
    // Inside the label just found ("Google/Skype/Teams ID"): not a new one.
    if (last && at < last.valueStart) continue;
    const hit = labelAt(t, at);
    if (hit) {
      starts.push({ at: m.index, ...hit });
      PART_BREAK.lastIndex = hit.valueStart;
    }
  }
  if (starts.length === 0) return { before: t.trim(), parts: [], rest: [] };
  const rest: string[] = [];
  const parts: LabelledPart[] = starts.map((s, k) => {
    const end = k + 1 < starts.length ? starts[k + 1]!.at : t.length;
    // A value ends at ";" or "|": what follows without a label of its own ("phone 0770…") is loose text.
    const raw = t.slice(s.valueStart, end);
    const stop = firstListBreak(raw);
    if (stop >= 0) rest.push(raw.slice(stop + 1));
    return { key: s.key, label: s.label, value: cleanValue(stop >= 0 ? raw.slice(0, stop) : raw) };
  });
  return { before: cleanValue(t.slice(0, starts[0]!.at)), parts, rest: rest.map(cleanValue).filter((r) => r !== '') };
}

function firstListBreak(s: string): number {
  const a = s.indexOf(';');
  const b = s.indexOf('|');
  return a < 0 ? b : b < 0 ? a : Math.min(a, b);
}

function trimStars(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && s[a] === '*') a++;
  while (b > a && s[b - 1] === '*') b--;
  return s.slice(a, b);
}

/** A value without the separators and markup around it. */
export function cleanValue(v: string): string {
  let s = v.trim();
  // Trailing separators and stars, one character at a time (a pattern anchored at the end is retried from
  // every character of a long run).
  let end = s.length;
  while (end > 0 && ',;|/*.:-–— \t'.includes(s[end - 1]!)) end--;
  s = s.slice(0, end);
  let start = 0;
  while (start < s.length && ':=*-–— \t'.includes(s[start]!)) start++;
  return s.slice(start).trim();
}

/** Invitation placeholders and non-answers ("[your name]", "…", "____", "n/a", "none"). */
export function isPlaceholder(v: string): boolean {
  const t = v.trim();
  if (t === '') return true;
  if (/^[[(<{].*[\])>}]$/.test(t) && t.length < 60) return true;
  if (/^[._…\-\s?]+$/.test(t)) return true;
  // "None" in English and in the languages people answer our form in (Welsh "dim", Polish "brak", …).
  // Not when an answer follows it: "no Teams I'm afraid, but Google Meet on this address is fine".
  if (/\bbut\b/i.test(t)) return false;
  return /^(?:your\b|optional\b|e\.g\.|eg\b|n\/a\b|na$|none\b|nil\b|no\b|not applicable|don'?t have|do not have|-$|tbc\b|x+$|dim\b|dim un\b|brak\b|ninguno\b|ninguna\b|aucun\b|aucune\b|keine?\b|nessuno\b|nenhum\b|geen\b|niciunul\b|níl\b)/i.test(t);
}

const BARE_SLIP = /^(\p{L}{5,13})[ \t]+(\S.*)$/u;
const BARE_LABEL = /^(full name|name|phone|mobile|mob|m|cell|tel|telephone|t|desk|direct|ddi|landline|organisation|organization|org|employer)[ \t]+(\S.*)$/i;

/**
 * "NAME MARGARET DOYLE", "PHONE 01632 960745": a field's word and its value with no separator between.
 * Only the commonest words, and the caller keeps it only when the value looks like what the word asks for.
 */
export function bareLabel(line: string): LabelledPart | null {
  const t = line.replace(LEADER, '').trim();
  // "orgnisation dorset counil", "phnoe 07700 …": the word typed a letter out (five letters or more).
  const slip = BARE_LABEL.test(t) ? null : BARE_SLIP.exec(t);
  const m = slip && TYPED_LABELS.some(([word]) => word !== slip[1]!.toLowerCase() && oneLetterOut(slip[1]!.toLowerCase(), word)) ? slip : BARE_LABEL.exec(t);
  if (!m) return null;
  const key = classifyLabel(m[1]!);
  return key ? { key, label: m[1]!, value: cleanValue(m[2]!) } : null;
}

/** The field a whole line asks for when it is only a label ("Name:", "> Your full name (optional)"). */
export function labelOnly(line: string): { key: LabelKey; label: string } | null {
  const t = line.replace(LEADER, '').trim();
  if (t === '' || t.length > MAX_LABEL_CHARS + 4) return null;
  // A form's label ends with its colon (or a question mark): "Meet Sam Patel from DWP." is a sentence.
  if (!/[:=：?]$/.test(t)) return null;
  const hit = labelAt(`${t.endsWith('?') ? t.slice(0, -1) : t}${/[:=：]$/.test(t) ? '' : ':'}`, 0);
  if (!hit) return null;
  const rest = t.slice(Math.min(t.length, hit.valueStart)).trim();
  return rest === '' || isPlaceholder(rest) ? { key: hit.key, label: hit.label } : null;
}
