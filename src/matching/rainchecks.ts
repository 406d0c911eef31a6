/**
 * Rainchecks: CAN'T MAKE IT from a member of a group, before the meeting. The one who said it sits this
 * round out. A partner it leaves alone is offered someone new in the same round: they join the round's
 * waiting list (round_unplaced, where the draw put those it could not place), and everyone waiting is
 * re-paired under the round's rules: never two people of one organisation, and never two who have been
 * grouped before (a re-pairing leaves them waiting rather than repeat a pair). Whoever is still waiting when
 * the next round is drawn goes first in it, as the unplaced do.
 *
 * Called inside the transaction that records the CAN'T MAKE IT, under the write lock: two rainchecks at
 * once are re-paired one after the other, and nobody is placed twice.
 */
import type { Queryable } from '../db/database.js';
import { enqueueIntroductions } from '../db/outbox.js';
import { loadDraws, forEachGroup } from './draws.js';
import { HistoryIndex } from './history.js';
import { pairParticipants, type Candidate } from './pair.js';
import { createRng, newSeed } from './rng.js';
import { organisationKey } from './round.js';

/** What a raincheck means for each other member of the group. */
export type PartnerOutcome =
  /** Introduced to someone new in this round (their introduction is queued). */
  | { kind: 'repaired' }
  /** Waiting: introduced if someone becomes free before `until` (ISO), else first in the next round. */
  | { kind: 'waiting'; until: string | null }
  /** The group still has two or more who can meet. */
  | { kind: 'group-continues' }
  /** Nothing to offer now (the round is over, or the group has met): matched as usual next round. */
  | { kind: 'next-round' };

export interface RaincheckResult {
  /** For each other member still taking part, what happens to them. */
  partners: Map<number, PartnerOutcome>;
  /** Groups re-paired now (their introductions are queued), with their members. */
  repaired: Array<{ groupId: number; members: number[] }>;
}

const WAITING_REASON = "their match can't make it this round";

/**
 * Applies `personId`'s CAN'T MAKE IT to `groupId` (already recorded in group_replies), and re-pairs the
 * round's waiting list. `memberIds` are the group's members; `takingPart` those of them who can still be
 * matched (active, with an address that is not suppressed).
 */
export async function raincheck(
  tx: Queryable,
  input: { groupId: number; personId: number; memberIds: number[]; takingPart: Set<number>; replyDomain: string },
  now: Date,
): Promise<RaincheckResult> {
  const { groupId, personId } = input;
  const at = now.toISOString();
  const partners = new Map<number, PartnerOutcome>();
  const others = input.memberIds.filter((id) => id !== personId && input.takingPart.has(id));
  const round = await roundOfGroup(tx, groupId);
  // The one who can't make it sits this round out: off the waiting list if they were on it.
  if (round) await tx.run('DELETE FROM round_unplaced WHERE round_id = ? AND person_id = ?', [round.id, personId]);
  if (!round || !isOpen(round, at)) {
    for (const id of others) partners.set(id, { kind: 'next-round' });
    return { partners, repaired: [] };
  }

  // Who of the group can still meet: not someone who said CAN'T MAKE IT to it.
  const out = new Set(
    (await tx.all<{ person_id: number }>("SELECT person_id FROM group_replies WHERE group_id = ? AND kind = 'cant_make_it'", [groupId])).map(
      (r) => r.person_id,
    ),
  );
  out.add(personId);
  const left = others.filter((id) => !out.has(id));
  if (left.length >= 2) {
    for (const id of left) partners.set(id, { kind: 'group-continues' });
  } else if (left.length === 1) {
    // Alone now: onto the waiting list, unless they have moved on to a group made after this one (the
    // CAN'T MAKE IT reached an old group of theirs).
    const alone = left[0]!;
    const placed = await tx.get<{ n: number }>(
      'SELECT count(*) AS n FROM repaired_groups WHERE round_id = ? AND group_id > ? AND EXISTS (SELECT 1 FROM json_each(members) WHERE value = ?)',
      [round.id, groupId, alone],
    );
    if (!placed?.n) {
      await tx.run('INSERT INTO round_unplaced (round_id, person_id, reason) VALUES (?, ?, ?) ON CONFLICT DO NOTHING', [round.id, alone, WAITING_REASON]);
    }
  }

  const repaired = await rePairWaiting(tx, round.id, input.replyDomain, now);
  const placedNow = new Set(repaired.flatMap((g) => g.members));
  for (const id of left.length === 1 ? left : []) {
    partners.set(id, placedNow.has(id) ? { kind: 'repaired' } : { kind: 'waiting', until: round.period_ends });
  }
  return { partners, repaired };
}

interface GroupRound {
  id: number;
  period_ends: string | null;
  latest: number;
  met: number;
}

async function roundOfGroup(tx: Queryable, groupId: number): Promise<GroupRound | undefined> {
  return tx.get<GroupRound>(
    `SELECT r.id, r.period_ends, r.id = (SELECT max(id) FROM rounds) AS latest,
       EXISTS (SELECT 1 FROM answers a WHERE a.group_id = g.id AND a.met = 1) AS met
     FROM groups g JOIN rounds r ON r.id = g.round_id WHERE g.id = ?`,
    [groupId],
  );
}

