/**
 * Scores the reader on the hand-labelled replies in test/fixtures/replies/<part>/ (labels.json beside the
 * .eml files): decisions, false joins, fields and pause dates. Used by bench/replies.ts and by
 * test/inbound/read/labelled-replies.test.ts.
 *
 * Each message is read as of its own Date header, in Europe/London, with the organiser's list ("known")
 * given as the labels say: as the service would have read it when it came.
 */
import fs from 'node:fs';
import path from 'node:path';
import EmailReplyParser from 'email-reply-parser';
import { parseEml } from '../src/inbound/parse-eml.js';
import { readByRules, readReply, replyInputOf, type ReplyInput } from '../src/inbound/read/index.js';
import { bodyText } from '../src/inbound/read/reply-text.js';
import type { Intent } from '../src/inbound/read/intent.js';

export type Decision = Intent | 'automatic' | 'details';
type Expected = string | Array<string | null> | null;

export interface Label {
  client?: string;
  answers: 'invitation' | 'welcome' | 'introduction' | 'nudge' | 'follow-up' | 'reminder' | 'other';
  decision: string;
  fields?: { name?: Expected; phone?: Expected; organisation?: Expected; googleId?: Expected; skypeId?: Expected; teams?: Expected };
  known?: { name?: string | null; organisation?: string | null };
  pauseUntil?: string | null;
  note?: string;
}

export interface PartScore {
  replies: number;
  decisions: { right: number; total: number };
  /** Read as joining (or as giving details) when the person did not. */
  falseJoins: number;
  /** People who joined (or gave details) read as doing something else. */
  missedJoins: number;
  fields: { right: number; total: number; percent: number };
  /** Right per field, for the messages that give details. */
  byField: Record<string, { right: number; total: number }>;
  pauseDates: { right: number; total: number };
  /**
   * The wrong decisions by what they cost: read as OTHER (a person reads what the service could have
   * answered), as automatic (nothing is done and nobody reads it), or acted on (the service does the wrong
   * thing: stops, pauses, books, records…).
   */
  wrong: { toAPerson: number; ignored: number; actedOn: number };
  /**
   * Replies the service asks back about (readReply's askBack: "should we sign you up?"), counted as OTHER
   * above: how many, and how many of them the label says join (their YES joins them).
   */
  askedBack: { total: number; joins: number };
}

export interface Miss {
  file: string;
  what: string;
  want: unknown;
  got: unknown;
  /** A decision the service asks the person to confirm (askBack). */
  askedBack?: boolean;
}

const FIELD_NAMES = ['name', 'phone', 'organisation', 'googleId', 'skypeId', 'teams'] as const;

/** The effect a decision has: joining and changing details are one ("details"), as the service treats them. */
export function decisionClass(d: string): string {
  return d === 'join' || d === 'update' ? 'details' : d;
}

export function readerDecision(intent: Intent, automatic: boolean, answers: Label['answers']): string {
  if (automatic) return 'automatic';
  // A bare YES answers whatever we last asked: to an invitation, joining; to a reminder, staying in.
  if (intent === 'yes') return answers === 'invitation' ? 'details' : 'resume';
  return decisionClass(intent);
}

/**
 * Whether the reader's decision is the label's. Labels written before CAN'T MAKE IT existed (issue 14)
 * call "not this round" SKIP, and either word is right for them; a label that says cant_make_it wants it.
 * To an invitation, decline and stop have one effect (src/inbound/decide.ts: stopped and suppressed).
 */
export function sameDecision(want: string, got: string, answers?: Label['answers']): boolean {
  const w = decisionClass(want);
  if (got === w || (w === 'skip' && got === 'cant_make_it')) return true;
  // To an invitation, NO THANKS and STOP do the same (never in, and no more mail); writers call
  // "please remove me" either.
  return answers === 'invitation' && (w === 'stop' || w === 'decline') && (got === 'stop' || got === 'decline');
}

const norm = (field: string, s: string): string => {
  // A typographic apostrophe (iPhone, Outlook, Word) is the one a writer typed: "Children’s" is "Children's".
  let t = s.normalize('NFKC').toLowerCase().replace(/[’‘]/g, "'").replace(/\s+/g, ' ').trim().replace(/[.,;!]+$/, '');
  if (field === 'organisation') t = t.replace(/^the /, '').replace(/&/g, 'and');
  // Writers differ on whether a title or rank is part of a name ("Dr Nadia Haddad", "DS Niamh Doherty").
  if (field === 'name') t = t.replace(/^(?:dr|prof|cllr|mr|mrs|ms|miss|mx|ds|dc|di|pc|sgt|insp|supt|rev|sqn ldr|capt|maj|col|lt)\.? /, '');
  return t;
};

function fieldRight(field: string, want: Expected, fields: Record<string, string | null>): { right: boolean; got: unknown } {
  if (field === 'teams') {
    const other = fields.other ?? '';
    const teamsPart = /teams:\s*([^;]+)/i.exec(other)?.[1]?.trim() ?? null;
    if (want === null) return { right: teamsPart === null, got: teamsPart };
    const wants = Array.isArray(want) ? want : [want];
    // A list may hold null among its forms: "Teams or Meet both fine", no address given, or their own.
    return { right: wants.some((w) => (w === null ? teamsPart === null : other.toLowerCase().includes(w.toLowerCase()))), got: other || null };
  }
  const got = fields[field] ?? null;
  if (want === null) return { right: got === null, got };
  if (got === null) return { right: Array.isArray(want) && want.includes(null), got };
  const wants = Array.isArray(want) ? want : [want];
  return { right: wants.some((w) => w !== null && norm(field, w) === norm(field, got)), got };
}

