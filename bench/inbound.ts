// npm run bench:inbound [-- --seconds 10 --connections 50 --rate 200]
// Drives the real service (compiled, as npm start runs it) with realistic ~6 KB SendGrid Inbound Parse
// posts, each a different message, and in the same run a bare Express endpoint that only reads the
// multipart body (the ceiling). Prints one JSON line.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { buildParsedPayload } from '../test/helpers/inbound-payload.js';
import { arg, benchDir } from './lib.js';

const seconds = Number(arg('seconds', '10'));
const connections = Number(arg('connections', '50'));
const rate = Number(arg('rate', '200'));
const root = path.resolve(benchDir, '..');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'unmentoring-bench-inbound-'));
const USER = 'sendgrid';
const PASSWORD = 'bench-password-long-enough';

function firstLine(child: ChildProcess, match: RegExp): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    let buf = '';
    child.stdout!.on('data', (d) => {
      buf += d;
      const m = match.exec(buf);
      if (m) resolve(m);
    });
    child.on('exit', (code) => reject(new Error(`exited ${code}: ${buf}`)));
  });
}

// ~6 KB: a realistic reply with a quoted invitation, signature and the headers SendGrid passes on.
const invitation = fs.readFileSync(path.join(root, 'templates', 'invitation.txt'), 'utf8');
function payload(i: number) {
  const text = `Yes please, count me in.\n\nName: Person ${i}\nPhone: 07700 9${String(i % 100000).padStart(5, '0')}\nOrganisation: Council ${i % 300}\n\nBest wishes,\nPerson ${i}\nPolicy Officer\n\nOn Tue, 24 Nov 2026 at 09:12, Unmentoring <hello@unmentoring.test> wrote:\n> ${invitation.split('\n').join('\n> ')}\n`;
  return buildParsedPayload({
    from: `person${i}@council${i % 300}.gov.uk`,
    fromName: `Person ${i}`,
    to: `reply+${(i % 1e6).toString(16).padStart(32, '0')}@reply.unmentoring.test`,
    subject: 'Re: An invitation: half an hour with someone from elsewhere in the public sector',
    text,
    html: `<div dir="ltr">${text.replace(/\n/g, '<br>')}</div>`,
    messageId: `<bench-${i}-${process.pid}@mail.example>`,
  });
}
const bodies = Array.from({ length: 5000 }, (_, i) => payload(i));
const avgBytes = Math.round(bodies.reduce((n, b) => n + b.body.length, 0) / bodies.length);

async function load(url: string, opts: { auth: boolean; overallRate?: number; offset: number }) {
  let next = opts.offset;
  const result = await autocannon({
    url,
    method: 'POST',
    connections: opts.overallRate ? 10 : connections,
    duration: seconds,
    ...(opts.overallRate ? { overallRate: opts.overallRate } : {}),
    requests: [
      {
        setupRequest: (req) => {
          const b = bodies[next++ % bodies.length]!;
          return {
            ...req,
            body: b.body,
            headers: {
              'content-type': b.contentType,
              ...(opts.auth ? { authorization: `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}` } : {}),
            },
          };
        },
      },
    ],
  });
  return result;
}

const service = spawn(process.execPath, [path.join(root, 'dist', 'server.js')], {
  cwd: root,
  env: {
    PATH: process.env.PATH ?? '',
    PORT: '0',
    DATABASE_PATH: path.join(dir, 'bench.sqlite'),
    OUTBOX_DIR: path.join(dir, 'outbox'),
    INBOUND_USER: USER,
    INBOUND_PASSWORD: PASSWORD,
    // info, as in production: each stored message is a log line, and that cost belongs in the figure.
    LOG_LEVEL: 'info',
  },
  stdio: ['ignore', 'pipe', 'inherit'],
});
const ceiling = spawn(process.execPath, ['--import', 'tsx', path.join(benchDir, 'inbound-ceiling.ts')], { stdio: ['ignore', 'pipe', 'inherit'] });

try {
  const ceilingPort = Number((await firstLine(ceiling, /"port":(\d+)/))[1]);
  const servicePort = Number((await firstLine(service, /"port":(\d+)[^\n]*unmentoring is listening/))[1]);
  const base = `http://127.0.0.1:${servicePort}/inbound`;

  const max = await load(base, { auth: true, offset: 0 });
  const paced = await load(base, { auth: true, overallRate: rate, offset: 2500 });
  const bare = await load(`http://127.0.0.1:${ceilingPort}/inbound`, { auth: false, offset: 0 });

  const stored = max['2xx'] / max.duration;
  process.stdout.write(
    JSON.stringify({
      payload_bytes: avgBytes,
      seconds,
      connections,
      stored_per_s: Math.round(stored),
      non_2xx: max.non2xx,
      errors: max.errors,
      ceiling_per_s: Math.round(bare['2xx'] / bare.duration),
      ratio_to_ceiling: Number((stored / (bare['2xx'] / bare.duration)).toFixed(2)),
      at_rate: rate,
      p50_ms: paced.latency.p50,
      p99_ms: paced.latency.p99,
      at_rate_non_2xx: paced.non2xx,
    }) + '\n',
  );
} finally {
  service.kill('SIGTERM');
  ceiling.kill('SIGTERM');
  await new Promise((r) => service.once('exit', r));
  fs.rmSync(dir, { recursive: true, force: true });
}

