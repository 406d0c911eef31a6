import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Database } from '../../src/db/database.js';
import { migrate } from '../../src/db/migrate.js';
import { migrationsDir } from '../../src/paths.js';
import { repoRoot } from '../helpers/run-cli.js';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'unmentoring-migrate-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

const migrations = () => fs.readdirSync(migrationsDir).filter((f) => /^\d{3}-.*\.sql$/.test(f)).sort();

interface Outcome {
  ok: boolean;
  applied?: string[];
  alreadyApplied?: number;
  error?: string;
}

/** Starts `count` processes on one database file; once all have it open, tells them all to migrate at once. */
async function startTogether(file: string, count: number): Promise<Outcome[]> {
  const children = Array.from({ length: count }, () =>
    spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'test/db/migrate-child.ts'), file], {
      cwd: repoRoot,
      stdio: ['pipe', 'pipe', 'inherit'],
    }),
  );
  const outputs = children.map((child) => {
    let out = '';
    const ready = new Promise<void>((resolve) => child.stdout!.on('data', (d) => ((out += d), out.includes('ready\n') && resolve())));
    const done = new Promise<Outcome>((resolve) =>
      child.on('exit', () => resolve(JSON.parse(out.split('\n').find((l) => l.startsWith('{')) ?? '{"ok":false,"error":"no answer"}') as Outcome)),
    );
    return { ready, done };
  });
  await Promise.all(outputs.map((o) => o.ready));
  for (const child of children) child.stdin!.end('go\n');
  return Promise.all(outputs.map((o) => o.done));
}

describe('migrations started together', () => {
  it('when three processes start at once on one new database, then all succeed and each migration is applied once', async () => {
    const file = path.join(dir, 'new.sqlite');
    const outcomes = await startTogether(file, 3);
    expect(outcomes.map((o) => o.error ?? 'ok')).toEqual(['ok', 'ok', 'ok']);
    // Between them every migration was applied exactly once; each process saw the rest as already there.
    const applied = outcomes.flatMap((o) => o.applied ?? []);
    expect([...applied].sort()).toEqual(migrations());
    for (const o of outcomes) expect(o.applied!.length + o.alreadyApplied!).toBe(migrations().length);
    const db = await Database.open(file);
    const recorded = await db.all<{ name: string }>('SELECT name FROM schema_migrations ORDER BY name');
    expect(recorded.map((r) => r.name)).toEqual(migrations());
    expect((await db.get<{ integrity_check: string }>('PRAGMA integrity_check'))!.integrity_check).toBe('ok');
    await db.close();
  }, 60_000);

  it('when two connections of one process migrate a new database at once, then both succeed and nothing is applied twice', async () => {
    const file = path.join(dir, 'new.sqlite');
    const a = await Database.open(file, { busyTimeoutMs: 20_000 });
    const b = await Database.open(file, { busyTimeoutMs: 20_000 });
    try {
      const [x, y] = await Promise.all([migrate(a), migrate(b)]);
      expect([...x.applied, ...y.applied].sort()).toEqual(migrations());
      expect((await a.get<{ n: number }>('SELECT count(*) AS n FROM schema_migrations'))!.n).toBe(migrations().length);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('when everything is already applied, then migrating takes no write lock (a busy writer does not hold up a start)', async () => {
    const file = path.join(dir, 'db.sqlite');
    const a = await Database.open(file);
    await migrate(a);
    const writer = await Database.open(file);
    let release!: () => void;
    let held!: () => void;
    const lockHeld = new Promise<void>((r) => (held = r));
    const holding = writer.transaction(() => new Promise<void>((r) => ((release = r), held())));
    await lockHeld;
    try {
      const b = await Database.open(file, { busyTimeoutMs: 50 });
      expect(await migrate(b)).toEqual({ applied: [], alreadyApplied: migrations().length });
      await b.close();
    } finally {
      release();
      await holding;
      await writer.close();
      await a.close();
    }
  });
});
