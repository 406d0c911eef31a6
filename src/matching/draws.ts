import type { Queryable } from '../db/database.js';

/** A stored round's draw: when it ran, its first group's id, and its groups packed as [size, id, id, (id), size, …]. */
export interface StoredDraw {
  roundId: number;
  at: number;
  firstGroupId: number;
  draw: Int32Array;
}

export function encodeDraw(groups: readonly (readonly number[])[]): Buffer {
  const out = new Int32Array(groups.reduce((n, g) => n + g.length + 1, 0));
  let k = 0;
  for (const g of groups) {
    out[k++] = g.length;
    for (const id of g) out[k++] = id;
  }
  return Buffer.from(out.buffer, out.byteOffset, out.byteLength);
}

export function decodeDraw(blob: Buffer): Int32Array {
  // Copied into an aligned buffer: a Buffer from SQLite may start at any byte offset.
  return new Int32Array(blob.buffer.slice(blob.byteOffset, blob.byteOffset + blob.byteLength));
}

/** Calls fn with each group's members and its position in the draw. */
export function forEachGroup(draw: Int32Array, fn: (members: Int32Array, index: number) => void): void {
  for (let k = 0, i = 0; k < draw.length; i++) {
    const size = draw[k]!;
    fn(draw.subarray(k + 1, k + 1 + size), i);
    k += size + 1;
  }
}

/** Every round's draw, oldest first; with `before`, only rounds that ran at or before it. */
export async function loadDraws(db: Queryable, before?: string): Promise<StoredDraw[]> {
  const rows = await db.all<{ id: number; created_at: string; first_group_id: number; draw: Buffer }>(
    `SELECT id, created_at, first_group_id, draw FROM rounds ${before ? 'WHERE created_at <= ?' : ''} ORDER BY id`,
    before ? [before] : [],
  );
  return rows.map((r) => ({ roundId: r.id, at: Date.parse(r.created_at), firstGroupId: r.first_group_id, draw: decodeDraw(r.draw) }));
}

/** The latest group a person was in (at or before `before`), with its other members. */
export async function latestGroupOf(
  db: Queryable,
  personId: number,
  before?: string,
): Promise<{ roundId: number; groupId: number; members: number[] } | null> {
  const draws = await loadDraws(db, before);
  for (let r = draws.length - 1; r >= 0; r--) {
    const d = draws[r]!;
    let found: { roundId: number; groupId: number; members: number[] } | null = null;
    forEachGroup(d.draw, (members, index) => {
      if (!found && members.includes(personId)) found = { roundId: d.roundId, groupId: d.firstGroupId + index, members: [...members] };
    });
    if (found) return found;
  }
  return null;
}

/** How many groups a person has been in. */
export async function countGroupsOf(db: Queryable, personId: number): Promise<number> {
  let n = 0;
  for (const d of await loadDraws(db)) {
    forEachGroup(d.draw, (members) => {
      if (members.includes(personId)) n++;
    });
  }
  return n;
}
