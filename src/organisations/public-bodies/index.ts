/**
 * The gazetteer: UK public bodies by every name people write for them ("KCC", "kirklees", "Sheffield
 * Teaching Hospitals NHS FT", "Cyngor Caerdydd", "the Met"), so a reply's organisation is written as the
 * body writes it and two names for one body are one organisation. Pure; built once when first used.
 *
 * Text is read as words (letters and digits; "&" and "+" are "and"; an apostrophe or a dot inside a word
 * joins it), and names are matched word by word in a tree of words, longest first, so finding every body in
 * a text costs at most (words in the text) × (words in the longest name) steps. A word of five letters or
 * more that is no word of any name may stand for one a letter away ("Sheffeild", "Servise"), once per name.
 */
import type { PublicBody } from './types.js';
import { LOCAL_BODIES } from './local.js';
import { HEALTH_AND_NATIONAL_BODIES } from './health-and-national.js';

export type { PublicBody } from './types.js';

/**
 * How a name was matched: the body's own name or another it has ('name'), its initials ('initials'), or
 * only the place a council is named for ('place': "kirklees", "Leeds"), which is a body only where a
 * reply's details are listed, never in a sentence.
 */
export type MentionKind = 'name' | 'initials' | 'place';

export interface BodyMention {
  /** The body's own name. */
  readonly name: string;
  readonly kind: MentionKind;
  /** Where the words matched start and end in the text (end exclusive). */
  readonly start: number;
  readonly end: number;
  /** A word was taken for one a letter away. */
  readonly corrected: boolean;
}

interface Word {
  readonly w: string;
  readonly raw: string;
  readonly start: number;
  readonly end: number;
}

/** Words people shorten or spell two ways, read as one. */
const SAME_WORD: Record<string, string> = {
  saint: 'st',
  center: 'centre',
  organization: 'organisation',
  counc: 'council',
  cncl: 'council',
  govt: 'government',
  dept: 'department',
  hosp: 'hospital',
  hosps: 'hospitals',
  mids: 'midlands',
  natl: 'national',
  univ: 'university',
  uni: 'university',
};

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
const MARKS = /\p{M}/gu;
const UPPER = /\p{Lu}/u;
/** Last words of a shortened form that leaves part of a body's kind off ("Lancashire Fire"): the full name is written instead. */
const SHORTENED = new Set(['fire']);
/** Words a name keeps in small letters: "Department for Education", "Isle of Wight". */
const SMALL_WORDS = new Set(['and', 'of', 'the', 'for', 'in', 'on', 'upon', 'with', 'y', 'yr', 'a', 'an', 'le', 'la', 'de', 'na', 'nan']);
const LOWER = /\p{Ll}/u;

/** Longest text read; callers bound what they pass, this bounds the rest. */
const MAX_TEXT = 100_000;
const MAX_WORD = 40;

const plain = new Map<string, string>();
/** One character as matched: lower case, without accents ("Môn" is "mon"). */
function fold(c: string): string {
  let f = plain.get(c);
  if (f === undefined) {
    f = c.toLowerCase().normalize('NFD').replace(MARKS, '');
    if (plain.size < 10_000) plain.set(c, f);
  }
  return f;
}

/** The words of a text with where each is; one pass. */
function wordsOf(text: string): Word[] {
  const s = text.length > MAX_TEXT ? text.slice(0, MAX_TEXT) : text;
  const out: Word[] = [];
  let w = '';
  let raw = '';
  let start = -1;
  let end = -1;
  const flush = () => {
    if (start >= 0 && w !== '' && w.length <= MAX_WORD) out.push({ w: SAME_WORD[w] ?? w, raw, start, end });
    w = '';
    raw = '';
    start = -1;
  };
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (LETTER_OR_DIGIT.test(c)) {
      if (start < 0) start = i;
      w += fold(c);
      raw += c;
      end = i + 1;
    } else if ((c === "'" || c === '’' || c === '.') && start >= 0 && i + 1 < s.length && LETTER_OR_DIGIT.test(s[i + 1]!)) {
      // "King's", "St.Helens": joined, not split.
      continue;
    } else if (c === '&' || c === '+') {
      flush();
      out.push({ w: 'and', raw: c, start: i, end: i + 1 });
    } else {
      flush();
    }
  }
  flush();
  return out;
}

