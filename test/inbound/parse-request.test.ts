import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MAX_CALENDAR_BYTES, MAX_CONTACT_CARD_READ_BYTES, MalformedInboundError } from '../../src/inbound/email.js';
import { readCalendarReply } from '../../src/bookings/calendar.js';
import { parseInboundRequest } from '../../src/inbound/parse-request.js';
import {
  buildMultipart,
  buildParsedPayload,
  buildRawPayload,
  encodeText,
  sendgridSample,
  type PayloadOptions,
} from '../helpers/inbound-payload.js';

const BASE: PayloadOptions = {
  from: 'Sian.Jones@Example.ORG',
  fromName: 'Siân Jones',
  to: 'Reply+abc@In.Example.org',
  subject: 'Re: Coffee next week?',
  text: 'Yes please!\n\n> On Monday you wrote:\n> Coffee?',
};

async function malformed(promise: Promise<unknown>): Promise<MalformedInboundError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(MalformedInboundError);
  return err as MalformedInboundError;
}

describe('SendGrid sample posts', () => {
  it('when the parsed-mode sample is posted, then its fields come out', async () => {
    const { body, contentType } = sendgridSample('default_data.txt');
    const mail = await parseInboundRequest(body, contentType);
    expect(mail.mode).toBe('parsed');
    expect(mail.from).toEqual({ email: 'test@example.com', name: 'Example User' });
    expect(mail.to).toEqual([{ email: 'inbound@inbound.example.com', name: null }]);
    expect(mail.subject).toBe('Testing non-raw');
    expect(mail.text).toBe('Hello Twilio SendGrid!\r\n');
    expect(mail.html).toBe('<html><body><strong>Hello Twilio SendGrid!</body></html>\r\n');
    expect(mail.envelope).toEqual({ from: 'test@example.com', to: ['inbound@inbound.example.com'] });
    expect(mail.spf).toBe('pass');
    expect(mail.dkim).toBe('{@sendgrid.com : pass}');
    expect(mail.headers['subject']).toBe('Inbound Parse Test Data');
    expect(mail.contentType).toBe('multipart/alternative; boundary=001a113df448cad2d00539c16e89');
    expect(mail.attachments).toBe(0);
    expect(mail.messageId).toBeNull();
  });

  it('when the raw-mode sample is posted, then the MIME message is parsed', async () => {
    const { body, contentType } = sendgridSample('raw_data.txt');
    const mail = await parseInboundRequest(body, contentType);
    expect(mail.mode).toBe('raw');
    expect(mail.from).toEqual({ email: 'test@example.com', name: 'Example User' });
    expect(mail.to).toEqual([{ email: 'inbound@inbound.inbound.com', name: null }]);
    expect(mail.subject).toBe('Inbound Parse Test Raw Data');
    expect(mail.text?.trim()).toBe('Hello Twilio SendGrid!');
    expect(mail.html?.trim()).toBe('<html><body><strong>Hello Twilio SendGrid!</body></html>');
    expect(mail.contentType).toMatch(/^multipart\/alternative; boundary=001a113ee97c89842f0539be8e7a$/);
    expect(mail.attachments).toBe(0);
    expect(mail.spf).toBe('pass');
  });

  it('when the raw-mode sample with an attachment is posted, then the attachment is counted', async () => {
    const { body, contentType } = sendgridSample('raw_data_with_attachments.txt');
    const mail = await parseInboundRequest(body, contentType);
    expect(mail.mode).toBe('raw');
    expect(mail.attachments).toBe(1);
    expect(mail.subject).toBe('Inbound Parse Test Raw Data with Attachment');
    expect(mail.text?.trim()).toBe('Hello Twilio SendGrid!');
  });

  it('when a sample keeps its LF line ends, then it is refused as broken multipart', async () => {
    const { body, contentType } = sendgridSample('default_data.txt');
    const lf = Buffer.from(body.toString('latin1').replace(/\r\n/g, '\n'), 'latin1');
    await malformed(parseInboundRequest(lf, contentType));
  });
});

