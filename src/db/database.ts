import fs from 'node:fs';
import path from 'node:path';
import sqlite3 from 'sqlite3';

export type Params = unknown[] | Record<string, unknown>;

export interface RunResult {
  changes: number;
  lastID: number;
}

/** What table modules need: a connection, or a transaction on it. */
export interface Queryable {
  run(sql: string, params?: Params): Promise<RunResult>;
  get<T>(sql: string, params?: Params): Promise<T | undefined>;
  all<T>(sql: string, params?: Params): Promise<T[]>;
  exec(sql: string): Promise<void>;
}

export interface OpenOptions {
  busyTimeoutMs?: number;
}

/** An error SQLite raises when another connection holds the lock past the busy timeout. */
export function isBusyError(err: unknown): boolean {
  const code = (err as { code?: string } | null)?.code;
  return code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED';
}

export function isConstraintError(err: unknown): boolean {
  return (err as { code?: string } | null)?.code === 'SQLITE_CONSTRAINT';
}

class Connection implements Queryable {
  constructor(protected readonly raw: sqlite3.Database) {}

  run(sql: string, params: Params = []): Promise<RunResult> {
    return new Promise((resolve, reject) => {
      this.raw.run(sql, params, function (this: sqlite3.RunResult, err: Error | null) {
        if (err) reject(err);
        else resolve({ changes: this.changes, lastID: this.lastID });
      });
    });
  }

  get<T>(sql: string, params: Params = []): Promise<T | undefined> {
    return new Promise((resolve, reject) => {
      this.raw.get(sql, params, (err: Error | null, row: T | undefined) => (err ? reject(err) : resolve(row)));
    });
  }

  all<T>(sql: string, params: Params = []): Promise<T[]> {
    return new Promise((resolve, reject) => {
      this.raw.all(sql, params, (err: Error | null, rows: T[]) => (err ? reject(err) : resolve(rows)));
    });
  }

  exec(sql: string): Promise<void> {
    return new Promise((resolve, reject) => {
      this.raw.exec(sql, (err: Error | null) => (err ? reject(err) : resolve()));
    });
  }
}

/**
 * One SQLite connection. sqlite3 runs whatever statements reach a connection in the order they arrive,
 * so two async flows sharing it would interleave: a statement from one would land inside the other's
 * transaction. Every use therefore goes through one FIFO queue, and a transaction holds the queue until
 * it commits or rolls back.
 */
export class Database implements Queryable {
  private tail: Promise<unknown> = Promise.resolve();
  private closed = false;
  private readonly conn: Connection;

  private constructor(
    private readonly raw: sqlite3.Database,
    readonly filename: string,
  ) {
    this.conn = new Connection(raw);
  }

  static async open(filename: string, options: OpenOptions = {}): Promise<Database> {
    if (filename !== ':memory:') fs.mkdirSync(path.dirname(filename), { recursive: true });
    const raw = await new Promise<sqlite3.Database>((resolve, reject) => {
      const db: sqlite3.Database = new sqlite3.Database(filename, (err) => (err ? reject(err) : resolve(db)));
    });
    raw.configure('busyTimeout', options.busyTimeoutMs ?? 5000);
    const db = new Database(raw, filename);
    // WAL lets readers (the health check, reports) proceed while a round or an import writes.
    if (filename !== ':memory:') await db.conn.exec('PRAGMA journal_mode = WAL');
    // A 256 MB page cache (SQLite's default is 2 MB): a round writes groups and members across indexes
    // keyed by person, and with the default nearly every insert misses the cache.
    // secure_delete ON: whatever a DELETE or an UPDATE removes is overwritten with zeros, in the page and
    // in any page it frees, so an erased person's details and expired replies are not left in the file.
    // FAST only zeroes what lies in pages already being written: with WAL, freed overflow pages (a long
    // reply) kept the erased text after a checkpoint. https://www.sqlite.org/pragma.html#pragma_secure_delete
    // It is per connection, so every connection opened here sets it.
    // synchronous FULL: in WAL mode NORMAL syncs the WAL only at checkpoints, so a commit can be lost on a
    // power cut or kernel crash after it returned, and after it the answer that depended on it: a 200 to
    // SendGrid's Inbound Parse or Event Webhook (which never retries a 200), a one-click unsubscribe. FULL
    // syncs the WAL on every commit, so a commit that returned survives. Every connection sets it: each one
    // commits something an answer or a later step relies on. What it costs: docs/benchmarks.md.
    // https://www.sqlite.org/pragma.html#pragma_synchronous, https://www.sqlite.org/wal.html#performance_considerations
    await db.conn.exec(
      'PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL; PRAGMA cache_size = -262144; PRAGMA temp_store = MEMORY; PRAGMA secure_delete = ON;',
    );
    return db;
  }

  /** Runs fn with the connection to itself: nothing else touches the connection meanwhile. */
  exclusive<T>(fn: (conn: Queryable) => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new Error('database is closed'));
    const result = this.tail.then(() => fn(this.conn));
    this.tail = result.catch(() => undefined);
    return result;
  }

  run(sql: string, params?: Params): Promise<RunResult> {
    return this.exclusive((c) => c.run(sql, params));
  }

  get<T>(sql: string, params?: Params): Promise<T | undefined> {
    return this.exclusive((c) => c.get<T>(sql, params));
  }

  all<T>(sql: string, params?: Params): Promise<T[]> {
    return this.exclusive((c) => c.all<T>(sql, params));
  }

  exec(sql: string): Promise<void> {
    return this.exclusive((c) => c.exec(sql));
  }

  /**
   * BEGIN IMMEDIATE takes the write lock at the start, so a transaction never fails half-way with
   * SQLITE_BUSY after doing work; if another process holds the lock past the busy timeout it fails
   * at once with a busy error the caller can turn into "try again later".
   */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    return this.exclusive(async (c) => {
      await c.exec('BEGIN IMMEDIATE');
      try {
        const result = await fn(c);
        await c.exec('COMMIT');
        return result;
      } catch (err) {
        await c.exec('ROLLBACK').catch(() => undefined);
        throw err;
      }
    });
  }

  /**
   * Copies the WAL into the database file and truncates the WAL to nothing, so the old page images it holds
   * (an erased reply as it was before the erasure) are gone from disk too. Readers or writers in other
   * processes can keep it from finishing; it then does what it can, and the next one finishes the job.
   * https://www.sqlite.org/pragma.html#pragma_wal_checkpoint
   */
  async checkpoint(): Promise<{ busy: boolean }> {
    if (this.filename === ':memory:') return { busy: false };
    const row = await this.get<{ busy: number }>('PRAGMA wal_checkpoint(TRUNCATE)');
    return { busy: row?.busy === 1 };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.tail;
    this.closed = true;
    await new Promise<void>((resolve, reject) => this.raw.close((err) => (err ? reject(err) : resolve())));
  }
}
