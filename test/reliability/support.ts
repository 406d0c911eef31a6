import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { repoRoot } from '../helpers/run-cli.js';

/** `npm run soak` (SOAK=1): the same tests with the larger counts. */
export const SOAK = process.env.SOAK === '1';
export const scale = (normal: number, soak: number) => (SOAK ? soak : normal);

/** mulberry32: seeded, so a failing run can be repeated. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The figures a reliability test produced: printed as one JSON line, and, when RELIABILITY_OUT names a
 * folder, written there as <name>.json for docs/reliability.md.
 */
export function report(name: string, figures: Record<string, unknown>): void {
  const line = JSON.stringify({ test: name, soak: SOAK, ...figures });
  process.stdout.write(`[reliability] ${line}\n`);
  const dir = process.env.RELIABILITY_OUT;
  if (dir) {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, `${name}${SOAK ? '.soak' : ''}.json`), `${line}\n`);
  }
}

export interface ServiceProcess {
  child: ChildProcess;
  port: Promise<number>;
  exited: Promise<number | null>;
  output(): string;
}

/** The real service, `node --import tsx src/server.ts`, on PORT=0; its port read from its log line. */
export function startService(env: Record<string, string>): ServiceProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'src/server.ts')], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', PORT: '0', RUN_SCHEDULER: 'false', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const keep = (d: Buffer) => {
    out += d;
    if (out.length > 200_000) out = out.slice(-100_000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const port = new Promise<number>((resolve, reject) => {
    let seen = '';
    const check = (d: Buffer) => {
      seen += d;
      const m = /"port":(\d+)[^\n]*unmentoring is listening/.exec(seen);
      if (m) {
        child.stdout!.off('data', check);
        resolve(Number(m[1]));
      }
    };
    child.stdout!.on('data', check);
    void exited.then((code) => reject(new Error(`service exited (${code}) before listening: ${out.slice(-2000)}`)));
  });
  port.catch(() => undefined);
  return { child, port, exited, output: () => out };
}

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `unmentoring-${prefix}-`));
}

/** Polls until check() is true; throws with the message after timeoutMs. */
export async function until(check: () => Promise<boolean> | boolean, timeoutMs: number, message: string, everyMs = 100): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out: ${message}`);
    await sleep(everyMs);
  }
}
