/**
 * A new batch of labelled replies, scored once on arrival, before any rule is written from it
 * (test/fixtures/replies/WRITERS.md): `npm run bench:new-batch -- <folder> <labels file>`, where the folder
 * holds the batch's .eml files and its labels file (a writer's worktree's development folder, say). Reads
 * only the files that labels file names, with the reader as it stands, and prints one JSON line for the
 * rules and the second reader side by side and one for the rules alone; then each miss of the first, one
 * to a line. For development batches only: a held-out part is scored by `npm run bench:replies`, as
 * counts.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ourReader, rulesAloneReader, scorePart, type Label } from './labelled-replies.js';

const [folder, labelsName] = process.argv.slice(2);
if (!folder || !labelsName) {
  console.error('usage: npm run bench:new-batch -- <folder with the .eml files> <labels file name>');
  process.exit(2);
}
if (/held-out/.test(path.resolve(folder))) {
  console.error('a held-out part is scored as counts only: npm run bench:replies');
  process.exit(2);
}
const labels = JSON.parse(fs.readFileSync(path.join(folder, labelsName), 'utf8')) as Record<string, Label>;
// scorePart reads a part of a fixtures tree: the batch alone is copied into a temporary one.
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'new-batch-'));
const part = path.join(root, 'test', 'fixtures', 'replies', 'batch');
fs.mkdirSync(part, { recursive: true });
try {
  fs.copyFileSync(path.join(folder, labelsName), path.join(part, labelsName));
  for (const file of Object.keys(labels)) fs.copyFileSync(path.join(folder, file), path.join(part, file));
  const ours = await scorePart(root, 'batch', ourReader);
  const alone = await scorePart(root, 'batch', rulesAloneReader);
  const line = (s: typeof ours.score) => ({ replies: s.replies, decisions: s.decisions, falseJoins: s.falseJoins, missedJoins: s.missedJoins, fields: s.fields, pauseDates: s.pauseDates, wrong: s.wrong, askedBack: s.askedBack });
  console.log(JSON.stringify({ ours: line(ours.score) }));
  console.log(JSON.stringify({ rulesAlone: line(alone.score) }));
  for (const miss of ours.misses) console.log(JSON.stringify(miss));
} finally {
  fs.rmSync(root, { recursive: true, force: true });
}
