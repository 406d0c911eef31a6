import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { simpleParser } from 'mailparser';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { startFakeSendGrid, type FakeSendGrid } from '../helpers/fake-sendgrid.js';
import { runCli } from '../helpers/run-cli.js';
import { suppress } from '../../src/db/suppressions.js';
import { childEnv } from '../helpers/config.js';

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

function csv(name: string, content: string | Buffer): string {
  const file = path.join(t.dir, name);
  fs.writeFileSync(file, content);
  return file;
}

const invite = (...args: string[]) => runCli('src/cli/invite.ts', args, env);
const recipients = () => sg.mails().map((m) => m.personalizations[0].to[0].email).sort();

describe('npm run invite', () => {
  it('when the file is good, then everyone gets one invitation through SendGrid and the summary says so', async () => {
    const file = csv('people.csv', '\uFEFForganisation,Email,name\n"Leeds City Council, Planning",jo@example.gov.uk,Jo Bloggs\nNHS Digital,SAM@example.nhs.uk,"Sam ""Sammy"" Lee"\n');
    const r = await invite(file);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Invited 2 of 2 rows.');
    expect(r.stdout).toContain('Delivered 2.');
    expect(recipients()).toEqual(['jo@example.gov.uk', 'sam@example.nhs.uk']);
    const jo = sg.mails().find((m) => m.personalizations[0].to[0].email === 'jo@example.gov.uk');
    expect(jo.personalizations[0].to[0].name).toBe('Jo Bloggs');
    expect(jo.subject).toMatch(/invitation/i);
    const people = await t.db.all<{ email: string; organisation: string; status: string }>('SELECT email, organisation, status FROM people ORDER BY email');
    expect(people).toEqual([
      { email: 'jo@example.gov.uk', organisation: 'Leeds City Council, Planning', status: 'invited' },
      { email: 'sam@example.nhs.uk', organisation: 'NHS Digital', status: 'invited' },
    ]);
  });

  it('when rows have problems, then they are listed with line numbers and nothing is stored or sent', async () => {
    const file = csv('bad.csv', 'email,name\nok@example.org,Ok\nnot-an-address,Bad\nok@example.org,Again\n');
    const r = await invite(file);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/line 3: .*not-an-address.* is not an email address/);
    expect(r.stderr).toMatch(/line 4: .*ok@example\.org.*line 2/);
    expect(r.stderr).toMatch(/nothing was stored or sent/);
    expect(sg.received).toBe(0);
    expect((await t.db.get<{ n: number }>('SELECT count(*) AS n FROM outbox'))!.n).toBe(0);
  });

  it('when --skip-invalid is given, then the valid rows are invited and the bad ones counted', async () => {
    const file = csv('bad.csv', 'email\nok@example.org\nnope\n');
    const r = await invite(file, '--skip-invalid');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Invited 1 of 2 rows.');
    expect(r.stdout).toContain('Skipped 1: rows with problems');
    expect(recipients()).toEqual(['ok@example.org']);
  });

  it('when run again with an overlapping file, then nobody gets a second invitation unless --resend', async () => {
    await invite(csv('a.csv', 'email\na@example.org\nb@example.org\n'));
    const second = await invite(csv('b.csv', 'email\nB@example.org\nc@example.org\n'));
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('Invited 1 of 2 rows.');
    expect(second.stdout).toMatch(/Skipped 1: already invited/);
    expect(recipients()).toEqual(['a@example.org', 'b@example.org', 'c@example.org']);

    const third = await invite(csv('c.csv', 'email\nb@example.org\n'), '--resend');
    expect(third.stdout).toContain('Invited 1 of 1 rows.');
    expect(recipients()).toEqual(['a@example.org', 'b@example.org', 'b@example.org', 'c@example.org']);
    expect((await t.db.get<{ n: number }>('SELECT count(*) AS n FROM people'))!.n).toBe(3);
  });

  it('when people already take part, said stop, bounced or are suppressed, then they are skipped and counted by reason, even with --resend', async () => {
    const now = new Date().toISOString();
    for (const [email, status] of [['active@example.org', 'active'], ['stop@example.org', 'stopped'], ['bounce@example.org', 'bounced']]) {
      await t.db.run('INSERT INTO people (email, status, status_changed_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?)', [email, status, now, now, now]);
    }
    await suppress(t.db, 'spam@example.org', 'spamreport', new Date());
    const file = csv('mixed.csv', 'email\nactive@example.org\nstop@example.org\nbounce@example.org\nspam@example.org\nnew@example.org\n');
    const r = await invite(file, '--resend');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Invited 1 of 5 rows.');
    expect(r.stdout).toContain('Skipped 1: already taking part');
    expect(r.stdout).toContain('Skipped 1: said STOP or declined');
    expect(r.stdout).toContain('Skipped 1: bounced or reported as spam');
    expect(r.stdout).toContain('Skipped 1: suppressed');
    expect(recipients()).toEqual(['new@example.org']);
  });

  it('when --dry-run is given, then it shows who would be invited and stores and sends nothing', async () => {
    const r = await invite(csv('a.csv', 'email,name\na@example.org,Ann\n'), '--dry-run');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Would invite 1 of 1 rows:');
    expect(r.stdout).toContain('line 2: a@example.org  Ann');
    expect(r.stdout).toContain('Dry run: nothing was stored or sent.');
    expect(sg.received).toBe(0);
    expect((await t.db.get<{ n: number }>('SELECT count(*) AS n FROM people'))!.n).toBe(0);
  });

  it('when the file does not exist, then it exits non-zero with a clear message', async () => {
    const r = await invite(path.join(t.dir, 'missing.csv'));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/cannot read .*missing\.csv: no such file/);
  });

  it('when the email column is missing, then it exits non-zero naming the columns it found', async () => {
    const r = await invite(csv('nocol.csv', 'name,organisation\nJo,Leeds\n'));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/email/i);
    expect(r.stderr).toMatch(/name/);
  });

  it('when no file is given, then it explains how to call it', async () => {
    const r = await invite();
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/missing required argument/i);
  });

  it('when there is no SendGrid key, then each invitation is written as an .eml file in the outbox folder', async () => {
    delete env.SENDGRID_API_KEY;
    delete env.SENDGRID_API_URL;
    const r = await invite(csv('a.csv', 'email,name\nzoe@example.org,Zoë O\'Brien\n'));
    expect(r.code).toBe(0);
    const files = fs.readdirSync(env.OUTBOX_DIR!).filter((f) => f.endsWith('.eml'));
    expect(files).toHaveLength(1);
    const raw = fs.readFileSync(path.join(env.OUTBOX_DIR!, files[0]!));
    const mail = await simpleParser(raw);
    expect(mail.to && !Array.isArray(mail.to) ? mail.to.value[0] : null).toEqual({ address: 'zoe@example.org', name: 'Zoë O\'Brien' });
    expect(mail.text).toContain('Hello Zoë O\'Brien,');
    expect(mail.replyTo?.value[0]?.address).toMatch(/^reply\+[0-9a-f]{32}@reply\.unmentoring\.test$/);
    expect(raw.toString().replace(/\r?\n[ \t]+/g, ' ')).toMatch(/^List-Unsubscribe: <mailto:reply\+[0-9a-f]{32}@reply\.unmentoring\.test\?subject=STOP>\r?$/m);
    const stored = await t.db.get<{ message_id: string }>('SELECT message_id FROM outbox');
    expect(mail.messageId).toBe(stored!.message_id);
  });

  it('when --no-deliver is given, then invitations wait in the outbox for the service', async () => {
    const r = await invite(csv('a.csv', 'email\na@example.org\n'), '--no-deliver');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('The running service (npm start) will deliver them.');
    expect(sg.received).toBe(0);
    expect((await t.db.get<{ status: string }>('SELECT status FROM outbox'))!.status).toBe('pending');
  });
});
