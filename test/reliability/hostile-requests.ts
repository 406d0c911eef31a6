/**
 * Hostile and malformed SendGrid Inbound Parse posts, as fast-check arbitraries: the fuzz test's input.
 */
import fc from 'fast-check';
import { buildMultipart, buildParsedPayload } from '../helpers/inbound-payload.js';

export const MAX_MB = 2;

/** What an attacker puts in every field: header injection, HTML, template syntax, odd characters. */
export const HOSTILE = [
  '<script>alert(1)</script>',
  '<SCRIPT SRC=//evil.example/x.js></SCRIPT>',
  '<img src=x onerror=alert(1)>',
  '{{constructor.constructor "alert(1)"}}',
  '{{{raw}}} {{> partial}} {{#each this}}x{{/each}}',
  'Hi\r\nBcc: victim@evil.example',
  'Re: hello\r\n\r\n<html>injected body',
  'x\nX-Injected: yes',
  '=?utf-8?B?PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==?=',
  '"; DROP TABLE people; --',
  '\u0000\u0007\u001b[31m\u2028\u2029\u202e',
  '../../../../etc/passwd', // not-a-path: attack-input
  '${process.env}',
  'Name: <script>x</script>\nPhone: 07700 900123\nOrganisation: {{org}}',
  'STOP\r\nBcc: x@y',
];
const hostile = fc.oneof(fc.constantFrom(...HOSTILE), fc.string({ maxLength: 60 }), fc.string({ unit: 'binary', maxLength: 80 }));
const hostileText = fc.array(hostile, { minLength: 1, maxLength: 4 }).map((xs) => xs.join('\n'));

export const INVITED = Array.from({ length: 8 }, (_, i) => `invited${i}@fuzz-org${i % 3}.gov.uk`);
const sender = fc.oneof(
  fc.constantFrom(...INVITED),
  fc.constantFrom('stranger@elsewhere.example', 'new@allowed.gov.uk', 'MAILER-DAEMON@mx.example', 'hello@unmentoring.test'),
  hostile.map((h) => `${h}@x.example`),
  hostile,
);

export type Spec = { kind: string; body: Buffer; contentType: string };

/** A parsed-mode post with hostile values, some fields dropped, wrong charsets. */
const parsedMode = fc
  .record({
    from: sender,
    fromName: hostile,
    subject: hostile,
    text: hostileText,
    html: fc.option(hostileText.map((t) => `<p>${t}</p><script>steal()</script>`), { nil: undefined }),
    charset: fc.constantFrom('utf-8', 'iso-8859-1', 'windows-1252') as fc.Arbitrary<'utf-8' | 'iso-8859-1' | 'windows-1252'>,
    drop: fc.subarray(['headers', 'from', 'to', 'subject', 'text', 'charsets', 'envelope', 'dkim', 'SPF']),
    charsets: fc.option(fc.constantFrom('{"text":"x-unknown","html":"utf-7"}', '{not json', '{"text":"utf-16le"}', '[]'), { nil: undefined }),
    messageId: fc.option(hostile.map((h) => `<${h}@fuzz>`), { nil: undefined }),
    extraHeader: fc.option(fc.tuple(hostile, hostile), { nil: undefined }),
  })
  .map((r): Spec => {
    const p = buildParsedPayload({
      from: r.from,
      fromName: r.fromName,
      to: 'reply+0123456789abcdef0123456789abcdef@reply.unmentoring.test',
      subject: r.subject,
      text: r.text,
      ...(r.html !== undefined ? { html: r.html } : {}),
      charset: r.charset,
      ...(r.messageId ? { messageId: r.messageId } : {}),
      ...(r.extraHeader ? { headers: { [r.extraHeader[0].replace(/[:\s]/g, '') || 'X-Fuzz']: r.extraHeader[1] } } : {}),
    });
    // Take the post apart, drop or replace fields, put it back together (the boundary is reused).
    const boundary = /boundary=(.*)$/.exec(p.contentType)![1]!;
    const parts = p.body
      .toString('latin1')
      .split(`--${boundary}`)
      .slice(1, -1)
      .map((chunk) => {
        const m = /name="([^"]*)"[^\r]*\r\n(?:[^\r]+\r\n)*\r\n([\s\S]*)\r\n$/.exec(chunk);
        return m ? { name: m[1]!, value: Buffer.from(m[2]!, 'latin1') as Buffer } : null;
      })
      .filter((x): x is { name: string; value: Buffer } => x !== null)
      .filter((x) => !r.drop.includes(x.name))
      .map((x) => (x.name === 'charsets' && r.charsets ? { name: x.name, value: Buffer.from(r.charsets) } : x));
    return { kind: 'parsed', ...buildMultipart(parts, boundary) };
  });

