import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, holdWriteLock, type TestDatabase } from '../helpers/db.js';
import { Database, isBusyError, isConstraintError } from '../../src/db/database.js';
import { migrate } from '../../src/db/migrate.js';
import { upsertInvitee, findPersonByEmail } from '../../src/db/people.js';

let t: TestDatabase;
beforeEach(async () => {
  t = await createTestDatabase();
});
afterEach(async () => {
  await t.cleanup();
});

describe('database', () => {
  it('when opened, then WAL, foreign keys, a busy timeout and secure delete (ON) are on', async () => {
    expect((await t.db.get<{ journal_mode: string }>('PRAGMA journal_mode'))!.journal_mode).toBe('wal');
    expect((await t.db.get<{ foreign_keys: number }>('PRAGMA foreign_keys'))!.foreign_keys).toBe(1);
    expect((await t.db.get<{ timeout: number }>('PRAGMA busy_timeout'))!.timeout).toBeGreaterThan(0);
    // 1 is ON: whatever is deleted is overwritten with zeros (FAST, 2, left erased replies in freed pages).
    expect((await t.db.get<{ secure_delete: number }>('PRAGMA secure_delete'))!.secure_delete).toBe(1);
  });

  it('when a connection is opened, then its commits are synced to disk before they return (synchronous FULL)', async () => {
    // 2 is FULL; NORMAL (1) in WAL mode can lose a commit already acknowledged with 200 on a power cut.
    expect((await t.db.get<{ synchronous: number }>('PRAGMA synchronous'))!.synchronous).toBe(2);
    const other = await Database.open(t.path);
    expect((await other.get<{ synchronous: number }>('PRAGMA synchronous'))!.synchronous).toBe(2);
    await other.close();
  });

  it('when another flow writes while a transaction is open, then its write does not land inside that transaction', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const tx = t.db
      .transaction(async (q) => {
        await q.run("INSERT INTO suppressions (email, reason, created_at) VALUES ('in-tx@example.org', 'stop', 'x')");
        await gate;
        throw new Error('roll back');
      })
      .catch((e: Error) => e.message);
    // Queued behind the transaction: it must survive the rollback.
    const outside = t.db.run("INSERT INTO suppressions (email, reason, created_at) VALUES ('outside@example.org', 'stop', 'x')");
    await new Promise((r) => setTimeout(r, 20));
    release();
    expect(await tx).toBe('roll back');
    await outside;
    const rows = await t.db.all<{ email: string }>('SELECT email FROM suppressions ORDER BY email');
    expect(rows.map((r) => r.email)).toEqual(['outside@example.org']);
  });

  it('when the same address is added in another case, then it is one person, stored lowercased', async () => {
    const a = await upsertInvitee(t.db, { email: 'Jo@Example.ORG', name: 'Jo', organisation: null }, new Date());
    const b = await upsertInvitee(t.db, { email: 'jo@example.org', name: 'Other', organisation: 'Leeds City Council' }, new Date());
    expect(a).toBe(b);
    const p = await findPersonByEmail(t.db, 'JO@example.org');
    expect(p!.email).toBe('jo@example.org');
    expect(p!.name).toBe('Jo'); // never overwritten by a later file
    expect(p!.organisation).toBe('Leeds City Council'); // but a gap is filled
  });

  it('when an address is written with capitals directly, then the database refuses it', async () => {
    const err = await t.db
      .run("INSERT INTO people (email, status, status_changed_at, created_at, updated_at) VALUES ('Jo@X.org', 'invited', 'x', 'x', 'x')")
      .catch((e: unknown) => e);
    expect(isConstraintError(err)).toBe(true);
  });

  it('when another process holds the write lock past the busy timeout, then a transaction fails with a busy error and recovers after', async () => {
    const db = await Database.open(t.path, { busyTimeoutMs: 100 });
    const lock = await holdWriteLock(t.path);
    const err = await db.transaction((tx) => tx.run("INSERT INTO suppressions VALUES ('x@example.org', 'stop', 'x')")).catch((e: unknown) => e);
    expect(isBusyError(err)).toBe(true);
    await lock.release();
    await db.transaction((tx) => tx.run("INSERT INTO suppressions VALUES ('x@example.org', 'stop', 'x')"));
    expect((await db.get<{ n: number }>('SELECT count(*) AS n FROM suppressions'))!.n).toBe(1);
    await db.close();
  });
});

describe('migrations', () => {
  it('when run again, then nothing is applied twice', async () => {
    const again = await migrate(t.db);
    expect(again.applied).toEqual([]);
    expect(again.alreadyApplied).toBeGreaterThan(0);
  });

  it('when a migration fails half-way, then none of it remains and it is not recorded', async () => {
    const dir = path.join(t.dir, 'migrations');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, '001-create-good.sql'), 'CREATE TABLE good (id INTEGER);');
    fs.writeFileSync(path.join(dir, '002-create-broken.sql'), 'CREATE TABLE half (id INTEGER); THIS IS NOT SQL;');
    const db = await Database.open(path.join(t.dir, 'other.sqlite'));
    await expect(migrate(db, dir)).rejects.toThrow();
    const tables = (await db.all<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'")).map((r) => r.name);
    expect(tables).toContain('good');
    expect(tables).not.toContain('half');
    const recorded = (await db.all<{ name: string }>('SELECT name FROM schema_migrations')).map((r) => r.name);
    expect(recorded).toEqual(['001-create-good.sql']);
    await db.close();
  });
});
