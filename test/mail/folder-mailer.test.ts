import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SendError, type OutgoingMail } from '../../src/mail/mailer.js';
import { createFolderMailer } from '../../src/mail/folder-mailer.js';

function mail(overrides: Partial<OutgoingMail> = {}): OutgoingMail {
  return {
    outboxId: 42,
    template: 'invitation',
    from: { email: 'hello@unmentoring.org', name: 'Unmentoring' },
    to: [{ email: 'ann@example.org', name: 'Ann Lee' }],
    replyTo: { email: 'reply+42@in.unmentoring.org', name: 'Unmentoring replies' },
    subject: 'Coffee with someone new? ☕',
    text: 'Hello Ann, café?',
    html: '<p>Hello Ann, café?</p>',
    messageId: '<outbox-42.abc@unmentoring.org>',
    inReplyTo: '<parent@example.org>',
    references: ['<root@example.org>', '<parent@example.org>'],
    headers: {
      'List-Unsubscribe': '<https://unmentoring.org/u/tok>, <mailto:unsubscribe+tok@unmentoring.org>',
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    },
    ...overrides,
  };
}

const FIXED = new Date('2030-01-02T03:04:05Z');

describe('createFolderMailer', () => {
  let root: string;
  let dir: string;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'folder-mailer-'));
    dir = join(root, 'outbox', 'nested');
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  async function files(): Promise<string[]> {
    return (await readdir(dir)).sort();
  }

  it('when a mail is sent, then one .eml named by time, padded outbox id and template appears in a new folder', async () => {
    const mailer = createFolderMailer({ dir, now: () => FIXED });

    const result = await mailer.send(mail());

    expect(mailer.name).toBe('outbox-folder');
    expect(await files()).toEqual(['20300102-030405-00000042-invitation.eml']);
    expect(result).toEqual({ providerMessageId: '20300102-030405-00000042-invitation.eml' });
  });

  it('when the .eml is parsed, then it carries every header and both bodies SendGrid would get', async () => {
    await createFolderMailer({ dir, now: () => FIXED }).send(mail());
    const raw = await readFile(join(dir, (await files())[0]!));
    const parsed = await simpleParser(raw);

    expect(parsed.from?.value).toEqual([{ address: 'hello@unmentoring.org', name: 'Unmentoring' }]);
    const to = Array.isArray(parsed.to) ? parsed.to[0] : parsed.to;
    expect(to?.value).toEqual([{ address: 'ann@example.org', name: 'Ann Lee' }]);
    expect(parsed.replyTo?.value).toEqual([{ address: 'reply+42@in.unmentoring.org', name: 'Unmentoring replies' }]);
    expect(parsed.subject).toBe('Coffee with someone new? ☕');
    expect(parsed.messageId).toBe('<outbox-42.abc@unmentoring.org>');
    expect(parsed.inReplyTo).toBe('<parent@example.org>');
    expect(parsed.references).toEqual(['<root@example.org>', '<parent@example.org>']);
    expect(parsed.date?.toISOString()).toBe(FIXED.toISOString());
    expect(parsed.text?.trim()).toBe('Hello Ann, café?');
    expect(parsed.html).toBe('<p>Hello Ann, café?</p>');
    const unsubscribe = parsed.headerLines.find((h) => h.key === 'list-unsubscribe')?.line.replace(/\r?\n\s+/g, ' ');
    expect(unsubscribe).toBe('List-Unsubscribe: <https://unmentoring.org/u/tok>, <mailto:unsubscribe+tok@unmentoring.org>');
    expect(parsed.headerLines.find((h) => h.key === 'list-unsubscribe-post')?.line).toBe(
      'List-Unsubscribe-Post: List-Unsubscribe=One-Click',
    );
    // CRLF line ends, as an .eml should have.
    expect(raw.toString('latin1')).toMatch(/^[^\n]*\r\n/);
    expect(raw.toString('latin1')).not.toMatch(/[^\r]\n/);
  });

  it('when the same outbox id is sent again later, then its one file is replaced, not joined by a second', async () => {
    let now = FIXED;
    const mailer = createFolderMailer({ dir, now: () => now });
    await mailer.send(mail({ subject: 'first try' }));
    now = new Date('2030-01-02T04:00:00Z');

    await mailer.send(mail({ subject: 'second try' }));

    expect(await files()).toEqual(['20300102-030405-00000042-invitation.eml']);
    const parsed = await simpleParser(await readFile(join(dir, '20300102-030405-00000042-invitation.eml')));
    expect(parsed.subject).toBe('second try');
  });

  it('when a new mailer (after a restart) sends an outbox id already in the folder, then that file is replaced', async () => {
    await createFolderMailer({ dir, now: () => FIXED }).send(mail({ subject: 'before the crash' }));

    await createFolderMailer({ dir, now: () => new Date('2030-02-01T00:00:00Z') }).send(mail({ subject: 'after' }));

    expect(await files()).toEqual(['20300102-030405-00000042-invitation.eml']);
  });

  it('when the same outbox id is sent twice at once, then there is still only one file', async () => {
    let tick = 0;
    const mailer = createFolderMailer({ dir, now: () => new Date(FIXED.getTime() + 1000 * tick++) });

    await Promise.all([mailer.send(mail()), mailer.send(mail()), mailer.send(mail())]);

    expect(await files()).toEqual(['20300102-030405-00000042-invitation.eml']);
  });

  it('when two files already exist for one outbox id, then a resend leaves exactly one', async () => {
    const mailer = createFolderMailer({ dir, now: () => FIXED });
    await mailer.send(mail({ outboxId: 7 }));
    await writeFile(join(dir, '20290101-000000-00000007-invitation.eml'), 'stale');

    await mailer.send(mail({ outboxId: 7 }));

    expect(await files()).toEqual(['20290101-000000-00000007-invitation.eml']);
    const parsed = await simpleParser(await readFile(join(dir, '20290101-000000-00000007-invitation.eml')));
    expect(parsed.messageId).toBe('<outbox-42.abc@unmentoring.org>');
  });

  it('when different outbox ids are sent, then each has its own file and no temporary file is left', async () => {
    const mailer = createFolderMailer({ dir, now: () => FIXED });

    await Promise.all([
      mailer.send(mail({ outboxId: 1, template: 'invitation' })),
      mailer.send(mail({ outboxId: 12345678, template: 'match' })),
      mailer.send(mail({ outboxId: 123456789, template: 'weird/../name' })),
      mailer.send(mail({ outboxId: 420, template: 'reminder' })),
    ]);

    expect(await files()).toEqual([
      '20300102-030405-00000001-invitation.eml',
      '20300102-030405-00000420-reminder.eml',
      '20300102-030405-12345678-match.eml',
      '20300102-030405-123456789-weird_name.eml',
    ]);
  });

  it('when names, subject and headers carry CR/LF, then the parsed .eml has no injected header and keeps Message-ID', async () => {
    await createFolderMailer({ dir, now: () => FIXED }).send(
      mail({
        from: { email: 'hello@unmentoring.org', name: 'Unmentoring\r\nBcc: evil@x.org' },
        to: [{ email: 'ann@example.org', name: 'Ann\nX-Injected: 1' }],
        subject: 'Hello\r\nX-Injected: 2\r\n\r\nbody?',
        inReplyTo: '<parent@example.org>\r\nX-Injected: 3',
        references: ['<root@example.org>\nX-Injected: 4'],
        headers: { 'List-Unsubscribe': '<https://u/x>\r\nX-Injected: 5', 'X-Note': 'a\u0000b\u2028c' },
      }),
    );
    const raw = await readFile(join(dir, (await files())[0]!));
    const parsed = await simpleParser(raw);

    expect(parsed.headers.has('x-injected')).toBe(false);
    expect(parsed.headers.has('bcc')).toBe(false);
    expect(parsed.bcc).toBeUndefined();
    expect(parsed.messageId).toBe('<outbox-42.abc@unmentoring.org>');
    expect(parsed.subject).toBe('Hello X-Injected: 2 body?');
    expect(parsed.from?.value[0]?.name).toBe('Unmentoring Bcc: evil@x.org');
    expect(parsed.text?.trim()).toBe('Hello Ann, café?');
    expect(parsed.headers.get('x-note')).toBe('a b c');
    // No line of the header block starts with an injected field name.
    const headerBlock = raw.toString('utf8').split('\r\n\r\n')[0]!;
    expect(headerBlock).not.toMatch(/^(X-Injected|Bcc):/im);
  });

  it('when a header name is not a valid field name, then the send fails permanently and writes nothing', async () => {
    const mailer = createFolderMailer({ dir, now: () => FIXED });

    await expect(mailer.send(mail({ headers: { 'X-A\r\nBcc': 'evil@x.org' } }))).rejects.toMatchObject({
      name: 'SendError',
      kind: 'permanent',
    });
    await expect(readdir(dir)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('when a calendar part has a method we do not send, then the send fails permanently and writes nothing', async () => {
    const err = await createFolderMailer({ dir }).send(mail({ calendar: { method: 'PUBLISH' as 'REQUEST', content: 'BEGIN:VCALENDAR' } })).catch((e) => e);
    expect(err).toMatchObject({ name: 'SendError', kind: 'permanent' });
    await expect(readdir(dir)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('when an address carries a line break, then the send fails permanently', async () => {
    const err = await createFolderMailer({ dir }).send(mail({ to: [{ email: 'a@b.org\r\nBcc: evil@x.org' }] })).catch((e) => e);

    expect(err).toBeInstanceOf(SendError);
    expect(err.kind).toBe('permanent');
  });

  it('when the folder cannot be made (a file is in the way), then the failure blames no mail (account)', async () => {
    // A plain file where the folder should be: fails for root too, unlike permissions.
    await writeFile(join(root, 'outbox'), 'not a folder');

    const err = await createFolderMailer({ dir }).send(mail()).catch((e) => e);

    expect(err).toBeInstanceOf(SendError);
    expect(err.kind).toBe('account');
    expect(err.message).toMatch(/ENOTDIR|EEXIST/);
  });
});