/** A group of the latest round, whose period has not ended, that has not said MET. */
function isOpen(round: GroupRound, at: string): boolean {
  return round.latest === 1 && (round.period_ends === null || round.period_ends > at) && round.met !== 1;
}

/** Whether a raincheck on the group can still offer its others someone new (see isOpen). */
export async function groupStillOpen(tx: Queryable, groupId: number, now: Date): Promise<boolean> {
  const round = await roundOfGroup(tx, groupId);
  return round !== undefined && isOpen(round, now.toISOString());
}

interface Waiting {
  id: number;
  organisationId: number | null;
  organisation: string | null;
  email: string | null;
}

/**
 * Everyone on the round's waiting list who can be matched (active, an address, not suppressed, and not
 * sitting the round out after a CAN'T MAKE IT of their own), grouped under the round's rules. Groups with a
 * repeat are not made: their members keep waiting. Each new group gets its introduction and leaves the
 * list. The pool is the round's waiting list, a few people: pairing it is the small-round exact search.
 */
export async function rePairWaiting(tx: Queryable, roundId: number, replyDomain: string, now: Date): Promise<Array<{ groupId: number; members: number[] }>> {
  const waiting = await tx.all<Waiting>(
    `SELECT p.id, p.organisation_id AS organisationId, nullif(p.organisation, '') AS organisation, p.email
     FROM round_unplaced u JOIN people p ON p.id = u.person_id
     WHERE u.round_id = ?1 AND p.status = 'active' AND p.email IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM suppressions s WHERE s.email = p.email)
       AND NOT EXISTS (SELECT 1 FROM group_replies r JOIN groups g ON g.id = r.group_id
                       WHERE g.round_id = ?1 AND r.person_id = p.id AND r.kind = 'cant_make_it')
     ORDER BY p.id`,
    [roundId],
  );
  if (waiting.length < 2) return [];

  const history = new HistoryIndex(64);
  const ids = new Set(waiting.map((w) => w.id));
  for (const d of await loadDraws(tx)) {
    forEachGroup(d.draw, (members) => {
      for (let i = 0; i < members.length; i++) {
        for (let j = i + 1; j < members.length; j++) {
          if (ids.has(members[i]!) || ids.has(members[j]!)) history.add(members[i]!, members[j]!, d.roundId);
        }
      }
    });
  }
  const seed = newSeed();
  const rng = createRng(seed);
  const candidates: Candidate[] = waiting.map((w) => ({ id: w.id, org: organisationKey(w) }));
  const orgOf = new Map(candidates.map((c) => [c.id, c.org]));
  const grouping = pairParticipants(candidates, history, rng);
  // The round's rules allow a repeat when nothing else is possible; here waiting is better than a repeat. A
  // trio with one bad pair keeps a good pair of it, and its third member waits.
  const fits = (a: number, b: number) => !history.has(a, b) && orgOf.get(a) !== orgOf.get(b);
  const groups: number[][] = [];
  for (const g of grouping.groups) {
    if (g.every((a, i) => g.every((b, j) => j <= i || fits(a, b)))) groups.push(g);
    else if (g.length === 3) {
      const good = [[g[0]!, g[1]!], [g[0]!, g[2]!], [g[1]!, g[2]!]].filter(([a, b]) => fits(a!, b!));
      if (good.length) groups.push(good[rng.int(good.length)]!);
    }
  }
  if (!groups.length) return [];

  const firstGroupId = ((await tx.get<{ m: number | null }>('SELECT max(id) AS m FROM groups'))?.m ?? 0) + 1;
  const firstOutboxId = ((await tx.get<{ m: number | null }>('SELECT max(id) AS m FROM outbox'))?.m ?? 0) + 1;
  await enqueueIntroductions(tx, groups, { firstOutboxId, firstGroupId, messageDomain: replyDomain, now });
  const at = now.toISOString();
  const made = groups.map((members, k) => ({ groupId: firstGroupId + k, members }));
  for (const [k, g] of made.entries()) {
    await tx.run('INSERT INTO groups (id, round_id, first_mover_id, introduction_outbox_id) VALUES (?, ?, ?, ?)', [
      g.groupId,
      roundId,
      g.members[rng.int(g.members.length)]!,
      firstOutboxId + k,
    ]);
    await tx.run('INSERT INTO repaired_groups (group_id, round_id, members, seed, created_at) VALUES (?, ?, ?, ?, ?)', [
      g.groupId,
      roundId,
      JSON.stringify(g.members),
      seed,
      at,
    ]);
  }
  await tx.run('DELETE FROM round_unplaced WHERE round_id = ? AND person_id IN (SELECT value FROM json_each(?))', [
    roundId,
    JSON.stringify(made.flatMap((g) => g.members)),
  ]);
  return made;
}