interface Entry {
  /** Index into BODIES, or -1 when two bodies share the words (then neither is read from them). */
  body: number;
  kind: MentionKind;
  /** Written by the gazetteer itself (not derived): wins over a derived one for another body. */
  given: boolean;
  /** For initials: the case they are written in ("MoJ"); text must be in capitals or in this case. */
  raw?: string;
}

interface Node {
  next: Map<string, Node>;
  entry?: Entry;
}

/** Endings of names and what people write instead, with how the shorter form counts. */
const ENDINGS: Array<{ ending: string[]; instead: Array<{ words: string[]; kind: MentionKind }> }> = [
  { ending: ['nhs', 'foundation', 'trust'], instead: alts([['nhs', 'ft'], ['nhsft'], ['ft'], ['foundation', 'trust'], ['nhs', 'trust'], ['nhs', 'foundation', 'trust'], []]) },
  { ending: ['nhs', 'trust'], instead: alts([['trust'], ['nhs', 'trust'], []]) },
  { ending: ['integrated', 'care', 'board'], instead: alts([['icb'], ['integrated', 'care', 'board']]) },
  { ending: ['university', 'health', 'board'], instead: alts([['uhb'], ['health', 'board'], ['university', 'health', 'board'], []]) },
  { ending: ['health', 'and', 'social', 'care', 'trust'], instead: alts([['hsc', 'trust'], ['hsc'], ['hsct'], ['trust'], ['health', 'and', 'social', 'care', 'trust']]) },
  { ending: ['fire', 'and', 'rescue', 'service'], instead: alts([['fire', 'and', 'rescue'], ['frs'], ['fire', 'service'], ['fire'], ['fire', 'and', 'rescue', 'service']]) },
  { ending: ['metropolitan', 'borough', 'council'], instead: [...alts([['mbc'], ['council'], ['metropolitan', 'borough', 'council'], ['borough', 'council']]), { words: [], kind: 'place' }] },
  { ending: ['county', 'borough', 'council'], instead: [...alts([['cbc'], ['council'], ['county', 'borough', 'council']]), { words: [], kind: 'place' }] },
  { ending: ['county', 'council'], instead: [...alts([['cc'], ['council'], ['county', 'council']]), { words: [], kind: 'place' }] },
  { ending: ['city', 'council'], instead: [...alts([['cc'], ['council'], ['city', 'council']]), { words: [], kind: 'place' }] },
  { ending: ['borough', 'council'], instead: [...alts([['bc'], ['council'], ['borough', 'council']]), { words: [], kind: 'place' }] },
  { ending: ['district', 'council'], instead: [...alts([['dc'], ['council'], ['district', 'council']]), { words: [], kind: 'place' }] },
  { ending: ['council'], instead: [...alts([['council']]), { words: [], kind: 'place' }] },
];
function alts(list: string[][]): Array<{ words: string[]; kind: MentionKind }> {
  return list.map((words) => ({ words, kind: 'name' as const }));
}
/** "London Borough of Camden": "Camden Council", "LB Camden", and the place. */
const BOROUGH_OF: Array<{ start: string[]; instead: string[][] }> = [
  { start: ['london', 'borough', 'of'], instead: [['lb'], ['london', 'borough', 'of']] },
  { start: ['royal', 'borough', 'of'], instead: [['rb'], ['royal', 'borough', 'of']] },
  { start: ['city', 'of'], instead: [['city', 'of']] },
];