describe('parsed mode', () => {
  it('when a reply is posted, then addresses are lowercased, To and Cc merged and deduplicated', async () => {
    const { body, contentType } = buildParsedPayload({
      ...BASE,
      to: ['Reply+abc@In.Example.org', 'Other@Example.org'],
      cc: ['other@example.org', '"Zoë Ward" <Zoe@Example.org>'],
    });
    const mail = await parseInboundRequest(body, contentType);
    expect(mail.mode).toBe('parsed');
    expect(mail.from).toEqual({ email: 'sian.jones@example.org', name: 'Siân Jones' });
    expect(mail.to).toEqual([
      { email: 'reply+abc@in.example.org', name: null },
      { email: 'other@example.org', name: null },
      { email: 'zoe@example.org', name: 'Zoë Ward' },
    ]);
    expect(mail.subject).toBe('Re: Coffee next week?');
    expect(mail.text).toBe('Yes please!\r\n\r\n> On Monday you wrote:\r\n> Coffee?\r\n');
    expect(mail.html).toBeNull();
    expect(mail.spf).toBe('pass');
    expect(mail.dkim).toBe('{@Example.ORG : pass}');
  });

  it('when text arrives as ISO-8859-1 bytes, then it is decoded with the charset SendGrid names', async () => {
    const { body, contentType } = buildParsedPayload({ ...BASE, text: 'Siân, Zoë, café, £20', charset: 'iso-8859-1' });
    // The bytes on the wire really are Latin-1: "é" is the single byte 0xE9.
    expect(body.includes(Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x2c]))).toBe(true);
    expect(body.includes(Buffer.from('café', 'utf8'))).toBe(false);
    const mail = await parseInboundRequest(body, contentType);
    expect(mail.text).toBe('Siân, Zoë, café, £20\r\n');
  });

  it('when text and html arrive as Windows-1252 bytes, then curly quotes, dashes and euros survive', async () => {
    const text = 'It’s “great” – costs €5 … Zoë';
    const { body, contentType } = buildParsedPayload({ ...BASE, text, html: `<p>${text}</p>`, charset: 'windows-1252' });
    expect(body.includes(encodeText('“great” – costs €5', 'windows-1252'))).toBe(true);
    const mail = await parseInboundRequest(body, contentType);
    expect(mail.text).toBe(`${text}\r\n`);
    expect(mail.html).toBe(`<p>${text}</p>\r\n`);
  });

  it('when text arrives as UTF-8 bytes, then multi-byte characters survive', async () => {
    const text = 'Siân, Zoë, café, £20, 日本語, 🙂';
    const { body, contentType } = buildParsedPayload({ ...BASE, text, charset: 'utf-8' });
    const mail = await parseInboundRequest(body, contentType);
    expect(mail.text).toBe(`${text}\r\n`);
  });

  it('when text holds bytes invalid in its charset or an unknown charset, then it decodes without throwing', async () => {
    const payload = buildMultipart([
      { name: 'from', value: 'a@example.org' },
      { name: 'text', value: Buffer.from([0x6f, 0x6b, 0xff, 0xfe, 0x21]) },
      { name: 'html', value: Buffer.from('caf\u00e9', 'utf8') },
      { name: 'charsets', value: '{"text":"UTF-8","html":"x-no-such-charset"}' },
    ]);
    const mail = await parseInboundRequest(payload.body, payload.contentType);
    expect(mail.text).toBe('ok\ufffd\ufffd!');
    expect(mail.html).toBe('café');
  });

  it('when a field part declares its own charset or looks like a file, then its text is still read', async () => {
    const payload = buildMultipart([
      { name: 'from', value: 'a@example.org', contentType: 'text/plain; charset=utf-8' },
      { name: 'subject', value: 'Café 日本', contentType: 'text/plain; charset=utf-8' },
      { name: 'text', value: encodeText('Zoë’s reply', 'windows-1252'), contentType: 'application/octet-stream' },
      { name: 'charsets', value: '{"text":"windows-1252","subject":"UTF-8"}' },
    ]);
    const mail = await parseInboundRequest(payload.body, payload.contentType);
    expect(mail.subject).toBe('Café 日本');
    expect(mail.text).toBe('Zoë’s reply');
    expect(mail.attachments).toBe(0);
  });

  it('when the reply has only HTML, then text stays null', async () => {
    const { body, contentType } = buildParsedPayload({ ...BASE, text: undefined, html: '<p>Yes <b>please</b></p>' });
    const mail = await parseInboundRequest(body, contentType);
    expect(mail.text).toBeNull();
    expect(mail.html).toBe('<p>Yes <b>please</b></p>\r\n');
  });

  it('when subject and names are encoded words, then they are decoded', async () => {
    const payload = buildMultipart([
      { name: 'headers', value: 'From: =?UTF-8?B?Wm/DqyBXYXJk?= <zoe@example.org>\r\nSubject: =?UTF-8?B?UmU6IENhZsOp?=\r\n' },
      { name: 'from', value: '=?UTF-8?B?Wm/DqyBXYXJk?= <Zoe@Example.org>' },
      { name: 'to', value: '=?ISO-8859-1?Q?Si=E2n?= <reply@in.example.org>' },
      { name: 'subject', value: '=?UTF-8?Q?Re=3A_caf=C3=A9_=C2=A320?=' },
      { name: 'text', value: 'hi' },
    ]);
    const mail = await parseInboundRequest(payload.body, payload.contentType);
    expect(mail.from).toEqual({ email: 'zoe@example.org', name: 'Zoë Ward' });
    expect(mail.to).toEqual([{ email: 'reply@in.example.org', name: 'Siân' }]);
    expect(mail.subject).toBe('Re: café £20');
  });

  it('when only the headers block names sender, recipients and subject, then they come from it', async () => {
    const payload = buildMultipart([
      {
        name: 'headers',
        value:
          'From: =?UTF-8?B?U2nDom4=?= <Sian@Example.org>\r\nTo: a@example.org,\r\n b@example.org\r\nCc: C@example.org\r\n' +
          'Subject: =?UTF-8?B?Q2Fmw6k=?=\r\n =?UTF-8?B?IGF0IDEw?=\r\n',
      },
      { name: 'text', value: 'hi' },
    ]);
    const mail = await parseInboundRequest(payload.body, payload.contentType);
    expect(mail.from).toEqual({ email: 'sian@example.org', name: 'Siân' });
    expect(mail.to.map((a) => a.email)).toEqual(['a@example.org', 'b@example.org', 'c@example.org']);
    expect(mail.subject).toBe('Café at 10');
    expect(mail.headers['to']).toBe('a@example.org, b@example.org');
  });

  it('when the headers carry Message-ID, In-Reply-To and References, then they are read in order', async () => {
    const { body, contentType } = buildParsedPayload({
      ...BASE,
      messageId: '<reply-1@mail.example.net>',
      inReplyTo: '<invite-7@unmentoring.example>',
      references: ['<intro-1@unmentoring.example>', '<invite-7@unmentoring.example>'],
    });
    const mail = await parseInboundRequest(body, contentType);
    expect(mail.messageId).toBe('<reply-1@mail.example.net>');
    expect(mail.inReplyTo).toBe('<invite-7@unmentoring.example>');
    expect(mail.references).toEqual(['<intro-1@unmentoring.example>', '<invite-7@unmentoring.example>']);
  });

  it('when auto-reply headers are present, then they are kept with lowercased names', async () => {
    const { body, contentType } = buildParsedPayload({
      ...BASE,
      headers: {
        'Auto-Submitted': 'auto-replied',
        'X-Autoreply': 'yes',
        Precedence: 'bulk',
        'X-Auto-Response-Suppress': 'All',
        'X-Repeated': 'one',
        'x-repeated': 'two',
      },
    });
    const mail = await parseInboundRequest(body, contentType);
    expect(mail.headers['auto-submitted']).toBe('auto-replied');
    expect(mail.headers['x-autoreply']).toBe('yes');
    expect(mail.headers['precedence']).toBe('bulk');
    expect(mail.headers['x-auto-response-suppress']).toBe('All');
    expect(mail.headers['x-repeated']).toBe('one, two');
    expect(mail.headers['Auto-Submitted']).toBeUndefined();
  });

  it('when files are attached, then they are counted and their content dropped', async () => {
    const { body, contentType } = buildParsedPayload({
      ...BASE,
      attachments: [
        { filename: 'cv.pdf', contentType: 'application/pdf', content: Buffer.from('%PDF-1.4 fake') },
        { filename: 'photo.jpg', contentType: 'image/jpeg', content: Buffer.alloc(5000, 0xff) },
      ],
    });
    const mail = await parseInboundRequest(body, contentType);
    expect(mail.attachments).toBe(2);
    expect(JSON.stringify(mail)).not.toContain('PDF-1.4');
    expect(mail.text).toContain('Yes please!');
  });

  it('when the envelope is not JSON, then it is treated as absent', async () => {
    const payload = buildMultipart([
      { name: 'from', value: 'a@example.org' },
      { name: 'text', value: 'hi' },
      { name: 'envelope', value: '{"to":["x@' },
    ]);
    const mail = await parseInboundRequest(payload.body, payload.contentType);
    expect(mail.envelope).toEqual({ from: null, to: [] });
    expect(mail.from).toEqual({ email: 'a@example.org', name: null });
  });

  it('when a 25 MB text field is posted, then it is parsed whole', async () => {
    const big = 'All work and no play makes Jack a dull boy. '.repeat(600_000); // ~26 MB
    const { body, contentType } = buildParsedPayload({ ...BASE, text: big });
    const mail = await parseInboundRequest(body, contentType);
    expect(mail.text?.length).toBe(big.length + 2);
  });
});

