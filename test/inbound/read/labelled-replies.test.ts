import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { labelFiles, ourReader, PARTS, readLabels, scorePart } from '../../../bench/labelled-replies.js';

// The hand-labelled replies of test/fixtures/replies/{development,held-out}: written for this project by
// people who did not read the reader, each labelled with what a careful person concludes from it.
// `npm run bench:replies` reports the same scores beside email-reply-parser; docs/benchmarks.md has them.

const root = path.resolve(import.meta.dirname, '..', '..', '..');
// Reading a whole part takes seconds per thousand replies, more on a busy machine: a part's test has a
// minute per thousand replies (the reader's speed is measured by `npm run bench:replies`, not here).
const PART_TIMEOUT = 240_000;
const DECISIONS = new Set([
  'join', 'update', 'decline', 'stop', 'pause', 'skip', 'resume', 'help', 'my_data', 'delete', 'met', 'not_met', 'quiet', 'cadence', 'other', 'automatic',
  'booked', 'not_yet', 'cant_make_it',
]);

describe('the labelled replies', () => {
  it('when the set is read, then it has both parts, at least 150 replies, a label for every file and a file for every label', () => {
    let total = 0;
    for (const part of PARTS) {
      const dir = path.join(root, 'test', 'fixtures', 'replies', part);
      expect(labelFiles(root, part).length, part).toBeGreaterThan(0);
      const labels = readLabels(root, part);
      const files = fs.readdirSync(dir).filter((f) => f.endsWith('.eml')).sort();
      expect(Object.keys(labels).sort(), part).toEqual(files);
      for (const [file, label] of Object.entries(labels)) {
        expect(DECISIONS.has(label.decision), `${part}/${file}: ${label.decision}`).toBe(true);
        if (label.decision === 'join' || label.decision === 'update') expect(label.fields, `${part}/${file}`).toBeDefined();
      }
      total += files.length;
    }
    expect(total).toBeGreaterThanOrEqual(150);
  });

  it('when the development part is read, then every decision is right (or a join they are asked to confirm), nobody is joined who did not ask, and at least 98% of fields are right', async () => {
    const { score, misses } = await scorePart(root, 'development', ourReader);
    // A join asked back ("should we sign you up?") is no wrong act: their YES joins them. At most one in 500.
    const askedJoins = misses.filter((m) => m.what === 'decision' && m.askedBack && (m.want === 'join' || m.want === 'update'));
    expect(misses.filter((m) => m.what === 'decision' && !askedJoins.includes(m)), 'decisions').toEqual([]);
    expect(askedJoins.length, JSON.stringify(askedJoins)).toBeLessThanOrEqual(score.replies / 500);
    expect(score.falseJoins).toBe(0);
    expect(score.fields.right / score.fields.total, JSON.stringify(misses.filter((m) => m.what !== 'decision'))).toBeGreaterThanOrEqual(0.98);
    expect(misses.filter((m) => m.what === 'pauseUntil'), 'pause dates').toEqual([]);
  }, PART_TIMEOUT);

  // Only counts: the texts of these parts are read by nobody who changes the rules, so a failure here says
  // how many, never which. Each part's floor is its last measurement (docs/benchmarks.md).
  it.each(Object.entries(HELD_OUT_FLOORS))('when %s is read, then it does no worse than its last measurement', async (part, floor) => {
    const { score } = await scorePart(root, part, ourReader);
    expect(score.replies).toBeGreaterThanOrEqual(floor.replies);
    expect(score.falseJoins, 'false joins').toBeLessThanOrEqual(floor.falseJoins);
    expect(score.decisions.right / score.decisions.total, 'decisions right').toBeGreaterThanOrEqual(floor.decisions);
    expect(score.fields.right / score.fields.total, 'fields right').toBeGreaterThanOrEqual(floor.fields);
  }, PART_TIMEOUT);
});

describe('what a wrong decision costs, as the scorer counts it', () => {
  // Two readers that are wrong on purpose, over the development part: one that hands every reply to a
  // person, one that takes every reply for a STOP. The counts they must give come from the labels alone.
  const labels = Object.values(readLabels(root, 'development'));
  it('when every reply is read as OTHER, then each wrong one is counted as handed to a person and none as acted on', async () => {
    const { score } = await scorePart(root, 'development', (input, now, known) => ({ ...ourReader(input, now, known), intent: 'other', automatic: false }));
    const notOther = labels.filter((l) => l.decision !== 'other').length;
    expect(score.wrong).toEqual({ toAPerson: notOther, ignored: 0, actedOn: 0 });
  }, PART_TIMEOUT);

  it('when every reply is read as STOP, then each wrong one is counted as acted on', async () => {
    const { score } = await scorePart(root, 'development', (input, now, known) => ({ ...ourReader(input, now, known), intent: 'stop', automatic: false }));
    // STOP is right for a label of stop, and for a decline to an invitation (the same effect there).
    const rightAnyway = labels.filter((l) => l.decision === 'stop' || (l.decision === 'decline' && l.answers === 'invitation')).length;
    expect(score.wrong).toEqual({ toAPerson: 0, ignored: 0, actedOn: labels.length - rightAnyway });
  }, PART_TIMEOUT);
});

/**
 * The held-out parts at their last measurement (docs/benchmarks.md, at 93a3d75), as floors: held-out
 * 134/141 decisions, no false join, 503/510 fields; held-out-2 135/140, 2, 281/289; held-out-3 95/100, 0,
 * 198/200; held-out-4 (its one measurement) 133/140, 0, 311/315.
 */
