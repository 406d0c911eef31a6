/**
 * Reads an organiser's invitation CSV and checks every row.
 *
 * Pure: takes the file's bytes (the CLI reads the file) and returns the valid,
 * first-seen invitees plus a list of problems, so the organiser sees every
 * problem in one go. Only a file that cannot be read as CSV at all (no email
 * column, an unclosed quote, an Excel workbook…) throws a `CsvError`.
 */
import { isUtf8 } from 'node:buffer';
import { parse, CsvError as ParseError } from 'csv-parse/sync';
import validator from 'validator';

export interface Invitee {
  /** Physical line in the file where the row starts (1 = the header line). */
  line: number;
  /** Trimmed, lowercased, validated address. */
  email: string;
  name: string | null;
  organisation: string | null;
}

export interface InviteeProblem {
  line: number;
  /** Plain English, starting "line N: ". */
  message: string;
}

export interface InviteeFile {
  /** Valid rows only, first occurrence of each address, in file order. */
  invitees: Invitee[];
  /** In file order. */
  problems: InviteeProblem[];
  /** Header names (as written, trimmed) of columns that were not used. */
  ignoredColumns: string[];
  /** Data rows seen (blank rows not counted), valid or not. */
  rowCount: number;
}

/** The file cannot be read as an invitation CSV at all. */
export class CsvError extends Error {
  /** The line the trouble is on, when there is one. */
  readonly line: number | null;

  constructor(message: string, line: number | null = null) {
    super(message);
    this.name = 'CsvError';
    this.line = line;
  }
}

/** Longest name or organisation kept, in characters. */
export const MAX_TEXT_LENGTH = 200;
/** Longest cell value quoted back in a problem message. */
const MAX_SHOWN_LENGTH = 80;

type Field = 'email' | 'name' | 'firstName' | 'lastName' | 'organisation';

/**
 * Header aliases, compared after `headerKey()` (lowercase, no spaces, dashes,
 * underscores or dots). Earlier aliases win when a file has several matching
 * columns, e.g. "Organisation" beats "Department".
 */
const ALIASES: Record<Field, readonly string[]> = {
  email: ['email', 'emailaddress', 'mail', 'mailaddress', 'workemail', 'workemailaddress'],
  name: ['name', 'fullname', 'displayname'],
  firstName: ['firstname', 'givenname', 'forename', 'forenames'],
  lastName: ['lastname', 'surname', 'familyname'],
  organisation: [
    'organisation',
    'organization',
    'organisationname',
    'organizationname',
    'org',
    'orgname',
    'employer',
    'department',
    'dept',
    'company',
    'agency',
  ],
};

const FIELDS = Object.keys(ALIASES) as Field[];

// One shared object on purpose: isEmail copies its defaults INTO the options it
// is given, which is slow on a fresh object every call.
const EMAIL_OPTIONS: validator.IsEmailOptions = {
  require_tld: true,
  allow_display_name: false,
  allow_ip_domain: false,
  allow_utf8_local_part: true,
  // Checked more cheaply in isEmailAddress (it is a third of isEmail's time).
  ignore_max_length: true,
};

/** validator's isEmail, with the RFC 5321 length limits (64-byte local part, 254 in all). */
function isEmailAddress(email: string): boolean {
  if (email.length > 254) return false; // UTF-16 units never exceed UTF-8 bytes
  const at = email.lastIndexOf('@');
  if (at > 64 || (at > 21 && Buffer.byteLength(email.slice(0, at)) > 64)) return false;
  if (email.length > 84 && Buffer.byteLength(email) > 254) return false;
  return validator.isEmail(email, EMAIL_OPTIONS);
}

// Characters that are invisible but break matching: zero-width space, word joiner, BOM.
const INVISIBLE = /[\u200B\u2060\uFEFF]/g;
const INVISIBLE_TEST = /[\u200B\u2060\uFEFF]/;
// C0/C1 controls (whitespace is collapsed to spaces before this runs) and bidi overrides.
const CONTROL = /[\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069\u200B\u2060\uFEFF]/g;
const WHITESPACE = /\s+/g;
// Anything but single spaces between visible characters (a fast path for clean values).
const NEEDS_CLEANING =
  /\s\s|[^\S ]|[\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069\u200B\u2060\uFEFF]/;