function endsWith(words: string[], ending: string[]): boolean {
  if (words.length <= ending.length) return false;
  for (let i = 0; i < ending.length; i++) if (words[words.length - ending.length + i] !== ending[i]) return false;
  return true;
}
function startsWith(words: string[], start: string[]): boolean {
  if (words.length <= start.length) return false;
  for (let i = 0; i < start.length; i++) if (words[i] !== start[i]) return false;
  return true;
}

/** The forms derived from one written name, with how each counts. */
function derived(words: string[]): Array<{ words: string[]; kind: MentionKind }> {
  const out: Array<{ words: string[]; kind: MentionKind }> = [];
  for (const { ending, instead } of ENDINGS) {
    if (!endsWith(words, ending)) continue;
    const stem = words.slice(0, words.length - ending.length);
    // "NHS Lothian", "NHS Kent and Medway Integrated Care Board": the NHS in front may be left off too.
    const stems = stem[0] === 'nhs' && stem.length > 1 ? [stem, stem.slice(1)] : [stem];
    for (const st of stems) {
      for (const alt of instead) {
        // A name's stem alone must still be a name: two words at least, or a council's place.
        if (alt.words.length === 0 && alt.kind === 'name' && st.length < 2) continue;
        out.push({ words: [...st, ...alt.words], kind: alt.kind });
      }
    }
    break;
  }
  for (const { start, instead } of BOROUGH_OF) {
    if (!startsWith(words, start)) continue;
    const place = words.slice(start.length);
    out.push({ words: [...place, 'council'], kind: 'name' }, { words: place, kind: 'place' });
    for (const alt of instead) out.push({ words: [...alt, ...place, 'council'], kind: 'name' }, { words: [...alt, ...place], kind: 'name' });
    break;
  }
  return out;
}

function isInitials(raw: string): boolean {
  const letters = raw.replace(/[^\p{L}]/gu, '');
  let upper = 0;
  for (const c of letters) if (UPPER.test(c)) upper++;
  return letters.length >= 2 && !raw.includes(' ') && upper >= 2 && upper >= letters.length / 2;
}

interface Gazetteer {
  root: Node;
  bodies: readonly PublicBody[];
  /** Words of five letters or more in any name, by each form with one letter left out. */
  nearby: Map<string, string[]>;
  vocabulary: Set<string>;
  deepest: number;
}

let built: Gazetteer | null = null;

function gazetteer(): Gazetteer {
  if (built) return built;
  const bodies = [...LOCAL_BODIES, ...HEALTH_AND_NATIONAL_BODIES];
  const root: Node = { next: new Map() };
  let deepest = 0;
  const vocabulary = new Set<string>();
  const put = (words: string[], body: number, kind: MentionKind, given: boolean, raw?: string) => {
    // "The Christie NHS Foundation Trust" is matched without its "the"; "the Met" keeps it, or every "Met"
    // would be the police.
    const ws = words[0] === 'the' && words.length > 2 ? words.slice(1) : words;
    if (ws.length === 0) return;
    let node = root;
    for (const w of ws) {
      let n = node.next.get(w);
      if (!n) node.next.set(w, (n = { next: new Map() }));
      node = n;
      vocabulary.add(w);
    }
    deepest = Math.max(deepest, ws.length);
    const e = node.entry;
    if (!e) node.entry = { body, kind, given, raw };
    else if (e.body !== body) {
      // Written for one body and derived for another: the written one. Two of a kind: neither.
      if (given && !e.given) node.entry = { body, kind, given, raw };
      else if (given === e.given) node.entry = { ...e, body: -1 };
    } else if (given && !e.given) node.entry = { body, kind, given, raw };
  };
  bodies.forEach((b, i) => {
    for (const written of [b.name, ...(b.also ?? [])]) {
      const words = wordsOf(written).map((x) => x.w);
      const initials = isInitials(written.trim());
      put(words, i, initials ? 'initials' : 'name', true, initials ? written.trim() : undefined);
      if (!initials) for (const d of derived(words)) put(d.words, i, d.kind, false);
    }
  });
  const nearby = new Map<string, string[]>();
  for (const w of vocabulary) {
    if (w.length < 5) continue;
    for (const k of oneOut(w)) (nearby.get(k) ?? nearby.set(k, []).get(k)!).push(w);
  }
  built = { root, bodies, nearby, vocabulary, deepest };
  return built;
}