const HELD_OUT_FLOORS: Record<string, { replies: number; falseJoins: number; decisions: number; fields: number }> = {
  // Read at the end of the eighth session, after the rules from writers C1-C7 and the second reader
  // retrained on 4,057 development replies (docs/benchmarks.md, "Seventh and eighth sessions"): the eleven
  // older parts 1,385 / 1,431 decisions (the rules alone 1,360), two false joins (the rules alone eight),
  // fields 2,885 / 2,928. A floor is the last reading rounded down to a hundredth: retraining the second
  // reader on new development labels moves a part by a reply or two either way.
  // Lowered in the tenth session, at its end (second reader retrained on 4,457 replies): 136 / 141; -3 98 / 100;
  // -7 137 / 140. The same rules with the second reader trained on fifty fewer replies read 1,567 of the
  // fourteen older parts, and with these 1,561: the model's noise (docs/benchmarks.md, "The tenth session").
  'held-out': { replies: 141, falseJoins: 0, decisions: 0.96, fields: 0.99 },
  'held-out-2': { replies: 140, falseJoins: 1, decisions: 0.97, fields: 0.97 },
  'held-out-3': { replies: 100, falseJoins: 0, decisions: 0.98, fields: 0.99 },
  'held-out-4': { replies: 140, falseJoins: 0, decisions: 0.97, fields: 0.99 },
  'held-out-5': { replies: 140, falseJoins: 0, decisions: 0.97, fields: 0.97 },
  'held-out-6': { replies: 140, falseJoins: 0, decisions: 0.97, fields: 0.98 },
  'held-out-7': { replies: 140, falseJoins: 0, decisions: 0.97, fields: 0.98 },
  'held-out-8': { replies: 140, falseJoins: 0, decisions: 0.96, fields: 0.98 },
  'held-out-9': { replies: 140, falseJoins: 0, decisions: 0.95, fields: 0.97 },
  // Written by B1 and B2 in the sixth session, before they could see the second reader.
  'held-out-10': { replies: 140, falseJoins: 0, decisions: 0.95, fields: 0.99 },
  // Written by B3 in the sixth session (people who hedge, joke or ask two things at once).
  // Lowered in the fourteenth session: 63 / 70 once the second reader was trained on 5,057 replies (the same
  // rules with the model before it: 66). Over the twenty older parts the retrained model reads 1,920 of 1,971
  // where the one before read 1,922 (eight parts moved by one to three, four up and four down).
  'held-out-11': { replies: 70, falseJoins: 1, decisions: 0.9, fields: 0.98 },
  // Written in the eighth session, each to the same brief (a mix of every decision from all of the public
  // sector), and read for the first time as its writer finished: W4's after the rules from C4 and C1, W3's
  // after C2 and C5, W5's after C6 and C7. Each 58 or 59 / 60 at every reading, with no false join.
  // Lowered in the eleventh session: 57 / 60 once the second reader was trained on 4,607 replies (58 with
  // the same rules and the model before it); the fourteen older parts as a whole gained at the same time.
  'held-out-12': { replies: 60, falseJoins: 0, decisions: 0.95, fields: 0.98 },
  'held-out-13': { replies: 60, falseJoins: 0, decisions: 0.98, fields: 1 },
  'held-out-14': { replies: 60, falseJoins: 0, decisions: 0.98, fields: 0.98 },
  // Written by W6 in the tenth session to W3's brief; first read with the rules as they stood when it
  // arrived: 58 / 60, no false join, 176 / 178 fields.
  'held-out-15': { replies: 60, falseJoins: 0, decisions: 0.96, fields: 0.98 },
  // Written by W7 and W8 in the tenth session to the same brief, while the rules from J1 to J6 were
  // written; each read for the first time after J6: 60 / 60 and 58 / 60, no false join.
  'held-out-16': { replies: 60, falseJoins: 0, decisions: 1, fields: 0.98 },
  'held-out-17': { replies: 60, falseJoins: 0, decisions: 0.96, fields: 0.98 },
  // Written by W9 in the tenth session to the same brief; read once, as it arrived: 60 / 60, 165 / 165.
  'held-out-18': { replies: 60, falseJoins: 0, decisions: 1, fields: 1 },
  // Written by W10 in the eleventh session to a balanced brief (every decision, every mail); read once, as
  // it arrived, after all of that session's rules: 60 / 60, 172 / 174 fields.
  'held-out-19': { replies: 60, falseJoins: 0, decisions: 1, fields: 0.98 },
  'held-out-20': { replies: 60, falseJoins: 1, decisions: 0.91, fields: 0.98 },
  // Written by W12a and W12b in the fifteenth session to a balanced brief; read once, as it arrived: 59 / 60,
  // no false join, 127 / 128 fields.
  'held-out-21': { replies: 60, falseJoins: 0, decisions: 0.98, fields: 0.98 },
  // Written by W13 in the fifteenth session to a balanced brief; read once, as it arrived, after all of that
  // session's rules: 59 / 60, no false join, 125 / 127 fields.
  'held-out-22': { replies: 60, falseJoins: 0, decisions: 0.98, fields: 0.98 },
  // Written by W14a and W14b (local government, police and fire; the NHS, central and devolved government)
  // in the sixteenth session to a balanced brief; read once, after all of that session's rules: 60 / 60, no
  // false join, 124 / 126 fields.
  'held-out-23': { replies: 60, falseJoins: 0, decisions: 1, fields: 0.98 },
  // Written by W15a and W15b (Scotland, Wales and Northern Ireland; arm's-length bodies, regulators, courts,
  // prisons, museums and transport in England) in the same session, read the same way: 60 / 60, no false
  // join, 110 / 110 fields.
  'held-out-24': { replies: 60, falseJoins: 0, decisions: 1, fields: 1 },
};
