/**
 * Message bodies built to make the reader slow: each is what a pattern or loop in src/inbound/read once
 * took time in the square (or worse) of its size on. Used by hostile-text.test.ts and by
 * `npm run bench:replies`, which reports the slowest of them at 30 KB.
 *
 * Each takes the size in characters and puts the genuine part of the reply first, where a reply is, so a
 * test can check it is still read: `before` is that part.
 */
export interface SlowInput {
  name: string;
  /** What the pattern once did with it. */
  why: string;
  kind: 'text' | 'html';
  /** The subject it comes with, when the reader's path depends on the mail answered (default: an invitation's). */
  subject?: string;
  build(size: number, before?: string): string;
}

const fill = (unit: string, size: number) => unit.repeat(Math.max(1, Math.floor(size / unit.length)));

export const SLOW_INPUTS: SlowInput[] = [
  {
    name: 'dictated addresses on one line, run together',
    why: 'an address spoken as "a dot b at c dot uk" is rebuilt word by word; each word starts a run of at most five parts either side of "at"',
    kind: 'text',
    build: (size, before = '') => `${before}teams ${fill('jo dot bloggs dot leeds at leeds dot gov dot uk dot ', size)}`,
  },
  {
    name: 'the things one can reply with, over and over, with no request',
    why: 'after "things one can reply with", the next 200 characters are looked at for a request to send them again',
    kind: 'text',
    subject: "Re: You'll be matched on Monday 16 November",
    build: (size, before = '') => `${before}${fill('the things one can reply with are listed somewhere, ', size)}`,
  },
  {
    name: 'marked corrections with a phone and an address on every line',
    why: 'lines marked with the initials the reply names are read as theirs (at most 20), and every line has a number and an address for the phone and id readers',
    kind: 'text',
    subject: "Re: You're in: welcome to Unmentoring",
    build: (size, before = '') => `${before}corrections marked [JB] below\n${fill('[JB] please use 07700 900918 now, my teams new one is jo.bloggs@leeds.gov.uk\n', size)}`,
  },
  {
    name: "someone else's number, over and over",
    why: "each number found is checked for 'his/her/their mobile' in the 32 characters before it",
    kind: 'text',
    build: (size, before = '') => `${before}${fill("he's given me his new mobile (07700 900803) ", size)}`,
  },
  {
    name: 'a nudge answered "see below" over dated quoted lines',
    why: 'a time typed into the quoted nudge is looked for line by line with chrono (at most 80 lines)',
    kind: 'text',
    subject: 'Re: Have you found a time with Sam Patel?',
    build: (size, before = '') => `${before}see below\n\n${fill('> Tuesday 8 December at 2pm or Wednesday 9 December at 10am, whichever\n', size)}`,
  },
  {
    name: 'agreed times in sentence after sentence',
    why: 'an agreed time in a reply about a meeting is looked for sentence by sentence with chrono (at most 12)',
    kind: 'text',
    subject: 'Re: Have you found a time with Sam Patel?',
    build: (size, before = '') => `${before}${fill('We are all set for Tuesday 8 December at 2pm and Wednesday 9 December at 10am. ', size)}`,
  },
  {
    name: 'blanks between digits',
    why: 'the extension pattern split the run of blanks between three \\s*',
    kind: 'text',
    build: (size, before = '') => `${before}1${' '.repeat(size)}1`,
  },
  {
    name: 'banner words then blanks',
    why: 'the "Original Message" banner pattern tried every split of the run',
    kind: 'text',
    build: (size, before = '') => `${before}original message${' '.repeat(size)}x`,
  },
  {
    name: 'sign-off then blanks',
    why: 'the rest-of-sign-off pattern had four places for a blank',
    kind: 'text',
    build: (size, before = '') => `${before}Thanks${' '.repeat(size)}x`,
  },
  {
    name: 'tabs then a colon',
    why: 'header labels ("Sent:") allowed blanks on both sides of an optional "*"',
    kind: 'text',
    build: (size, before = '') => `${before}Sent${'\t'.repeat(size)}*x`,
  },
  {
    name: 'short lines',
    why: 'each line asked how many non-blank lines were below it',
    kind: 'text',
    build: (size, before = '') => `${before}${fill('a\n', size)}`,
  },
  {
    name: 'prepositions without an end',
    why: '"from A from A …": each "from" read the rest of the line looking for where its phrase ended',
    kind: 'text',
    build: (size, before = '') => `${before}${fill('with M ', size)}\u0000`,
  },
  {
    name: 'device line full of "<"',
    why: '"Sent from my …" had "<…>" removed by a pattern that rescanned from every "<"',
    kind: 'text',
    build: (size, before = '') => `${before}Sent from my ${'<'.repeat(size)}`,
  },
  {
    name: 'a label then blanks',
    why: 'after a label ("Name"), the optional "(optional)" note and the separator each allowed blanks before them',
    kind: 'text',
    build: (size, before = '') => `${before}Name${' '.repeat(size)}x`,
  },
  {
    name: 'unclosed brackets',
    why: 'splitting details outside brackets looked for a closer from every opener to the end of its line',
    kind: 'text',
    build: (size, before = '') => `${before}${fill('(Jo ', size)}`,
  },
  {
    name: 'labels between slashes',
    why: 'each part of a line is a place a label may start: reading a label from each must stop after a few words, not at the end of the line',
    kind: 'text',
    build: (size, before = '') => `${before}${fill('Name: Jo / Phone / Org ', size)}`,
  },
  {
    name: 'platform words and addresses',
    why: 'pairing each address with the last "Teams" or "Google" before it looked back through every word for each address',
    kind: 'text',
    build: (size, before = '') => `${before}${fill('Teams Google a@b.co ', size)}`,
  },
  {
    name: 'HTML nested deep',
    why: 'htmlparser2 shifts its whole stack of open elements for each new one: quadratic in depth',
    kind: 'html',
    build: (size, before = '') => `${before}${fill('<span>', size)}Yes please`,
  },
  {
    name: 'HTML: a rule, then tags with colons',
    why: 'the Outlook 2003 marker `<hr[^>]*>(?:\\s*<\\/?[^>]+>)*\\s*From\\s*:` was exponential in the tags after an <hr>',
    kind: 'html',
    build: (size, before = '') => `${before}<hr><${fill('OD:></ÅN:><', size)}OD:`,
  },
  {
    name: 'HTML: unclosed <div> tags',
    why: 'the quoted-original markers (`<div[^>]*…`) read from every "<div" to the next ">"',
    kind: 'html',
    build: (size, before = '') => `${before}${fill('<div id=x', size)}`,
  },
  {
    name: 'one "Phone:" label, then numbers that are no phone',
    why: 'every run of digits after a phone label is offered to libphonenumber; the label\'s value is bounded before it is',
    kind: 'text',
    build: (size, before = '') => `${before}Phone: ${fill('12 34 56 ', size)}`,
  },
  {
    name: 'the starts of long names of bodies, never finished',
    why: 'the gazetteer walks its tree of names from every word; a name begun and never ended is walked as far as its longest name',
    kind: 'text',
    build: (size, before = '') => `${before}${fill('NHS Bristol North Somerset and South Foreign Commonwealth and ', size)}`,
  },
  {
    name: 'words one letter from the words of bodies\' names',
    why: 'each long word the gazetteer does not know is looked up once for a word a letter away',
    kind: 'text',
    build: (size, before = '') => `${before}${fill('Sheffeild Servise Councel Lothain Hosptial Constabualry ', size)}`,
  },
  {
    name: 'HTML: unclosed <style>',
    why: 'dropping what nobody reads with `<style[\\s\\S]*?</style>` would rescan from every "<style"',
    kind: 'html',
    build: (size, before = '') => `${before}${fill('<style>', size)}`,
  },
];
