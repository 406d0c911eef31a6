import path from 'node:path';
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readByRules, readReply, type ReplyInput } from '../../../src/inbound/read/index.js';
import { secondOpinion, type RulesReading } from '../../../src/inbound/read/second-opinion.js';
import { featuresOf, FEATURE_CHARS } from '../../../src/inbound/read/second-reader/features.js';
import { secondReading, type SecondReading } from '../../../src/inbound/read/second-reader/model.js';
import { trainedSource, WEIGHTS_FILE } from '../../../bench/train-reader.js';

const root = path.resolve(import.meta.dirname, '..', '..', '..');

/** A second reading sure of one decision, the rest of its probability spread over "other". */
const sureOf = (decision: string, p: number): SecondReading => ({ decision, p: decision === 'other' ? { other: p } : { [decision]: p, other: 1 - p } });
const rules = (intent: RulesReading['intent'], extra: Partial<RulesReading> = {}): RulesReading => ({ intent, automatic: false, question: false, labelled: false, ...extra });
const none = { cadence: null, question: false };

describe('the rules and the second reader side by side', () => {
  it('when the rules read a join from a signature or a sentence, then it stands only if the second reader is sure of joining too', () => {
    expect(secondOpinion(rules('join'), sureOf('details', 0.95), 'invitation', none)).toEqual({ intent: 'join', by: 'rules' });
    expect(secondOpinion(rules('join'), sureOf('details', 0.6), 'invitation', none)).toEqual({ intent: 'other', by: 'to a person' });
    expect(secondOpinion(rules('join'), sureOf('decline', 0.95), 'invitation', none)).toEqual({ intent: 'other', by: 'to a person' });
    expect(secondOpinion(rules('update'), sureOf('help', 0.5), 'welcome', none)).toEqual({ intent: 'other', by: 'to a person' });
  });

  it('when the details were typed against labels or our form, then the join stands unless the second reader is sure of something else', () => {
    expect(secondOpinion(rules('join', { labelled: true }), sureOf('details', 0.4), 'invitation', none)).toEqual({ intent: 'join', by: 'rules' });
    expect(secondOpinion(rules('join', { labelled: true }), sureOf('other', 0.6), 'invitation', none)).toEqual({ intent: 'join', by: 'rules' });
    expect(secondOpinion(rules('join', { labelled: true }), sureOf('decline', 0.95), 'invitation', none)).toEqual({ intent: 'other', by: 'to a person' });
  });

  it('when an invitation is answered with a bare YES, then it is a join unless the second reader is sure of something else', () => {
    expect(secondOpinion(rules('yes', { bareYes: true }), sureOf('details', 0.7), 'invitation', none)).toEqual({ intent: 'yes', by: 'rules' });
    expect(secondOpinion(rules('yes', { bareYes: true }), sureOf('decline', 0.95), 'invitation', none)).toEqual({ intent: 'other', by: 'to a person' });
    // A yes with words of its own ("Yes, but only once I'm back") still needs the second reader sure of joining.
    expect(secondOpinion(rules('yes'), sureOf('details', 0.7), 'invitation', none)).toEqual({ intent: 'other', by: 'to a person' });
  });

  it('when the rules found nothing to act on and the second reader is sure of a request, then it is that request', () => {
    expect(secondOpinion(rules('other'), sureOf('skip', 0.95), 'reminder', none)).toEqual({ intent: 'skip', by: 'second reader' });
    expect(secondOpinion(rules('other'), sureOf('skip', 0.85), 'reminder', none)).toEqual({ intent: 'other', by: 'rules' });
    // Never joining from the second reader alone, nor ignoring a reply as automatic.
    expect(secondOpinion(rules('other'), sureOf('details', 0.99), 'invitation', none)).toEqual({ intent: 'other', by: 'to a person' });
    expect(secondOpinion(rules('other'), sureOf('automatic', 0.99), 'welcome', none)).toEqual({ intent: 'other', by: 'to a person' });
  });

  it('when the rules found no words of leaving and the reply asks a question, then the second reader alone does not end their mail', () => {
    const asking = { cadence: null, question: true };
    for (const ending of ['decline', 'stop', 'delete']) {
      expect(secondOpinion(rules('other'), sureOf(ending, 0.97), 'invitation', asking)).toEqual({ intent: 'other', by: 'to a person' });
      expect(secondOpinion(rules('other'), sureOf(ending, 0.97), 'invitation', none)).toEqual({ intent: ending, by: 'second reader' });
    }
    // A request that keeps them in still stands with a question in it.
    expect(secondOpinion(rules('other'), sureOf('skip', 0.97), 'reminder', asking)).toEqual({ intent: 'skip', by: 'second reader' });
  });

  it('when a request needs what the rules did not find (a cadence, a time not asked about), then a person reads it', () => {
    expect(secondOpinion(rules('other'), sureOf('cadence', 0.95), 'reminder', none)).toEqual({ intent: 'other', by: 'to a person' });
    expect(secondOpinion(rules('other'), sureOf('cadence', 0.95), 'reminder', { cadence: 'quarterly', question: false })).toEqual({ intent: 'cadence', by: 'second reader' });
    expect(secondOpinion(rules('other'), sureOf('booked', 0.95), 'nudge', { cadence: null, question: true })).toEqual({ intent: 'other', by: 'rules' });
    expect(secondOpinion(rules('other'), sureOf('booked', 0.95), 'nudge', none)).toEqual({ intent: 'booked', by: 'second reader' });
  });

  it('when the rules chose OTHER themselves, or read an automatic reply, then their reading stands whatever the second reader says; a YES gives way only to a sure other request', () => {
    expect(secondOpinion(rules('other', { question: true }), sureOf('pause', 0.99), 'nudge', none)).toEqual({ intent: 'other', by: 'rules' });
    expect(secondOpinion(rules('yes'), sureOf('resume', 0.99), 'reminder', none)).toEqual({ intent: 'yes', by: 'rules' });
    expect(secondOpinion(rules('yes'), sureOf('skip', 0.8), 'reminder', none)).toEqual({ intent: 'yes', by: 'rules' });
    expect(secondOpinion(rules('yes'), sureOf('skip', 0.95), 'reminder', none)).toEqual({ intent: 'skip', by: 'second reader' });
    expect(secondOpinion(rules('other', { automatic: true }), sureOf('pause', 0.99), 'reminder', none)).toEqual({ intent: 'other', by: 'rules' });
  });

  it('when the rules would act and the second reader is sure of another request, then the other request; sure of joining instead, a person', () => {
    expect(secondOpinion(rules('stop'), sureOf('quiet', 0.95), 'reminder', none)).toEqual({ intent: 'quiet', by: 'second reader' });
    expect(secondOpinion(rules('stop'), sureOf('quiet', 0.8), 'reminder', none)).toEqual({ intent: 'stop', by: 'rules' });
    expect(secondOpinion(rules('decline'), sureOf('details', 0.99), 'invitation', none)).toEqual({ intent: 'other', by: 'to a person' });
    // Readings that agree in other words.
    expect(secondOpinion(rules('cant_make_it'), sureOf('skip', 0.99), 'nudge', none)).toEqual({ intent: 'cant_make_it', by: 'rules' });
    expect(secondOpinion(rules('resume'), sureOf('details', 0.99), null, none)).toEqual({ intent: 'resume', by: 'rules' });
  });
});

