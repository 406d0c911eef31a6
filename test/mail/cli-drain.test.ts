/**
 * `npm run invite`, `digest` and `match` deliver what they queued themselves. Another process's mail (an
 * answer the running service queued a moment ago) is the service's to send: a command that took it would
 * be a second sender for it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { startFakeSendGrid, type FakeSendGrid } from '../helpers/fake-sendgrid.js';
import { runCli } from '../helpers/run-cli.js';
import { childEnv } from '../helpers/config.js';
import { enqueueMail, type OutboxRow } from '../../src/db/outbox.js';

let t: TestDatabase;
let sg: FakeSendGrid;
let env: Record<string, string>;

beforeEach(async () => {
  t = await createTestDatabase();
  sg = await startFakeSendGrid();
  env = childEnv(t, sg);
});
afterEach(async () => {
  await sg.close();
  await t.cleanup();
});

/** A mail the running service queued: an answer to someone's HELP. */
function anotherProcessMail() {
  return enqueueMail(
    t.db,
    { template: 'help', data: { status: 'active' }, to: [{ email: 'jo@example.gov.uk' }] },
    { messageDomain: 'reply.unmentoring.test', now: new Date() },
  );
}

describe('a command that delivers', () => {
  it("when npm run invite delivers, then it sends its invitations and not another process's waiting mail", async () => {
    const other = await anotherProcessMail();
    const file = path.join(t.dir, 'people.csv');
    fs.writeFileSync(file, 'email,name\nsam@example.nhs.uk,Sam Lee\nalex@example.gov.uk,Alex Kay\n');
    const r = await runCli('src/cli/invite.ts', [file], env);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Delivered 2.');
    expect(sg.mails().map((m) => m.categories[0])).toEqual(['invitation', 'invitation']);
    expect((await t.db.get<OutboxRow>('SELECT * FROM outbox WHERE id = ?', [other.id]))).toMatchObject({ status: 'pending', attempts: 0 });
  });

  it("when npm run digest delivers, then it sends the digest and not another process's waiting mail", async () => {
    const other = await anotherProcessMail();
    const r = await runCli('src/cli/digest.ts', [], env);
    expect(r.code).toBe(0);
    expect(sg.mails().map((m) => m.categories[0])).toEqual(['digest']);
    expect((await t.db.get<OutboxRow>('SELECT * FROM outbox WHERE id = ?', [other.id]))).toMatchObject({ status: 'pending', attempts: 0 });
  });

  it("when npm run match delivers, then it sends the round's mail and not another process's waiting mail", async () => {
    const at = new Date().toISOString();
    await t.db.run(
      `INSERT INTO people (email, name, organisation, phone, status, status_changed_at, created_at, updated_at, joined_at, last_reply_at)
       SELECT 'p' || value || '@org' || value || '.gov.uk', 'Person ' || value, 'Organisation ' || value, '+4477009' || printf('%05d', value),
         'active', ?1, ?1, ?1, ?1, ?1 FROM json_each(?2)`,
      [at, JSON.stringify([1, 2, 3, 4])],
    );
    const other = await anotherProcessMail();
    const r = await runCli('src/cli/match.ts', ['--seed', '7'], env);
    expect(r.code).toBe(0);
    expect(sg.mails().map((m) => m.categories[0]).sort()).toEqual(['digest', 'introduction', 'introduction']);
    expect((await t.db.get<OutboxRow>('SELECT * FROM outbox WHERE id = ?', [other.id]))).toMatchObject({ status: 'pending', attempts: 0 });
  });
});
