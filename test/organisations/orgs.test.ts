import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { testConfig } from '../helpers/config.js';
import { captureLogger } from '../helpers/logs.js';
import { runCli } from '../helpers/run-cli.js';
import { runRound } from '../../src/matching/round.js';
import { linkUnlinked } from '../../src/organisations/link.js';
import { listing, mergeOrganisations, renameOrg, splitDomain, undoChange } from '../../src/organisations/manage.js';
import { makeDigest } from '../../src/reports/digest.js';
import type { Config } from '../../src/config.js';

process.env.TZ = 'Europe/London';
let t: TestDatabase;
let config: Config;
const NOV = new Date('2026-11-10T12:00:00Z');
const DEC = new Date('2026-12-10T12:00:00Z');

beforeEach(async () => {
  t = await createTestDatabase();
  config = testConfig(t.dir);
});
afterEach(async () => {
  await t.cleanup();
});

async function participant(email: string, organisation: string | null): Promise<number> {
  const at = '2026-10-01T00:00:00.000Z';
  const row = await t.db.get<{ id: number }>(
    `INSERT INTO people (email, name, organisation, phone, status, status_changed_at, created_at, updated_at, joined_at, last_reply_at)
     VALUES (?, ?, ?, '+447700900000', 'active', ?, ?, ?, ?, ?) RETURNING id`,
    [email, email, organisation, at, at, at, at, at],
  );
  return row!.id;
}

const round = (now: Date, dryRun = true) =>
  runRound({ db: t.db, config, logger: captureLogger().logger, now: () => now }, { trigger: 'manual', dryRun, seed: 3 });
const orgIdOf = async (email: string) => (await t.db.get<{ organisation_id: number }>('SELECT organisation_id FROM people WHERE email = ?', [email]))!.organisation_id;

describe('organisers change organisations', () => {
  it('when two organisations are merged, then the next round keeps their people apart, and after undo it can pair them again', async () => {
    // Fictional bodies here and below: two names of a real body the gazetteer knows are one organisation already.
    await participant('a@hmrc.gov.uk', 'BRA');
    await participant('b@hmrc.gsi.example.org', 'Borsetshire Revenue Agency');
    expect((await round(NOV)).groups).toBe(1);
    const r = await mergeOrganisations(t.db, String(await orgIdOf('a@hmrc.gov.uk')), 'Borsetshire Revenue Agency', NOV);
    expect(r.moved).toBe(1);
    expect(await orgIdOf('b@hmrc.gsi.example.org')).toBe(await orgIdOf('a@hmrc.gov.uk'));
    const s = await round(NOV, false);
    expect(s.groups).toBe(0);
    expect(s.unplaced).toBe(2);
    // A colleague who joins later on the merged organisation's domain is the merged organisation too.
    await participant('c@hmrc.gsi.example.org', 'BRA Debt Management');
    await linkUnlinked(t.db, [], NOV);
    expect(await orgIdOf('c@hmrc.gsi.example.org')).toBe(r.keep.id);
    await undoChange(t.db, r.change, DEC);
    expect(await orgIdOf('b@hmrc.gsi.example.org')).not.toBe(r.keep.id);
    expect((await round(DEC)).groups).toBe(1);
  });

  it('when a domain is split, then the next round can pair its people of different bodies, and undo joins them again', async () => {
    await participant('gds@digital.cabinet-office.example.gov.uk', 'Government Digital Service');
    await participant('co@cabinet-office.example.gov.uk', 'Cabinet Office');
    expect((await round(NOV)).groups).toBe(0);
    const r = await splitDomain(t.db, 'cabinet-office.example.gov.uk', [], NOV);
    expect(r).toMatchObject({ people: 2, organisations: 2 });
    expect((await round(NOV)).groups).toBe(1);
    // Someone new on the split domain is linked by their name, not the domain.
    await participant('x@cabinet-office.example.gov.uk', 'Government Digital Service');
    await linkUnlinked(t.db, [], NOV);
    expect(await orgIdOf('x@cabinet-office.example.gov.uk')).toBe(await orgIdOf('gds@digital.cabinet-office.example.gov.uk'));
    await undoChange(t.db, r.change, NOV);
    expect(await orgIdOf('gds@digital.cabinet-office.example.gov.uk')).toBe(await orgIdOf('co@cabinet-office.example.gov.uk'));
  });

  it('when a change came after another, then the earlier one cannot be undone first', async () => {
    await participant('a@one.gov.uk', 'One');
    await linkUnlinked(t.db, [], NOV);
    const first = await renameOrg(t.db, 'One', 'One Council', NOV);
    await renameOrg(t.db, 'One Council', 'One Borough Council', NOV);
    await expect(undoChange(t.db, first.change, NOV)).rejects.toThrow(/undo that first/);
  });

  it('when names are alike, initials or on one domain, then they are listed as likely duplicates with a merge into the larger', async () => {
    await participant('a@leeds.gov.uk', 'Borchester City Council');
    await participant('b@leeds.gov.uk', 'Borchester City Council');
    await participant('c@gmail.com', 'BCC');
    await participant('d@gmail.com', 'Borchester Council');
    await participant('e@gmail.com', 'Borchester Citty Council');
    await linkUnlinked(t.db, [], NOV);
    const l = await listing(t.db, []);
    const leeds = await orgIdOf('a@leeds.gov.uk');
    const merges = l.duplicates.filter((d) => d.keep === leeds).map((d) => d.merge).sort();
    expect(merges).toEqual([await orgIdOf('c@gmail.com'), await orgIdOf('d@gmail.com'), await orgIdOf('e@gmail.com')].sort());
  });
});

