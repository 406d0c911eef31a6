import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractReply } from '../../../src/inbound/read/reply-text.js';

const root = path.resolve(import.meta.dirname, '..', '..', '..');
const fixture = (name: string) => fs.readFileSync(path.join(root, 'test', 'fixtures', 'replies', name), 'utf8');
/** Other projects' published fixtures, copied with their licences (test/fixtures/corpus/SOURCES.md). */
const corpusDir = path.join(root, 'test', 'fixtures', 'corpus');
const corpus = (...parts: string[]) => fs.readFileSync(path.join(corpusDir, ...parts), 'utf8');
const JOIN_LINE = 'Yes please! Jo Bloggs, 07700 900123, Leeds City Council';

describe('extractReply on hand-written invitation replies', () => {
  const formats = [
    'gmail.txt', 'gmail-wrapped-header.txt', 'outlook-desktop-bold.txt', 'outlook-web.txt', 'outlook-ios.txt',
    'outlook-android.txt', 'apple-mail.txt', 'iphone.txt', 'samsung.txt', 'french.txt', 'german.txt', 'spanish.txt',
    'dutch-outlook.txt', 'swedish.txt',
  ];
  for (const name of formats) {
    it(`when the reply is quoted in the ${name.replace('.txt', '')} style, then only the typed line is the reply`, () => {
      const r = extractReply({ text: fixture(name), html: null });
      expect(r.reply).toBe(JOIN_LINE);
      expect(r.quoted ?? '').toMatch(/unmentoring/i);
    });
  }

  it('when Outlook desktop has a sign-off block, then the signature is kept apart with name, title and switchboard', () => {
    const r = extractReply({ text: fixture('outlook-desktop.txt'), html: null });
    expect(r.reply).toBe(JOIN_LINE);
    expect(r.signature).toBe('Kind regards\n\nJo Bloggs\nPolicy Officer | Leeds City Council\nSwitchboard: 0113 222 4444');
  });

  it('when Thunderbird puts a "-- " signature below the quote, then it is returned as the signature', () => {
    const r = extractReply({ text: fixture('thunderbird.txt'), html: null });
    expect(r.reply).toBe(JOIN_LINE);
    expect(r.signature).toBe('--\nJo Bloggs\nLeeds City Council');
  });

  it('when only Gmail HTML is sent, then the gmail_quote is dropped and the sign-off goes to the signature', () => {
    const r = extractReply({ text: null, html: fixture('html-only-gmail.html') });
    expect(r.reply).toBe(JOIN_LINE);
    expect(r.signature).toBe('Thanks,\nJo');
  });

  it('when only Outlook HTML is sent, then everything from divRplyFwdMsg on is dropped', () => {
    const r = extractReply({ text: null, html: fixture('html-only-outlook.html') });
    expect(r.reply).toBe(JOIN_LINE);
    expect(r.reply).not.toContain('0113');
  });

  it('when the plain text part is empty, then the HTML part is read', () => {
    const r = extractReply({ text: '  \n', html: '<p>Yes please</p><blockquote>old</blockquote>' });
    expect(r.reply).toBe('Yes please');
  });

  it('when a message has no quote at all, then all of it is the reply', () => {
    expect(extractReply({ text: 'STOP', html: null })).toEqual({ reply: 'STOP', signature: null, quoted: null });
  });

  it('when a line mentions "sent from my iPhone app" mid-sentence, then nothing is cut', () => {
    const text = corpus('email-reply-parser', 'test', 'fixtures', 'email_tricky_8_sent_from_in_content.txt');
    expect(extractReply({ text, html: null }).reply).toContain('All messages are sent from the main server.');
  });

  it('when the person answers inline between quoted lines, then each answer is kept and the quotes are not', () => {
    const text = corpus('email-reply-parser', 'test', 'fixtures', 'email_tricky_18_inline_reply.txt');
    const r = extractReply({ text, html: null });
    expect(r.reply).toBe('I think option A is great.\n\nOption B has some drawbacks.\n\nOption C is not suitable for our use case.');
  });
});

describe('extractReply on other projects\' reply fixtures', () => {
  const cases: Array<[string, string[], RegExp, RegExp]> = [
    ['Polish "napisał(a):"', ['email_16.txt'], /^Fusce bibendum/, /Etiam non/],
    ['Russian "<date>, name <addr>:"', ['email_russian.txt'], /^Fusce/, /привет/],
    ['Finnish "kirjoitti:" wrapped', ['email_finnish.txt'], /^Fusce/, /Thanks!/],
    ['Portuguese "escreveu:" wrapped', ['email_portuguese.txt'], /^Fusce/, /Hi there/],
    ['Norwegian Gmail "skrev" with ">:" on its own line', ['email_norwegian_gmail.txt'], /^Fusce/, /Ok\. Thanks/],
    ['Italian "ha scritto" without colon', ['email_italian.txt'], /^Fusce/, /Buongiorno/],
    ['German Outlook "Von:/Gesendet:"', ['email_german_2.txt'], /^Fusce/, /Hi there/],
    ['French "De :/Envoyé le :"', ['email_10.txt'], /^Fusce/, /Etiam/],
    ['Danish "Oprindelig besked"', ['email_danish_dash_separator.txt'], /^Fusce/, /Fra:/],
    ['Hungarian "írta:"', ['email_custom_quote_header.txt'], /^Thank you!$/, /imdb/],
  ];
  for (const [label, file, wantStart, notWanted] of cases) {
    it(`when the quote header is ${label}, then the header and original are removed`, () => {
      const r = extractReply({ text: corpus('email-reply-parser', 'test', 'fixtures', ...file), html: null });
      expect(r.reply).toMatch(wantStart);
      expect(r.reply).not.toMatch(notWanted);
    });
  }

  it('when talon HTML replies from many clients are read, then each gives "Hi. I am fine." and signs "Thanks, Alex"', () => {
    const dir = path.join(corpusDir, 'talon', 'tests', 'fixtures', 'html_replies');
    for (const f of fs.readdirSync(dir)) {
      const r = extractReply({ text: null, html: fs.readFileSync(path.join(dir, f), 'utf8') });
      expect(`${r.reply}|${r.signature}`.replace(/\s+/g, ''), f).toBe('Hi.Iamfine.|Thanks,Alex');
    }
  });

  it('when a signature follows a "----------------" rule, then the whole contact block is the signature', () => {
    const dir = ['talon', 'tests', 'fixtures', 'signature', 'emails', 'stripped'];
    const r = extractReply({ text: corpus(...dir, 'sparse_body'), html: null });
    expect(r.signature?.replace(/\s+/g, ' ')).toBe(corpus(...dir, 'sparse_signature').replace(/\s+/g, ' ').trim());
  });

  it('when "Sent from my desk, is much easier…" is a sentence, then it is not treated as device boilerplate', () => {
    const text = corpus('email_reply_parser', 'test', 'emails', 'email_sent_from_my_not_signature.txt');
    expect(extractReply({ text, html: null }).reply).toContain('Sent from my desk');
  });

  it('when a message has markdown rules, then they are not mistaken for a signature delimiter', () => {
    const text = corpus('email-reply-parser', 'test', 'fixtures', 'email_tricky_7_multiple_dashes.txt');
    const r = extractReply({ text, html: null });
    expect(r.signature).toBeNull();
    expect(r.reply).toContain('Also these equal signs are just separators in my content.');
  });
});