/**
 * Whether a single word is the initials some one body is written with ("NIFRS", "gstt"): the gazetteer's
 * own, in any case. Cost: a lookup per letter of the word.
 */
export function isBodyInitials(word: string): boolean {
  const w = word.trim().toLowerCase();
  if (!/^[\p{L}&]{2,8}$/u.test(w)) return false;
  const node = gazetteer().root.next.get(w);
  return node?.entry !== undefined && node.entry.kind === 'initials' && node.entry.body >= 0;
}

/** The word itself and each form of it with one letter left out. */
function oneOut(w: string): string[] {
  const out = [w];
  for (let i = 0; i < w.length; i++) out.push(w.slice(0, i) + w.slice(i + 1));
  return out;
}

/** At most one letter added, left out, changed or two swapped. */
function oneApart(a: string, b: string): boolean {
  if (a === b) return true;
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length) {
    if (a.slice(i + 1) === b.slice(i + 1)) return true;
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
  }
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

/** The one word of a name a letter away from this word, or null (none, or more than one). */
function nearest(g: Gazetteer, w: string, cache: Map<string, string | null>): string | null {
  if (w.length < 5 || g.vocabulary.has(w)) return null;
  const known = cache.get(w);
  if (known !== undefined) return known;
  const found = new Set<string>();
  for (const k of oneOut(w)) for (const v of g.nearby.get(k) ?? []) if (oneApart(w, v)) found.add(v);
  const one = found.size === 1 ? [...found][0]! : null;
  cache.set(w, one);
  return one;
}

interface Match {
  entry: Entry;
  endWord: number;
  corrected: boolean;
}

/** The longest name starting at word i, reading each word as written or, once, as the word a letter away. */
function longestAt(g: Gazetteer, words: Word[], i: number, cache: Map<string, string | null>): Match | null {
  let best: Match | null = null;
  // Paths through the tree: at most two alive at once (as written, and with the one word corrected).
  let paths: Array<{ node: Node; corrected: boolean }> = [{ node: g.root, corrected: false }];
  for (let j = i; j < words.length && j - i < g.deepest && paths.length > 0; j++) {
    const next: Array<{ node: Node; corrected: boolean }> = [];
    for (const p of paths) {
      const exact = p.node.next.get(words[j]!.w);
      if (exact) next.push({ node: exact, corrected: p.corrected });
      if (!p.corrected) {
        const near = nearest(g, words[j]!.w, cache);
        const n = near ? p.node.next.get(near) : undefined;
        if (n) next.push({ node: n, corrected: true });
      }
    }
    // Keep the uncorrected path first, and no more than two.
    paths = next.sort((a, b) => Number(a.corrected) - Number(b.corrected)).slice(0, 2);
    for (const p of paths) {
      const e = p.node.entry;
      if (!e || e.body < 0) continue;
      // A corrected word in a one-word name is too little to go on.
      if (p.corrected && j === i) continue;
      if (!best || j + 1 > best.endWord || (j + 1 === best.endWord && best.corrected && !p.corrected)) best = { entry: e, endWord: j + 1, corrected: p.corrected };
    }
  }
  return best;
}

/** Initials count as written in capitals or in the body's own case ("MoJ"), so "met" and "nice" are words. */
function initialsWritten(m: Match, words: Word[], i: number): boolean {
  if (m.entry.kind !== 'initials') return true;
  const raw = words.slice(i, m.endWord).map((x) => x.raw).join('');
  return raw === m.entry.raw || (!LOWER.test(raw) && raw.length >= 2);
}

