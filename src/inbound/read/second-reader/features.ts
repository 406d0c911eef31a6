/**
 * The words a second reader weighs: what the person wrote (their reply, without the quote and signature),
 * the subject and which of our mails it answers, as a set of feature names. No pattern here looks for a
 * meaning; each only cuts text into words.
 *
 * Cost: the first FEATURE_CHARS characters of the reply and the subject's first 300, each split once into
 * words (one linear pass), then at most five features per word.
 */
import type { Asked } from '../asked.js';

/** How much of the reply is weighed: what people write to this scheme is at the top. */
export const FEATURE_CHARS = 1500;

export interface FeatureInput {
  /** What the person wrote: readReply's reply, before any reading of its meaning. */
  reply: string;
  subject: string | null;
  asked: Asked;
  /** Whether the rules' field reading found these (details given are evidence of joining). */
  found: { name: boolean; phone: boolean; organisation: boolean };
}

// Splits on anything that is not a letter, digit or apostrophe: one character class, linear.
const NOT_A_WORD = /[^\p{L}\p{N}'’]+/u;

/** The feature names of one reply, each once. */
export function featuresOf(input: FeatureInput): string[] {
  const text = input.reply.slice(0, FEATURE_CHARS);
  const ctx = input.asked ?? 'unknown';
  const f = new Set<string>([`ctx:${ctx}`]);
  const raw = text.split(NOT_A_WORD).filter((w) => w !== '');
  const words = raw.map((w) => w.toLowerCase().replace(/’/g, "'").replace(/\d+/g, '0'));
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    f.add(`w:${w}`);
    f.add(`c:${ctx}:${w}`);
    if (i + 1 < words.length) f.add(`b:${w}_${words[i + 1]}`);
  }
  if (words[0] !== undefined) f.add(`first:${words[0]}`);
  if (words[1] !== undefined) f.add(`first2:${words[0]}_${words[1]}`);
  // Words in capitals, alone and in pairs ("NOT MET", "PAUSE"): the command words of our mails.
  const capitals = (w: string) => w.length >= 2 && w === w.toUpperCase() && w !== w.toLowerCase();
  for (let i = 0; i < raw.length; i++) {
    if (!capitals(raw[i]!)) continue;
    f.add(`caps:${raw[i]}`);
    if (i + 1 < raw.length && capitals(raw[i + 1]!)) f.add(`caps:${raw[i]} ${raw[i + 1]}`);
  }
  for (const w of subjectWords(input.subject)) f.add(`s:${w}`);
  if (input.found.phone) f.add('f:phone');
  if (input.found.organisation) f.add('f:org');
  if (input.found.name) f.add('f:name');
  const n = words.length;
  f.add(`len:${n < 3 ? 0 : n < 8 ? 1 : n < 20 ? 2 : n < 60 ? 3 : 4}`);
  if (text.includes('?')) {
    f.add('qmark');
    f.add(`c:${ctx}:qmark`);
  }
  return [...f];
}

/** The subject's first 20 words, without "Re:", "AW:" and the like. */
function subjectWords(subject: string | null): string[] {
  let s = (subject ?? '').slice(0, 300).trim();
  for (let i = 0; i < 5; i++) {
    const m = /^(?:re|aw|sv|fw|fwd|antw|ynt|tr|odp|vs)\s*:\s*/i.exec(s);
    if (!m) break;
    s = s.slice(m[0].length);
  }
  return s
    .split(NOT_A_WORD)
    .filter((w) => w !== '')
    .slice(0, 20)
    .map((w) => w.toLowerCase().replace(/’/g, "'").replace(/\d+/g, '0'));
}
