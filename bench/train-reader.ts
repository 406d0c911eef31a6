/**
 * Trains the second reader (src/inbound/read/second-reader/) on the development part of the hand-labelled
 * replies and writes its weights to src/inbound/read/second-reader/weights.ts. Only the development part:
 * the held-out parts stay unseen, so they still measure the reader on replies nobody here has read.
 *
 *   npm run train:reader            write weights.ts
 *   npm run train:reader -- --check exit 1 if weights.ts is not what the labels give (CI: the model is
 *                                   its labels' and nothing else)
 *
 * Prints JSON: replies, features, decisions, seconds.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseEml } from '../src/inbound/parse-eml.js';
import { foundOf, readByRules, replyInputOf } from '../src/inbound/read/index.js';
import { featuresOf } from '../src/inbound/read/second-reader/features.js';
import { modelSource, train, TRAINING, type Example } from '../src/inbound/read/second-reader/train.js';
import { decisionClass, readLabels } from './labelled-replies.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const WEIGHTS_FILE = path.join(root, 'src', 'inbound', 'read', 'second-reader', 'weights.ts');

/** Each labelled reply of a part as the second reader sees it, with the decision its label gives. */
export async function examplesOf(rootDir: string, part: string): Promise<Array<Example & { file: string }>> {
  const dir = path.join(rootDir, 'test', 'fixtures', 'replies', part);
  const labels = readLabels(rootDir, part);
  const out: Array<Example & { file: string }> = [];
  for (const [file, label] of Object.entries(labels).sort(([a], [b]) => a.localeCompare(b))) {
    const email = await parseEml(fs.readFileSync(path.join(dir, file)));
    const now = email.headers.date ? new Date(email.headers.date) : new Date();
    const read = readByRules({ ...replyInputOf(email), known: label.known ?? null }, now, 'GB', 'Europe/London');
    out.push({ file, decision: decisionClass(label.decision), features: featuresOf({ reply: read.reply, subject: email.subject, asked: read.asked, found: foundOf(read.fields) }) });
  }
  return out;
}

export async function trainedSource(rootDir: string): Promise<{ source: string; replies: number; features: number; decisions: number }> {
  const examples = await examplesOf(rootDir, 'development');
  const model = train(examples, TRAINING);
  const provenance = `Trained on ${examples.length} replies of test/fixtures/replies/development with ${JSON.stringify(TRAINING)}.`;
  return { source: modelSource(model, provenance), replies: examples.length, features: model.features.length, decisions: model.decisions.length };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const t0 = process.hrtime.bigint();
  const { source, replies, features, decisions } = await trainedSource(root);
  const check = process.argv.includes('--check');
  const same = fs.existsSync(WEIGHTS_FILE) && fs.readFileSync(WEIGHTS_FILE, 'utf8') === source;
  if (!check) fs.writeFileSync(WEIGHTS_FILE, source);
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  console.log(JSON.stringify({ replies, features, decisions, bytes: Buffer.byteLength(source), seconds: Math.round(seconds * 10) / 10, ...(check ? { upToDate: same } : {}) }));
  if (check && !same) process.exit(1);
}