describe('the second reader, with its trained weights', () => {
  const input = (answering: ReplyInput['answering'], text: string): ReplyInput => ({
    text,
    html: null,
    subject: 'Re: Unmentoring',
    fromName: 'Priya Shah',
    fromEmail: 'priya.shah@example.gov.uk',
    headers: {},
    contentType: 'text/plain',
    answering,
  });
  const when = new Date('2026-11-04T10:00:00Z');

  // These readings rest on the trained weights: after `npm run train:reader` on new labels, a wording here may
  // fall below SURE. That is what this test is for: the change is seen, and a wording still read so is chosen.
  it('when a request is put in words no rule knows, then it is read as the request, with what the rules find for it', () => {
    const cases: Array<[ReplyInput['answering'], string, string]> = [
      ['invitation', "Kind of you to think of me but it's a no from me, cheers.\n\nPriya", 'decline'],
      ['reminder', "I'll give this month's one a swerve, back in the mix next time.\n\nPriya", 'skip'],
      ['welcome', 'Could I have a copy of what you hold on me?\n\nPriya', 'my_data'],
    ];
    for (const [answering, text, want] of cases) {
      expect(readByRules(input(answering, text), when).intent, text).toBe('other');
      const read = readReply(input(answering, text), when);
      expect([read.intent, read.readBy], text).toEqual([want, 'second reader']);
    }
    const paused = readReply(input('reminder', 'can you not match me till after the new year please, moving house\n\npriya'), when);
    expect([paused.intent, paused.pauseUntil]).toEqual(['pause', '2027-01-01']);
  });

  it('when it reads a reply, then only the first FEATURE_CHARS characters count, whatever follows', () => {
    const head = 'Could I have a copy of what you hold on me?\n\n';
    const padding = 'x'.repeat(FEATURE_CHARS - head.length);
    const base = { subject: null, asked: 'welcome' as const, found: { name: false, phone: false, organisation: false } };
    expect(featuresOf({ ...base, reply: `${head}${padding}` })).toEqual(featuresOf({ ...base, reply: `${head}${padding}${' STOP DELETE now'.repeat(5000)}` }));
    const long = secondReading({ ...base, reply: `${head}${padding}${' STOP DELETE now'.repeat(5000)}` });
    expect(long.decision).toBe(secondReading({ ...base, reply: `${head}${padding}` }).decision);
  });

  it('when the model is trained again from the development labels, then it is the committed one (npm run train:reader)', async () => {
    const { source, replies } = await trainedSource(root);
    expect(replies).toBeGreaterThan(3000);
    expect(source === fs.readFileSync(WEIGHTS_FILE, 'utf8'), 'src/inbound/read/second-reader/weights.ts is out of date: run npm run train:reader').toBe(true);
  }, 120_000);
});