/**
 * A one-word name ("Ofsted", "Tate") in capitals and not one of a run of capitalised words: "Jo Tate" is a
 * person and "Lothian Buses" another body.
 */
function alone(words: Word[], i: number, text: string): boolean {
  const w = words[i]!;
  if (!UPPER.test(w.raw[0]!)) return false;
  const capitalisedNeighbour = (k: number, from: number, to: number) =>
    k >= 0 && k < words.length && UPPER.test(words[k]!.raw[0]!) && !text.slice(from, to).includes('\n') && /^[ \t]*$/.test(text.slice(from, to));
  return !capitalisedNeighbour(i - 1, words[i - 1]?.end ?? 0, w.start) && !capitalisedNeighbour(i + 1, w.end, words[i + 1]?.start ?? 0);
}

/**
 * Every body named in a text, in order, the longest name at each place, none overlapping. Initials only
 * in capitals or their own case; a council's place alone is returned as kind 'place' for the caller to
 * weigh (it is a body only among listed details).
 */
export function findBodies(text: string): BodyMention[] {
  const g = gazetteer();
  const words = wordsOf(text);
  const cache = new Map<string, string | null>();
  const out: BodyMention[] = [];
  for (let i = 0; i < words.length; ) {
    let m = longestAt(g, words, i, cache);
    // "the Met Office" is the Met Office, not "the Met" and an office.
    if (m && words[i]!.w === 'the') {
      const after = longestAt(g, words, i + 1, cache);
      if (after && after.endWord > m.endWord) {
        i++;
        m = after;
      }
    }
    if (m && initialsWritten(m, words, i) && (m.endWord - i > 1 || m.entry.kind !== 'name' || alone(words, i, text))) {
      out.push({ name: g.bodies[m.entry.body]!.name, kind: m.entry.kind, start: words[i]!.start, end: words[m.endWord - 1]!.end, corrected: m.corrected });
      i = m.endWord;
    } else i++;
  }
  return out;
}

export interface KnownBody {
  readonly name: string;
  readonly kind: MentionKind;
  readonly corrected: boolean;
  /** The words of the value that name the body, as written. */
  readonly written: string;
  /**
   * The name is written as a name is, so it may stand as the person wrote it: capitals in it, every word
   * spelt out ("Public Health Wales", "Hywel Dda UHB" is not: "UHB" stands for words), none corrected.
   */
  readonly asWritten: boolean;
  /** What the value has after the body's name (a team, a place), trimmed; '' when the name is all of it. */
  readonly rest: string;
}

/**
 * The body a short value (an organisation as a reply gives it) starts with: "Sheffeild City Council
 * Highways" is Sheffield City Council and "Highways". Initials are read in any case here, since the value
 * was already given as an organisation, but only when they are the whole value.
 */
export function knownBody(value: string): KnownBody | null {
  const g = gazetteer();
  const words = wordsOf(value.length > 300 ? value.slice(0, 300) : value);
  let first = 0;
  let m = words.length > 0 ? longestAt(g, words, 0, new Map()) : null;
  if (!m && words[0]?.w === 'the' && words.length > 1) m = longestAt(g, words, (first = 1), new Map());
  if (!m) return null;
  let rest = trimSeparators(value.slice(words[m.endWord - 1]!.end, 300));
  let endWord = m.endWord;
  // "Sandwell and West Birmingham NHS Trust" where the gazetteer has the name without "NHS Trust": the
  // words after it are the kind of body it is, not a team.
  // A place's words and a kind the body is not ("Cardiff University" is not Cardiff Council) name another
  // body: only the body's own kind words are taken after a place.
  const own = m.entry.kind === 'place' ? new Set(wordsOf(g.bodies[m.entry.body]!.name).map((x) => x.w)) : null;
  if (rest !== '' && words.slice(m.endWord).every((x) => KIND_WORDS.has(x.w) && (own === null || own.has(x.w)))) {
    endWord = words.length;
    rest = '';
  }
  if (m.entry.kind === 'initials' && rest !== '' && !initialsWritten(m, words, first)) return null;
  const matched = words.slice(first, endWord);
  const written = value.slice(matched[0]!.start, matched[matched.length - 1]!.end);
  // Every word spelt out, and each word of the name with its capital ("Lancashire fire" is not a name as written).
  const spelt = matched.every((x) => !STANDS_FOR.has(x.w) && fold(x.raw) === x.w && (SMALL_WORDS.has(x.w) || UPPER.test(x.raw[0] ?? '')));
  const asWritten = !m.corrected && m.entry.kind !== 'place' && (m.entry.given || !SHORTENED.has(words[endWord - 1]!.w)) && (m.entry.kind === 'initials' ? initialsWritten(m, words, first) : spelt && UPPER.test(written));
  return { name: g.bodies[m.entry.body]!.name, kind: m.entry.kind, corrected: m.corrected, written, asWritten, rest };
}

