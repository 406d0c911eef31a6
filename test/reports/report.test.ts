import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { buildReport } from '../../src/reports/report.js';
import { formatReportJson, formatReportText } from '../../src/reports/format.js';
import { buildHistory, insertPerson, insertRound, ROUND_2_AT, SINCE } from './history.js';

let t: TestDatabase;
const NOW = new Date('2026-12-01T12:00:00.000Z');

beforeEach(async () => {
  t = await createTestDatabase();
  await buildHistory(t.db);
});
afterEach(async () => {
  await t.cleanup();
});

describe('the report, for all time', () => {
  it('when people are in every status, then each status is counted, and joined adds up active, paused, stopped, bounced and complained', async () => {
    const r = await buildReport(t.db, { now: NOW });
    expect(r.participants).toEqual({
      invited: 2,
      awaitingDetails: 1,
      joined: 10,
      active: 6,
      paused: 1,
      stopped: 1,
      bounced: 1,
      complained: 1,
      erased: 1,
    });
    // Leeds (two spellings), NHS Digital, HMRC, dft.gov.uk (from an address), Met Office (with and without "The"), Cabinet Office.
    expect(r.organisations).toBe(6);
  });

  it('when two rounds ran, then rounds, groups, trios and the groups across organisations are as drawn', async () => {
    const r = await buildReport(t.db, { now: NOW });
    expect(r.rounds.map((x) => ({ id: x.id, groups: x.groups, trios: x.trios, cross: x.crossOrganisation, newLinks: x.newLinks }))).toEqual([
      // The Met Office trio is not across organisations; the erased member's group counts as across.
      { id: 1, groups: 4, trios: 1, cross: 3, newLinks: 3 },
      // Leeds–NHS again is not new; Leeds–HMRC, Cabinet Office–DfT and Cabinet Office–HMRC are.
      { id: 2, groups: 3, trios: 1, cross: 3, newLinks: 3 },
    ]);
    expect(r.groups).toEqual({ total: 7, pairs: 5, trios: 2, crossOrganisation: 6, crossOrganisationShare: 6 / 7 });
    expect(r.links).toEqual({ total: 6, new: 6 });
  });

  it('when follow-ups were answered, then the meet rate is groups with a MET over groups asked, and answers are counted by kind', async () => {
    const r = await buildReport(t.db, { now: NOW });
    expect(r.followUps).toEqual({
      groupsAsked: 6,
      groupsMet: 3,
      meetRate: 0.5,
      mailsSent: 12,
      answers: 7,
      met: 4,
      notMet: 3,
      replyRate: 7 / 12,
    });
    expect(r.stillWant).toEqual({ asked: 2, back: 1 });
  });

  it('when people wrote what came of it, then their lines are listed newest first with no name and no address', async () => {
    const r = await buildReport(t.db, { now: NOW });
    expect(r.outcomes.map((o) => [o.line, o.met])).toEqual([
      ['Rescheduled to next month', false],
      ['Swapped notes; write to me at [address]', true],
      ['Diaries never lined up', false],
      ['Great chat about procurement', true],
      ['We are sharing our open data playbook', true],
    ]);
    const text = formatReportText(r);
    const json = formatReportJson(r);
    for (const out of [text, json]) {
      expect(out).not.toMatch(/Person \d|@/);
    }
  });

  it('when the picture is asked for, then organisations carry their current participants and the latest round’s new links are marked', async () => {
    const r = await buildReport(t.db, { now: NOW });
    expect(r.network.roundId).toBe(2);
    expect(r.network.orgs).toEqual([
      { name: 'Leeds City Council', participants: 2 },
      { name: 'NHS Digital', participants: 2 },
      { name: 'Cabinet Office', participants: 1 },
      { name: 'HMRC', participants: 1 },
      { name: 'dft.gov.uk', participants: 1 },
      { name: 'Met Office', participants: 0 },
    ]);
    const links = Object.fromEntries(r.network.links.map((l) => [[l.a, l.b].sort().join(' + '), [l.pairs, l.newThisRound]]));
    expect(links).toEqual({
      'Leeds City Council + NHS Digital': [2, false],
      'HMRC + dft.gov.uk': [2, false],
      'Leeds City Council + Met Office': [2, false],
      'HMRC + Leeds City Council': [1, true],
      'Cabinet Office + dft.gov.uk': [1, true],
      'Cabinet Office + HMRC': [1, true],
    });
  });

  it('when a third round links no new organisations, then it reports no new links and the picture highlights none', async () => {
    await insertRound(t.db, 3, '2026-11-30T09:00:00.000Z', [[1, 3], [5, 6]], 8, null);
    const r = await buildReport(t.db, { now: NOW });
    expect(r.rounds.at(-1)).toMatchObject({ id: 3, groups: 2, newLinks: 0 });
    expect(r.links).toEqual({ total: 6, new: 6 });
    expect(r.network.links.filter((l) => l.newThisRound)).toEqual([]);
  });
});

