import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { repoRoot } from './helpers/run-cli.js';

const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) c.kill('SIGKILL');
});

function startServer(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'src/server.ts')], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH ?? '', PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  let err = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (err += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const listening = new Promise<number>((resolve, reject) => {
    const check = () => {
      const m = /"port":(\d+)[^\n]*unmentoring is listening/.exec(out);
      if (m) resolve(Number(m[1]));
    };
    child.stdout!.on('data', check);
    exited.then((code) => reject(new Error(`exited ${code}: ${out}${err}`)));
  });
  return { child, listening, exited, output: () => out + err };
}

describe('the service process', () => {
  it('when started on the embedded defaults, then /healthz answers and SIGTERM stops it cleanly', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'unmentoring-svc-'));
    const s = startServer({ DATABASE_PATH: path.join(dir, 'db', 'u.sqlite'), OUTBOX_DIR: path.join(dir, 'outbox') });
    const port = await s.listening;
    const res = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok', database: 'ok', mailer: 'outbox-folder' });
    s.child.kill('SIGTERM');
    expect(await s.exited).toBe(0);
    expect(s.output()).toContain('stopped cleanly');
    expect(fs.existsSync(path.join(dir, 'db', 'u.sqlite'))).toBe(true);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('when production settings are missing, then it refuses to start and lists every problem', async () => {
    const s = startServer({ NODE_ENV: 'production', PORT: 'abc' });
    s.listening.catch(() => undefined);
    expect(await s.exited).toBe(1);
    const out = s.output();
    expect(out).toMatch(/PORT must be a whole number/);
    expect(out).toMatch(/INBOUND_USER and INBOUND_PASSWORD are required in production/);
    expect(out).toMatch(/MAIL_FROM is required/);
  });

  it('when a reply is posted to the running service, then it is read in the processor thread and answered through the outbox', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'unmentoring-svc-'));
    const outbox = path.join(dir, 'outbox');
    const s = startServer({ DATABASE_PATH: path.join(dir, 'u.sqlite'), OUTBOX_DIR: outbox, ALLOWED_DOMAINS: 'gov.uk' });
    const port = await s.listening;
    const form = new FormData();
    form.set('from', 'Cal Colleague <cal@leeds.gov.uk>');
    form.set('to', 'join@reply.unmentoring.example');
    form.set('subject', 'Can I join?');
    form.set('text', 'A colleague told me about this. Can I join?');
    // As SendGrid reports mail from Leeds's own server: a stranger is answered only when the From is proved.
    form.set('SPF', 'pass');
    form.set('dkim', '{@leeds.gov.uk : pass}');
    const res = await fetch(`http://127.0.0.1:${port}/inbound`, { method: 'POST', body: form });
    expect(res.status).toBe(200);
    let files: string[] = [];
    for (let i = 0; i < 100 && !files.length; i++) {
      await new Promise((r) => setTimeout(r, 100));
      files = fs.existsSync(outbox) ? fs.readdirSync(outbox).filter((f) => f.endsWith('.eml')) : [];
    }
    expect(files).toHaveLength(1);
    const eml = fs.readFileSync(path.join(outbox, files[0]!), 'utf8');
    expect(eml).toMatch(/^To: cal@leeds\.gov\.uk/m);
    expect(eml).toMatch(/TO JOIN/);
    s.child.kill('SIGTERM');
    expect(await s.exited).toBe(0);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