/** Raw mode: a MIME message nested up to 60 levels deep, hostile headers. */
const rawMode = fc
  .record({ depth: fc.integer({ min: 0, max: 60 }), from: sender, subject: hostile, text: hostileText, header: hostile, cte: fc.constantFrom('7bit', 'base64', 'quoted-printable', 'x-bogus') })
  .map((r): Spec => {
    let body = `Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: ${r.cte}\r\n\r\n${r.text}\r\n`;
    for (let d = 0; d < r.depth; d++) {
      const b = `b${d}`;
      body = `Content-Type: multipart/mixed; boundary="${b}"\r\n\r\n--${b}\r\n${body}\r\n--${b}\r\nContent-Type: text/html\r\n\r\n<script>${d}</script>\r\n--${b}--\r\n`;
    }
    const mime = `From: ${r.from}\r\nTo: reply+0123456789abcdef0123456789abcdef@reply.unmentoring.test\r\nSubject: ${r.subject}\r\nMessage-ID: <raw-${Math.abs(r.depth)}-${r.subject.length}@fuzz>\r\nX-Fuzz: ${r.header}\r\nMIME-Version: 1.0\r\n${body}`;
    return { kind: 'raw', ...buildMultipart([{ name: 'email', value: Buffer.from(mime, 'utf8') }, { name: 'to', value: 'reply@reply.unmentoring.test' }, { name: 'from', value: r.from }]) };
  });

/** Broken multipart: truncated, boundary wrong, part headers mangled. */
const broken = fc
  .record({ base: parsedMode, cut: fc.double({ min: 0, max: 1, noNaN: true }), how: fc.constantFrom('truncate', 'boundary', 'no-boundary', 'wrong-type', 'header-crlf', 'nul') })
  .map(({ base, cut, how }): Spec => {
    const b = base.body;
    switch (how) {
      case 'truncate':
        return { kind: 'broken', body: b.subarray(0, Math.floor(b.length * cut)), contentType: base.contentType };
      case 'boundary':
        return { kind: 'broken', body: b, contentType: 'multipart/form-data; boundary=not-the-boundary' };
      case 'no-boundary':
        return { kind: 'broken', body: b, contentType: 'multipart/form-data' };
      case 'wrong-type':
        return { kind: 'broken', body: b, contentType: cut < 0.5 ? 'application/json' : 'text/plain; charset=utf-16' };
      case 'header-crlf':
        return { kind: 'broken', body: Buffer.from(b.toString('latin1').replace(/name="text"/, 'name="te\r\nxt"\r\nBcc: x@y'), 'latin1'), contentType: base.contentType };
      default:
        return { kind: 'broken', body: Buffer.concat([b.subarray(0, 100), Buffer.alloc(50, 0), b.subarray(100)]), contentType: base.contentType };
    }
  });

const garbage = fc
  .record({ bytes: fc.uint8Array({ maxLength: 4000 }), ct: fc.option(fc.constantFrom('multipart/form-data; boundary=x', 'multipart/form-data; boundary=', 'application/octet-stream', 'text/html'), { nil: undefined }) })
  .map((r): Spec => ({ kind: 'garbage', body: Buffer.from(r.bytes), contentType: r.ct ?? '' }));

/** Huge fields: within the limit (kept sane: about 1 MB), and over it (413). */
const huge = fc.record({ over: fc.boolean(), fill: fc.constantFrom('a', '<', '\u00e9', '\r\n') }).map((r): Spec => {
  const size = r.over ? MAX_MB * 1024 * 1024 + 1000 : 900 * 1024;
  const p = buildMultipart([
    { name: 'from', value: INVITED[0]! },
    { name: 'to', value: 'reply@reply.unmentoring.test' },
    { name: 'subject', value: 'big' },
    { name: 'text', value: Buffer.from(r.fill.repeat(Math.ceil(size / Buffer.byteLength(r.fill))).slice(0, size)) },
  ]);
  return { kind: r.over ? 'over-limit' : 'huge', ...p };
});

export const requestSpec: fc.Arbitrary<Spec> = fc.oneof(
  { arbitrary: parsedMode, weight: 40 },
  { arbitrary: rawMode, weight: 20 },
  { arbitrary: broken, weight: 20 },
  { arbitrary: garbage, weight: 17 },
  { arbitrary: huge, weight: 3 },
);

