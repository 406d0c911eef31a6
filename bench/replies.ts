/**
 * Scores quote and signature stripping on other projects' reply fixtures (test/fixtures/corpus), and the
 * whole reader (decisions and fields) on the hand-labelled replies in test/fixtures/replies/development
 * and held-out, each beside email-reply-parser doing the quote stripping.
 * Usage: tsx bench/replies.ts [--corpus DIR] [--verbose] [--labelled-only] [--part NAME]
 * (--part: score only that labelled part, e.g. development, so a held-out part is not measured by accident)
 * Prints one JSON line on stdout; with --verbose, lists misses on stderr: the development part's only.
 * The held-out part is reported as counts, never as texts or file names, so that nobody tuning the rules
 * reads it.
 * Slow because email-reply-parser (the baseline) backtracks on email_long_quote.txt
 * (767 KB); docs/benchmarks.md has the figures.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import EmailReplyParser from 'email-reply-parser';
import { extractReply } from '../src/inbound/read/reply-text.js';
import { emailReplyParserReader, labelledParts, ourReader, rulesAloneReader, scorePart, type PartScore } from './labelled-replies.js';

interface Score {
  exact: number;
  total: number;
}
interface Case {
  name: string;
  input: { text: string | null; html: string | null; fromName?: string | null };
  expected: string;
  /** How to compare: whitespace-collapsed or with all whitespace removed. */
  compare: 'collapse' | 'nospace';
  /** Which part of our output is scored. */
  part: 'new-text' | 'signature';
}

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const corpusFlag = args.indexOf('--corpus');
const corpusDir = corpusFlag >= 0 && args[corpusFlag + 1] ? path.resolve(args[corpusFlag + 1]!) : path.join(projectRoot, 'test', 'fixtures', 'corpus');
const verbose = args.includes('--verbose');
const labelledOnly = args.includes('--labelled-only');
const onlyPart = args.includes('--part') ? args[args.indexOf('--part') + 1] : undefined;
const expectedDir = path.join(projectRoot, 'test', 'fixtures', 'replies', 'expected');

const read = (p: string) => fs.readFileSync(p, 'utf8');
const collapse = (s: string) => s.replace(/\s+/g, ' ').trim();
const nospace = (s: string) => s.replace(/\s+/g, '');

function plainCorpus(folder: string, expectedFile: string): Case[] {
  const expected = JSON.parse(read(path.join(expectedDir, expectedFile))) as Record<string, string>;
  return Object.entries(expected).map(([name, text]) => ({
    name,
    input: { text: read(path.join(corpusDir, folder, name)), html: null },
    expected: text,
    compare: 'collapse',
    part: 'new-text',
  }));
}

function talonHtml(): Case[] {
  const dir = path.join(corpusDir, 'talon', 'tests', 'fixtures', 'html_replies');
  return fs.readdirSync(dir).sort().map((name) => ({
    name,
    input: { text: null, html: read(path.join(dir, name)) },
    expected: 'Hi. I am fine.\n\nThanks,\nAlex',
    compare: 'nospace',
    part: 'new-text',
  }));
}

function talonSignatures(): Case[] {
  const dir = path.join(corpusDir, 'talon', 'tests', 'fixtures', 'signature', 'emails', 'stripped');
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('_body'))
    .sort()
    .map((f) => {
      const stem = f.slice(0, -'_body'.length);
      const sender = path.join(dir, `${stem}_sender`);
      return {
        name: stem,
        input: { text: read(path.join(dir, f)), html: null, fromName: fs.existsSync(sender) ? read(sender).trim() : null },
        expected: read(path.join(dir, `${stem}_signature`)),
        compare: 'collapse',
        part: 'signature',
      } satisfies Case;
    });
}

function ours(c: Case): string {
  const r = extractReply(c.input);
  if (c.part === 'signature') return r.signature ?? '';
  return [r.reply, r.signature ?? ''].join('\n');
}

/**
 * email-reply-parser alone. Its visible text hides signatures, while the
 * expected new text keeps them, so a case counts as a baseline hit when either
 * its visible text or all its unquoted fragments match.
 */
function baselineCandidates(c: Case): string[] {
  const parser = new EmailReplyParser();
  const text = c.input.text ?? (c.input.html ? c.input.html.replace(/<[^>]+>/g, '\n') : '');
  const email = parser.read(text);
  const fragments = email.getFragments();
  if (c.part === 'signature') {
    return [fragments.filter((f) => f.isSignature()).map((f) => f.getContent()).join('\n')];
  }
  return [
    email.getVisibleText(),
    fragments.filter((f) => !f.isQuoted() && !f.isHidden()).map((f) => f.getContent()).join('\n'),
    fragments.filter((f) => !f.isQuoted()).map((f) => f.getContent()).join('\n'),
  ];
}

