import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { testConfig } from '../helpers/config.js';
import { captureLogger } from '../helpers/logs.js';
import { startFakeSendGrid, type FakeSendGrid } from '../helpers/fake-sendgrid.js';
import { runRound } from '../../src/matching/round.js';
import { sendFollowUps } from '../../src/matching/after-round.js';
import { createSendGridMailer } from '../../src/mail/sendgrid-mailer.js';
import { OutboxSender } from '../../src/mail/sender.js';
import type { Config } from '../../src/config.js';

process.env.TZ = 'Europe/London';
const AUTH = { INBOUND_USER: 'sendgrid', INBOUND_PASSWORD: 'correct horse battery' };
let t: TestDatabase;
let config: Config;
let sg: FakeSendGrid;
let sender: OutboxSender;
const logger = captureLogger().logger;

beforeEach(async () => {
  t = await createTestDatabase();
  sg = await startFakeSendGrid();
  config = testConfig(t.dir, { SENDGRID_API_KEY: sg.apiKey, SENDGRID_API_URL: sg.url, ...AUTH });
  sender = new OutboxSender({ db: t.db, mailer: createSendGridMailer({ apiKey: sg.apiKey, apiUrl: sg.url }), config, logger }, { baseBackoffMs: 10 });
});
afterEach(async () => {
  await sender.stop();
  await sg.close();
  await t.cleanup();
});

const PEOPLE = [
  { name: 'Wilhelmina Starkweather', email: 'wilhelmina.starkweather@leeds.gov.uk', phone: '+447700900311', org: 'Leeds City Council' },
  { name: 'Ottoline Brackenbury', email: 'ottoline.brackenbury@nhs.net', phone: '+447700900312', org: 'NHS England' },
  { name: 'Percival Nightingale', email: 'percival.nightingale@hmrc.gov.uk', phone: '+447700900313', org: 'HMRC' },
];

async function join(p: (typeof PEOPLE)[number]): Promise<number> {
  const at = '2026-10-01T00:00:00.000Z';
  const row = await t.db.get<{ id: number }>(
    `INSERT INTO people (email, name, organisation, phone, skype_id, status, status_changed_at, created_at, updated_at, joined_at, last_reply_at)
     VALUES (?, ?, ?, ?, ?, 'active', ?, ?, ?, ?, ?) RETURNING id`,
    [p.email, p.name, p.org, p.phone, `live:${p.email.split('@')[0]}`, at, at, at, at, at],
  );
  return row!.id;
}

/** Everything a mail carries that a person reads or a mail program shows. */
function visible(m: any): string {
  return JSON.stringify({ p: m.personalizations, r: m.reply_to, l: m.reply_to_list, s: m.subject, c: m.content });
}
const secretsOf = (p: (typeof PEOPLE)[number]) => [p.name, p.name.split(' ')[0]!, p.name.split(' ')[1]!, p.email, p.phone, p.phone.slice(3), `live:${p.email.split('@')[0]}`];
const byTemplate = (template: string) => sg.mails().filter((m) => m.categories?.includes(template));

describe('an introduction to a group in which someone withdrew before it was sent', () => {
  it('when one of a trio says STOP before the introduction goes, then the other two are introduced without a trace of them, and told', async () => {
    const ids = [];
    for (const p of PEOPLE) ids.push(await join(p));
    const round = await runRound({ db: t.db, config, logger, now: () => new Date('2026-11-10T12:00:00Z') }, { trigger: 'manual' });
    expect(round.groups).toBe(1);
    // Percival leaves between the draw and the send: stopped, and his address suppressed.
    const gone = PEOPLE[2]!;
    await t.db.run("UPDATE people SET status = 'stopped' WHERE email = ?", [gone.email]);
    await t.db.run("INSERT INTO suppressions (email, reason, created_at) VALUES (?, 'stop', ?)", [gone.email, new Date().toISOString()]);
    await sender.drain();

    const intros = byTemplate('introduction');
    expect(intros).toHaveLength(1);
    const intro = visible(intros[0]);
    for (const s of secretsOf(gone)) expect(intro).not.toContain(s);
    for (const p of PEOPLE.slice(0, 2)) expect(intro).toContain(p.email);
    expect(intros[0].personalizations[0].to.map((x: { email: string }) => x.email).sort()).toEqual([PEOPLE[0]!.email, PEOPLE[1]!.email].sort());
    // Two of them, not a trio: the wording says so.
    expect(intro).toContain('matched the two of you');

    const notices = byTemplate('group-changed');
    expect(notices.map((m) => m.personalizations[0].to[0].email).sort()).toEqual([PEOPLE[0]!.email, PEOPLE[1]!.email].sort());
    for (const n of notices) {
      for (const s of secretsOf(gone)) expect(visible(n)).not.toContain(s);
      expect(visible(n)).toContain('follows in a separate email');
    }
    // The stored introduction is re-made: follow-ups ask only those introduced.
    await t.db.run("UPDATE outbox SET sent_at = '2026-10-01T00:00:00.000Z' WHERE template = 'introduction'");
    expect(await sendFollowUps(t.db, config, new Date())).toBe(2);
    const followUps = await t.db.all<{ data: string }>("SELECT data FROM outbox WHERE template = 'follow-up'");
    for (const f of followUps) for (const s of secretsOf(gone)) expect(f.data).not.toContain(s);
  });

  it('when one of a pair pauses before the introduction goes, then no introduction goes, the other is told and goes first next round', async () => {
    const a = await join(PEOPLE[0]!);
    const b = await join(PEOPLE[1]!);
    const round = await runRound({ db: t.db, config, logger, now: () => new Date('2026-11-10T12:00:00Z') }, { trigger: 'manual' });
    expect(round.groups).toBe(1);
    await t.db.run("UPDATE people SET status = 'paused' WHERE id = ?", [b]);
    await sender.drain();
    await sender.drain();

    expect(byTemplate('introduction')).toHaveLength(0);
    const intro = await t.db.get<{ status: string }>("SELECT status FROM outbox WHERE template = 'introduction'");
    expect(intro!.status).toBe('cancelled');
    const notices = byTemplate('group-changed');
    expect(notices).toHaveLength(1);
    expect(notices[0].personalizations[0].to[0].email).toBe(PEOPLE[0]!.email);
    const text = visible(notices[0]);
    for (const s of secretsOf(PEOPLE[1]!)) expect(text).not.toContain(s);
    expect(text).toContain('first in line in the next round');
    expect(await t.db.get('SELECT person_id, reason FROM round_unplaced')).toEqual({ person_id: a, reason: 'their match withdrew before the introduction' });
  });

  it('when nobody withdrew, then the introduction goes to everyone as drawn and nobody gets a notice', async () => {
    for (const p of PEOPLE) await join(p);
    await runRound({ db: t.db, config, logger, now: () => new Date('2026-11-10T12:00:00Z') }, { trigger: 'manual' });
    await sender.drain();
    expect(byTemplate('introduction')).toHaveLength(1);
    expect(byTemplate('introduction')[0].personalizations[0].to).toHaveLength(3);
    expect(byTemplate('group-changed')).toHaveLength(0);
  });
});
