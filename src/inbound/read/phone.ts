import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

/**
 * Phone-number spotting and normalisation. Accepts anything libphonenumber
 * calls *possible* (right length for the country): Ofcom's drama numbers
 * (07700 900xxx) are possible but not valid, and people use them in tests
 * and examples, so validity must not be required.
 */

// Digits with the separators people type; a leading + or 00 for international.
// A number does not run on into the next line ("2. 07700 900 371" then "3. Kent County Council").
const CANDIDATE = /(?:\+|\b00)?\(?\d[\d \t\u00a0().\/-]{6,}\d/g;
// Blanks have one place each in these patterns, and a match starts where a run of blanks starts: "1",
// 3,000 spaces and "1" took minutes when any blank could belong to any of three "\s*".
const EXTENSION = /(?<!\s)\s*(?:[,;]\s*)?(?:ext\.?|extn\.?|extension|x|#)\s*\d{1,6}\s*$/i;
const DATE_LIKE = /^(\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|\d{4}[./-]\d{1,2}[./-]\d{1,2})$/;
const TIME_OR_RANGE = /^\d{1,2}[:.]\d{2}(\s*-\s*\d{1,2}[:.]\d{2})?$/;
const REFERENCE_BEFORE = /(ref(erence)?|case|ticket|invoice|order|account|acct|policy|claim|id|no\.?|number)\s*(?:(no\.?|number|#)\s*)?(?:[:#]\s*)?$/i;
const PHONE_WORD_BEFORE = /(phone|mobile|mob|tel|telephone|cell|call|text|whatsapp|signal|number|contact|reach me|ring|on|(?:\b(?:my|new|work|home|personal|direct|best|correct|right|updated)\s+(?=no\b)))\s*(?:(no\.?|number)\s*)?(?:[:=.-]\s*)?$/i;

export interface PhoneCandidate {
  e164: string;
  /** Where in the text it started: used to look at the words before it. */
  index: number;
  /** The text just before the number said it was a phone number. */
  labelled: boolean;
  mobile: boolean;
}

/** Normalises one typed phone number to E.164, or null if it cannot be a phone number. */
export function normalisePhone(raw: string, defaultCountry: CountryCode = 'GB'): string | null {
  const cleaned = raw.replace(EXTENSION, '').replace(/\(0\)/g, '').trim();
  if (DATE_LIKE.test(cleaned) || TIME_OR_RANGE.test(cleaned)) return null;
  const digits = cleaned.replace(/\D/g, '');
  if (digits.length < 7 || digits.length > 15) return null;
  // A bare year range or a run of the same digit is not a number anyone gives out.
  if (/^(19|20)\d\d\s*[-–]\s*(19|20)?\d\d$/.test(cleaned) || /^(\d)\1+$/.test(digits)) return null;
  const international = cleaned.startsWith('00') ? `+${cleaned.slice(2)}` : cleaned;
  const parsed = parsePhoneNumberFromString(international, defaultCountry);
  if (!parsed || !parsed.isPossible()) return null;
  return parsed.format('E.164');
}

/** Every phone number in the text, in order, with what the surrounding words say about it. */
export function findPhones(text: string, defaultCountry: CountryCode = 'GB'): PhoneCandidate[] {
  const found: PhoneCandidate[] = [];
  for (const m of text.matchAll(CANDIDATE)) {
    let index = m.index ?? 0;
    const before = text.slice(Math.max(0, index - 40), index);
    const lineBefore = before.split('\n').pop() ?? '';
    if (REFERENCE_BEFORE.test(lineBefore) && !PHONE_WORD_BEFORE.test(lineBefore)) continue;
    // Part of an address, URL or ID ("jo.bloggs2024@…", "live:123…").
    const prevChar = text[index - 1] ?? ' ';
    const nextChar = text[index + m[0].length] ?? ' ';
    if (/[\w@:\/=&?]/.test(prevChar) || /[\w@]/.test(nextChar)) continue;
    let raw = m[0];
    const ext = /^(\s*(?:[,;]\s*)?(?:ext\.?|extn\.?|extension|x)\s*\d{1,6})/i.exec(text.slice(index + raw.length));
    if (ext) raw += ext[1];
    let e164 = normalisePhone(raw.trim(), defaultCountry);
    // A numbered answer ("2. 07700 900 371"): the list's number is not part of the phone's.
    const listed = e164 ? null : /^\d{1,2}[.)]\s/.exec(raw);
    if (listed) {
      raw = raw.slice(listed[0].length);
      index += listed[0].length;
      e164 = normalisePhone(raw.trim(), defaultCountry);
    }
    if (!e164 && raw.includes('/')) {
      // "020 7946 0381 / 07700 900522 (mobile, preferred)": two numbers, each read on its own.
      let at = index;
      for (const piece of raw.split('/')) {
        const one = normalisePhone(piece.trim(), defaultCountry);
        const offset = at + (piece.length - piece.trimStart().length);
        if (one) {
          const after = text.slice(offset + piece.trim().length, offset + piece.trim().length + 24).toLowerCase();
          found.push({ e164: one, index: offset, labelled: PHONE_WORD_BEFORE.test(lineBefore), mobile: isUkMobile(one) || /^[ \t]{0,3}\(?[ \t]{0,3}(?:mobile|mob)\b/.test(after) });
        }
        at += piece.length + 1;
      }
      continue;
    }
    if (!e164) continue;
    const lineLabel = lineBefore.toLowerCase();
    const mobile = /\b(mobile|mob|cell|m)\b\s*(?:(no\.?|number)\s*)?(?:[:=.-]\s*)?$/.test(lineLabel) || isUkMobile(e164);
    found.push({ e164, index, labelled: PHONE_WORD_BEFORE.test(lineBefore) || /\b(t|m|p)\s*[:.]\s*$/i.test(lineBefore), mobile });
  }
  return found;
}

export function isUkMobile(e164: string): boolean {
  return /^\+447\d{9}$/.test(e164);
}

/** Mobile first (it reaches the person, not a switchboard), then labelled, then first seen. */
export function bestPhone(candidates: PhoneCandidate[]): string | null {
  if (candidates.length === 0) return null;
  const ranked = [...candidates].sort((a, b) => rank(b) - rank(a) || a.index - b.index);
  return ranked[0]!.e164;
}

function rank(c: PhoneCandidate): number {
  return (c.mobile ? 2 : 0) + (c.labelled ? 1 : 0);
}
