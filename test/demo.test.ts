import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { simpleParser } from 'mailparser';
import sqlite3 from 'sqlite3';
import { runCli } from './helpers/run-cli.js';
import { readIcs } from './helpers/ics.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'unmentoring-demo-test-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('npm run demo', () => {
  it('when run in a fresh folder, then it invites 40 people, feeds their replies through the webhook, runs a round and ends with introductions in the outbox', async () => {
    const outbox = path.join(dir, 'outbox');
    const r = await runCli('src/cli/demo.ts', [], { DATABASE_PATH: path.join(dir, 'demo.sqlite'), OUTBOX_DIR: outbox, SENDGRID_API_KEY: 'SG.must-not-be-used' }, 120_000);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Invited 40 people from 15 organisations');
    expect(r.stdout).toMatch(/Fed 40 replies through POST \/inbound: 37 active, 1 awaiting_details, 1 invited, 1 stopped/);
    expect(r.stdout).toContain(outbox);
    const files = fs.readdirSync(outbox);
    const count = (kind: string) => files.filter((f) => f.endsWith(`-${kind}.eml`)).length;
    expect(count('invitation')).toBe(40);
    expect(count('introduction')).toBeGreaterThanOrEqual(18);
    expect(count('ask-details')).toBe(1);
    expect(count('stopped')).toBe(1);
    expect(count('follow-up')).toBeGreaterThan(0);
    expect(count('met-recorded')).toBeGreaterThan(0);
    expect(count('digest')).toBe(1);
    expect(fs.readFileSync(path.join(dir, 'organisations-linked.png')).subarray(1, 4).toString()).toBe('PNG');

    // Issue 14's part of the demo: a nudge for everyone introduced, a booking with its .ics, an acceptance
    // and two rainchecks, the second re-pairing the partners left alone.
    expect(count('nudge')).toBeGreaterThanOrEqual(36);
    expect(r.stdout).toMatch(/replied BOOKED \w+day \d{1,2} \w+ 2pm: 2 calendar invitations/);
    expect(r.stdout).toContain("calendar accepted the invitation: 1 acceptance recorded");
    expect(r.stdout).toMatch(/said CAN'T MAKE IT too: .+ and .+ are introduced to each other, re-paired in the round/);
    const eml = async (kind: string) =>
      Promise.all(files.filter((f) => f.endsWith(`-${kind}.eml`)).map(async (f) => simpleParser(fs.readFileSync(path.join(outbox, f)))));
    const bookings = await eml('booking');
    const calendars = bookings.map((m) => m.attachments.find((a) => a.filename === 'invite.ics')!.content.toString('utf8')).map(readIcs);
    expect(calendars.map((c) => c.method)).toEqual(['REQUEST', 'REQUEST']);

    // The funnel, counted here from the outbox files and the tables, then read from `npm run report`.
    const db = new sqlite3.Database(path.join(dir, 'demo.sqlite'));
    const sql = (q: string) => new Promise<number>((resolve, reject) => db.get(q, (err: Error | null, row: { n: number }) => (err ? reject(err) : resolve(row.n))));
    const partnerMails = await eml('partner-cant-make-it');
    const expected = {
      introduced: count('introduction'),
      booked: new Set(calendars.map((c) => c.uid)).size,
      accepted: await sql("SELECT count(DISTINCT group_id) AS n FROM booking_replies WHERE partstat = 'ACCEPTED'"),
      met: await sql('SELECT count(DISTINCT group_id) AS n FROM answers WHERE met = 1'),
      // The answer to the one who said it (not "partner-cant-make-it", to the others).
      rainchecked: files.filter((f) => /-\d{8}-cant-make-it\.eml$/.test(f)).length,
      repaired: partnerMails.filter((m) => (m.text ?? '').includes("we've matched you with someone else")).length,
    };
    await new Promise<void>((resolve) => db.close(() => resolve()));
    expect(expected).toMatchObject({ booked: 1, accepted: 1, rainchecked: 2, repaired: 1 });
    const report = await runCli('src/cli/report.ts', ['--json'], { DATABASE_PATH: path.join(dir, 'demo.sqlite') });
    expect(report.code).toBe(0);
    const json = JSON.parse(report.stdout);
    const funnel = { ...expected, meetRate: expected.met / expected.introduced };
    expect(json.funnel).toEqual(funnel);
    expect(json.rounds).toHaveLength(1);
    expect(json.rounds[0].funnel).toEqual(funnel);
    // The digest in the outbox shows the same figures.
    const [digest] = await eml('digest');
    expect(digest!.text).toMatch(new RegExp(`Introduced +${expected.introduced}, of which 1 re-paired after a raincheck`));
    expect(digest!.text).toMatch(new RegExp(`Rainchecked \\(CAN'T MAKE IT\\) +2`));
  });
});