describe('raw mode', () => {
  it('when a 25 MB MIME message is posted, then it is parsed with its attachment', async () => {
    const { body, contentType } = await buildRawPayload({
      ...BASE,
      attachments: [{ filename: 'scan.pdf', contentType: 'application/pdf', content: Buffer.alloc(18_000_000, 0x41) }],
    });
    expect(body.length).toBeGreaterThan(24_000_000);
    const mail = await parseInboundRequest(body, contentType);
    expect(mail.attachments).toBe(1);
    expect(mail.text).toContain('Yes please!');
  }, 30_000);

  it('when the MIME message is UTF-8 quoted-printable with threading headers, then all is read', async () => {
    const { body, contentType } = await buildRawPayload({
      ...BASE,
      cc: ['"Zoë" <Zoe@Example.org>', 'reply+abc@in.example.org'],
      subject: 'Re: Café 🙂',
      text: 'Siân, Zoë, café, £20',
      transferEncoding: 'quoted-printable',
      messageId: '<raw-1@mail.example.net>',
      inReplyTo: '<invite-7@unmentoring.example>',
      references: ['<intro-1@unmentoring.example>', '<invite-7@unmentoring.example>'],
    });
    expect(body.toString('latin1')).toContain('Content-Transfer-Encoding: quoted-printable');
    const mail = await parseInboundRequest(body, contentType);
    expect(mail.mode).toBe('raw');
    expect(mail.text?.trim()).toBe('Siân, Zoë, café, £20');
    expect(mail.subject).toBe('Re: Café 🙂');
    expect(mail.from).toEqual({ email: 'sian.jones@example.org', name: 'Siân Jones' });
    expect(mail.to).toEqual([
      { email: 'reply+abc@in.example.org', name: null },
      { email: 'zoe@example.org', name: 'Zoë' },
    ]);
    expect(mail.messageId).toBe('<raw-1@mail.example.net>');
    expect(mail.inReplyTo).toBe('<invite-7@unmentoring.example>');
    expect(mail.references).toEqual(['<intro-1@unmentoring.example>', '<invite-7@unmentoring.example>']);
  });

  it('when the body is quoted-printable ISO-8859-1, then it is decoded', async () => {
    const { body, contentType } = await buildRawPayload({
      ...BASE,
      text: 'Siân, Zoë, café, £20',
      charset: 'iso-8859-1',
      transferEncoding: 'quoted-printable',
    });
    expect(body.toString('latin1')).toContain('Si=E2n, Zo=EB, caf=E9, =A320');
    const mail = await parseInboundRequest(body, contentType);
    expect(mail.text?.trim()).toBe('Siân, Zoë, café, £20');
  });

  it('when the body is 8bit Windows-1252, then it is decoded', async () => {
    const { body, contentType } = await buildRawPayload({
      ...BASE,
      text: 'It’s “great” – €5',
      charset: 'windows-1252',
      transferEncoding: '8bit',
    });
    const mail = await parseInboundRequest(body, contentType);
    expect(mail.text?.trim()).toBe('It’s “great” – €5');
  });

  it('when the body is base64 UTF-8, then it is decoded', async () => {
    const { body, contentType } = await buildRawPayload({ ...BASE, text: 'Siân, Zoë, café, £20, 日本語', transferEncoding: 'base64' });
    expect(body.toString('latin1')).toContain('Content-Transfer-Encoding: base64');
    const mail = await parseInboundRequest(body, contentType);
    expect(mail.text?.trim()).toBe('Siân, Zoë, café, £20, 日本語');
  });

  it('when the message has only HTML, then text stays null', async () => {
    const { body, contentType } = await buildRawPayload({ ...BASE, text: undefined, html: '<p>Yes <b>please</b></p>' });
    const mail = await parseInboundRequest(body, contentType);
    expect(mail.text).toBeNull();
    expect(mail.html).toContain('<p>Yes <b>please</b></p>');
  });

  it('when the message has attachments, then they are counted', async () => {
    const { body, contentType } = await buildRawPayload({
      ...BASE,
      attachments: [
        { filename: 'a.pdf', contentType: 'application/pdf', content: Buffer.from('%PDF') },
        { filename: 'b.png', contentType: 'image/png', content: Buffer.alloc(100, 1) },
      ],
    });
    const mail = await parseInboundRequest(body, contentType);
    expect(mail.attachments).toBe(2);
    expect(mail.text).toContain('Yes please!');
  });

  it('when the message is a delivery status notification, then its multipart/report type is kept', async () => {
    const { body, contentType } = await buildRawPayload({
      from: 'MAILER-DAEMON@mail.example.net',
      to: 'reply+abc@in.example.org',
      subject: 'Undelivered Mail Returned to Sender',
      text: 'This is the mail system. Your message could not be delivered.',
      contentType: 'multipart/report; report-type=delivery-status',
      headers: { 'Auto-Submitted': 'auto-replied' },
    });
    const mail = await parseInboundRequest(body, contentType);
    expect(mail.contentType).toMatch(/^multipart\/report; report-type=delivery-status; boundary=/);
    expect(mail.headers['auto-submitted']).toBe('auto-replied');
    expect(mail.from?.email).toBe('mailer-daemon@mail.example.net');
    expect(mail.text).toContain('could not be delivered');
  });

  it('when auto-reply headers are in the MIME message, then they are kept', async () => {
    const { body, contentType } = await buildRawPayload({
      ...BASE,
      headers: { 'Auto-Submitted': 'auto-replied', 'X-Autoreply': 'yes', Precedence: 'auto_reply', 'X-Auto-Response-Suppress': 'All' },
    });
    const mail = await parseInboundRequest(body, contentType);
    expect(mail.headers).toMatchObject({
      'auto-submitted': 'auto-replied',
      'x-autoreply': 'yes',
      precedence: 'auto_reply',
      'x-auto-response-suppress': 'All',
    });
  });

  it('when the MIME message lacks From and To, then the form fields fill them in', async () => {
    const payload = buildMultipart([
      { name: 'email', value: 'Subject: hello\r\nContent-Type: text/plain\r\n\r\nbody\r\n' },
      { name: 'from', value: 'Sender <Sender@Example.org>' },
      { name: 'to', value: 'reply@in.example.org' },
    ]);
    const mail = await parseInboundRequest(payload.body, payload.contentType);
    expect(mail.from).toEqual({ email: 'sender@example.org', name: 'Sender' });
    expect(mail.to).toEqual([{ email: 'reply@in.example.org', name: null }]);
    expect(mail.subject).toBe('hello');
    expect(mail.text?.trim()).toBe('body');
  });

  it('when the email field holds no MIME message, then it is malformed', async () => {
    const payload = buildMultipart([{ name: 'email', value: Buffer.from([0, 1, 2, 0xff, 0xfe, 0x0d, 0x80]) }]);
    const err = await malformed(parseInboundRequest(payload.body, payload.contentType));
    expect(err.message).toMatch(/email field/);
  });
});

