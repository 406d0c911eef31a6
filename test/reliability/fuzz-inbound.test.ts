import http from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { InboundProcessor } from '../../src/inbound/process.js';
import { createSendGridMailer } from '../../src/mail/sendgrid-mailer.js';
import { OutboxSender } from '../../src/mail/sender.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { startFakeSendGrid, type FakeSendGrid } from '../helpers/fake-sendgrid.js';
import { testConfig } from '../helpers/config.js';
import { captureLogger } from '../helpers/logs.js';
import { INVITED, MAX_MB, requestSpec, type Spec } from './hostile-requests.js';
import { report, scale } from './support.js';

// The issue asks for 10,000 hostile requests in the everyday run; FUZZ_RUNS picks another count.
const RUNS = Number(process.env.FUZZ_RUNS ?? 10_000);
const SEED = 4242;
const AUTH = { INBOUND_USER: 'sendgrid', INBOUND_PASSWORD: 'correct horse battery' };
const authHeader = `Basic ${Buffer.from(`${AUTH.INBOUND_USER}:${AUTH.INBOUND_PASSWORD}`).toString('base64')}`;

let t: TestDatabase | null = null;
let sg: FakeSendGrid | null = null;
let server: http.Server | null = null;
afterAll(async () => {
  server?.close();
  await sg?.close();
  await t?.cleanup();
});

function post(port: number, spec: Spec): Promise<number> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { authorization: authHeader, 'content-length': spec.body.length };
    if (spec.contentType) headers['content-type'] = spec.contentType;
    const req = http.request({ host: '127.0.0.1', port, path: '/inbound', method: 'POST', headers, agent }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode!));
    });
    req.on('error', reject);
    req.setTimeout(60_000, () => req.destroy(new Error(`no answer to a ${spec.kind} request in 60 s`)));
    req.end(spec.body);
  });
}
const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });

const SENT_KEYS = new Set(['personalizations', 'from', 'reply_to', 'reply_to_list', 'subject', 'content', 'headers', 'custom_args', 'categories', 'tracking_settings']);
const SENT_HEADERS = new Set(['List-Unsubscribe', 'List-Unsubscribe-Post', 'Message-ID', 'In-Reply-To', 'References']);
const LINE_BREAK = /[\r\n\u2028\u2029]/;

