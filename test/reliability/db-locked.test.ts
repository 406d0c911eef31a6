import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Database } from '../../src/db/database.js';
import { migrate } from '../../src/db/migrate.js';
import { holdWriteLock } from '../helpers/db.js';
import { buildParsedPayload } from '../helpers/inbound-payload.js';
import { report, sleep, startService, tempDir, until, type ServiceProcess } from './support.js';


let service: ServiceProcess | null = null;
afterAll(() => {
  service?.child.kill('SIGKILL');
});

const reply = (i: number) =>
  buildParsedPayload({
    from: `p${i}@org${i % 3}.gov.uk`,
    fromName: `Person ${i}`,
    to: 'join@reply.unmentoring.test',
    subject: 'Re: An invitation',
    text: `Yes please!\n\nName: Person ${i}\nOrganisation: Organisation ${i % 3}\nPhone: 07700 900${String(i).padStart(3, '0')}\n`,
    messageId: `<locked-${i}@mail.example.gov.uk>`,
  });

describe('the database locked by another process', () => {
  it('when another process holds the write lock for longer than the busy timeout, then posts are answered 503, nothing is lost, and the service recovers by itself', async () => {
    const dir = tempDir('db-locked');
    const dbPath = path.join(dir, 'u.sqlite');
    const db = await Database.open(dbPath);
    await migrate(db);
    const at = new Date().toISOString();
    const N = 30;
    await db.run(
      `INSERT INTO people (email, status, status_changed_at, created_at, updated_at)
       SELECT 'p' || value || '@org' || (value % 3) || '.gov.uk', 'invited', ?, ?, ? FROM json_each(?)`,
      [at, at, at, JSON.stringify(Array.from({ length: N }, (_, i) => i))],
    );
    service = startService({ DATABASE_PATH: dbPath, OUTBOX_DIR: path.join(dir, 'outbox'), REPLY_DOMAIN: 'reply.unmentoring.test' });
    const port = await service.port;
    const post = async (i: number) => {
      const p = reply(i);
      const res = await fetch(`http://127.0.0.1:${port}/inbound`, { method: 'POST', headers: { 'content-type': p.contentType }, body: p.body, signal: AbortSignal.timeout(90_000) });
      return { status: res.status, retryAfter: res.headers.get('retry-after') };
    };

    // Before the lock: stored.
    for (let i = 0; i < 10; i++) expect((await post(i)).status).toBe(200);

    // Another process takes the write lock and holds it until every post made meanwhile has been answered.
    // Each post waits the service's 5 s busy timeout and is refused with 503 + Retry-After (SendGrid retries
    // those): the lock outlasts every wait whatever the machine's speed, so a 503 is certain for each.
    const lock = await holdWriteLock(dbPath);
    const during = await Promise.all(Array.from({ length: 10 }, (_, k) => post(10 + k)));
    const refused = during.flatMap((d, k) => (d.status === 503 ? [10 + k] : []));
    expect(during.map((d) => d.status)).toEqual(Array(10).fill(503));
    expect(during.every((d) => d.retryAfter !== null && Number(d.retryAfter) > 0)).toBe(true);
    await lock.release();

    // SendGrid's retries of the 503s, and new mail, once the lock is gone: stored.
    const retried = await Promise.all(refused.map((i) => post(i)));
    const after = await Promise.all(Array.from({ length: 10 }, (_, k) => post(20 + k)));
    expect(retried.map((d) => d.status)).toEqual(Array(refused.length).fill(200));
    expect(after.map((d) => d.status)).toEqual(Array(10).fill(200));

    // The processor resumes by itself: every reply read and answered once.
    await until(
      async () => (await db.get<{ n: number }>("SELECT count(*) AS n FROM inbound_messages WHERE status = 'processed'"))!.n === N,
      60_000,
      'all replies processed after the lock',
      200,
    );
    const stored = (await db.get<{ n: number }>('SELECT count(*) AS n FROM inbound_messages'))!.n;
    const answers = await db.all<{ n: number }>('SELECT count(o.id) AS n FROM people p LEFT JOIN outbox o ON o.person_id = p.id GROUP BY p.id');
    await until(async () => (await db.get<{ n: number }>("SELECT count(*) AS n FROM outbox WHERE status = 'sent'"))!.n === N, 30_000, 'answers delivered');
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(health.status).toBe(200);
    service.child.kill('SIGTERM');
    expect(await service.exited).toBe(0);
    await db.close();
    fs.rmSync(dir, { recursive: true, force: true });

    report('db-locked', {
      postsBefore: 10,
      postsDuringLock: during.length,
      answered503: refused.length,
      retriedAndStored: retried.filter((d) => d.status === 200).length,
      postsAfter: after.length,
      stored,
      lost: N - stored,
      answeredOnce: answers.filter((a) => a.n === 1).length,
      answeredTwice: answers.filter((a) => a.n > 1).length,
    });
    expect(stored).toBe(N);
    expect(answers.every((a) => a.n === 1)).toBe(true);
    await sleep(0);
  }, 240_000);
});