describe('header injection', () => {
  it('when an encoded subject or name hides CR/LF, then none survives into the result', async () => {
    const evil = Buffer.from('Hi\r\nBcc: victim@example.org').toString('base64');
    const name = Buffer.from('Eve\r\nX-Evil: 1').toString('base64');
    const headers = `From: =?UTF-8?B?${name}?= <eve@example.org>\r\nSubject: =?UTF-8?B?${evil}?=\r\nX-Folded: a\r\n b\r\n`;
    const parsed = buildMultipart([
      { name: 'headers', value: headers },
      { name: 'from', value: `=?UTF-8?B?${name}?= <eve@example.org>` },
      { name: 'subject', value: 'Hi\r\nBcc: victim@example.org' },
      { name: 'text', value: 'x' },
      { name: 'spf', value: 'pass\r\nX: y' },
    ]);
    const raw = buildMultipart([{ name: 'email', value: `${headers}\r\nbody\r\n` }]);
    for (const payload of [parsed, raw]) {
      const mail = await parseInboundRequest(payload.body, payload.contentType);
      expect(mail.subject).toBe('Hi Bcc: victim@example.org');
      expect(mail.from).toEqual({ email: 'eve@example.org', name: 'Eve X-Evil: 1' });
      expect(mail.headers['x-folded']).toBe('a b');
      for (const value of [mail.subject, mail.from?.name, mail.spf, ...Object.values(mail.headers)]) {
        expect(value ?? '').not.toMatch(/[\r\n]/);
      }
    }
  });
});

