import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Database } from '../../src/db/database.js';
import { migrate } from '../../src/db/migrate.js';

export interface TestDatabase {
  db: Database;
  dir: string;
  path: string;
  cleanup(): Promise<void>;
}

/** A real SQLite file in a fresh temporary folder, with the real migrations applied. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'unmentoring-test-'));
  const file = path.join(dir, 'test.sqlite');
  const db = await Database.open(file);
  await migrate(db);
  return {
    db,
    dir,
    path: file,
    async cleanup() {
      await db.close().catch(() => undefined);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Another process takes the database's write lock (BEGIN IMMEDIATE) and holds it until `release()` is
 * called, so a test decides when the lock goes, whatever the machine's speed. Resolves once the lock is
 * held. `release()` commits, and resolves when that process has exited. A test that never releases still
 * ends: the process gives the lock up after `safetyMs` and when the test process exits.
 */
export async function holdWriteLock(file: string, { safetyMs = 120_000 } = {}): Promise<{ release: () => Promise<void> }> {
  const { spawn } = await import('node:child_process');
  const { createRequire } = await import('node:module');
  const sqlite3 = createRequire(import.meta.url).resolve('sqlite3');
  const script = `
    const sqlite3 = require(${JSON.stringify(sqlite3)});
    const db = new sqlite3.Database(${JSON.stringify(file)});
    // Waits for a writer that is busy right now (the service's own) rather than failing at once.
    db.configure('busyTimeout', 30000);
    let once = false;
    const done = () => { if (once) return; once = true; db.exec('COMMIT', () => db.close(() => process.exit(0))); };
    db.exec('BEGIN IMMEDIATE', (err) => {
      if (err) { console.error(err.message); process.exit(2); }
      process.stdout.write('locked\\n');
      process.stdin.once('data', done);
      process.stdin.once('end', done);
      setTimeout(done, ${safetyMs}).unref();
    });`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const locked = await Promise.race([
    new Promise<true>((resolve) => child.stdout!.once('data', () => resolve(true))),
    exited.then(() => false as const),
  ]);
  if (!locked) throw new Error('the locking process could not take the write lock');
  return {
    release: async () => {
      child.stdin!.end('release\n');
      await exited;
    },
  };
}
