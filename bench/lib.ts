import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database, Queryable } from '../src/db/database.js';

export const benchDir = path.dirname(fileURLToPath(import.meta.url));

/** Reads `--name value` and `--flag` from argv. */
export function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}

export function peakRssMb(): number {
  // maxRSS is in kilobytes.
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

export async function startFakeSendGridProcess(): Promise<{ url: string; apiKey: string; child: ChildProcess; stop(): Promise<void> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(benchDir, 'fake-sendgrid-process.ts')], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = await new Promise<string>((resolve, reject) => {
    let buf = '';
    child.stdout!.on('data', (d) => {
      buf += d;
      const nl = buf.indexOf('\n');
      if (nl >= 0) resolve(buf.slice(0, nl));
    });
    child.on('exit', (code) => reject(new Error(`fake SendGrid exited ${code}`)));
  });
  const { url, apiKey } = JSON.parse(line) as { url: string; apiKey: string };
  return {
    url,
    apiKey,
    child,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** Rows inserted as one JSON parameter that SQLite expands itself, in chunks of 50,000. */
export async function bulkJson(tx: Queryable, into: string, rows: unknown[][]): Promise<void> {
  if (!rows.length) return;
  const values = Array.from({ length: rows[0]!.length }, (_, i) => `value ->> ${i}`).join(', ');
  for (let i = 0; i < rows.length; i += 50_000) {
    await tx.run(`INSERT INTO ${into} SELECT ${values} FROM json_each(?)`, [JSON.stringify(rows.slice(i, i + 50_000))]);
  }
}

/** A synthetic population stored as active participants who joined `joinedAt` and last wrote `now`. */
export async function storeParticipants(db: Database, participants: ReadonlyArray<{ id: number; org: string }>, joinedAt: string, now: Date): Promise<void> {
  await db.transaction((tx) =>
    bulkJson(
      tx,
      'people (id, email, name, organisation, phone, status, status_changed_at, created_at, updated_at, joined_at, last_reply_at)',
      participants.map((p) => [p.id, `p${p.id}@${p.org}`, `Person ${p.id}`, p.org, `+4477009${String(p.id % 100000).padStart(5, '0')}`, 'active', joinedAt, joinedAt, joinedAt, joinedAt, now.toISOString()]),
    ),
  );
}
