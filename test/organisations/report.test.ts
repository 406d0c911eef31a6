import { afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { testConfig } from '../helpers/config.js';
import { captureLogger } from '../helpers/logs.js';
import { runRound } from '../../src/matching/round.js';
import { buildReport } from '../../src/reports/report.js';

process.env.TZ = 'Europe/London';
let t: TestDatabase;
afterEach(async () => {
  await t?.cleanup();
});

async function participant(email: string, organisation: string | null): Promise<void> {
  const at = '2026-10-01T00:00:00.000Z';
  await t.db.run(
    `INSERT INTO people (email, name, organisation, phone, status, status_changed_at, created_at, updated_at, joined_at, last_reply_at)
     VALUES (?, ?, ?, '+447700900000', 'active', ?, ?, ?, ?, ?)`,
    [email, email, organisation, at, at, at, at, at],
  );
}

describe('the report after organisations are linked', () => {
  it('when colleagues wrote their organisation many ways on one domain, then the report and picture count one organisation per real one', async () => {
    t = await createTestDatabase();
    for (const [i, org] of ['Leeds City Council', 'LCC', 'Leeds CC – Highways', 'Leeds City Council (Adults & Health)', 'Adult Social Care'].entries()) {
      await participant(`l${i}@leeds.gov.uk`, org);
    }
    await participant('a@nhs.net', 'Leeds Teaching Hospitals NHS FT');
    await participant('b@nhs.net', 'Leeds Teaching Hospitals NHS Foundation Trust');
    await participant('c@nhs.net', "Sheffield Children's NHS FT");
    await participant('h1@hmrc.gov.uk', 'HMRC');
    await participant('h2@hmrc.gov.uk', 'HM Revenue & Customs');
    const config = testConfig(t.dir);
    const now = new Date('2026-11-10T12:00:00Z');
    const s = await runRound({ db: t.db, config, logger: captureLogger().logger, now: () => now }, { trigger: 'manual', seed: 5 });
    expect(s.sameOrg).toBe(0);
    const r = await buildReport(t.db, { now });
    // Leeds City Council, two trusts, HMRC.
    expect(r.organisations).toBe(4);
    const names = r.network.orgs.map((o) => o.name).sort();
    expect(names).toEqual(['HMRC', 'Leeds City Council', 'Leeds Teaching Hospitals NHS FT', "Sheffield Children's NHS FT"]);
    expect(r.network.orgs.find((o) => o.name === 'Leeds City Council')!.participants).toBe(5);
  });
});
