import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { buildReport } from '../../src/reports/report.js';
import { formatReportJson, formatReportText } from '../../src/reports/format.js';
import { MAX_LINE, nameWords, redactLine, withoutPhones } from '../../src/reports/redact.js';
import { insertRound } from './history.js';

let t: TestDatabase;
const NOW = new Date('2026-12-01T12:00:00.000Z');
const AT = '2026-11-02T09:00:00.000Z';

async function person(id: number, name: string, email: string, organisation: string) {
  await t.db.run(
    `INSERT INTO people (id, email, name, organisation, status, status_changed_at, created_at, updated_at, joined_at)
     VALUES (?, ?, ?, ?, 'active', ?, ?, ?, ?)`,
    [id, email, name, organisation, AT, AT, AT, AT],
  );
}

beforeEach(async () => {
  t = await createTestDatabase();
  await person(1, 'Priya Ramaswamy', 'priya.ramaswamy@leeds.gov.uk', 'Leeds City Council');
  await person(2, 'Olamide Okonkwo-Hart', 'olamide@nhs.net', 'NHS England');
  // Known to the scheme, in no group with them.
  await person(3, 'Tobias Fairweather', 'tobias@hmrc.gov.uk', 'HMRC');
  await insertRound(t.db, 1, AT, [[1, 2]], 1, '2026-11-16T10:00:00.000Z');
});
afterEach(async () => {
  await t.cleanup();
});

describe('lines quoted in the report and the digest', () => {
  it('when a MET line names the partner, a known person, a phone number and an address, then none of them is quoted', async () => {
    const line =
      "Met olamide and Priya's team; Olamide Okonkwo-Hart says ring 07700 900123 or +44 20 7946 0958, and Tobias Fairweather (priya.ramaswamy@leeds.gov.uk) joins too";
    await t.db.run("INSERT INTO answers (group_id, person_id, met, outcome, answered_at) VALUES (1, 1, 1, ?, '2026-11-20T10:00:00.000Z')", [line]);
    const report = await buildReport(t.db, { now: NOW });
    const text = formatReportText(report);
    const json = formatReportJson(report);
    for (const secret of ['olamide', 'Priya', 'Okonkwo', 'Hart', '07700', '900123', '7946', 'Tobias', 'Fairweather', 'leeds.gov.uk']) {
      expect(text.toLowerCase()).not.toContain(secret.toLowerCase());
      expect(json.toLowerCase()).not.toContain(secret.toLowerCase());
    }
    expect(report.outcomes[0]!.line).toBe('Met [name] and [name] team; [name] [name] says ring [phone] or [phone], and [name] [name] ([address]) joins too');
  });

  it('when a line holds words that only happen to be names of people outside the group, then they are kept unless written as a name', () => {
    const names = { group: new Set(nameWords('Sam Lee')), everyone: new Set(nameWords('Will Rose')) };
    expect(redactLine('I will send the rose report; sam and Will agreed', names)).toBe('I will send the rose report; [name] and [name] agreed');
  });

  it('when a number is no country\'s but long, or a date, then the long one goes and the date stays', () => {
    expect(withoutPhones('ref 0044 1234 567 890 1 on 2026-11-03')).toBe('ref [phone] on 2026-11-03');
  });

  it('when a line is huge or made to be slow (a million digits and spaces), then it is cut and redacted without stalling', () => {
    const names = { group: new Set(nameWords('Sam Lee')), everyone: new Set<string>() };
    const slow = '1 '.repeat(500_000);
    const out = redactLine(slow, names);
    expect(out.length).toBeLessThanOrEqual(MAX_LINE);
    expect(out).not.toMatch(/\d{3}/);
    expect(redactLine(`${'a'.repeat(900_000)}@${'b'.repeat(10)}.example`, names).length).toBeLessThanOrEqual(MAX_LINE);
  });
});
