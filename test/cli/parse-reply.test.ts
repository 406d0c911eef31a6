import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildMime } from '../helpers/inbound-payload.js';
import { runCli } from '../helpers/run-cli.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'unmentoring-parse-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('npm run parse-reply', () => {
  it('when given a raw .eml of a Gmail reply, then it prints the new text, the fields and the intent as JSON', async () => {
    const eml = await buildMime({
      from: 'jo@leeds.gov.uk',
      fromName: 'Jo Bloggs',
      to: 'reply+0123456789abcdef0123456789abcdef@reply.unmentoring.test',
      subject: 'Re: An invitation',
      text: 'Yes please, count me in!\n\nJo Bloggs\nPolicy Officer\nLeeds City Council\nMobile: 07700 900123\n\nOn Tue, 24 Nov 2026 at 09:12, Unmentoring <hello@unmentoring.test> wrote:\n> TO JOIN, reply to this email with:\n> Name:\n> Phone:\n',
    });
    const file = path.join(dir, 'reply.eml');
    fs.writeFileSync(file, eml);
    const r = await runCli('src/cli/parse-reply.ts', [file], {});
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out)).toEqual(expect.arrayContaining(['reply', 'signature', 'fields', 'intent', 'readBy', 'automatic']));
    expect(out.reply).toContain('count me in');
    expect(out.reply).not.toContain('TO JOIN');
    expect(out.fields.phone).toBe('+447700900123');
    expect(out.fields.name).toBe('Jo Bloggs');
    expect(out.intent).toBe('join');
    expect(out.automatic).toBe(false);
  });

  it('when given a plain-text body, then it reads that', async () => {
    const file = path.join(dir, 'body.txt');
    fs.writeFileSync(file, 'STOP\n');
    const r = await runCli('src/cli/parse-reply.ts', [file], {});
    expect(JSON.parse(r.stdout).intent).toBe('stop');
  });

  it('when the file does not exist, then it says so and exits 1', async () => {
    const r = await runCli('src/cli/parse-reply.ts', [path.join(dir, 'nope.eml')], {});
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no such file/);
  });
});

describe('npm run parse-reply with a body that opens with a form label', () => {
  it('when the first line is "Name: …", then it is read as a reply, not as mail headers', async () => {
    const file = path.join(dir, 'form.txt');
    fs.writeFileSync(file, 'Name: Jo Bloggs\nPhone: 07700 900123\nOrganisation: DfE\n');
    const out = JSON.parse((await runCli('src/cli/parse-reply.ts', [file], {})).stdout);
    expect(out.fields).toMatchObject({ name: 'Jo Bloggs', phone: '+447700900123', organisation: 'DfE' });
  });
});

describe('npm run parse-reply on the mistakes seen in replies written elsewhere', () => {
  const quote = '\n\nOn Tue, 1 Dec 2026 at 09:14, Unmentoring <hello@unmentoring.test> wrote:\n> TO JOIN, reply to this email with:\n> Name:\n> Phone:\n> Organisation:\n';
  it.each([
    [
      'a job title above the organisation in the signature',
      'Yes please.\n\nRegards\nAlex Morgan\nService Designer\nKent County Council\nMobile: 07700 900412' + quote,
      { name: 'Alex Morgan', organisation: 'Kent County Council', phone: '+447700900412' },
    ],
    ['an organisation in brackets', 'Count me in!\n\nSophie Turner (Ministry of Justice)\n07700 900331' + quote, { name: 'Sophie Turner', organisation: 'Ministry of Justice' }],
    [
      'one line with slashes',
      'Name: Joy Adams / Phone: 07700 900 289 / Teams: joy.adams@wakefield.gov.uk / Org: Wakefield Council' + quote,
      { name: 'Joy Adams', phone: '+447700900289', organisation: 'Wakefield Council', other: 'Teams: joy.adams@wakefield.gov.uk' },
    ],
    [
      'a Google ID in a sentence',
      "Yes please, I'm Tom Reilly (Environment Agency), 07700 900555. My Google ID is tom.reilly.ea@gmail.com" + quote,
      { googleId: 'tom.reilly.ea@gmail.com', organisation: 'Environment Agency' },
    ],
    [
      'answers under quoted form lines worded differently',
      'On Tue, 1 Dec 2026 at 09:14, Kent Coffee <hello@unmentoring.test> wrote:\n> Please reply with:\n> Your full name:\nAmina Yusuf\n> Best phone number:\n07700 900217\n> Organisation / employer:\nKent County Council\n>',
      { name: 'Amina Yusuf', phone: '+447700900217', organisation: 'Kent County Council' },
    ],
  ])('when the reply has %s, then the fields are read as a person reads them and it is a join', async (_what, text, want) => {
    const eml = await buildMime({ from: 'someone@example.gov.uk', to: 'reply+0123456789abcdef0123456789abcdef@reply.unmentoring.test', subject: 'Re: An invitation', text });
    const file = path.join(dir, `mistake-${Math.random().toString(36).slice(2)}.eml`);
    fs.writeFileSync(file, eml);
    const r = await runCli('src/cli/parse-reply.ts', [file], {});
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.fields).toMatchObject(want);
    expect(out.intent).toBe('join');
  });
});
