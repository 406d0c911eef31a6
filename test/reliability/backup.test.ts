import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { runCli } from '../helpers/run-cli.js';
import { Database } from '../../src/db/database.js';
import { backupDatabase, backupsToPrune, backupTakenAt, defaultBackupFile, pruneBackups } from '../../src/db/backup.js';
import { storeInbound } from '../../src/db/inbound.js';
import { enqueueMail } from '../../src/db/outbox.js';
import { migrationsDir } from '../../src/paths.js';

let t: TestDatabase;
beforeEach(async () => {
  t = await createTestDatabase();
});
afterEach(async () => {
  await t.cleanup();
});

/**
 * A service-like writer: each transaction stores a reply and queues its answer, as processing does, so in
 * every committed state there are as many answers as replies. Runs until stopped; returns how many it wrote.
 */
function writerLoop(db: Database) {
  let running = true;
  let written = 0;
  const padding = Buffer.alloc(2048, 'x');
  const done = (async () => {
    while (running) {
      await db.transaction(async (tx) => {
        for (let k = 0; k < 20; k++) {
          const n = written + k;
          await storeInbound(tx, { dedupeKey: `mid:<${n}@w>`, contentType: null, raw: padding, parsed: null, status: 'pending', reason: null }, new Date());
          await enqueueMail(tx, { template: 'help', data: { status: 'active' }, to: [{ email: `p${n}@example.gov.uk` }] }, { messageDomain: 'r.test', now: new Date() });
        }
      });
      written += 20;
    }
    return written;
  })();
  return { stop: () => ((running = false), done), count: () => written };
}

async function checkRestored(file: string) {
  const copy = await Database.open(file);
  try {
    const integrity = await copy.all<{ integrity_check: string }>('PRAGMA integrity_check');
    const migrations = (await copy.all<{ name: string }>('SELECT name FROM schema_migrations ORDER BY name')).map((r) => r.name);
    const replies = (await copy.get<{ n: number }>('SELECT count(*) AS n FROM inbound_messages'))!.n;
    const answers = (await copy.get<{ n: number }>("SELECT count(*) AS n FROM outbox WHERE template = 'help'"))!.n;
    return { integrity: integrity.map((r) => r.integrity_check), migrations, replies, answers };
  } finally {
    await copy.close();
  }
}

const allMigrations = () => fs.readdirSync(migrationsDir).filter((f) => f.endsWith('.sql')).sort();

describe('backup of the live database', () => {
  it('when the service keeps writing during a backup, then the copy restores whole: integrity ok, migrations intact, a committed state', async () => {
    const writer = writerLoop(t.db);
    while (writer.count() < 2000) await new Promise((r) => setTimeout(r, 10));
    const copies: Array<{ file: string; before: number; after: number }> = [];
    for (let i = 0; i < 3; i++) {
      const file = path.join(t.dir, `copy-${i}.sqlite`);
      const before = writer.count();
      const r = await backupDatabase(t.path, file);
      expect(r.integrity).toBe('ok');
      copies.push({ file, before, after: writer.count() });
      await new Promise((res) => setTimeout(res, 50));
    }
    const total = await writer.stop();
    expect(total).toBeGreaterThan(copies.at(-1)!.before);
    for (const c of copies) {
      const restored = await checkRestored(c.file);
      expect(restored.integrity).toEqual(['ok']);
      expect(restored.migrations).toEqual(allMigrations());
      // A committed state: every reply with its answer, none half-written, nothing later than the backup's end.
      expect(restored.answers).toBe(restored.replies);
      expect(restored.replies % 20).toBe(0);
      expect(restored.replies).toBeGreaterThanOrEqual(c.before);
      expect(restored.replies).toBeLessThanOrEqual(c.after + 20);
      // One self-contained file: no WAL beside it is needed.
      expect(fs.existsSync(`${c.file}-wal`) && fs.statSync(`${c.file}-wal`).size > 0).toBe(false);
    }
  });

  it('when npm run backup runs beside a writer, then it prints where the copy is, and the copy restores', async () => {
    const writer = writerLoop(t.db);
    while (writer.count() < 1000) await new Promise((r) => setTimeout(r, 10));
    const out = path.join(t.dir, 'nightly.sqlite');
    const r = await runCli('src/cli/backup.ts', ['--out', out], { DATABASE_PATH: t.path });
    await writer.stop();
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`to ${out} (`);
    expect(r.stdout).toMatch(/integrity ok/);
    const restored = await checkRestored(out);
    expect(restored.integrity).toEqual(['ok']);
    expect(restored.migrations).toEqual(allMigrations());
    expect(restored.answers).toBe(restored.replies);
    expect(restored.replies).toBeGreaterThanOrEqual(1000);
  });

  it('when no --out is given, then the copy goes to db/backups/unmentoring-<time>.sqlite beside the database; an existing file is never overwritten', async () => {
    expect(defaultBackupFile('/srv/db/unmentoring.sqlite', new Date('2026-06-01T12:00:00.123Z'))).toBe('/srv/db/backups/unmentoring-2026-06-01T12-00-00Z.sqlite');
    const r = await runCli('src/cli/backup.ts', [], { DATABASE_PATH: t.path });
    expect(r.code).toBe(0);
    const file = /to (\S+) \(/.exec(r.stdout)![1]!;
    expect(path.dirname(file)).toBe(path.join(t.dir, 'backups'));
    expect(path.basename(file)).toMatch(/^unmentoring-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ\.sqlite$/);
    expect(fs.existsSync(file)).toBe(true);
    const again = await runCli('src/cli/backup.ts', ['--out', file], { DATABASE_PATH: t.path });
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already exists/);
    const missing = await runCli('src/cli/backup.ts', ['--out', path.join(t.dir, 'x.sqlite')], { DATABASE_PATH: path.join(t.dir, 'nothing.sqlite') });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/no database at/);
  });
});