describe('malformed requests', () => {
  it('when the content type is not multipart/form-data, then it is malformed', async () => {
    const body = Buffer.from('text=hello&from=a%40b.c');
    await malformed(parseInboundRequest(body, 'application/x-www-form-urlencoded'));
    await malformed(parseInboundRequest(body, undefined));
    await malformed(parseInboundRequest(Buffer.from('{}'), 'application/json'));
  });

  it('when the multipart content type has no boundary, then it is malformed', async () => {
    const { body } = buildParsedPayload(BASE);
    const err = await malformed(parseInboundRequest(body, 'multipart/form-data'));
    expect(err.message).toMatch(/boundary/i);
  });

  it('when the body is cut short, then it is malformed', async () => {
    const { body, contentType } = buildParsedPayload(BASE);
    await malformed(parseInboundRequest(body.subarray(0, Math.floor(body.length / 2)), contentType));
    await malformed(parseInboundRequest(body.subarray(0, body.length - 3), contentType));
  });

  it('when a file part is cut short, then it is malformed', async () => {
    const { body, contentType } = buildParsedPayload({
      ...BASE,
      attachments: [{ filename: 'a.bin', contentType: 'application/octet-stream', content: Buffer.alloc(10_000, 7) }],
    });
    await malformed(parseInboundRequest(body.subarray(0, body.length - 200), contentType));
  });

  it('when the body is garbage bytes, then it is malformed', async () => {
    const garbage = Buffer.alloc(2_000_000);
    for (let i = 0; i < garbage.length; i++) garbage[i] = (i * 7919) % 256;
    await malformed(parseInboundRequest(garbage, 'multipart/form-data; boundary=xYzZY'));
    await malformed(parseInboundRequest(Buffer.alloc(0), 'multipart/form-data; boundary=xYzZY'));
    await malformed(parseInboundRequest(Buffer.from('--xYzZY\r\n\r\n\r\n--xYzZY--'), 'multipart/form-data; boundary=xYzZY'));
  });

  it('when no useful field is present, then it is malformed', async () => {
    const payload = buildMultipart([
      { name: 'sender_ip', value: '192.0.2.1' },
      { name: 'SPF', value: 'pass' },
      { name: 'from', value: '   ' },
    ]);
    const err = await malformed(parseInboundRequest(payload.body, payload.contentType));
    expect(err.message).toMatch(/none of the fields/);
  });

  it('when a field is over the byte limit, then it is malformed and says which', async () => {
    const { body, contentType } = buildParsedPayload({ ...BASE, text: 'x'.repeat(2000) });
    const err = await malformed(parseInboundRequest(body, contentType, { maxFieldBytes: 1000 }));
    expect(err.message).toMatch(/"text".*1000 bytes/);
    await expect(parseInboundRequest(body, contentType, { maxFieldBytes: 2002 })).resolves.toMatchObject({ mode: 'parsed' });
  });

  it('when there are too many fields or files or a file is too big, then it is malformed and says which', async () => {
    const { body, contentType } = buildParsedPayload({
      ...BASE,
      attachments: [
        { filename: 'a.bin', contentType: 'application/octet-stream', content: Buffer.alloc(3000, 1) },
        { filename: 'b.bin', contentType: 'application/octet-stream', content: Buffer.alloc(10, 1) },
      ],
    });
    expect((await malformed(parseInboundRequest(body, contentType, { maxFields: 3 }))).message).toMatch(/more than 3 fields/);
    expect((await malformed(parseInboundRequest(body, contentType, { maxFiles: 1 }))).message).toMatch(/more than 1 files/);
    expect((await malformed(parseInboundRequest(body, contentType, { maxFileBytes: 2000 }))).message).toMatch(/"attachment1".*2000 bytes/);
  });

  it('when parsing takes longer than the timeout, then it is malformed', async () => {
    const big = await buildRawPayload({
      ...BASE,
      attachments: [{ filename: 'big.bin', contentType: 'application/octet-stream', content: Buffer.alloc(5_000_000, 3) }],
    });
    const err = await malformed(parseInboundRequest(big.body, big.contentType, { timeoutMs: 1 }));
    expect(err.message).toMatch(/within 1 ms/);
  });
});

