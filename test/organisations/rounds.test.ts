import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { buildParsedPayload } from '../helpers/inbound-payload.js';
import { InboundProcessor } from '../../src/inbound/process.js';
import { storeInvitations } from '../../src/invitations/invite.js';
import { findPersonByEmail } from '../../src/db/people.js';
import { runRound } from '../../src/matching/round.js';

process.env.TZ = 'Europe/London';
const AUTH = { INBOUND_USER: 'sendgrid', INBOUND_PASSWORD: 'correct horse battery' };
const NOV = new Date('2026-11-10T12:00:00Z');
let h: TestApp;

afterEach(async () => {
  await h?.close();
});

/** Someone already active, as people were before organisations existed: no organisation linked. */
async function participant(email: string, organisation: string | null): Promise<number> {
  const at = '2026-10-01T00:00:00.000Z';
  const row = await h.t.db.get<{ id: number }>(
    `INSERT INTO people (email, name, organisation, phone, status, status_changed_at, created_at, updated_at, joined_at, last_reply_at)
     VALUES (?, ?, ?, '+447700900000', 'active', ?, ?, ?, ?, ?) RETURNING id`,
    [email, email, organisation, at, at, at, at, at],
  );
  return row!.id;
}

const dryRound = (seed: number) => runRound({ db: h.t.db, config: h.config, logger: h.logs.logger, now: () => NOV }, { trigger: 'manual', dryRun: true, seed });

const LEEDS = ['Leeds City Council', 'LCC', 'Leeds CC – Highways', 'Leeds City Council (Adults & Health)', 'Adult Social Care'];

describe('rounds group by organisation', () => {
  it('when colleagues on one domain wrote their organisation five ways, then no round across many seeds groups two of them', async () => {
    h = await buildTestApp();
    const leeds = new Set<number>();
    for (const [i, org] of LEEDS.entries()) leeds.add(await participant(`p${i}@${i % 2 ? 'mail.' : ''}leeds.gov.uk`, org));
    for (const [i, org] of ['HMRC', 'NHS Digital', 'Environment Agency', 'Wigan MBC', 'Cabinet Office'].entries()) {
      await participant(`q${i}@body${i}.gov.uk`, org);
    }
    for (let seed = 1; seed <= 60; seed++) {
      const s = await dryRound(seed);
      expect(s.sameOrg).toBe(0);
      for (const g of s.draw) expect(g.members.filter((m) => leeds.has(m.id)).length).toBeLessThanOrEqual(1);
    }
    const linked = await h.t.db.all<{ organisation_id: number }>('SELECT DISTINCT organisation_id FROM people WHERE email LIKE ?', ['%leeds.gov.uk']);
    expect(linked).toHaveLength(1);
  });

  it('when NHSmail colleagues wrote their trust by its initials, its short name and its full name, then no round groups two of them', async () => {
    h = await buildTestApp();
    const sth = new Set<number>();
    for (const [i, org] of ['STH', 'Sheffield Teaching Hospitals', 'Sheffield Teaching Hospitals NHS Foundation Trust'].entries()) sth.add(await participant(`s${i}@nhs.net`, org));
    for (const [i, org] of ['Ofsted', 'Kirklees Council', 'Met Office'].entries()) await participant(`o${i}@body${i}.gov.uk`, org);
    for (let seed = 1; seed <= 40; seed++) {
      const s = await dryRound(seed);
      expect(s.sameOrg).toBe(0);
      for (const g of s.draw) expect(g.members.filter((m) => sth.has(m.id)).length).toBeLessThanOrEqual(1);
    }
    const linked = await h.t.db.all<{ organisation_id: number }>("SELECT DISTINCT organisation_id FROM people WHERE email LIKE 's%@nhs.net'");
    expect(linked).toHaveLength(1);
  });

  it('when two NHSmail people are from different trusts, or gave only their domain, then they can be paired', async () => {
    h = await buildTestApp();
    await participant('a@nhs.net', 'Leeds Teaching Hospitals NHS FT');
    await participant('b@nhs.net', "Sheffield Children's NHS Foundation Trust");
    const s = await dryRound(1);
    expect(s.groups).toBe(1);
    expect(s.unplaced).toBe(0);
  });

  it('when NHSmail people gave no organisation, then each is their own and they can be paired', async () => {
    h = await buildTestApp();
    await participant('c@nhs.net', 'nhs.net');
    await participant('d@nhs.net', null);
    const s = await dryRound(2);
    expect(s.groups).toBe(1);
  });

  it("when the invitation file named the organisation and the reply has a typo, then the file's organisation is theirs", async () => {
    h = await buildTestApp(AUTH);
    const processor = new InboundProcessor({ db: h.t.db, config: h.config, logger: h.logs.logger });
    await storeInvitations(
      h.t.db,
      [
        { email: 'jo@nhs.net', name: 'Jo Bloggs', organisation: 'Leeds Teaching Hospitals NHS Foundation Trust' },
        { email: 'sam@nhs.net', name: 'Sam Lee', organisation: 'Leeds Teaching Hospitals NHS FT' },
      ] as never,
      { source: 'test.csv', messageDomain: h.config.replyDomain, sharedDomains: h.config.sharedDomains },
    );
    const token = (await h.t.db.get<{ reply_token: string }>(
      "SELECT o.reply_token FROM outbox o JOIN people p ON p.id = o.person_id WHERE p.email = 'jo@nhs.net'",
    ))!.reply_token;
    const payload = buildParsedPayload({
      from: 'jo@nhs.net',
      fromName: 'Jo Bloggs',
      to: `reply+${token}@${h.config.replyDomain}`,
      subject: 'Re: An invitation',
      messageId: '<typo@mail.example>',
      text: 'Yes please!\n\nName: Jo Bloggs\nOrganisation: Leeds Teching Hospitals\nPhone: 07700 900123',
    });
    const res = await request(h.app).post('/inbound').auth(AUTH.INBOUND_USER, AUTH.INBOUND_PASSWORD).set('Content-Type', payload.contentType).send(payload.body);
    expect(res.status).toBe(200);
    await processor.drain();
    const jo = (await findPersonByEmail(h.t.db, 'jo@nhs.net'))!;
    const sam = (await findPersonByEmail(h.t.db, 'sam@nhs.net'))!;
    expect(jo.status).toBe('active');
    // The gazetteer reads the typo as the trust's own name; the file still decides the group.
    expect(jo.organisation).toBe('Leeds Teaching Hospitals NHS Trust');
    expect(jo.organisation_id).not.toBeNull();
    expect(jo.organisation_id).toBe(sam.organisation_id);
  });
});


