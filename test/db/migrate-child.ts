// One process starting on a database, as the service and every CLI do: open it, then migrate. Run by
// test/db/migrate.test.ts, several at once; each waits for "go" on stdin so they migrate at the same moment.
import { Database } from '../../src/db/database.js';
import { migrate } from '../../src/db/migrate.js';

const file = process.argv[2]!;
const db = await Database.open(file, { busyTimeoutMs: 20_000 });
process.stdout.write('ready\n');
await new Promise((resolve) => process.stdin.once('data', resolve));
try {
  const result = await migrate(db);
  process.stdout.write(`${JSON.stringify({ ok: true, ...result })}\n`);
} catch (err) {
  process.stdout.write(`${JSON.stringify({ ok: false, error: (err as Error).message })}\n`);
} finally {
  await db.close();
}
