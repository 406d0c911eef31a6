import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CsvError, readInvitees, type InviteeFile } from '../../src/invitations/csv.js';

const fixture = (name: string): Buffer =>
  readFileSync(new URL(`../fixtures/invitations/${name}`, import.meta.url));

/** The problems as the organiser reads them. */
const messages = (file: InviteeFile): string[] => file.problems.map((p) => p.message);

/** Calls readInvitees, expecting a CsvError, and returns it. */
function csvError(input: Buffer | string): CsvError {
  try {
    readInvitees(input);
  } catch (err) {
    expect(err).toBeInstanceOf(CsvError);
    return err as CsvError;
  }
  throw new Error('expected readInvitees to throw a CsvError');
}

describe('readInvitees: encodings and line endings', () => {
  it('when an Excel "CSV UTF-8" file has a BOM and CRLF, then the first header is still "email" and names are intact', () => {
    const file = readInvitees(fixture('excel-utf8-bom.csv'));

    expect(file.invitees).toEqual([
      {
        line: 2,
        email: 'sian.jones@example.gov.uk',
        name: 'Siân Jones',
        organisation: 'Department for Examples, Wales',
      },
      {
        line: 3,
        email: 'zoe.obrien@example.org',
        name: "Zoë O'Brien",
        organisation: 'Office for Invented Statistics',
      },
      { line: 4, email: 'lukasz.nowak@example.org', name: 'Łukasz Nowak', organisation: null },
    ]);
    expect(file.problems).toEqual([]);
    expect(file.ignoredColumns).toEqual(['Notes']);
    expect(file.rowCount).toBe(3);
  });

  it('when a file with a UTF-8 BOM quotes its header cells, then the quoted "Email" header is still found', () => {
    const bytes = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from('"Email","Name"\r\n"ann@example.org","Ann Jones"\r\n'),
    ]);

    const file = readInvitees(bytes);

    expect(file.invitees).toEqual([{ line: 2, email: 'ann@example.org', name: 'Ann Jones', organisation: null }]);
    expect(file.ignoredColumns).toEqual([]);
  });

  it('when the input is a string starting with a BOM, then the BOM does not hide the email column', () => {
    const file = readInvitees('\uFEFFemail\r\nann@example.org\r\n');
    expect(file.invitees.map((i) => i.email)).toEqual(['ann@example.org']);
  });

  it('when the file is UTF-16 LE with a BOM and tabs (Excel "Unicode text"), then it is read like UTF-8', () => {
    const text = "Email\tName\r\nzoe.obrien@example.org\tZoë O'Brien\r\n";
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);

    const file = readInvitees(bytes);

    expect(file.invitees).toEqual([
      { line: 2, email: 'zoe.obrien@example.org', name: "Zoë O'Brien", organisation: null },
    ]);
  });

  it('when the file is UTF-16 BE with a BOM, then it is read like UTF-8', () => {
    const le = Buffer.from('email,name\nlukasz.nowak@example.org,Łukasz Nowak\n', 'utf16le');
    const bytes = Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(le).swap16()]);

    const file = readInvitees(bytes);

    expect(file.invitees).toEqual([
      { line: 2, email: 'lukasz.nowak@example.org', name: 'Łukasz Nowak', organisation: null },
    ]);
  });

  it('when the file is Windows-1252 (older Excel "CSV"), then "Siân" is decoded rather than garbled', () => {
    const bytes = Buffer.concat([
      Buffer.from('email,name\nsian.jones@example.gov.uk,Si'),
      Buffer.from([0xe2]), // â in Windows-1252; invalid on its own in UTF-8
      Buffer.from('n Jones\n'),
    ]);

    expect(readInvitees(bytes).invitees[0]?.name).toBe('Siân Jones');
  });

  it('when lines end in CRLF, LF or a mix of both, then every row is read and numbered by its line', () => {
    const file = readInvitees('email,name\r\nann@example.org,Ann\nbob@example.org,Bob\r\ncat@example.org,Cat');

    expect(file.invitees.map((i) => [i.line, i.email, i.name])).toEqual([
      [2, 'ann@example.org', 'Ann'],
      [3, 'bob@example.org', 'Bob'],
      [4, 'cat@example.org', 'Cat'],
    ]);
    expect(file.problems).toEqual([]);
  });

  it('when names are non-ASCII or decomposed, then they come back intact in NFC', () => {
    const decomposed = 'Zoe\u0308 O’Brien'; // e + combining diaeresis, as macOS can write it
    const file = readInvitees(`email,name\nzoe@example.org,${decomposed}\nmari@example.org,Mári Ó Súilleabháin\n`);

    expect(file.invitees.map((i) => i.name)).toEqual(['Zoë O’Brien', 'Mári Ó Súilleabháin']);
  });

  it('when the file is an Excel workbook, then the error says to save it as CSV', () => {
    const error = csvError(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00]));
    expect(error.message).toMatch(/Excel workbook \(\.xlsx\).*CSV UTF-8/);
  });

  it('when the file is empty, then the error asks for a header row', () => {
    expect(csvError('').message).toMatch(/file is empty.*header row/);
    expect(csvError('\r\n\r\n').message).toMatch(/file is empty/);
  });
});