describe('calendar parts', () => {
  const outlook = readFileSync(new URL('../fixtures/calendar/outlook-accepted.ics', import.meta.url), 'utf8');
  const gmail = readFileSync(new URL('../fixtures/calendar/gmail-declined.ics', import.meta.url), 'utf8');
  const REPLY = { ...BASE, to: 'calendar+0193a1b2c3d4e5f60718293a4b5c6d7e@reply.unmentoring.test', subject: 'Accepted: Unmentoring: Jo Bloggs and Sam Patel', text: 'Jo Bloggs has accepted.' };
  const builders = [
    ['parsed', buildParsedPayload],
    ['raw', buildRawPayload],
  ] as const;

  it.each(builders)('when an Outlook answer comes with a text/calendar; method=REPLY alternative (%s mode), then calendar is its text', async (_mode, build) => {
    const { body, contentType } = await build({ ...REPLY, calendar: { content: outlook } });
    const mail = await parseInboundRequest(body, contentType);
    expect(mail.calendar).toBe(outlook);
    expect(readCalendarReply(mail.calendar!)?.replies).toEqual([{ email: 'jo.bloggs@example.gov.uk', partstat: 'ACCEPTED' }]);
    expect(mail.text?.trim()).toBe('Jo Bloggs has accepted.');
  });

  it.each(builders)('when the answer is an attached invite.ics after another attachment (%s mode), then calendar is the .ics', async (_mode, build) => {
    const { body, contentType } = await build({
      ...REPLY,
      attachments: [{ filename: 'notes.txt', contentType: 'text/plain', content: Buffer.from('not a calendar') }],
      calendar: { content: gmail, as: 'attachment' },
    });
    const mail = await parseInboundRequest(body, contentType);
    expect(mail.calendar).toBe(gmail);
    expect(readCalendarReply(mail.calendar!)?.replies[0]?.partstat).toBe('DECLINED');
    expect(mail.attachments).toBeGreaterThanOrEqual(2);
  });

  it.each(builders)('when the .ics is typed application/ics (%s mode), then it is found by its type', async (_mode, build) => {
    const { body, contentType } = await build({ ...REPLY, calendar: { content: gmail, as: 'attachment', filename: 'reply', contentType: 'application/ics' } });
    expect((await parseInboundRequest(body, contentType)).calendar).toBe(gmail);
  });

  it.each(builders)('when there is no calendar part (%s mode), then calendar is null', async (_mode, build) => {
    const { body, contentType } = await build({ ...BASE, attachments: [{ filename: 'scan.pdf', contentType: 'application/pdf', content: Buffer.from('%PDF-1.4') }] });
    expect((await parseInboundRequest(body, contentType)).calendar).toBeNull();
  });

  it.each(builders)('when the calendar part is over 64 KB (%s mode), then it is not kept', async (_mode, build) => {
    const huge = outlook.replace('END:VEVENT', `X-PAD:${'x'.repeat(MAX_CALENDAR_BYTES)}\r\nEND:VEVENT`);
    const { body, contentType } = await build({ ...REPLY, calendar: { content: huge, as: 'attachment' } });
    const mail = await parseInboundRequest(body, contentType);
    expect(mail.calendar).toBeNull();
    expect(mail.text?.trim()).toBe('Jo Bloggs has accepted.');
  });

  it('when parsed mode posts the calendar as a file with a name, or as a plain field described in attachment-info, then both are found', async () => {
    const named = buildParsedPayload({ ...REPLY, calendar: { content: outlook, filename: 'meeting.ics' } });
    expect((await parseInboundRequest(named.body, named.contentType)).calendar).toBe(outlook);
    // A field named attachment1 whose attachment-info type is text/calendar: taken by the description.
    const described = buildMultipart([
      { name: 'from', value: 'jo@example.org' },
      { name: 'text', value: 'Accepted' },
      { name: 'attachments', value: '1' },
      { name: 'attachment-info', value: JSON.stringify({ attachment1: { type: 'text/calendar' } }) },
      { name: 'attachment1', value: outlook },
    ]);
    expect((await parseInboundRequest(described.body, described.contentType)).calendar).toBe(outlook);
  });

  it('when a calendar holds non-ASCII text, then it comes out decoded (UTF-8 in parsed mode, its charset in raw mode)', async () => {
    const accented = outlook.replace('CN=Jo Bloggs', 'CN=Siân Jones');
    for (const build of [buildParsedPayload, buildRawPayload]) {
      const { body, contentType } = await build({ ...REPLY, calendar: { content: accented } });
      expect((await parseInboundRequest(body, contentType)).calendar).toContain('CN=Siân Jones');
    }
  });

  it('when a raw message is written by hand in another charset with the calendar alternative, then it is found too', async () => {
    const { body, contentType } = await buildRawPayload({ ...REPLY, charset: 'iso-8859-1', calendar: { content: outlook } });
    const mail = await parseInboundRequest(body, contentType);
    expect(mail.calendar).toBe(outlook);
  });
});

