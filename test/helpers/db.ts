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
 * Another process takes the database's write lock (BEGIN IMMEDIATE) and holds it for `ms`. Resolves once
 * the lock is held; `released` resolves when that process has committed and exited.
 */
export async function holdWriteLock(file: string, ms: number): Promise<{ released: Promise<void> }> {
  const { spawn } = await import('node:child_process');
  const { createRequire } = await import('node:module');
  const sqlite3 = createRequire(import.meta.url).resolve('sqlite3');
  const script = `
    const sqlite3 = require(${JSON.stringify(sqlite3)});
    const db = new sqlite3.Database(${JSON.stringify(file)});
    db.exec('BEGIN IMMEDIATE', () => { process.stdout.write('locked\\n'); setTimeout(() => db.exec('COMMIT', () => process.exit(0)), ${ms}); });`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  const released = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve) => child.stdout!.once('data', () => resolve()));
  return { released };
}
