import fs from 'node:fs';
import path from 'node:path';
import sqlite3 from 'sqlite3';

/** node-sqlite3's Backup object (sqlite3_backup_*); its published typings do not declare it. */
interface SqliteBackup {
  step(pages: number, callback: (err: Error | null) => void): void;
  finish(callback?: (err: Error | null) => void): void;
  readonly completed: boolean;
  readonly failed: boolean;
  readonly remaining: number;
  readonly pageCount: number;
}

export interface BackupResult {
  file: string;
  bytes: number;
  pages: number;
  /** PRAGMA integrity_check of the copy: "ok". */
  integrity: string;
  ms: number;
}

/** The default file name: db/backups/unmentoring-2026-06-01T12-00-00Z.sqlite beside the database. */
export function defaultBackupFile(databasePath: string, now: Date = new Date()): string {
  const stamp = now.toISOString().replace(/\.\d+Z$/, 'Z').replace(/:/g, '-');
  return path.join(path.dirname(databasePath), 'backups', `unmentoring-${stamp}.sqlite`);
}

function open(file: string, mode: number): Promise<sqlite3.Database> {
  return new Promise((resolve, reject) => {
    const db: sqlite3.Database = new sqlite3.Database(file, mode, (err) => (err ? reject(err) : resolve(db)));
  });
}

const close = (db: sqlite3.Database) => new Promise<void>((resolve, reject) => db.close((err) => (err ? reject(err) : resolve())));

/**
 * A consistent copy of the live database, taken with SQLite's online backup API (sqlite3_backup_*, which
 * node-sqlite3 exposes as Database#backup) while the service keeps writing. The whole copy is one step
 * (-1 pages): the source is in WAL mode, so that step reads one snapshot, a committed state, while writers
 * carry on. It is written to a temporary name beside the target and renamed into place once complete and
 * checked, so a copy under the target's name is always whole.
 */
export async function backupDatabase(databasePath: string, target: string, opts: { busyTimeoutMs?: number } = {}): Promise<BackupResult> {
  const started = Date.now();
  if (!fs.existsSync(databasePath)) throw new Error(`no database at ${databasePath}`);
  if (fs.existsSync(target)) throw new Error(`${target} already exists`);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const partial = `${target}.partial-${process.pid}`;
  const source = await open(databasePath, sqlite3.OPEN_READONLY);
  source.configure('busyTimeout', opts.busyTimeoutMs ?? 5000);
  let pages = 0;
  try {
    const backup = (source as unknown as { backup(file: string): SqliteBackup }).backup(partial);
    try {
      // BUSY and LOCKED are retried by node-sqlite3 (the step reports no error and the backup stays
      // incomplete); anything else fails the backup.
      for (let attempt = 0; !backup.completed; attempt++) {
        await new Promise<void>((resolve, reject) => backup.step(-1, (err) => (err ? reject(err) : resolve())));
        if (backup.failed) throw new Error('the backup failed');
        if (!backup.completed) {
          if (attempt > 100) throw new Error('the database stayed busy; no backup taken');
          await new Promise((r) => setTimeout(r, 50));
        }
      }
      pages = backup.pageCount;
    } finally {
      await new Promise<void>((resolve) => backup.finish(() => resolve()));
    }
  } catch (err) {
    fs.rmSync(partial, { force: true });
    throw err;
  } finally {
    await close(source);
  }

  // The copy keeps the source's journal mode (WAL); check it and fold it into one self-contained file.
  const copy = await open(partial, sqlite3.OPEN_READWRITE);
  let integrity: string;
  try {
    integrity = await new Promise<string>((resolve, reject) =>
      copy.all('PRAGMA integrity_check', (err: Error | null, rows: Array<{ integrity_check: string }>) =>
        err ? reject(err) : resolve(rows.map((r) => r.integrity_check).join('; ')),
      ),
    );
    await new Promise<void>((resolve, reject) => copy.exec('PRAGMA journal_mode = DELETE', (err) => (err ? reject(err) : resolve())));
  } finally {
    await close(copy);
  }
  if (integrity !== 'ok') {
    fs.rmSync(partial, { force: true });
    throw new Error(`the copy failed its integrity check: ${integrity}`);
  }
  fs.renameSync(partial, target);
  return { file: target, bytes: fs.statSync(target).size, pages, integrity, ms: Date.now() - started };
}
