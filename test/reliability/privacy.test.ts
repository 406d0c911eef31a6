import fs from 'node:fs';
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { buildParsedPayload, type PayloadOptions } from '../helpers/inbound-payload.js';
import { InboundProcessor } from '../../src/inbound/process.js';
import { enqueueMail } from '../../src/db/outbox.js';
import { upsertInvitee } from '../../src/db/people.js';
import { recordInvitations } from '../../src/db/invitations.js';
import { runRound } from '../../src/matching/round.js';
import { sendFollowUps } from '../../src/matching/after-round.js';
import { REDACTED_KEYS } from '../../src/logger.js';
import { captureLogger } from '../helpers/logs.js';
import { report } from './support.js';

const AUTH = { INBOUND_USER: 'sendgrid', INBOUND_PASSWORD: 'correct horse battery' };
let h: TestApp;
afterEach(async () => {
  await h?.close();
});

// Distinctive, so that any trace of them is found wherever it is.
const PEOPLE = [
  { email: 'annabel.quist@leeds.gov.uk', name: 'Annabel Quist', org: 'Leeds City Council', phone: '07700 900871', e164: '+447700900871', skype: 'live:annabel.quist.77' },
  { email: 'barnaby.oyelaran@nhs.net', name: 'Barnaby Oyelaran', org: 'NHS England', phone: '07700 900872', e164: '+447700900872', skype: 'live:barnaby.oyelaran.77' },
  { email: 'cordelia.vantreight@hmrc.gov.uk', name: 'Cordelia Vantreight', org: 'HMRC', phone: '07700 900873', e164: '+447700900873', skype: 'live:cordelia.vantreight.77' },
  { email: 'desmond.achterberg@met.police.uk', name: 'Desmond Achterberg', org: 'Metropolitan Police', phone: '07700 900874', e164: '+447700900874', skype: 'live:desmond.achterberg.77' },
];
const BODIES = {
  join: 'Delighted to take part, marmalade periscope',
  met: 'we are building a shared xylophone registry together',
  question: 'Is the quokka committee meeting in person this year?',
};

let processor: InboundProcessor;
let seq = 0;
async function reply(opts: Partial<PayloadOptions> & { from: string; to: string; text: string }) {
  const payload = buildParsedPayload({ subject: 'Re: An invitation', messageId: `<p${++seq}@mail.example>`, ...opts } as PayloadOptions);
  const res = await request(h.app).post('/inbound').auth(AUTH.INBOUND_USER, AUTH.INBOUND_PASSWORD).set('Content-Type', payload.contentType).send(payload.body);
  expect(res.status).toBe(200);
  await processor.drain();
  await h.sender.drain();
}
const lastMailTo = (email: string, template?: string) =>
  h.sg.mails().filter((m) => m.personalizations[0].to.some((t: { email: string }) => t.email === email) && (!template || m.categories?.includes(template))).at(-1)!;

/** Every value in every table of the database, as text, with where it is. */
async function everyValue(): Promise<Array<{ where: string; text: string }>> {
  const tables = await h.t.db.all<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'");
  const out: Array<{ where: string; text: string }> = [];
  for (const { name } of tables) {
    for (const row of await h.t.db.all<Record<string, unknown>>(`SELECT * FROM "${name}"`)) {
      for (const [col, v] of Object.entries(row)) {
        if (v === null || v === undefined) continue;
        out.push({ where: `${name}.${col}`, text: Buffer.isBuffer(v) ? v.toString('latin1') : String(v) });
      }
    }
  }
  return out;
}

