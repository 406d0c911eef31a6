import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Database } from '../../src/db/database.js';
import { migrate } from '../../src/db/migrate.js';
import { buildParsedPayload, type InboundPayload } from '../helpers/inbound-payload.js';
import { report, scale, seeded, sleep, startService, tempDir, until, type ServiceProcess } from './support.js';

const N = scale(300, 2000);
const MIN_CRASHES = scale(4, 25);
const MAX_CRASHES = scale(7, 60);
const CLIENTS = 6;
const SEED = 20260601;

let service: ServiceProcess | null = null;
afterAll(() => {
  service?.child.kill('SIGKILL');
});

describe('crash while receiving', () => {
  it(`when the service is killed (SIGKILL) at random moments while ${N} replies are posted and retried like SendGrid, then every acknowledged reply is stored once and answered once`, async () => {
    const dir = tempDir('crash-receive');
    const dbPath = path.join(dir, 'u.sqlite');
    const db = await Database.open(dbPath);
    await migrate(db);
    const at = new Date().toISOString();
    // N invited people, each of whom replies once with their details.
    await db.run(
      `INSERT INTO people (email, status, status_changed_at, created_at, updated_at)
       SELECT 'p' || value || '@org' || (value % 7) || '.gov.uk', 'invited', ?, ?, ? FROM json_each(?)`,
      [at, at, at, JSON.stringify(Array.from({ length: N }, (_, i) => i))],
    );
    const replies: Array<{ key: string; email: string; payload: InboundPayload }> = Array.from({ length: N }, (_, i) => {
      const email = `p${i}@org${i % 7}.gov.uk`;
      const messageId = `<reply-${i}@mail.org${i % 7}.gov.uk>`;
      return {
        key: `mid:${messageId}`,
        email,
        payload: buildParsedPayload({
          from: email,
          fromName: `Person ${i}`,
          to: 'join@reply.unmentoring.test',
          subject: 'Re: An invitation',
          text: `Yes please!\n\nName: Person ${i}\nOrganisation: Organisation ${i % 7}\nPhone: 07700 900${String(i % 1000).padStart(3, '0')}\n`,
          messageId,
        }),
      };
    });

    const env = { DATABASE_PATH: dbPath, OUTBOX_DIR: path.join(dir, 'outbox'), REPLY_DOMAIN: 'reply.unmentoring.test' };
    const random = seeded(SEED);
    const figures = { requests: 0, crashes: 0, answered200: 0, duplicateAnswers: 0, serverErrors: 0, connectionErrors: 0, clientErrors: 0 };
    let port: number | null = null;
    const start = async () => {
      service = startService(env);
      port = await service.port;
    };
    await start();

    // The client: like SendGrid, retries on 5xx and on refused or lost connections until it gets an answer.
    const acked = new Set<string>();
    let next = 0;
    const client = async () => {
      while (next < replies.length) {
        const r = replies[next++]!;
        for (;;) {
          const p = port;
          if (p === null) {
            await sleep(20);
            continue;
          }
          figures.requests++;
          try {
            const res = await fetch(`http://127.0.0.1:${p}/inbound`, {
              method: 'POST',
              headers: { 'content-type': r.payload.contentType },
              body: r.payload.body,
              signal: AbortSignal.timeout(15_000),
            });
            const body = (await res.json().catch(() => ({}))) as { status?: string };
            if (res.status >= 200 && res.status < 300) {
              acked.add(r.key);
              figures.answered200++;
              if (body.status === 'duplicate') figures.duplicateAnswers++;
              break;
            }
            if (res.status >= 500) figures.serverErrors++;
            else {
              figures.clientErrors++;
              break;
            }
          } catch {
            figures.connectionErrors++;
          }
          await sleep(30 + random() * 70);
        }
        await sleep(5);
      }
    };

    // The killer: SIGKILL at a random moment of each run, then a restart: at least MIN_CRASHES times, and
    // on while replies are still being posted, up to MAX_CRASHES.
    let clientsDone = false;
    const killer = (async () => {
      while (figures.crashes < MIN_CRASHES || (!clientsDone && figures.crashes < MAX_CRASHES)) {
        await sleep(50 + random() * 450);
        const s = service!;
        port = null;
        s.child.kill('SIGKILL');
        await s.exited;
        figures.crashes++;
        await start();
      }
    })();
    await Promise.all(Array.from({ length: CLIENTS }, client));
    clientsDone = true;
    await killer;

    // The last run processes whatever the crashes left pending.
    await until(
      async () => (await db.get<{ n: number }>("SELECT count(*) AS n FROM inbound_messages WHERE status = 'pending'"))!.n === 0,
      60_000,
      'pending replies processed',
      200,
    );
    service!.child.kill('SIGTERM');
    expect(await service!.exited).toBe(0);

    const stored = await db.all<{ dedupe_key: string; n: number; status: string }>(
      'SELECT dedupe_key, count(*) AS n, max(status) AS status FROM inbound_messages GROUP BY dedupe_key',
    );
    const byKey = new Map(stored.map((s) => [s.dedupe_key, s]));
    const lost = [...acked].filter((k) => !byKey.has(k)).length;
    const duplicated = stored.filter((s) => s.n > 1).length;
    const answers = await db.all<{ email: string; n: number }>(
      `SELECT p.email, count(o.id) AS n FROM people p LEFT JOIN outbox o ON o.person_id = p.id GROUP BY p.id`,
    );
    const twoEffects = answers.filter((a) => a.n > 1).length;
    const noEffect = answers.filter((a) => a.n === 0).length;
    const joined = (await db.get<{ n: number }>("SELECT count(*) AS n FROM people WHERE status = 'active'"))!.n;
    await db.close();
    report('crash-receive', { replies: N, ...figures, acknowledgedReplies: acked.size, lost, duplicated, twoEffects, noEffect, joined });

    expect(figures.crashes).toBeGreaterThanOrEqual(MIN_CRASHES);
    expect(acked.size).toBe(N);
    expect(figures.clientErrors).toBe(0);
    expect(lost).toBe(0);
    expect(duplicated).toBe(0);
    expect(stored.length).toBe(N);
    expect(stored.every((s) => s.status === 'processed')).toBe(true);
    // Each distinct reply from a distinct invited address: exactly one answer in the outbox.
    expect(twoEffects).toBe(0);
    expect(noEffect).toBe(0);
    expect(joined).toBe(N);
    fs.rmSync(dir, { recursive: true, force: true });
  }, scale(120_000, 1_800_000));
});