describe('readInvitees: quoting and line numbers', () => {
  it('when quoted fields hold commas, doubled quotes and newlines, then values are intact and later line numbers count every physical line', () => {
    const file = readInvitees(fixture('multiline.csv'));

    expect(file.invitees).toEqual([
      {
        line: 2,
        email: 'ann@example.org',
        name: 'Ann "AJ" Jones',
        organisation: 'Office of Examples, Second Floor',
      },
      { line: 4, email: 'bob@example.org', name: 'Bob Smith', organisation: 'Agency with three lines' },
      { line: 7, email: 'cat@example.org', name: 'Cat Brown', organisation: 'Example Council' },
    ]);
  });

  it('when a quoted value holds a CRLF in a CRLF file, then the next row is one line later, not two', () => {
    const file = readInvitees('email,organisation\r\nann@example.org,"Floor 1\r\nFloor 2"\r\nbob@example.org\r\n');

    // bob is on line 4; csv-parse's own info.lines would say 5 here.
    expect(messages(file)).toEqual(['line 4: has 1 value but the header has 2 columns']);
  });

  it('when a problem row follows a multi-line value and blank lines, then its line number is the physical line', () => {
    const file = readInvitees('email,name\n\nann@example.org,"Ann\n\nJones"\n\n\nnot-an-address,X\n');

    expect(file.invitees[0]?.line).toBe(3);
    expect(messages(file)).toEqual(['line 8: "not-an-address" is not an email address']);
  });

  it('when a quote is never closed, then a CsvError names the line the quote opens on', () => {
    const error = csvError(fixture('unclosed-quote.csv'));

    expect(error.line).toBe(3);
    expect(error.message).toMatch(/^line 3: .*double quote \(".*never closed/);
  });

  it('when a quote opens a field and closes rows later, then that row is a problem instead of silently swallowing rows', () => {
    const file = readInvitees(
      'email,name\nann@example.org,"Ann\nbob@example.org,Bob\ncat@example.org,"Cat\ndee@example.org,Dee\n',
    );

    expect(messages(file)).toEqual([
      'line 2: a quoted value runs over several lines and seems to contain other rows; check for a missing closing quote (")',
    ]);
    expect(file.invitees.map((i) => [i.line, i.email])).toEqual([[5, 'dee@example.org']]);
  });

  it('when a quote sits inside an unquoted name, then it is kept as written', () => {
    const file = readInvitees('email,name\nann@example.org,Ann "AJ" Jones\n');
    expect(file.invitees[0]?.name).toBe('Ann "AJ" Jones');
  });
});

describe('readInvitees: headers', () => {
  it('when columns come in another order with aliases and unknown columns, then each is found and the unknown ones listed', () => {
    const file = readInvitees(
      ' Organization , Team, E-MAIL ADDRESS ,Full name\r\nOffice of Examples,Data,ann@example.org,Ann Jones\r\n',
    );

    expect(file.invitees).toEqual([
      { line: 2, email: 'ann@example.org', name: 'Ann Jones', organisation: 'Office of Examples' },
    ]);
    expect(file.ignoredColumns).toEqual(['Team']);
  });

  it.each([
    ['e-mail'],
    ['Email Address'],
    ['e-mail address'],
    ['MAIL'],
    ['email_address'],
  ])('when the email column is headed "%s", then it is used', (header) => {
    expect(readInvitees(`${header}\nann@example.org\n`).invitees[0]?.email).toBe('ann@example.org');
  });

  it.each([['organisation'], ['Org'], ['Organisation Name'], ['Employer'], ['Department']])(
    'when the organisation column is headed "%s", then it is used',
    (header) => {
      const file = readInvitees(`email,${header}\nann@example.org,Example Council\n`);
      expect(file.invitees[0]?.organisation).toBe('Example Council');
      expect(file.ignoredColumns).toEqual([]);
    },
  );

  it('when there are both "Organisation" and "Department" columns, then Organisation is used and Department ignored', () => {
    const file = readInvitees('email,Department,Organisation\nann@example.org,Digital,Example Council\n');
    expect(file.invitees[0]?.organisation).toBe('Example Council');
    expect(file.ignoredColumns).toEqual(['Department']);
  });

  it('when there are first and last name columns, then the name is both joined, or whichever one is filled in', () => {
    const file = readInvitees(fixture('first-last.csv'));

    expect(file.invitees.map((i) => [i.email, i.name, i.organisation])).toEqual([
      ['sian.jones@example.gov.uk', 'Siân Jones', 'Example Borough Council'],
      ['zoe.obrien@example.gov.uk', "Zoë O'Brien", 'Example Borough Council'],
      ['nowak@example.gov.uk', 'Łukasz', 'Example Borough Council'],
    ]);
    expect(file.ignoredColumns).toEqual(['Employee ID', 'Team']);
  });

  it('when there is no email column, then a CsvError lists the headers that were found', () => {
    const error = csvError(fixture('no-email-column.csv'));

    expect(error.message).toBe(
      'The file has no email column. Columns found: "Full name", "Department". ' +
        'Name the column with the addresses "email" (or "e-mail", "email address").',
    );
  });

  it('when the first line is data rather than a header, then the error says a header row is missing', () => {
    const error = csvError('ann@example.org,Ann\nbob@example.org,Bob\n');
    expect(error.message).toMatch(/first line must be a header.*line 1 looks like data: "ann@example.org", "Ann"/);
  });
});

describe('readInvitees: delimiters', () => {
  it('when the file uses semicolons (European Excel), then it is detected from the header and commas stay inside values', () => {
    const file = readInvitees(fixture('semicolon.csv'));

    expect(file.invitees).toEqual([
      { line: 2, email: 'lukasz.nowak@example.org', name: 'Łukasz Nowak', organisation: 'Ministerium; Beispiel' },
      { line: 3, email: 'sian.jones@example.gov.uk', name: 'Siân Jones', organisation: 'Example Agency' },
    ]);
  });

  it('when a semicolon file has commas in its values, then the values are not split', () => {
    const file = readInvitees('email;name\nann@example.org;Jones, Ann\n');
    expect(file.invitees[0]?.name).toBe('Jones, Ann');
    expect(file.problems).toEqual([]);
  });

  it('when the header has a comma, then the file is comma-separated even if values hold semicolons', () => {
    const file = readInvitees('email,name\nann@example.org,Ann; the organiser\n');
    expect(file.invitees[0]?.name).toBe('Ann; the organiser');
  });

  it('when Excel wrote a "sep=;" first line, then it sets the delimiter and lines still count from the top', () => {
    const file = readInvitees('sep=;\r\nemail;name\r\nann@example.org;Ann\r\nnope;X\r\n');
    expect(file.invitees).toEqual([{ line: 3, email: 'ann@example.org', name: 'Ann', organisation: null }]);
    expect(messages(file)).toEqual(['line 4: "nope" is not an email address']);
  });
});

describe('readInvitees: rows', () => {
  it('when a file has bad addresses, duplicates, blank lines and wrong field counts, then every problem is reported with its line', () => {
    const file = readInvitees(fixture('problems.csv'));

    expect(messages(file)).toEqual([
      'line 3: "not-an-address" is not an email address',
      'line 5: no email address',
      'line 6: ann@example.org is already on line 2',
      'line 7: has 4 values but the header has 3 columns (a value containing a comma must be wrapped in double quotes)',
      'line 8: "cat@example" is not an email address',
      'line 10: has 2 values but the header has 3 columns',
    ]);
    expect(file.problems.map((p) => p.line)).toEqual([3, 5, 6, 7, 8, 10]);
    expect(file.invitees.map((i) => [i.line, i.email])).toEqual([
      [2, 'ann@example.org'],
      [11, 'dee@example.org'],
    ]);
    expect(file.rowCount).toBe(8);
  });

  it('when the same address appears in different case, then the later one is a duplicate of the first', () => {
    const file = readInvitees('email\nZoe.OBrien@Example.org\nzoe.obrien@example.org\n ZOE.OBRIEN@EXAMPLE.ORG \n');

    expect(file.invitees).toEqual([{ line: 2, email: 'zoe.obrien@example.org', name: null, organisation: null }]);
    expect(messages(file)).toEqual([
      'line 3: zoe.obrien@example.org is already on line 2',
      'line 4: zoe.obrien@example.org is already on line 2',
    ]);
  });

  it('when an address cell is "Name <address>", then the address is used and the name fills an empty name cell', () => {
    const file = readInvitees(
      'email,name\n' +
        'Siân Jones <Sian.Jones@example.gov.uk>,\n' +
        '"""O\'Brien, Zoë"" <zoe@example.org>",\n' +
        'Łukasz <lukasz@example.org>,Łukasz Nowak\n' +
        '<ann@example.org>,\n',
    );

    expect(file.invitees.map((i) => [i.email, i.name])).toEqual([
      ['sian.jones@example.gov.uk', 'Siân Jones'],
      ['zoe@example.org', "O'Brien, Zoë"],
      ['lukasz@example.org', 'Łukasz Nowak'],
      ['ann@example.org', null],
    ]);
  });

  it('when an address has a mailto: prefix or stray spaces, then they are removed', () => {
    const file = readInvitees('email\nmailto:Ann@Example.org\n  bob@example.org\t\n<MAILTO:cat@example.org>\n');
    expect(file.invitees.map((i) => i.email)).toEqual(['ann@example.org', 'bob@example.org', 'cat@example.org']);
  });

  it('when addresses are malformed, then each is reported as written with its line, long ones cut to 80 characters', () => {
    const long = `${'x'.repeat(100)}@`;
    const file = readInvitees(
      `email\nann@example\nJo Bloggs\nann@@example.org\nann@example.org; bob@example.org\n${long}\n`,
    );

    expect(messages(file)).toEqual([
      'line 2: "ann@example" is not an email address',
      'line 3: "Jo Bloggs" is not an email address',
      'line 4: "ann@@example.org" is not an email address',
      'line 5: "ann@example.org; bob@example.org" is not an email address',
      `line 6: "${'x'.repeat(79)}…" is not an email address`,
    ]);
    expect(file.invitees).toEqual([]);
  });

  it('when names and organisations have extra spaces, control characters or are very long, then they are tidied and capped', () => {
    const file = readInvitees(
      `email,name,organisation\nann@example.org,"  Ann \t\n  Jones\u0007 ",${'O'.repeat(250)}\nbob@example.org,   ,\n`,
    );

    expect(file.invitees[0]?.name).toBe('Ann Jones');
    expect(file.invitees[0]?.organisation).toBe('O'.repeat(200));
    expect(file.invitees[1]).toMatchObject({ name: null, organisation: null });
  });

  it('when Excel leaves trailing empty cells and ",,," rows, then they are neither problems nor rows', () => {
    const file = readInvitees('email,name,,\r\nann@example.org,Ann,,\r\n,,,\r\nbob@example.org,Bob,,,\r\n,,,\r\n');

    expect(file.invitees.map((i) => [i.line, i.email])).toEqual([
      [2, 'ann@example.org'],
      [4, 'bob@example.org'],
    ]);
    expect(file.problems).toEqual([]);
    expect(file.ignoredColumns).toEqual([]);
    expect(file.rowCount).toBe(2);
  });

  it('when an address is longer than email allows, then it is not an email address', () => {
    const localPart = (n: number, ch = 'a'): string => ch.repeat(n);
    const file = readInvitees(
      `email\n${localPart(64)}@example.org\n${localPart(65)}@example.org\n${localPart(33, 'ä')}@example.org\n` +
        `ann@${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(57)}.org\n`,
    );

    expect(file.invitees.map((i) => i.line)).toEqual([2]);
    expect(file.problems.map((p) => p.line)).toEqual([3, 4, 5]);
  });

  it('when an address hides a zero-width space, then it is still accepted', () => {
    const file = readInvitees('email\nann@example.org\u200B\n');
    expect(file.invitees[0]?.email).toBe('ann@example.org');
  });

  it('when the file has only a header, then there are no invitees and no problems', () => {
    expect(readInvitees('email,name\n')).toEqual({ invitees: [], problems: [], ignoredColumns: [], rowCount: 0 });
  });
});