describe('POST /inbound under attack', () => {
  it(`when ${RUNS} hostile or malformed requests arrive, then it never crashes or answers 5xx, the database stays sound, and no mail it sends carries an injected header or unescaped HTML`, async () => {
    t = await createTestDatabase();
    sg = await startFakeSendGrid();
    const config = testConfig(t.dir, {
      ...AUTH,
      SENDGRID_API_KEY: sg.apiKey,
      SENDGRID_API_URL: sg.url,
      INBOUND_MAX_MB: String(MAX_MB),
      ALLOWED_DOMAINS: 'allowed.gov.uk',
      PUBLIC_URL: 'https://unmentoring.test',
    });
    const logs = captureLogger('warn');
    const at = new Date().toISOString();
    for (const email of INVITED) {
      await t.db.run(`INSERT INTO people (email, status, status_changed_at, created_at, updated_at) VALUES (?, 'invited', ?, ?, ?)`, [email, at, at, at]);
    }
    const mailer = createSendGridMailer({ apiKey: sg.apiKey, apiUrl: sg.url });
    const app = createApp({ db: t.db, mailer, config, logger: logs.logger });
    server = await new Promise<http.Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    const port = (server.address() as AddressInfo).port;

    const statuses: Record<string, Record<number, number>> = {};
    let requests = 0;
    await fc.assert(
      fc.asyncProperty(requestSpec, async (spec) => {
        const started = Date.now();
        const status = await post(port, spec);
        if (process.env.FUZZ_DEBUG && Date.now() - started > 500) process.stdout.write(`slow ${spec.kind} ${Date.now() - started} ms ${spec.body.length} bytes\n`);
        requests++;
        (statuses[spec.kind] ??= {})[status] = ((statuses[spec.kind] ??= {})[status] ?? 0) + 1;
        if (spec.kind === 'over-limit') return status === 413;
        return status === 200 || status === 400;
      }),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    );

    // Everything stored is read and answered, then the answers are delivered to SendGrid.
    const processor = new InboundProcessor({ db: t.db, config, logger: logs.logger });
    for (let pass = 0; pass < 10; pass++) {
      await processor.runOnce(500);
      if (!(await t.db.get<{ n: number }>("SELECT count(*) AS n FROM inbound_messages WHERE status = 'pending'"))!.n) break;
    }
    const outboxSender = new OutboxSender({ db: t.db, mailer, config, logger: logs.logger }, { baseBackoffMs: 10 });
    await outboxSender.drain();

    const integrity = (await t.db.all<{ integrity_check: string }>('PRAGMA integrity_check')).map((r) => r.integrity_check);
    const inbound = Object.fromEntries(
      (await t.db.all<{ status: string; n: number }>('SELECT status, count(*) AS n FROM inbound_messages GROUP BY status')).map((r) => [r.status, r.n]),
    );
    const outbox = Object.fromEntries((await t.db.all<{ status: string; n: number }>('SELECT status, count(*) AS n FROM outbox GROUP BY status')).map((r) => [r.status, r.n]));
    const failedRows = await t.db.all<{ last_error: string; recipients: string }>("SELECT last_error, recipients FROM outbox WHERE status = 'failed'");
    const failedReasons = failedRows.map((r) => r.last_error);
    if (process.env.FUZZ_DEBUG) console.log(failedRows);
    const processingFailures = (await t.db.all<{ reason: string }>("SELECT reason FROM inbound_messages WHERE status = 'failed'")).map((r) => r.reason);

    const problems: string[] = [];
    for (const m of sg.mails()) {
      for (const k of Object.keys(m)) if (!SENT_KEYS.has(k)) problems.push(`unexpected key ${k}`);
      for (const [k, v] of Object.entries(m.headers ?? {})) {
        if (!SENT_HEADERS.has(k)) problems.push(`unexpected header ${k}`);
        if (LINE_BREAK.test(String(v))) problems.push(`line break in header ${k}`);
      }
      const strings = [m.subject, m.from?.email, m.from?.name, m.reply_to?.email, m.reply_to?.name, ...m.personalizations.flatMap((p: any) => p.to.flatMap((a: any) => [a.email, a.name]))];
      for (const s of strings) if (typeof s === 'string' && LINE_BREAK.test(s)) problems.push(`line break in ${JSON.stringify(s).slice(0, 60)}`);
      const html = m.content.find((c: any) => c.type === 'text/html')?.value as string | undefined;
      if (html && /<script|<img/i.test(html)) problems.push(`unescaped HTML in a ${m.categories?.[0]} mail`);
    }
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    report('fuzz-inbound', {
      requests,
      statuses,
      stored: inbound,
      processingFailures: processingFailures.length,
      mailsSent: sg.mails().length,
      outbox,
      refusedBeforeSending: failedReasons.length,
      injectedHeadersOrHtml: problems.length,
      integrity: integrity.join(','),
    });

    expect(health.status).toBe(200);
    expect(integrity).toEqual(['ok']);
    expect(problems).toEqual([]);
    expect(processingFailures).toEqual([]);
    expect(inbound.pending ?? 0).toBe(0);
    // Mail we refuse to build (an address with a line break in it) fails here; SendGrid never refused one.
    expect(failedReasons.filter((r) => /SendGrid refused/.test(r))).toEqual([]);
    expect(sg.mails().length).toBeGreaterThan(50);
    expect(logs.text()).not.toMatch(/"level":50/);
  }, scale(600_000, 1_800_000));
});
