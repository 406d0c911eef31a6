import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Database } from '../../src/db/database.js';
import { migrate } from '../../src/db/migrate.js';
import { enqueueMails, type NewMail } from '../../src/db/outbox.js';
import { startFakeSendGrid, type FakeSendGrid } from '../helpers/fake-sendgrid.js';
import { report, scale, seeded, sleep, startService, tempDir, until, type ServiceProcess } from './support.js';
import { TEST_WEBHOOK_AUTH } from '../helpers/config.js';

const N = scale(300, 2000);
const CRASHES = scale(3, 10);
const CONCURRENCY = 8;

let service: ServiceProcess | null = null;
let sg: FakeSendGrid | null = null;
afterAll(async () => {
  service?.child.kill('SIGKILL');
  await sg?.close();
});

describe('crash while sending', () => {
  it(`when the service is killed while delivering ${N} invitations to a slow SendGrid, then after restarts every invitation is delivered, with one Message-ID per person`, async () => {
    const dir = tempDir('crash-send');
    const dbPath = path.join(dir, 'u.sqlite');
    const db = await Database.open(dbPath);
    await migrate(db);
    sg = await startFakeSendGrid({ delayMs: 25 });
    const at = new Date().toISOString();
    const people = await db.all<{ id: number; email: string }>(
      `INSERT INTO people (email, name, status, status_changed_at, created_at, updated_at)
       SELECT 'p' || value || '@org' || (value % 7) || '.gov.uk', 'Person ' || value, 'invited', ?, ?, ? FROM json_each(?) RETURNING id, email`,
      [at, at, at, JSON.stringify(Array.from({ length: N }, (_, i) => i))],
    );
    const mails: NewMail[] = people.map((p) => ({ template: 'invitation', data: { name: null }, to: [{ email: p.email }], personId: p.id }));
    await enqueueMails(db, mails, { messageDomain: 'reply.unmentoring.test', now: new Date() });

    const env = {
      DATABASE_PATH: dbPath,
      SENDGRID_API_KEY: sg.apiKey,
      SENDGRID_API_URL: sg.url,
      MAIL_FROM: 'Unmentoring <hello@unmentoring.test>',
      REPLY_DOMAIN: 'reply.unmentoring.test',
      ORGANISER_EMAIL: 'organiser@unmentoring.test',
      SEND_CONCURRENCY: String(CONCURRENCY),
      // With a SendGrid key the webhooks must be authenticated: the service refuses to start otherwise.
      ...TEST_WEBHOOK_AUTH,
    };
    const random = seeded(7);
    const killedAt: number[] = [];
    for (let k = 0; k < CRASHES; k++) {
      service = startService(env);
      await service.port;
      // A kill at a random point of the delivery, while mails are in flight.
      const target = Math.min(N - CONCURRENCY * 2, sg.requests.length + 10 + Math.floor(random() * (N / (CRASHES + 1))));
      await sg.waitFor(target, 60_000);
      service.child.kill('SIGKILL');
      await service.exited;
      killedAt.push(sg.requests.length);
      // Mails the dead process had claimed stay leased (2 minutes) before another sender may take them over.
      // Moving the leases to now stands for those minutes passing.
      await db.run(`UPDATE outbox SET lease_until = ? WHERE status = 'sending'`, [new Date().toISOString()]);
    }
    service = startService(env);
    await service.port;
    await until(async () => (await db.get<{ n: number }>("SELECT count(*) AS n FROM outbox WHERE status = 'sent'"))!.n === N, 90_000, 'every invitation sent', 200);
    service.child.kill('SIGTERM');
    expect(await service.exited).toBe(0);

    const perPerson = new Map<string, Set<string>>();
    for (const m of sg.mails()) {
      const to = m.personalizations[0].to[0].email as string;
      perPerson.set(to, (perPerson.get(to) ?? new Set()).add(m.headers['Message-ID']));
    }
    const accepted = sg.mails().length;
    const distinct = new Set(sg.mails().map((m) => m.headers['Message-ID'])).size;
    const notDelivered = people.filter((p) => !perPerson.has(p.email)).length;
    const twoIds = [...perPerson.values()].filter((ids) => ids.size > 1).length;
    await db.close();
    fs.rmSync(dir, { recursive: true, force: true });
    report('crash-send', { invitations: N, crashes: CRASHES, killedAfterAccepted: killedAt, accepted, distinctMessageIds: distinct, resentSameMessageId: accepted - distinct, notDelivered, peopleWithTwoMessageIds: twoIds });

    expect(notDelivered).toBe(0);
    expect(perPerson.size).toBe(N);
    expect(twoIds).toBe(0);
    expect(distinct).toBe(N);
    // A mail in flight at a kill may reach SendGrid again, with the same Message-ID (receivers show it once).
    expect(accepted - distinct).toBeLessThanOrEqual(CONCURRENCY * CRASHES);
    await sleep(0);
  }, scale(90_000, 900_000));
});
