import { findPhoneNumbersInText } from 'libphonenumber-js';

/**
 * The lines people write with a MET answer are quoted to the organisers (report and digest). They are the
 * person's own words and often name someone ("Sam put me in touch with Ola, 07700 900123"), so before they
 * are quoted, addresses, phone numbers and names are replaced. Each step is one pass over a line already cut
 * to MAX_LINE characters, so the cost is linear in what was written and bounded whatever it holds.
 */

/** Longer lines are cut before anything is looked for (answers are stored at 1,000 characters). */
export const MAX_LINE = 1000;

/** Names, as sets of lowercased words: those of the line's group, and everyone the scheme knows. */
export interface KnownNames {
  /** Words of the names of the people in the group the line is about: replaced in any case. */
  group: ReadonlySet<string>;
  /** Words of every known person's name: replaced when written with a capital, as a name is. */
  everyone: ReadonlySet<string>;
}

/** The words of a name worth matching: two letters or more, lowercased, hyphenated parts too. */
export function nameWords(name: string | null | undefined): string[] {
  if (!name) return [];
  const words: string[] = [];
  for (const word of name.toLowerCase().split(/[\s,.]+/)) {
    const bare = stripPossessive(word);
    if (letters(bare) >= 2) words.push(bare);
    if (bare.includes('-')) for (const part of bare.split('-')) if (letters(part) >= 2) words.push(part);
  }
  return words;
}

function letters(word: string): number {
  let n = 0;
  for (const ch of word) if (ch.toLowerCase() !== ch.toUpperCase()) n++;
  return n;
}

function stripPossessive(word: string): string {
  return word.replace(/['’]s$/, '');
}

const OPENING = '("\'<[';
const CLOSING = ')"\'>].,;:!?';

/**
 * A word with an @ and a dot after it is an address: "[address]", keeping the brackets or punctuation
 * around it. One split on whitespace, then a walk in from each end of the word.
 */
export function withoutAddresses(line: string): string {
  return line
    .split(/(\s+)/)
    .map((token) => {
      let start = 0;
      let end = token.length;
      while (start < end && OPENING.includes(token[start]!)) start++;
      while (end > start && CLOSING.includes(token[end - 1]!)) end--;
      const word = token.slice(start, end);
      const at = word.indexOf('@');
      return at > 0 && word.indexOf('.', at) > at + 1 ? `${token.slice(0, start)}[address]${token.slice(end)}` : token;
    })
    .join('');
}

/**
 * Phone numbers: every number libphonenumber finds (possible numbers too, as the reader accepts them:
 * Ofcom's drama numbers are possible but not valid), then any run of nine or more digits with the
 * separators people type, which catches what no country's plan knows (a date has eight).
 */
export function withoutPhones(line: string): string {
  let out = '';
  let from = 0;
  for (const found of findPhoneNumbersInText(line, { defaultCountry: 'GB', extended: true })) {
    out += `${line.slice(from, found.startsAt)}[phone]`;
    from = found.endsAt;
  }
  return withoutDigitRuns(out + line.slice(from));
}

function withoutDigitRuns(line: string): string {
  let out = '';
  let i = 0;
  while (i < line.length) {
    if (!isDigit(line[i]!) && !(line[i] === '+' && isDigit(line[i + 1] ?? ''))) {
      out += line[i++];
      continue;
    }
    // A run: digits and the separators between them, ending on a digit.
    let j = i + 1;
    let end = i + (line[i] === '+' ? 0 : 1);
    let digits = line[i] === '+' ? 0 : 1;
    while (j < line.length && (isDigit(line[j]!) || ' ().-/'.includes(line[j]!))) {
      if (isDigit(line[j]!)) {
        digits++;
        end = j + 1;
      }
      j++;
    }
    out += digits >= 9 ? '[phone]' : line.slice(i, end);
    i = end > i ? end : i + 1;
  }
  return out;
}

function isDigit(ch: string): boolean {
  return ch >= '0' && ch <= '9';
}

/** Names: a word of a group member's name in any case, or of anyone's name written with a capital. */
export function withoutNames(line: string, names: KnownNames): string {
  return line.replace(/[\p{L}\p{M}'’-]+/gu, (word) => {
    const lower = stripPossessive(word.toLowerCase());
    const capital = word[0] !== word[0]!.toLowerCase();
    const isName = (w: string) => letters(w) >= 2 && (names.group.has(w) || (capital && names.everyone.has(w)));
    if (isName(lower) || (lower.includes('-') && lower.split('-').some(isName))) return '[name]';
    return word;
  });
}

/** One line as it may be quoted: on one line, cut to MAX_LINE, with no address, phone number or name. */
export function redactLine(line: string, names: KnownNames): string {
  const one = line.replace(/\s+/g, ' ').trim().slice(0, MAX_LINE);
  return withoutNames(withoutPhones(withoutAddresses(one)), names);
}