export type Reader = (input: ReplyInput, now: Date, known: Label['known'] | undefined) => ReturnType<typeof readReply>;

/** The service's own reader. */
export const ourReader: Reader = (input, now, known) => readReply({ ...input, known: known ?? null }, now, 'GB', 'Europe/London');

/** Our rules alone, without the second reader beside them (src/inbound/read/second-opinion.ts). */
export const rulesAloneReader: Reader = (input, now, known) => readByRules({ ...input, known: known ?? null }, now, 'GB', 'Europe/London');

/**
 * email-reply-parser in place of our quote and signature stripping: its visible text, given to the rest of
 * our reader as the whole body. The same texts, the same field and intent rules.
 */
export const emailReplyParserReader: Reader = (input, now, known) => {
  const visible = new EmailReplyParser().read(bodyText({ text: input.text, html: input.html })).getVisibleText();
  return readReply({ ...input, text: visible, html: null, known: known ?? null }, now, 'GB', 'Europe/London');
};

export const PARTS = ['development', 'held-out', 'held-out-2', 'held-out-3', 'held-out-4', 'held-out-5', 'held-out-6', 'held-out-7', 'held-out-8', 'held-out-9', 'held-out-10', 'held-out-11', 'held-out-12', 'held-out-13', 'held-out-14', 'held-out-15', 'held-out-16', 'held-out-17', 'held-out-18', 'held-out-19', 'held-out-20', 'held-out-21', 'held-out-22', 'held-out-23', 'held-out-24'] as const;

/** The label files of a part: labels.json, and labels-<writer>.json from each further writer. */
export function labelFiles(root: string, part: string): string[] {
  const dir = path.join(root, 'test', 'fixtures', 'replies', part);
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir).filter((f) => /^labels(?:-[\w-]+)?\.json$/.test(f)).sort().map((f) => path.join(dir, f));
}

export function labelledParts(root: string): string[] {
  return PARTS.filter((p) => labelFiles(root, p).length > 0);
}

export function readLabels(root: string, part: string): Record<string, Label> {
  const all: Record<string, Label> = {};
  for (const file of labelFiles(root, part)) Object.assign(all, JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, Label>);
  return all;
}

export async function scorePart(root: string, part: string, reader: Reader): Promise<{ score: PartScore; misses: Miss[] }> {
  const dir = path.join(root, 'test', 'fixtures', 'replies', part);
  const labels = readLabels(root, part);
  const score: PartScore = {
    replies: 0,
    decisions: { right: 0, total: 0 },
    falseJoins: 0,
    missedJoins: 0,
    fields: { right: 0, total: 0, percent: 0 },
    byField: Object.fromEntries(FIELD_NAMES.map((f) => [f, { right: 0, total: 0 }])),
    pauseDates: { right: 0, total: 0 },
    wrong: { toAPerson: 0, ignored: 0, actedOn: 0 },
    askedBack: { total: 0, joins: 0 },
  };
  const misses: Miss[] = [];
  for (const [file, label] of Object.entries(labels).sort(([a], [b]) => a.localeCompare(b))) {
    const email = await parseEml(fs.readFileSync(path.join(dir, file)));
    const dateHeader = email.headers.date;
    const now = dateHeader ? new Date(dateHeader) : new Date();
    const input = replyInputOf(email);
    const read = reader(input, now, label.known);
    score.replies++;
    const want = decisionClass(label.decision);
    const got = readerDecision(read.intent, read.automatic, label.answers);
    score.decisions.total++;
    if (sameDecision(label.decision, got, label.answers)) score.decisions.right++;
    else {
      misses.push({ file, what: 'decision', want: label.decision, got: read.automatic ? 'automatic' : read.intent, ...(read.askBack ? { askedBack: true } : {}) });
      if (read.automatic) score.wrong.ignored++;
      else if (read.intent === 'other') score.wrong.toAPerson++;
      else score.wrong.actedOn++;
    }
    if (read.askBack) {
      score.askedBack.total++;
      if (want === 'details') score.askedBack.joins++;
    }
    if (got === 'details' && want !== 'details') score.falseJoins++;
    if (want === 'details' && got !== 'details') score.missedJoins++;
    if (want === 'details' && label.fields) {
      for (const f of FIELD_NAMES) {
        const expected = label.fields[f];
        // An update is scored on what it changes: writers differ on whether the rest is null or the
        // signature's, and the service changes only what differs from what it holds.
        if (expected === undefined || (label.decision === 'update' && expected === null)) continue;
        const r = fieldRight(f, expected, read.fields as unknown as Record<string, string | null>);
        score.fields.total++;
        score.byField[f]!.total++;
        if (r.right) {
          score.fields.right++;
          score.byField[f]!.right++;
        } else misses.push({ file, what: f, want: expected, got: r.got });
      }
    }
    if (label.decision === 'pause' && label.pauseUntil !== undefined) {
      score.pauseDates.total++;
      if ((read.pauseUntil ?? null) === label.pauseUntil) score.pauseDates.right++;
      else misses.push({ file, what: 'pauseUntil', want: label.pauseUntil, got: read.pauseUntil });
    }
  }
  score.fields.percent = score.fields.total ? Math.round((1000 * score.fields.right) / score.fields.total) / 10 : 100;
  return { score, misses };
}
