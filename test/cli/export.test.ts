import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { runCli } from '../helpers/run-cli.js';

let t: TestDatabase;
beforeEach(async () => {
  t = await createTestDatabase();
  const add = (email: string, status: string, extra: string[]) =>
    t.db.run(
      `INSERT INTO people (email, status, name, phone, organisation, skype_id, status_changed_at, created_at, updated_at, joined_at)
       VALUES (?, ?, ?, ?, ?, ?, 'x', '2026-11-01T00:00:00.000Z', 'x', ?)`,
      [email, status, ...extra],
    );
  await add('jo@leeds.gov.uk', 'active', ['Jo "JB" Bloggs', '+447700900123', 'Leeds City Council, Planning', 'live:jo', '2026-11-02T10:00:00.000Z']);
  await add('sam@nhs.net', 'paused', ['Sam Lee', '+442079460123', 'NHS Digital', '', '2026-11-03T10:00:00.000Z']);
  await add('new@x.gov.uk', 'invited', ['', '', '', '', '']);
});
afterEach(async () => {
  await t.cleanup();
});

describe('npm run export', () => {
  it('when asked for JSON, then every participant is printed with the documented fields, and invitees are not', async () => {
    const r = await runCli('src/cli/export.ts', ['--json'], { DATABASE_PATH: t.path });
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.stdout);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toEqual({
      email: 'jo@leeds.gov.uk',
      name: 'Jo "JB" Bloggs',
      phone: '+447700900123',
      organisation: 'Leeds City Council, Planning',
      googleId: null,
      skypeId: 'live:jo',
      status: 'active',
      joinedAt: '2026-11-02T10:00:00.000Z',
    });
  });

  it('when asked for CSV, then it has a header row and quotes what needs quoting', async () => {
    const r = await runCli('src/cli/export.ts', ['--csv'], { DATABASE_PATH: t.path });
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe('email,name,phone,organisation,googleId,skypeId,status,joinedAt');
    const rows = parse(r.stdout, { columns: true }) as Array<Record<string, string>>;
    expect(rows.map((x) => x.email)).toEqual(['jo@leeds.gov.uk', 'sam@nhs.net']);
    expect(rows[0]!.organisation).toBe('Leeds City Council, Planning');
    expect(rows[0]!.name).toBe('Jo "JB" Bloggs');
  });

  it('when --all is given, then invitees are included too', async () => {
    const r = await runCli('src/cli/export.ts', ['--json', '--all'], { DATABASE_PATH: t.path });
    expect(JSON.parse(r.stdout)).toHaveLength(3);
  });
});