describe('the report with --since', () => {
  it('when narrowed to a date, then people count only moves into their status since then, and joined counts those who joined since', async () => {
    const r = await buildReport(t.db, { now: NOW, since: SINCE });
    expect(r.since).toBe(SINCE.toISOString());
    expect(r.participants).toEqual({
      invited: 1,
      awaitingDetails: 1,
      joined: 2,
      active: 1,
      paused: 1,
      stopped: 1,
      bounced: 1,
      complained: 0,
      erased: 1,
    });
    // HMRC (bounced since) and Cabinet Office.
    expect(r.organisations).toBe(2);
  });

  it('when narrowed to a date, then only later rounds, their follow-ups, answers and lines count, while a link seen earlier is still not new', async () => {
    const r = await buildReport(t.db, { now: NOW, since: SINCE });
    expect(r.rounds.map((x) => x.id)).toEqual([2]);
    expect(r.groups).toEqual({ total: 3, pairs: 2, trios: 1, crossOrganisation: 3, crossOrganisationShare: 1 });
    expect(r.links).toEqual({ total: 5, new: 3 });
    expect(r.followUps).toEqual({ groupsAsked: 2, groupsMet: 1, meetRate: 0.5, mailsSent: 4, answers: 3, met: 1, notMet: 2, replyRate: 0.75 });
    expect(r.stillWant).toEqual({ asked: 1, back: 0 });
    expect(r.outcomes.map((o) => o.line)).toEqual(['Rescheduled to next month', 'Swapped notes; write to me at [address]']);
  });

  it('when narrowed to a moment after the last round, then there are no rounds and the rates are not numbers but "n/a"', async () => {
    const r = await buildReport(t.db, { now: NOW, since: new Date(new Date(ROUND_2_AT).getTime() + 1) });
    expect(r.rounds).toEqual([]);
    expect(r.groups.crossOrganisationShare).toBeNull();
    expect(r.followUps.meetRate).toBeNull();
    expect(formatReportText(r)).toContain('meet rate n/a');
  });
});

describe('an empty scheme', () => {
  it('when nothing has happened yet, then every figure is zero and the text says nobody has written a line', async () => {
    const empty = await createTestDatabase();
    try {
      const r = await buildReport(empty.db, { now: NOW });
      expect(r.participants.joined).toBe(0);
      expect(r.groups.total).toBe(0);
      expect(r.network).toEqual({ orgs: [], links: [], roundId: null });
      expect(formatReportText(r)).toContain('Nobody has written a line yet.');
    } finally {
      await empty.cleanup();
    }
  });
});

describe('the text', () => {
  it('when printed, then it shows the headline figures in words an organiser reads', async () => {
    const text = formatReportText(await buildReport(t.db, { now: NOW }));
    expect(text).toContain('All time (made 1 Dec 2026)');
    expect(text).toMatch(/Joined\s+10\n/);
    expect(text).toMatch(/Groups\s+7 \(5 pairs, 2 trios\)/);
    expect(text).toMatch(/Across organisations\s+6 of 7 groups \(86%\)/);
    expect(text).toMatch(/Organisations linked\s+6 pairs of organisations, 6 new/);
    expect(text).toMatch(/Groups that met\s+3 \(meet rate 50%\)/);
    expect(text).toMatch(/Answers\s+7 to 12 questions \(58%\): 4 MET, 3 NOT MET/);
    expect(text).toContain('- "Rescheduled to next month" (did not meet, 19 Nov 2026)');
  });

  it('when more lines were written than are shown, then the rest are counted', async () => {
    const text = formatReportText(await buildReport(t.db, { now: NOW }), { outcomes: 2 });
    expect(text).toContain('… and 3 more');
    expect(text).not.toContain('Diaries never lined up');
  });

  it('when a line holds control characters, then it is printed on one line', async () => {
    await insertPerson(t.db, { id: 15, email: 'x@ons.gov.uk', organisation: 'ONS', status: 'active', changed: ROUND_2_AT, joined: ROUND_2_AT });
    await t.db.run("INSERT INTO answers (group_id, person_id, met, outcome, answered_at) VALUES (7, 15, 1, ?, '2026-11-30T00:00:00.000Z')", ['Line one\r\n\u001b[31mred']);
    const text = formatReportText(await buildReport(t.db, { now: NOW }));
    expect(text).toContain('- "Line one [31mred" (met, 30 Nov 2026)');
  });
});
