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

/** The folder back-ups go to by default: db/backups beside the database. */
export function backupsDir(databasePath: string): string {
  return path.join(path.dirname(databasePath), 'backups');
}

/** The default file name: db/backups/unmentoring-2026-06-01T12-00-00Z.sqlite beside the database. */
export function defaultBackupFile(databasePath: string, now: Date = new Date()): string {
  const stamp = now.toISOString().replace(/\.\d+Z$/, 'Z').replace(/:/g, '-');
  return path.join(backupsDir(databasePath), `unmentoring-${stamp}.sqlite`);
}

const BACKUP_NAME = /^unmentoring-(\d{4}-\d{2}-\d{2})T(\d{2})-(\d{2})-(\d{2})Z\.sqlite$/;
const PARTIAL_NAME = /^unmentoring-[0-9TZ-]+\.sqlite\.partial-\d+$/;
const DAY = 86_400_000;

/** When a back-up named as defaultBackupFile names it was taken; null for any other name. */
export function backupTakenAt(name: string): Date | null {
  const m = BACKUP_NAME.exec(name);
  if (!m) return null;
  const at = new Date(`${m[1]}T${m[2]}:${m[3]}:${m[4]}Z`);
  return Number.isNaN(at.getTime()) ? null : at;
}

/**
 * Which back-ups go (pure): those taken more than `retentionDays` ago, and beyond the newest `keep`. A
 * back-up is a copy of everything, erased people and expired replies included, so keeping one for longer
 * than RETENTION_DAYS would keep what erasure and retention promised to forget. Pruning by age is how
 * erasure reaches back-ups: someone erased today is in no back-up RETENTION_DAYS from now.
 */
export function backupsToPrune(
  backups: ReadonlyArray<{ name: string; takenAt: Date }>,
  opts: { keep: number | null; retentionDays: number; now: Date },
): string[] {
  const oldest = opts.now.getTime() - opts.retentionDays * DAY;
  const newestFirst = [...backups].sort((a, b) => b.takenAt.getTime() - a.takenAt.getTime() || (a.name < b.name ? 1 : -1));
  return newestFirst.filter((b, i) => b.takenAt.getTime() < oldest || (opts.keep !== null && i >= opts.keep)).map((b) => b.name);
}

export interface PruneResult {
  /** Back-ups removed, by file name. */
  removed: string[];
  kept: number;
}

/**
 * Prunes the back-ups folder to BACKUP_KEEP and RETENTION_DAYS (see backupsToPrune). Only files named as
 * this module names them are touched: a copy written elsewhere with --out is the organiser's to delete.
 * Left-over partial copies of a back-up that crashed, more than a day old, go too: they hold the same data.
 */
export function pruneBackups(dir: string, opts: { keep: number | null; retentionDays: number; now: Date }): PruneResult {
  if (!fs.existsSync(dir)) return { removed: [], kept: 0 };
  const names = fs.readdirSync(dir);
  const backups = names.flatMap((name) => {
    const takenAt = backupTakenAt(name);
    return takenAt ? [{ name, takenAt }] : [];
  });
  const removed = backupsToPrune(backups, opts);
  for (const name of removed) fs.rmSync(path.join(dir, name), { force: true });
  for (const name of names.filter((n) => PARTIAL_NAME.test(n))) {
    const file = path.join(dir, name);
    if (opts.now.getTime() - fs.statSync(file).mtimeMs > DAY) {
      fs.rmSync(file, { force: true });
      removed.push(name);
    }
  }
  return { removed, kept: backups.length - backups.filter((b) => removed.includes(b.name)).length };
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