/** Words that say what kind of body a name is. */
const KIND_WORDS = new Set(['nhs', 'foundation', 'trust', 'ft', 'council', 'service', 'services', 'board', 'authority', 'agency', 'university', 'health']);

/** Letters that stand for the words of a name's ending ("NHS FT", "Kent CC", "Hywel Dda UHB"). */
const STANDS_FOR = new Set(['ft', 'nhsft', 'cc', 'mbc', 'bc', 'dc', 'cbc', 'frs', 'hsc', 'hsct', 'uhb', 'icb', 'lb', 'rb']);

const SEPARATOR = /[\s,;:|/()[\].–—-]/;
/** Without separators at either end; a walk from each end. */
function trimSeparators(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && SEPARATOR.test(s[a]!)) a++;
  while (b > a && SEPARATOR.test(s[b - 1]!)) b--;
  return s.slice(a, b);
}

/** The words of a value as they are matched, for comparing two names of one body. */
export function bodyWords(value: string): string[] {
  return wordsOf(value).map((x) => x.w);
}

/**
 * Whether a text names an organisation: as written, or by another name of the same body ("NHS Norfolk and
 * Waveney ICB" names NHS Norfolk and Waveney Integrated Care Board).
 */
export function names(text: string, organisation: string): boolean {
  if (text.includes(organisation)) return true;
  return findBodies(text).some((m) => m.name === organisation);
}

/** The longest run of letters split into words: a domain's label is at most 63 (RFC 1035 §2.3.4). */
const MAX_JOINED = 63;

/**
 * A run of letters written without spaces, as a domain writes a name ("westyorkshire", "towerhamlets"),
 * split into the gazetteer's own words: the split with fewest words, each of two letters or more, or null
 * when there is none. Cost: for each of the n ≤ 63 letters, a lookup of each word ending there (n²).
 */
export function splitJoined(run: string): string | null {
  const s = run.toLowerCase();
  if (s.length === 0 || s.length > MAX_JOINED || !/^[a-z]+$/.test(s)) return null;
  const g = gazetteer();
  // fewest[i]: the fewest words that spell s[0..i), and where the last of them starts.
  const fewest: Array<{ words: number; from: number } | null> = [{ words: 0, from: -1 }];
  for (let i = 1; i <= s.length; i++) {
    fewest[i] = null;
    for (let j = Math.max(0, i - MAX_WORD); j <= i - 2; j++) {
      const before = fewest[j];
      if (!before || !g.vocabulary.has(s.slice(j, i))) continue;
      if (!fewest[i] || before.words + 1 < fewest[i]!.words) fewest[i] = { words: before.words + 1, from: j };
    }
  }
  if (!fewest[s.length]) return null;
  const words: string[] = [];
  for (let i = s.length; i > 0; i = fewest[i]!.from) words.unshift(s.slice(fewest[i]!.from, i));
  return words.join(' ');
}
