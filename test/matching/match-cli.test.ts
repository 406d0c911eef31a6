import path from 'node:path';
import { spawn } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { startFakeSendGrid, type FakeSendGrid } from '../helpers/fake-sendgrid.js';
import { repoRoot, runCli } from '../helpers/run-cli.js';
import { testConfig, childEnv } from '../helpers/config.js';
import { captureLogger } from '../helpers/logs.js';
import { createSendGridMailer } from '../../src/mail/sendgrid-mailer.js';
import { OutboxSender } from '../../src/mail/sender.js';

let t: TestDatabase;
let sg: FakeSendGrid;
let env: Record<string, string>;

beforeEach(async () => {
  t = await createTestDatabase();
  sg = await startFakeSendGrid();
  env = childEnv(t, sg, { SEND_CONCURRENCY: '4' });
});
afterEach(async () => {
  await sg.close();
  await t.cleanup();
});

async function participants(n: number, orgs: number) {
  const at = new Date().toISOString();
  await t.db.run(
    `INSERT INTO people (email, name, organisation, phone, status, status_changed_at, created_at, updated_at, joined_at, last_reply_at)
     SELECT 'p' || value || '@org' || (value % ?) || '.gov.uk', 'Person ' || value, 'Organisation ' || (value % ?), '+4477009' || printf('%05d', value),
       'active', ?, ?, ?, ?, ? FROM json_each(?)`,
    [orgs, orgs, at, at, at, at, at, JSON.stringify(Array.from({ length: n }, (_, i) => i + 1))],
  );
}

/** Introductions SendGrid received, by recipient: how many distinct ones each person got. */
function introductionsPerPerson() {
  const byPerson = new Map<string, Set<string>>();
  for (const m of sg.mails().filter((x) => x.categories?.includes('introduction'))) {
    for (const to of m.personalizations[0].to as Array<{ email: string }>) {
      byPerson.set(to.email, (byPerson.get(to.email) ?? new Set()).add(m.headers['Message-ID']));
    }
  }
  return byPerson;
}

describe('npm run match', () => {
  it('when run with --dry-run, then it shows the groups and stores and sends nothing', async () => {
    await participants(6, 3);
    const r = await runCli('src/cli/match.ts', ['--dry-run', '--seed', '7'], env);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Person \d+ \(Organisation \d\).*\+.*Person \d+ \(Organisation \d\)/);
    expect(r.stdout).toContain('seed 7');
    expect(r.stdout).toContain('Dry run: nothing was stored or sent.');
    expect((await t.db.get<{ n: number }>('SELECT count(*) AS n FROM rounds'))!.n).toBe(0);
    expect(sg.received).toBe(0);
  });

  it('when run, then the round is stored and introductions delivered; run again, it says the period already had its round', async () => {
    await participants(6, 3);
    const first = await runCli('src/cli/match.ts', [], env);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/Round 1 .* 6 eligible, 3 groups/);
    expect(first.stdout).toContain('Delivered 4 mails');
    const second = await runCli('src/cli/match.ts', [], env);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/already ran/);
    // Three introductions and one digest for the organiser, with its picture.
    expect(sg.mails().filter((m) => m.categories?.includes('introduction'))).toHaveLength(3);
    const digest = sg.mails().filter((m) => m.categories?.includes('digest'));
    expect(digest).toHaveLength(1);
    expect(digest[0].personalizations[0].to[0].email).toBe('organiser@unmentoring.test');
    expect(digest[0].attachments[0].type).toBe('image/png');
    expect(sg.mails()).toHaveLength(4);
  });

  it('when --seed is not a number, then it refuses', async () => {
    const r = await runCli('src/cli/match.ts', ['--seed', 'abc'], env);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/seed/);
  });

  it('when the process is killed in the middle of a round and everything restarts, then each person gets exactly one introduction', async () => {
    await participants(200, 7);
    sg.delayMs = 15; // slow enough that the kill lands while introductions are going out
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'src/cli/match.ts')], {
      cwd: repoRoot,
      env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'silent', ...env },
      stdio: 'ignore',
    });
    await sg.waitFor(20, 30_000);
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const before = sg.mails().length;
    expect(before).toBeLessThan(100);

    // The restart: the schedule (or the organiser) runs the round again; the service delivers what is left
    // once the dead process's leases have run out (its clock here is moved past them).
    sg.delayMs = 0;
    const again = await runCli('src/cli/match.ts', ['--no-deliver'], env);
    expect(again.stdout).toMatch(/already ran/);
    const config = testConfig(t.dir, { ...env, DATABASE_PATH: t.path });
    await new OutboxSender({
      db: t.db,
      mailer: createSendGridMailer({ apiKey: sg.apiKey, apiUrl: sg.url }),
      config,
      logger: captureLogger().logger,
      now: () => new Date(Date.now() + 10 * 60_000),
    }).drain();

    const perPerson = introductionsPerPerson();
    expect(perPerson.size).toBe(200);
    for (const [, ids] of perPerson) expect(ids.size).toBe(1);
    expect((await t.db.get<{ n: number }>('SELECT count(*) AS n FROM rounds'))!.n).toBe(1);
    // A mail in flight at the kill may reach SendGrid twice, with the same Message-ID (receivers show it once).
    const resent = sg.mails().length - new Set(sg.mails().map((m) => m.headers['Message-ID'])).size;
    expect(resent).toBeLessThanOrEqual(Number(env.SEND_CONCURRENCY));
  });
});
