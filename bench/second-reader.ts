/**
 * How the second reader carries to writers it has not seen.
 *
 *   npm run bench:second-reader
 *     Leave writers out: the development part's writers (one labels file each) in five groups; for each
 *     group, the second reader trained on the other four and read on that one. Its decisions right, alone.
 *     (The rules are not scored here: they were written from all of these replies.)
 *
 *   npm run bench:second-reader -- --cost
 *     What it costs: decoding the weights (once, on first use) and the heap they hold, then one reading of a
 *     short reply and of a 30 KB one (median of 200 after a warm-up).
 *
 *   npm run bench:second-reader -- --rules-at <commit> --unseen <pattern>
 *     The rules as they stood at <commit> (a git worktree of it, in a temporary folder, reading today's
 *     labelled files with that commit's reader) on the writers whose labels file name matches <pattern>,
 *     which that commit had not seen; the second reader trained on the other writers, with the same
 *     commit's reading of the reply; then the two side by side as src/inbound/read/second-opinion.ts sets
 *     them. Decisions right, false joins, missed joins, and the wrong ones handed to a person or acted on.
 *     E.g. `--rules-at 2f5b096 --unseen '^labels-[osuvxyqr]\d'`.
 *
 * Prints JSON.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { featuresOf } from '../src/inbound/read/second-reader/features.js';
import { train, TRAINING, type TrainedModel } from '../src/inbound/read/second-reader/train.js';
import { secondOpinion, startsWithCommand } from '../src/inbound/read/second-opinion.js';
import { readingOf, type SecondReading } from '../src/inbound/read/second-reader/model.js';
import { BARE_YES, cadenceIn, type Intent } from '../src/inbound/read/intent.js';
import type { Asked } from '../src/inbound/read/asked.js';
import { decisionClass, readerDecision, sameDecision, type Label } from './labelled-replies.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DEV = path.join(root, 'test', 'fixtures', 'replies', 'development');

/** One labelled reply as a commit's reader read it. */
interface Row {
  file: string;
  writer: string;
  answers: Label['answers'];
  decision: string;
  intent: Intent;
  automatic: boolean;
  question: boolean;
  reply: string;
  subject: string;
  asked: Asked;
  found: { name: boolean; phone: boolean; organisation: boolean };
}

// Run inside a worktree of the commit (its own src/ and bench/): reads every development reply of DIR.
const DUMP = `
import fs from 'node:fs';
import path from 'node:path';
import { parseEml } from '../src/inbound/parse-eml.js';
import { readReply, replyInputOf } from '../src/inbound/read/index.js';
import { askedBy } from '../src/inbound/read/asked.js';
import { extractReply } from '../src/inbound/read/reply-text.js';
const [dir, out] = process.argv.slice(2);
const rows = [];
for (const lf of fs.readdirSync(dir).filter((f) => /^labels(?:-[\\w-]+)?\\.json$/.test(f)).sort()) {
  const labels = JSON.parse(fs.readFileSync(path.join(dir, lf), 'utf8'));
  for (const [file, label] of Object.entries(labels)) {
    const email = await parseEml(fs.readFileSync(path.join(dir, file)));
    const now = email.headers.date ? new Date(email.headers.date) : new Date();
    const read = readReply({ ...replyInputOf(email), known: label.known ?? null }, now, 'GB', 'Europe/London');
    const quoted = extractReply({ text: email.text, html: email.html, fromName: email.from?.name ?? null }).quoted;
    rows.push({ file, writer: lf, answers: label.answers, decision: label.decision, intent: read.intent, automatic: read.automatic,
      question: read.question === true, reply: read.reply, subject: email.subject ?? '', asked: read.asked ?? askedBy(email.subject, quoted),
      found: { name: read.fields.name !== null, phone: read.fields.phone !== null, organisation: read.fields.organisation !== null } });
  }
}
fs.writeFileSync(out, JSON.stringify(rows));
`;