describe('pruning back-ups (BACKUP_KEEP, RETENTION_DAYS)', () => {
  const DAY = 86_400_000;
  const now = new Date('2026-06-01T12:00:00Z');
  const name = (daysAgo: number) => path.basename(defaultBackupFile('/x/db.sqlite', new Date(now.getTime() - daysAgo * DAY)));

  it('when back-ups are older than RETENTION_DAYS, then they go, whatever BACKUP_KEEP says: an erased person is in none after that', () => {
    const backups = [0, 1, 29, 31, 90].map((d) => ({ name: name(d), takenAt: new Date(now.getTime() - d * DAY) }));
    expect(backupsToPrune(backups, { keep: null, retentionDays: 30, now })).toEqual([name(31), name(90)]);
    expect(backupsToPrune(backups, { keep: 100, retentionDays: 30, now })).toEqual([name(31), name(90)]);
  });

  it('when there are more than BACKUP_KEEP, then the newest BACKUP_KEEP stay', () => {
    const backups = [3, 0, 2, 1].map((d) => ({ name: name(d), takenAt: new Date(now.getTime() - d * DAY) }));
    expect(backupsToPrune(backups, { keep: 2, retentionDays: 30, now })).toEqual([name(2), name(3)]);
  });

  it('when the folder holds other files, then only back-ups named as npm run backup names them, and day-old partial copies, are removed', () => {
    const dir = path.join(t.dir, 'backups');
    fs.mkdirSync(dir);
    for (const d of [0, 40]) fs.writeFileSync(path.join(dir, name(d)), 'copy');
    fs.writeFileSync(path.join(dir, 'my-own-copy.sqlite'), 'mine');
    const partial = path.join(dir, `${name(2)}.partial-123`);
    fs.writeFileSync(partial, 'half a copy');
    fs.utimesSync(partial, new Date(now.getTime() - 2 * DAY), new Date(now.getTime() - 2 * DAY));
    const r = pruneBackups(dir, { keep: null, retentionDays: 30, now });
    expect(r.removed.sort()).toEqual([name(40), `${name(2)}.partial-123`].sort());
    expect(fs.readdirSync(dir).sort()).toEqual([name(0), 'my-own-copy.sqlite'].sort());
    expect(backupTakenAt(name(0))).toEqual(now);
    expect(backupTakenAt('my-own-copy.sqlite')).toBeNull();
  });

  it('when npm run backup takes a copy, then older back-ups beyond RETENTION_DAYS and BACKUP_KEEP are removed and it says so', async () => {
    const dir = path.join(t.dir, 'backups');
    fs.mkdirSync(dir);
    const started = Date.now();
    const taken = (daysAgo: number) => path.basename(defaultBackupFile(t.path, new Date(started - daysAgo * DAY)));
    for (const d of [1, 2, 3, 45]) fs.writeFileSync(path.join(dir, taken(d)), 'old copy');
    const r = await runCli('src/cli/backup.ts', [], { DATABASE_PATH: t.path, RETENTION_DAYS: '30', BACKUP_KEEP: '2' });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Removed 3 older back-ups \(RETENTION_DAYS 30, BACKUP_KEEP 2\); 2 kept/);
    const left = fs.readdirSync(dir).sort();
    expect(left).toHaveLength(2);
    expect(left[0]).toBe(taken(1));
    expect(fs.readFileSync(path.join(dir, left[1]!)).subarray(0, 15).toString()).toBe('SQLite format 3');
  });
});
