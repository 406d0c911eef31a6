import fs from 'node:fs';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { PNG } from 'pngjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { runCli } from '../helpers/run-cli.js';
import { buildHistory } from './history.js';

let t: TestDatabase;
let env: Record<string, string>;
beforeEach(async () => {
  t = await createTestDatabase();
  await buildHistory(t.db);
  env = { DATABASE_PATH: t.path, OUTBOX_DIR: path.join(t.dir, 'outbox'), ORGANISER_EMAIL: 'organiser@example.gov.uk', TZ: 'Europe/London' };
});
afterEach(async () => {
  await t.cleanup();
});

describe('npm run report', () => {
  it('when run with no options, then it prints the report for all time as text', async () => {
    const r = await runCli('src/cli/report.ts', [], env);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^All time \(made /);
    expect(r.stdout).toMatch(/Groups\s+7 \(5 pairs, 2 trios\)/);
  });

  it('when asked for --json, then it prints one JSON object with every figure and no raw network', async () => {
    const r = await runCli('src/cli/report.ts', ['--json'], env);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(Object.keys(json).sort()).toEqual(
      ['followUps', 'funnel', 'generatedAt', 'groups', 'links', 'network', 'organisations', 'outcomes', 'participants', 'rounds', 'since', 'stillWant'].sort(),
    );
    expect(json.since).toBeNull();
    expect(json.participants).toMatchObject({ joined: 10, invited: 2, awaitingDetails: 1 });
    expect(json.groups).toMatchObject({ total: 7, trios: 2, crossOrganisation: 6 });
    expect(json.links).toEqual({ total: 6, new: 6 });
    expect(json.followUps).toMatchObject({ groupsAsked: 6, groupsMet: 3, meetRate: 0.5, met: 4, notMet: 3 });
    expect(json.rounds[0]).toMatchObject({ id: 1, at: '2026-10-05T08:00:00.000Z', groups: 4, trios: 1, crossOrganisation: 3, newLinks: 3 });
    expect(json.outcomes[0]).toEqual({ at: '2026-11-19T10:00:00.000Z', met: false, line: 'Rescheduled to next month' });
    expect(json.network).toEqual({ organisations: 6, links: 6, roundId: 2 });
  });

  it('when given --since 2026-11-01, then only the round after it counts', async () => {
    const r = await runCli('src/cli/report.ts', ['--since', '2026-11-01', '--json'], env);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.since).toBe('2026-11-01T00:00:00.000Z');
    expect(json.rounds.map((x: { id: number }) => x.id)).toEqual([2]);
    expect(json.groups.total).toBe(3);
    expect(json.participants.joined).toBe(2);
    const text = await runCli('src/cli/report.ts', ['--since', '2026-11-01'], env);
    expect(text.stdout).toMatch(/^Since 1 Nov 2026 /);
  });

  it('when given a date that is not one, then it says so in one line and exits 1', async () => {
    for (const bad of ['yesterday', '2026-02-30', '01/11/2026']) {
      const r = await runCli('src/cli/report.ts', ['--since', bad], env);
      expect(r.code, bad).toBe(1);
      expect(r.stderr.trim(), bad).toBe(`error: --since must be a date such as 2026-11-01, not "${bad}"`);
      expect(r.stdout, bad).toBe('');
    }
  });
});

describe('npm run digest', () => {
  it('when run with --out FILE, then FILE is a decodable PNG and the digest reaches the organiser with it attached', async () => {
    const file = path.join(t.dir, 'network.png');
    const r = await runCli('src/cli/digest.ts', ['--out', file], env);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Wrote the picture to ${file}`);
    expect(r.stdout).toContain('Sent the digest to organiser@example.gov.uk');
    const img = PNG.sync.read(fs.readFileSync(file));
    expect([img.width, img.height]).toEqual([1200, 800]);
    const [eml] = fs.readdirSync(env.OUTBOX_DIR!).filter((f) => f.endsWith('-digest.eml'));
    const parsed = await simpleParser(fs.readFileSync(path.join(env.OUTBOX_DIR!, eml!)));
    expect(parsed.to && 'text' in parsed.to ? parsed.to.text : '').toBe('organiser@example.gov.uk');
    expect(parsed.subject).toBe('Unmentoring for organisers: what the scheme is doing');
    expect(parsed.attachments.find((a) => a.contentType === 'image/png')?.content.equals(fs.readFileSync(file))).toBe(true);
  });

  it('when --out names a folder that does not exist, then it says it could not write the file and exits 1', async () => {
    const r = await runCli('src/cli/digest.ts', ['--out', path.join(t.dir, 'missing', 'x.png')], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: could not write .*x\.png: ENOENT\n$/);
  });
});
