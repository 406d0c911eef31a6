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
