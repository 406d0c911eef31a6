import fs from 'node:fs/promises';
import path from 'node:path';
import type { Database } from './database.js';
import { migrationsDir } from '../paths.js';

const NAME = /^(\d{3})-[a-z0-9-]+\.sql$/;

export interface MigrationResult {
  applied: string[];
  alreadyApplied: number;
}

/**
 * Applies, in order, each db/migrations/NNN-verb-noun.sql not yet recorded in schema_migrations,
 * each in its own transaction together with its record, so a failed migration leaves no trace.
 */
export async function migrate(db: Database, dir: string = migrationsDir): Promise<MigrationResult> {
  await db.exec(
    'CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)',
  );
  const files = (await fs.readdir(dir)).filter((f) => NAME.test(f)).sort();
  const done = new Set(
    (await db.all<{ name: string }>('SELECT name FROM schema_migrations')).map((r) => r.name),
  );
  const applied: string[] = [];
  for (const file of files) {
    if (done.has(file)) continue;
    const sql = await fs.readFile(path.join(dir, file), 'utf8');
    await db.transaction(async (tx) => {
      await tx.exec(sql);
      await tx.run('INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)', [file, new Date().toISOString()]);
    });
    applied.push(file);
  }
  return { applied, alreadyApplied: done.size };
}