function same(c: Case, actual: string): boolean {
  const norm = c.compare === 'nospace' ? nospace : collapse;
  return norm(actual) === norm(c.expected);
}

const corpora: Record<string, Case[]> = labelledOnly ? {} : {
  'email-reply-parser': plainCorpus('email-reply-parser/test/fixtures', 'email-reply-parser.json'),
  email_reply_parser: plainCorpus('email_reply_parser/test/emails', 'email_reply_parser.json'),
  'talon-html': talonHtml(),
  'talon-signature': talonSignatures(),
};

const result: {
  corpora: Record<string, Score>;
  baseline: Record<string, Score>;
  labelled?: Record<string, { ours: PartScore; rulesAlone: PartScore; emailReplyParser: PartScore }>;
  readerWorstCase?: WorstCase;
} = { corpora: {}, baseline: {} };
for (const [corpus, cases] of Object.entries(corpora)) {
  const mine: Score = { exact: 0, total: cases.length };
  const base: Score = { exact: 0, total: cases.length };
  for (const c of cases) {
    const actual = ours(c);
    if (same(c, actual)) mine.exact++;
    else if (verbose) process.stderr.write(`MISS ${corpus}/${c.name}\n  want: ${collapse(c.expected).slice(0, 300)}\n  got:  ${collapse(actual).slice(0, 300)}\n`);
    if (baselineCandidates(c).some((b) => same(c, b))) base.exact++;
  }
  result.corpora[corpus] = mine;
  result.baseline[corpus] = base;
}
result.labelled = await labelled();
if (!labelledOnly) result.readerWorstCase = await readerWorstCase(30 * 1024);
process.stdout.write(`${JSON.stringify(result)}\n`);

interface WorstCase {
  /** The slowest of the crafted inputs (test/reliability/slow-inputs.ts), each of `kb` KB. */
  input: string;
  kb: number;
  /** The whole reader (readReply) on it: the median of 5 runs after one to warm up, in ms. */
  ms: number;
}

/** How long the reader takes on the inputs built to make it slow, at `size` characters: the slowest. */
async function readerWorstCase(size: number): Promise<WorstCase> {
  const { readReply } = await import('../src/inbound/read/index.js');
  const { SLOW_INPUTS } = await import('../test/reliability/slow-inputs.js');
  let worst: WorstCase = { input: '', kb: size / 1024, ms: -1 };
  for (const input of SLOW_INPUTS) {
    const body = input.build(size);
    const email = { text: input.kind === 'text' ? body : null, html: input.kind === 'html' ? body : null, subject: input.subject ?? 'Re: An invitation', fromName: null, fromEmail: 'jo@example.gov.uk', headers: {}, contentType: null };
    readReply(email, new Date());
    const runs: number[] = [];
    for (let i = 0; i < 5; i++) {
      const start = performance.now();
      readReply(email, new Date());
      runs.push(performance.now() - start);
    }
    const ms = Math.round(runs.sort((a, b) => a - b)[2]! * 10) / 10;
    if (verbose) process.stderr.write(`SLOW INPUT ${input.name}: ${ms} ms\n`);
    if (ms > worst.ms) worst = { input: input.name, kb: size / 1024, ms };
  }
  return worst;
}

/**
 * The labelled replies, part by part: ours, our rules without the second reader, and the baseline. Only the
 * development part's misses are shown.
 */
async function labelled(): Promise<Record<string, { ours: PartScore; rulesAlone: PartScore; emailReplyParser: PartScore }>> {
  const out: Record<string, { ours: PartScore; rulesAlone: PartScore; emailReplyParser: PartScore }> = {};
  for (const part of labelledParts(projectRoot).filter((p) => onlyPart === undefined || p === onlyPart)) {
    const ours = await scorePart(projectRoot, part, ourReader);
    const rules = await scorePart(projectRoot, part, rulesAloneReader);
    const base = await scorePart(projectRoot, part, emailReplyParserReader);
    out[part] = { ours: ours.score, rulesAlone: rules.score, emailReplyParser: base.score };
    if (verbose && part === 'development') {
      for (const m of ours.misses) process.stderr.write(`MISS ${part}/${m.file} ${m.what}: want ${JSON.stringify(m.want)} got ${JSON.stringify(m.got)}\n`);
    }
  }
  return out;
}