describe('contact cards', () => {
  const IPHONE_CARD = readFileSync(new URL('../fixtures/contact-cards/iphone-with-photo.vcf', import.meta.url), 'utf8');
  const builders = [
    ['parsed', buildParsedPayload],
    ['raw', buildRawPayload],
  ] as const;

  it.each(builders)('when a reply attaches a .vcf with a photo (%s mode), then contactCard holds its details and not the photo', async (_mode, build) => {
    const { body, contentType } = await build({
      ...BASE,
      text: 'Yes please - my details are in the card.',
      attachments: [{ filename: 'Chiamaka Okafor.vcf', contentType: 'text/vcard', content: Buffer.from(IPHONE_CARD, 'utf8') }],
    });
    const mail = await parseInboundRequest(body, contentType);
    expect(mail.contactCard).toContain('FN:Chiamaka Okafor');
    expect(mail.contactCard).toContain('ORG:Bristol City Council;Housing Delivery');
    expect(mail.contactCard).not.toContain('PHOTO');
    expect(mail.calendar).toBeNull();
  });

  it.each(builders)('when a card comes typed text/x-vcard with another attachment before it (%s mode), then it is still found', async (_mode, build) => {
    const { body, contentType } = await build({
      ...BASE,
      attachments: [
        { filename: 'scan.pdf', contentType: 'application/pdf', content: Buffer.from('%PDF-1.4') },
        { filename: 'contact', contentType: 'text/x-vcard', content: Buffer.from('BEGIN:VCARD\r\nVERSION:2.1\r\nFN:Sam Lee\r\nEND:VCARD\r\n') },
      ],
    });
    expect((await parseInboundRequest(body, contentType)).contactCard).toContain('FN:Sam Lee');
  });

  it.each(builders)('when there is no card (%s mode), then contactCard is null', async (_mode, build) => {
    const { body, contentType } = await build({ ...BASE, attachments: [{ filename: 'notes.txt', contentType: 'text/plain', content: Buffer.from('BEGIN: the notes') }] });
    expect((await parseInboundRequest(body, contentType)).contactCard).toBeNull();
  });

  it.each(builders)('when a card is over the read limit (%s mode), then it is not kept and the reply is still read', async (_mode, build) => {
    const huge = IPHONE_CARD.replace('END:VCARD', `X-PAD:${'x'.repeat(MAX_CONTACT_CARD_READ_BYTES)}\r\nEND:VCARD`);
    const { body, contentType } = await build({ ...BASE, text: 'Yes please', attachments: [{ filename: 'me.vcf', contentType: 'text/vcard', content: Buffer.from(huge) }] });
    const mail = await parseInboundRequest(body, contentType);
    expect(mail.contactCard).toBeNull();
    expect(mail.text?.trim()).toBe('Yes please');
  });
});