/** Every development reply read by the reader of `commit`, in a temporary worktree that is removed after. */
function readAt(commit: string): Row[] {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'second-reader-'));
  const tree = path.join(tmp, 'tree');
  execFileSync('git', ['-C', root, 'worktree', 'add', '--detach', '-q', tree, commit]);
  try {
    fs.symlinkSync(path.join(root, 'node_modules'), path.join(tree, 'node_modules'));
    fs.writeFileSync(path.join(tree, 'bench', '_read-all.ts'), DUMP);
    const out = path.join(tmp, 'rows.json');
    execFileSync(process.execPath, [path.join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), path.join(tree, 'bench', '_read-all.ts'), DEV, out], { cwd: tree, stdio: ['ignore', 'ignore', 'inherit'] });
    return JSON.parse(fs.readFileSync(out, 'utf8')) as Row[];
  } finally {
    execFileSync('git', ['-C', root, 'worktree', 'remove', '--force', tree]);
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/** Every development reply read by today's reader (its rules' reading, for the features). */
async function readNow(): Promise<Row[]> {
  const { parseEml } = await import('../src/inbound/parse-eml.js');
  const { readByRules, replyInputOf, foundOf } = await import('../src/inbound/read/index.js');
  const rows: Row[] = [];
  for (const lf of fs.readdirSync(DEV).filter((f) => /^labels(?:-[\w-]+)?\.json$/.test(f)).sort()) {
    const labels = JSON.parse(fs.readFileSync(path.join(DEV, lf), 'utf8')) as Record<string, Label>;
    for (const [file, label] of Object.entries(labels)) {
      const email = await parseEml(fs.readFileSync(path.join(DEV, file)));
      const now = email.headers.date ? new Date(email.headers.date) : new Date();
      const read = readByRules({ ...replyInputOf(email), known: label.known ?? null }, now, 'GB', 'Europe/London');
      rows.push({ file, writer: lf, answers: label.answers, decision: label.decision, intent: read.intent, automatic: read.automatic, question: read.question, reply: read.reply, subject: email.subject ?? '', asked: read.asked, found: foundOf(read.fields) });
    }
  }
  return rows;
}

const features = (r: Row) => featuresOf({ reply: r.reply, subject: r.subject, asked: r.asked, found: r.found });

function reader(model: TrainedModel): (r: Row) => SecondReading {
  const index = new Map(model.features.map((f, i) => [f, i]));
  return (r) => readingOf(index, model.weights, model.decisions, features(r));
}

function score(rows: Row[], decide: (r: Row) => string) {
  const s = { replies: rows.length, right: 0, percent: 0, falseJoins: 0, missedJoins: 0, toAPerson: 0, actedOn: 0 };
  for (const r of rows) {
    const got = decide(r);
    const want = decisionClass(r.decision);
    if (sameDecision(r.decision, got, r.answers)) s.right++;
    else if (got === 'other') s.toAPerson++;
    else s.actedOn++;
    if (got === 'details' && want !== 'details') s.falseJoins++;
    if (want === 'details' && got !== 'details') s.missedJoins++;
  }
  s.percent = Math.round((1000 * s.right) / Math.max(1, rows.length)) / 10;
  return s;
}

const trainOn = (rows: Row[]) => train(rows.map((r) => ({ features: features(r), decision: decisionClass(r.decision) })), TRAINING);

const args = process.argv.slice(2);
const at = args.indexOf('--rules-at');
const t0 = Date.now();
if (args.includes('--cost')) {
  const { secondReading } = await import('../src/inbound/read/second-reader/model.js');
  const found = { name: true, phone: true, organisation: true };
  const short = { reply: 'Count me in please!\n\nJo Bloggs\nLeeds City Council\n07700 900123', subject: 'Re: An invitation', asked: 'invitation' as const, found };
  const long = { ...short, reply: 'Could you pause me until March? '.repeat(1000) };
  global.gc?.();
  const heap0 = process.memoryUsage().heapUsed;
  const d0 = process.hrtime.bigint();
  secondReading(short);
  const decodeMs = Number(process.hrtime.bigint() - d0) / 1e6;
  global.gc?.();
  const heapMiB = (process.memoryUsage().heapUsed - heap0) / 2 ** 20;
  const median = (input: typeof short) => {
    for (let i = 0; i < 20; i++) secondReading(input);
    const times: number[] = [];
    for (let i = 0; i < 200; i++) {
      const t = process.hrtime.bigint();
      secondReading(input);
      times.push(Number(process.hrtime.bigint() - t) / 1e3);
    }
    return times.sort((a, b) => a - b)[100]!;
  };
  const r = (x: number, d = 10) => Math.round(x * d) / d;
  console.log(JSON.stringify({ firstUseMs: r(decodeMs), heapMiB: r(heapMiB), shortReplyMicros: r(median(short)), reply30KBMicros: r(median(long)), replyChars: long.reply.length }));
} else if (at >= 0) {
  const commit = args[at + 1];
  const unseenAt = args.indexOf('--unseen');
  if (!commit || unseenAt < 0 || !args[unseenAt + 1]) {
    console.error('usage: npm run bench:second-reader -- --rules-at <commit> --unseen <pattern of labels file names>');
    process.exit(2);
  }
  const unseen = new RegExp(args[unseenAt + 1]!);
  const rows = readAt(commit);
  const test = rows.filter((r) => unseen.test(r.writer));
  const second = reader(trainOn(rows.filter((r) => !unseen.test(r.writer))));
  const out = {
    rulesAt: commit,
    unseenWriters: [...new Set(test.map((r) => r.writer))].length,
    trainedOn: rows.length - test.length,
    rules: score(test, (r) => readerDecision(r.intent, r.automatic, r.answers)),
    secondReader: score(test, (r) => second(r).decision),
    sideBySide: score(test, (r) => {
      const said = r.reply.trim();
      const bareYes = r.intent === 'yes' && said.length <= 40 && BARE_YES.test(said.toLowerCase());
      const o = secondOpinion({ intent: r.intent, automatic: r.automatic, question: r.question, labelled: false, bareYes, commandFirst: startsWithCommand(r.reply) }, second(r), r.asked, { cadence: cadenceIn(r.reply.toLowerCase()), question: r.reply.includes('?') });
      return readerDecision(o.intent, r.automatic, r.answers);
    }),
    seconds: Math.round((Date.now() - t0) / 100) / 10,
  };
  console.log(JSON.stringify(out));
} else {
  const rows = await readNow();
  const writers = [...new Set(rows.map((r) => r.writer))].sort();
  const groups = 5;
  const folds = [];
  const all = { replies: 0, right: 0 };
  for (let g = 0; g < groups; g++) {
    const held = new Set(writers.filter((_, i) => i % groups === g));
    const test = rows.filter((r) => held.has(r.writer));
    const second = reader(trainOn(rows.filter((r) => !held.has(r.writer))));
    const s = score(test, (r) => second(r).decision);
    folds.push({ writers: held.size, ...s });
    all.replies += s.replies;
    all.right += s.right;
  }
  console.log(JSON.stringify({ folds, secondReaderAlone: { ...all, percent: Math.round((1000 * all.right) / all.replies) / 10 }, seconds: Math.round((Date.now() - t0) / 100) / 10 }));
}