const ANGLE_ADDRESS = /^([^<>]*)<([^<>]*)>$/;
const MAILTO = /^mailto:/i;
const ADDRESS_BREAKS = /[\s,;<>"]+/;

/** Whether some word of the text is an address (something@something.something): split, then string code. */
function looksLikeEmail(text: string): boolean {
  for (const word of text.split(ADDRESS_BREAKS)) {
    const parts = word.split('@');
    for (let i = 1; i < parts.length; i++) {
      if (parts[i - 1] !== '' && parts[i]!.slice(1, -1).includes('.')) return true;
    }
  }
  return false;
}

/**
 * Reads and checks an invitation CSV.
 *
 * @throws {CsvError} when the file is empty, is a spreadsheet rather than CSV,
 *   has no email column, or has a quoting error that stops it being read.
 */
export function readInvitees(bytes: Buffer | string): InviteeFile {
  let buf = toUtf8(bytes);

  // Excel's "sep=;" hint line.
  let lineOffset = 0;
  let delimiter: string | null = null;
  const sep = /^sep=([^\r\n])\r?\n/i.exec(buf.subarray(0, 8).toString('latin1'));
  if (sep) {
    delimiter = sep[1]!;
    buf = buf.subarray(sep[0].length);
    lineOffset = 1;
  }
  delimiter ??= detectDelimiter(buf);

  const state: State = {
    header: null,
    headerLength: 0,
    columns: { email: -1, name: -1, firstName: -1, lastName: -1, organisation: -1 },
    seen: new Map(),
    result: { invitees: [], problems: [], ignoredColumns: [], rowCount: 0 },
  };

  let records: string[][];
  try {
    records = parse(buf, {
      delimiter,
      bom: false,
      // Every kind of line ending ends a record, even when a file mixes them.
      record_delimiter: ['\r\n', '\n', '\r'],
      relax_column_count: true,
      relax_quotes: true,
      // Empty lines come through as [''] so that line numbers can be counted
      // from the records alone (csv-parse's `info.lines` is the line a record
      // ENDS on and counts a CRLF inside a quoted value twice).
      skip_empty_lines: false,
    });
  } catch (err) {
    if (err instanceof ParseError) throw explainParseError(err, buf, lineOffset);
    throw err;
  }

  let line = 1 + lineOffset;
  for (const record of records) {
    handleRecord(state, record, line, delimiter);
    line += 1 + lineBreaksIn(record);
  }

  if (state.header === null) {
    throw new CsvError(
      'The file is empty. It needs a header row (for example: email,name,organisation) and then one row per person.',
    );
  }
  return state.result;
}

interface State {
  header: string[] | null;
  headerLength: number;
  columns: Record<Field, number>;
  /** Lowercased address → line it was first seen on. */
  seen: Map<string, number>;
  result: InviteeFile;
}

function handleRecord(state: State, record: string[], line: number, delimiter: string): void {
  if (isBlank(record)) return; // ",,," rows and whitespace-only lines
  if (state.header === null) {
    readHeader(state, record, line);
    return;
  }
  state.result.rowCount++;
  const message = checkRow(state, record, line, delimiter);
  if (message !== null) state.result.problems.push({ line, message: `line ${line}: ${message}` });
}

/** Adds the row to the invitees, or says what is wrong with it. */
function checkRow(state: State, record: string[], line: number, delimiter: string): string | null {
  const { columns } = state;
  const expected = state.headerLength;
  if (record.length < expected || (record.length > expected && !isBlank(record.slice(expected)))) {
    const count = `has ${record.length} ${record.length === 1 ? 'value' : 'values'} but the header has ${expected} columns`;
    if (record.length < expected) return count;
    const delimiterName = delimiter === ',' ? 'comma' : delimiter === ';' ? 'semicolon' : 'tab';
    return `${count} (a value containing a ${delimiterName} must be wrapped in double quotes)`;
  }

  // A quote opened and closed much later swallows whole rows into one value.
  for (const field of FIELDS) {
    const value = cellAt(record, columns[field]);
    if (value.indexOf('\n') < 0 && value.indexOf('\r') < 0) continue;
    if (looksLikeEmail(value.slice(value.search(/[\r\n]/)))) {
      return 'a quoted value runs over several lines and seems to contain other rows; check for a missing closing quote (")';
    }
  }

  const written = cellAt(record, columns.email);
  const parsed = parseEmail(written);
  if (parsed.empty) return 'no email address';
  if (!isEmailAddress(parsed.email)) return `"${shown(written)}" is not an email address`;
  const firstLine = state.seen.get(parsed.email);
  if (firstLine !== undefined) return `${parsed.email} is already on line ${firstLine}`;
  state.seen.set(parsed.email, line);

  let name = cleanText(cellAt(record, columns.name));
  if (name === null && columns.name < 0 && (columns.firstName >= 0 || columns.lastName >= 0)) {
    name = cleanText(`${cellAt(record, columns.firstName)} ${cellAt(record, columns.lastName)}`);
  }
  if (name === null && parsed.displayName !== '') name = cleanText(parsed.displayName);

  state.result.invitees.push({
    line,
    email: parsed.email,
    name,
    organisation: cleanText(cellAt(record, columns.organisation)),
  });
  return null;
}

function cellAt(record: readonly string[], index: number): string {
  return index < 0 ? '' : (record[index] ?? '');
}

function readHeader(state: State, record: string[], line: number): void {
  state.header = record;
  state.headerLength = record.length;
  const keys = record.map(headerKey);

  for (const field of FIELDS) {
    const aliases = ALIASES[field];
    let best = -1;
    let bestRank = Infinity;
    keys.forEach((key, i) => {
      const rank = aliases.indexOf(key);
      if (rank >= 0 && rank < bestRank) {
        best = i;
        bestRank = rank;
      }
    });
    state.columns[field] = best;
  }
  // A full-name column makes first/last name columns redundant.
  if (state.columns.name >= 0) {
    state.columns.firstName = -1;
    state.columns.lastName = -1;
  }

  const used = new Set(Object.values(state.columns));
  state.result.ignoredColumns = record
    .map((h, i) => ({ h: h.trim(), i }))
    .filter(({ h, i }) => h !== '' && !used.has(i))
    .map(({ h }) => h);

  if (state.columns.email < 0) {
    const found = record.map((h) => h.trim()).filter((h) => h !== '');
    const list = found.map((h) => `"${shown(h)}"`).join(', ');
    if (found.some((h) => h.includes('@'))) {
      throw new CsvError(
        `The first line must be a header naming the columns (for example: email,name,organisation), ` +
          `but line ${line} looks like data: ${list}. Add a header row at the top.`,
        line,
      );
    }
    throw new CsvError(
      `The file has no email column. Columns found: ${list || '(none)'}. ` +
        `Name the column with the addresses "email" (or "e-mail", "email address").`,
      line,
    );
  }
}

interface ParsedEmail {
  email: string;
  displayName: string;
  /** The cell had nothing in it at all. */
  empty: boolean;
}

function parseEmail(written: string): ParsedEmail {
  let value = (INVISIBLE_TEST.test(written) ? written.replace(INVISIBLE, '') : written).trim();
  if (value === '') return { email: '', displayName: '', empty: true };
  let displayName = '';
  const angle = value.endsWith('>') ? ANGLE_ADDRESS.exec(value) : null;
  if (angle) {
    displayName = angle[1]!.trim().replace(/^(["'])(.*)\1$/s, '$2').trim();
    value = angle[2]!.trim();
  }
  if ((value.charCodeAt(0) | 0x20) === 0x6d && MAILTO.test(value)) {
    value = value.slice('mailto:'.length);
    const query = value.indexOf('?');
    if (query >= 0) value = value.slice(0, query);
    value = value.trim();
  }
  return { email: value.toLowerCase(), displayName, empty: false };
}

/** Trim, collapse whitespace, drop control characters, NFC; empty → null; capped. */
function cleanText(value: string): string | null {
  if (value === '') return null;
  let text = NEEDS_CLEANING.test(value)
    ? value.replace(WHITESPACE, ' ').replace(CONTROL, '').trim()
    : value.trim();
  if (text === '') return null;
  text = text.normalize('NFC');
  if (text.length > MAX_TEXT_LENGTH) {
    text = truncate(text, MAX_TEXT_LENGTH, '').trim();
  }
  return text;
}

/** A cell value as written, on one line, for a problem message. */
function shown(value: string): string {
  const oneLine = value.replace(WHITESPACE, ' ').replace(CONTROL, '').trim();
  return oneLine.length > MAX_SHOWN_LENGTH ? truncate(oneLine, MAX_SHOWN_LENGTH - 1, '…') : oneLine;
}

/** Cuts to at most `max` UTF-16 units without splitting a surrogate pair. */
function truncate(text: string, max: number, suffix: string): string {
  let end = max;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return text.slice(0, end) + suffix;
}

function headerKey(header: string): string {
  return header.replace(INVISIBLE, '').trim().toLowerCase().replace(/[\s_.\-]+/g, '');
}

function isBlank(record: readonly string[]): boolean {
  for (const v of record) if (v.trim() !== '') return false;
  return true;
}

/**
 * Bytes as UTF-8 without a BOM. Handles UTF-8 (with or without BOM),
 * UTF-16 LE/BE with BOM (Excel "Unicode text"), and falls back to
 * Windows-1252 (Excel's older "CSV (Comma delimited)") when the bytes
 * are not valid UTF-8.
 */
function toUtf8(bytes: Buffer | string): Buffer {
  if (typeof bytes === 'string') {
    return Buffer.from(bytes.charCodeAt(0) === 0xfeff ? bytes.slice(1) : bytes, 'utf8');
  }
  const b = bytes;
  if (b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04) {
    throw new CsvError(notCsv('an Excel workbook (.xlsx)'));
  }
  if (b.length >= 4 && b[0] === 0xd0 && b[1] === 0xcf && b[2] === 0x11 && b[3] === 0xe0) {
    throw new CsvError(notCsv('an old-style Excel workbook (.xls)'));
  }
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return b.subarray(3);
  if (b[0] === 0xff && b[1] === 0xfe) {
    return Buffer.from(b.subarray(2).toString('utf16le'), 'utf8');
  }
  if (b[0] === 0xfe && b[1] === 0xff) {
    const swapped = Buffer.from(b.subarray(2, 2 + ((b.length - 2) & ~1)));
    return Buffer.from(swapped.swap16().toString('utf16le'), 'utf8');
  }
  if (isUtf8(b)) return b;
  return Buffer.from(new TextDecoder('windows-1252').decode(b), 'utf8');
}

function notCsv(what: string): string {
  return (
    `This looks like ${what}, not a CSV file. ` +
    `In Excel, use File > Save As and choose "CSV UTF-8 (Comma delimited) (*.csv)".`
  );
}

/**
 * Comma unless the first line has none outside quotes; then tab or semicolon,
 * whichever it has more of (Excel uses ";" in many European locales and tabs
 * for "Unicode text").
 */
function detectDelimiter(buf: Buffer): string {
  let commas = 0;
  let semicolons = 0;
  let tabs = 0;
  let quoted = false;
  let started = false;
  for (let i = 0; i < buf.length; i++) {
    const c = buf[i];
    if (c === 0x22) quoted = !quoted;
    else if (quoted) continue;
    else if (c === 0x0a || c === 0x0d) {
      if (started) break;
    } else if (c === 0x2c) commas++;
    else if (c === 0x3b) semicolons++;
    else if (c === 0x09) tabs++;
    started = started || (c !== 0x0a && c !== 0x0d);
  }
  if (commas > 0) return ',';
  if (tabs > 0 && tabs >= semicolons) return '\t';
  if (semicolons > 0) return ';';
  return ',';
}

/** Line breaks inside a record's (quoted) values: CRLF, LF and lone CR count one each. */
function lineBreaksIn(record: readonly string[]): number {
  let breaks = 0;
  for (const value of record) {
    if (value.indexOf('\n') < 0 && value.indexOf('\r') < 0) continue;
    for (let i = 0; i < value.length; i++) {
      const c = value.charCodeAt(i);
      if (c === 0x0a || (c === 0x0d && value.charCodeAt(i + 1) !== 0x0a)) breaks++;
    }
  }
  return breaks;
}

/** Physical line (1-based) of a byte offset, counted the same way. */
function lineAt(buf: Buffer, offset: number): number {
  let line = 1;
  const end = Math.min(offset, buf.length);
  for (let i = 0; i < end; i++) {
    const c = buf[i];
    if (c === 0x0a || (c === 0x0d && buf[i + 1] !== 0x0a)) line++;
  }
  return line;
}

function explainParseError(err: ParseError, buf: Buffer, lineOffset: number): CsvError {
  // `bytes` is where csv-parse last finished a value: the delimiter or line
  // ending just before the value that went wrong.
  let at = typeof err['bytes'] === 'number' ? err['bytes'] : 0;
  while (at < buf.length && (buf[at] === 0x0a || buf[at] === 0x0d)) at++;
  const line = lineAt(buf, at) + lineOffset;
  switch (err.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return new CsvError(
        `line ${line}: a value starts with a double quote (") that is never closed, so the rest of the file ` +
          `cannot be read. Add the missing closing quote, or remove the opening one.`,
        line,
      );
    case 'CSV_INVALID_CLOSING_QUOTE':
      return new CsvError(
        `line ${line}: a quoted value has more text after its closing double quote ("). ` +
          `Wrap the whole value in quotes and double any quotes inside it, for example "Jo ""JJ"" Smith".`,
        line,
      );
    default:
      return new CsvError(`line ${line}: the file cannot be read as CSV (${err.message}).`, line);
  }
}
