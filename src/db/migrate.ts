import fs from 'node:fs/promises';
import path from 'node:path';
import type { Database } from './database.js';
import { fileURLToPath } from 'node:url';

// db/migrations at the project root, found from this file in src/db/ or dist/db/ alike.
const migrationsDir = fileURLToPath(new URL('../../db/migrations/', import.meta.url));

const NAME = /^(\d{3})-[a-z0-9-]+\.sql$/;

export interface MigrationResult {
  applied: string[];
  alreadyApplied: number;
}

/**
 * Applies, in order, each db/migrations/NNN-verb-noun.sql not yet recorded in schema_migrations,
 * each in its own transaction together with its record, so a failed migration leaves no trace.
 *
 * Two processes may start at once on one database (a web process and the worker, two CLIs): each
 * migration is checked and applied under the write lock (BEGIN IMMEDIATE), so whichever comes second
 * waits, then finds it recorded and skips it, instead of running it again on a schema that already has it.
 */
export async function migrate(db: Database, dir: string = migrationsDir): Promise<MigrationResult> {
  const files = (await fs.readdir(dir)).filter((f) => NAME.test(f)).sort();
  // Read first without the lock: when everything is in place (nearly every start) nothing waits on a writer.
  const done = await recorded(db);
  if (files.every((f) => done.has(f))) return { applied: [], alreadyApplied: files.length };
  await db.transaction((tx) =>
    tx.exec('CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)'),
  );
  const applied: string[] = [];
  let alreadyApplied = 0;
  for (const file of files) {
    if (done.has(file)) {
      alreadyApplied++;
      continue;
    }
    const sql = await fs.readFile(path.join(dir, file), 'utf8');
    const ran = await db.transaction(async (tx) => {
      // Another process may have applied it since the first look, or while this one waited for the lock.
      if (await tx.get('SELECT 1 FROM schema_migrations WHERE name = ?', [file])) return false;
      await tx.exec(sql);
      await tx.run('INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)', [file, new Date().toISOString()]);
      return true;
    });
    if (ran) applied.push(file);
    else alreadyApplied++;
  }
  return { applied, alreadyApplied };
}

async function recorded(db: Database): Promise<Set<string>> {
  const table = await db.get("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'");
  if (!table) return new Set();
  return new Set((await db.all<{ name: string }>('SELECT name FROM schema_migrations')).map((r) => r.name));
}