describe('privacy: logs and erasure', () => {
  it('when a whole cycle runs (invite, reply, round, introduction, follow-up, MET, a question, MY DATA, STOP, DELETE), then the logs hold no address, phone, name or body, and DELETE leaves nothing of the person in the database', async () => {
    h = await buildTestApp({ ...AUTH, PUBLIC_URL: 'https://unmentoring.test' });
    // The real logger at its most talkative, every line kept.
    const logs = captureLogger('trace');
    processor = new InboundProcessor({ db: h.t.db, config: h.config, logger: logs.logger });
    const deps = { db: h.t.db, config: h.config, logger: logs.logger };
    const { OutboxSender } = await import('../../src/mail/sender.js');
    const { createSendGridMailer } = await import('../../src/mail/sendgrid-mailer.js');
    h.sender = new OutboxSender({ db: h.t.db, mailer: createSendGridMailer({ apiKey: h.sg.apiKey, apiUrl: h.sg.url }), config: h.config, logger: logs.logger }, { baseBackoffMs: 10 });

    // Invitations, as npm run invite stores them, delivered; each replies with their details.
    for (const p of PEOPLE) {
      const now = new Date();
      const personId = await upsertInvitee(h.t.db, { email: p.email, name: null, organisation: null }, now);
      const mail = await enqueueMail(h.t.db, { template: 'invitation', data: { name: null }, to: [{ email: p.email, name: null }], personId }, { messageDomain: h.config.replyDomain, now });
      await recordInvitations(h.t.db, [{ personId, outboxId: mail.id }], 'people.csv', now);
      await h.sender.drain();
      await reply({
        from: p.email,
        fromName: p.name,
        to: `reply+${mail.replyToken}@${h.config.replyDomain}`,
        text: `${BODIES.join}\n\nName: ${p.name}\nPhone: ${p.phone}\nOrganisation: ${p.org}\nSkype: ${p.skype}\n`,
      });
    }
    // A round, its introductions, "did you meet?" two weeks later.
    const round = await runRound(deps, { trigger: 'manual' });
    expect(round.groups).toBe(2);
    await h.sender.drain();
    await h.t.db.run("UPDATE outbox SET sent_at = ? WHERE template = 'introduction'", [new Date(Date.now() - 15 * 86_400_000).toISOString()]);
    expect(await sendFollowUps(h.t.db, h.config, new Date())).toBe(4);
    await h.sender.drain();

    const ann = PEOPLE[0]!;
    const followUp = lastMailTo(ann.email, 'follow-up');
    await reply({ from: ann.email, to: followUp.reply_to.email, inReplyTo: followUp.headers['Message-ID'], text: `MET - ${BODIES.met}` });
    const welcome = lastMailTo(ann.email);
    await reply({ from: ann.email, to: welcome.reply_to.email, subject: 'A question', text: BODIES.question });
    await reply({ from: ann.email, to: welcome.reply_to.email, subject: 'my data', text: 'MY DATA' });
    await reply({ from: ann.email, to: welcome.reply_to.email, subject: 'stop', text: 'STOP' });
    await reply({ from: ann.email, to: welcome.reply_to.email, subject: 'delete', text: 'DELETE' });
    expect(lastMailTo(ann.email, 'erased')).toBeDefined();

    // 1. The logs: nothing anyone wrote or is.
    const logged = logs.text() + h.logs.text();
    const secrets = PEOPLE.flatMap((p) => [p.email, p.name, p.phone, p.e164, p.skype, p.email.split('@')[0]!]).concat(Object.values(BODIES));
    const inLogs = secrets.filter((s) => logged.toLowerCase().includes(s.toLowerCase()));

    // 2. The database after DELETE: nothing of Ann anywhere, except her address on the suppression list.
    const values = await everyValue();
    const annSecrets = [ann.email, ann.name, ann.phone, ann.e164, ann.skype, ann.email.split('@')[0]!, BODIES.met, BODIES.question, 'Annabel', 'Quist'];
    const leftovers = values.filter((v) => v.where !== 'suppressions.email' && annSecrets.some((s) => v.text.toLowerCase().includes(s.toLowerCase())));
    const pairs = await h.t.db.get<{ groups: number; answers: number; met: number }>(
      'SELECT (SELECT count(*) FROM groups) AS groups, (SELECT count(*) FROM answers) AS answers, (SELECT sum(met) FROM answers) AS met',
    );
    report('privacy', { logLines: logs.lines.length + h.logs.lines.length, secretsSearched: secrets.length, foundInLogs: inLogs.length, valuesSearched: values.length, leftAfterDelete: leftovers.length, ...pairs });

    expect(logs.lines.length).toBeGreaterThan(20);
    expect(inLogs).toEqual([]);
    expect(leftovers.map((l) => `${l.where}: ${l.text.slice(0, 120)}`)).toEqual([]);
    // Her address stays only on the suppression list (here from her STOP), so no later file re-invites her.
    expect(await h.t.db.get('SELECT reason FROM suppressions WHERE email = ?', [ann.email])).toEqual({ reason: 'stop' });
    // The pair stays as an anonymous count: the group and the MET answer, without what she wrote.
    expect(pairs).toMatchObject({ groups: 2, answers: 1, met: 1 });
  }, 60_000);

  it('when personal data is logged by mistake under a usual key, then redaction censors it, nested too', () => {
    const logs = captureLogger('info');
    const p = PEOPLE[1]!;
    logs.logger.info({ email: p.email, to: [{ email: p.email }], person: { name: p.name, phone: p.phone }, mail: { subject: BODIES.question, text: BODIES.join, from: p.email }, job: { data: { fromEmail: p.email, reply: BODIES.met } }, deep: { row: { phone: p.e164 } } }, 'oops');
    const text = logs.text();
    for (const s of [p.email, p.name, p.phone, p.e164, BODIES.question, BODIES.join, BODIES.met]) expect(text).not.toContain(s);
    expect(REDACTED_KEYS).toEqual(expect.arrayContaining(['email', 'to', 'from', 'phone', 'name', 'text', 'html', 'subject']));
  });

  it('when someone who wrote a long reply says DELETE and the WAL is checkpointed, then a marker from their reply is in neither the database file nor the WAL, and their mail keeps no subject, thread header or error', async () => {
    h = await buildTestApp(AUTH);
    processor = new InboundProcessor({ db: h.t.db, config: h.config, logger: h.logs.logger });
    const marker = 'zq7-periwinkle-ossuary-4411';
    // About 230 KB, as seen on main: a reply this long is stored in overflow pages, which FAST left behind.
    const long = `${'Happy to join. '.repeat(40)}\n${`${marker} `.repeat(8000)}`;
    const p = PEOPLE[2]!;
    const now = new Date();
    const personId = await upsertInvitee(h.t.db, { email: p.email, name: null, organisation: null }, now);
    const invitation = await enqueueMail(h.t.db, { template: 'invitation', data: { name: null }, to: [{ email: p.email, name: null }], personId }, { messageDomain: h.config.replyDomain, now });
    await recordInvitations(h.t.db, [{ personId, outboxId: invitation.id }], 'people.csv', now);
    await h.sender.drain();
    const to = `reply+${invitation.replyToken}@${h.config.replyDomain}`;
    await reply({ from: p.email, fromName: p.name, to, subject: `Re: An invitation ${marker}`, text: `${long}\n\nName: ${p.name}\nPhone: ${p.phone}\nOrganisation: ${p.org}\n` });
    // A mail to them that failed, its error quoting their address, as SendGrid's answers do.
    const failed = await enqueueMail(h.t.db, { template: 'help', data: { status: 'active' }, to: [{ email: p.email }], personId, subject: `Re: ${marker}` }, { messageDomain: h.config.replyDomain, now });
    await h.t.db.run("UPDATE outbox SET status = 'failed', last_error = ? WHERE id = ?", [`550 5.1.1 <${p.email}>: mailbox unavailable`, failed.id]);
    const before = fs.readFileSync(h.t.path).includes(marker) || (fs.existsSync(`${h.t.path}-wal`) && fs.readFileSync(`${h.t.path}-wal`).includes(marker));
    expect(before).toBe(true);

    await reply({ from: p.email, to, subject: `delete ${marker}`, inReplyTo: `<p${seq}@mail.example>`, text: 'DELETE' });
    expect(lastMailTo(p.email, 'erased')).toBeDefined();
    const checkpoint = await h.t.db.get<{ busy: number }>('PRAGMA wal_checkpoint(TRUNCATE)');
    expect(checkpoint!.busy).toBe(0);

    const file = fs.readFileSync(h.t.path);
    const wal = fs.existsSync(`${h.t.path}-wal`) ? fs.readFileSync(`${h.t.path}-wal`) : Buffer.alloc(0);
    const copies = (b: Buffer) => {
      let n = 0;
      for (let at = b.indexOf(marker); at >= 0; at = b.indexOf(marker, at + 1)) n++;
      return n;
    };
    const headers = await h.t.db.all<{ template: string; subject: string | null; in_reply_to: string | null; refs: string | null; last_error: string | null }>(
      'SELECT template, subject, in_reply_to, refs, last_error FROM outbox WHERE person_id = ? ORDER BY id',
      [personId],
    );
    report('erasure-on-disk', { replyBytes: long.length, copiesInFile: copies(file), copiesInWal: copies(wal), walBytes: wal.length, mailsScrubbed: headers.length });
    expect(copies(file)).toBe(0);
    expect(copies(wal)).toBe(0);
    // (Their address is still in the file: on the suppression list, on purpose.)
    expect(headers.map((x) => x.template)).toEqual(expect.arrayContaining(['invitation', 'help', 'erased']));
    expect(headers.length).toBeGreaterThanOrEqual(4); // and the answer to their reply
    for (const row of headers) {
      expect(row).toMatchObject({ subject: null, in_reply_to: null, refs: null });
      expect([null, 'person erased']).toContain(row.last_error);
    }
  }, 60_000);
});

