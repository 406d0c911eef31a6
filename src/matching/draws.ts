import type { Queryable } from '../db/database.js';

/** A stored round's draw: when it ran, its first group's id, and its groups packed as [size, id, id, (id), size, …]. */
export interface StoredDraw {
  roundId: number;
  /** When the round ran (ms). A re-paired group carries its round's time: cadences count from the round. */
  at: number;
  firstGroupId: number;
  draw: Int32Array;
  /**
   * A group re-paired within its round after the draw (repaired_groups), as a draw of one group. Its
   * members were already counted in the round's own draw, so it adds pairs to the history but no round.
   */
  repaired?: true;
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

/**
 * Every round's draw, oldest first, each followed by the groups re-paired in it (in the order they were
 * made); with `before`, only what was made at or before it.
 */
export async function loadDraws(db: Queryable, before?: string): Promise<StoredDraw[]> {
  const [rows, repaired] = await Promise.all([
    db.all<{ id: number; created_at: string; first_group_id: number; draw: Buffer }>(
      `SELECT id, created_at, first_group_id, draw FROM rounds ${before ? 'WHERE created_at <= ?' : ''} ORDER BY id`,
      before ? [before] : [],
    ),
    db.all<{ group_id: number; round_id: number; members: string }>(
      `SELECT group_id, round_id, members FROM repaired_groups ${before ? 'WHERE created_at <= ?' : ''} ORDER BY round_id, group_id`,
      before ? [before] : [],
    ),
  ]);
  const byRound = new Map<number, StoredDraw[]>();
  for (const r of repaired) {
    const members = JSON.parse(r.members) as number[];
    const list = byRound.get(r.round_id) ?? [];
    list.push({ roundId: r.round_id, at: 0, firstGroupId: r.group_id, draw: Int32Array.from([members.length, ...members]), repaired: true });
    byRound.set(r.round_id, list);
  }
  return rows.flatMap((r) => {
    const at = Date.parse(r.created_at);
    const own: StoredDraw = { roundId: r.id, at, firstGroupId: r.first_group_id, draw: decodeDraw(r.draw) };
    return [own, ...(byRound.get(r.id) ?? []).map((d) => ({ ...d, at }))];
  });
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
