import type { Queryable } from './database.js';

/** Of these pairs ("lowId:highId"), those not mentioned before; records them all as mentioned. */
export async function newlySeen(db: Queryable, pairs: string[], now: Date): Promise<string[]> {
  if (!pairs.length) return [];
  const rows = await db.all<{ pair: string }>(
    `INSERT INTO organisation_duplicates_seen (pair, seen_at) SELECT value, ? FROM json_each(?) WHERE true
     ON CONFLICT (pair) DO NOTHING RETURNING pair`,
    [now.toISOString(), JSON.stringify(pairs)],
  );
  return rows.map((r) => r.pair);
}