describe('the digest', () => {
  it('when likely duplicates appear, then the next digest mentions them once, and a later one only new ones', async () => {
    await participant('a@leeds.gov.uk', 'Borchester City Council');
    await participant('b@gmail.com', 'Borchester Council');
    await linkUnlinked(t.db, [], NOV);
    const first = await makeDigest(t.db, {}, { now: NOV, schemeName: 'Unmentoring' });
    expect(first.text).toContain('New likely duplicate organisations: 1 (of 1). `npm run orgs` lists them');
    const again = await makeDigest(t.db, {}, { now: NOV, schemeName: 'Unmentoring' });
    expect(again.text).not.toContain('New likely duplicate');
    await participant('c@gmail.com', 'BCC');
    await linkUnlinked(t.db, [], NOV);
    expect((await makeDigest(t.db, {}, { now: DEC, schemeName: 'Unmentoring' })).text).toContain('New likely duplicate organisations: 1 (of 2)');
  });
});

describe('npm run orgs', () => {
  it('when run, then it lists organisations with people, domains and names, and merge and undo say what they did', async () => {
    await participant('a@leeds.gov.uk', 'Borchester City Council');
    await participant('b@gmail.com', 'Borchester CC');
    await participant('c@gmail.com', 'Borchester Council');
    const env = { DATABASE_PATH: t.path, OUTBOX_DIR: path.join(t.dir, 'outbox'), TZ: 'Europe/London' };
    const list = await runCli('src/cli/orgs.ts', [], env);
    expect(list.stderr).toBe('');
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/^2 organisations/);
    expect(list.stdout).toMatch(/#1 {2}Borchester City Council {2}2 people {2}domains: leeds\.gov\.uk/);
    expect(list.stdout).toContain('npm run orgs -- merge 1 2');
    const merged = await runCli('src/cli/orgs.ts', ['merge', '1', '2'], env);
    expect(merged.stdout).toMatch(/Merged into Borchester City Council \(#1\): 1 people moved\. Change 1/);
    const bad = await runCli('src/cli/orgs.ts', ['merge', '1', 'Nobody'], env);
    expect(bad).toMatchObject({ code: 1, stderr: 'error: No organisation is called "Nobody".\n' });
    const undone = await runCli('src/cli/orgs.ts', ['undo', '1'], env);
    expect(undone.stdout).toMatch(/^Undone: merged/);
  });
});
