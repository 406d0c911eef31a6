import type { Config } from '../config.js';
import type { Database, Queryable } from '../db/database.js';
import { enqueueMails, type NewMail } from '../db/outbox.js';
import type { Logger } from '../logger.js';
import { organisationFromEmail } from '../organisation.js';
import { HistoryIndex } from './history.js';
import { pairParticipants, type Candidate, type Grouping } from './pair.js';
import { createRng, newSeed, type Rng } from './rng.js';
import { periodOf } from './schedule.js';

export interface RoundDeps {
  db: Database;
  config: Config;
  logger: Logger;
  now?: () => Date;
}

export interface RoundOptions {
  trigger: 'schedule' | 'manual';
  /** Repeat a draw: the same seed with the same participants and history gives the same groups. */
  seed?: number;
  /** Draw and report, but store and send nothing. */
  dryRun?: boolean;
}

export interface DrawnGroup {
  members: Array<{ id: number; name: string | null; organisation: string }>;
  firstMoverId: number;
}

export interface RoundSummary {
  status: 'done' | 'already-ran' | 'dry-run';
  period: string;
  roundId: number | null;
  seed: number;
  eligible: number;
  groups: number;
  trios: number;
  unplaced: number;
  sameOrg: number;
  repeats: number;
  stillWantAsked: number;
  resumed: number;
  /** The draw, for `npm run match` to show. */
  draw: DrawnGroup[];
  unplacedPeople: Array<{ id: number; name: string | null; reason: string }>;
}

const CADENCE_DAYS: Record<string, number> = { every: 0, monthly: 27, bimonthly: 55, quarterly: 85 };
const DAY = 86_400_000;

interface EligibleRow {
  id: number;
  email: string;
  name: string | null;
  organisation: string | null;
  cadence: string;
  last_round_at: string | null;
}

/** The organisation two people must not share: the one they gave, else their address's domain. */
export function organisationKey(p: { id: number; organisation: string | null; email: string }): string {
  const given = p.organisation
    ?.toLowerCase()
    .normalize('NFKC')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .replace(/^the /, '')
    .trim();
  if (given) return given;
  // Nobody shares an organisation with someone whose only known address is a public provider's.
  return organisationFromEmail(p.email) ?? `person:${p.id}`;
}

/** Local calendar date in the process's time zone (set to TZ at start). */
function localDate(d: Date): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/**
 * Every past pair, read as one string per round (group_concat in group order) rather than millions of
 * rows: a round with a million members is one row to cross from SQLite into JavaScript.
 */
async function loadHistory(db: Queryable): Promise<{ index: HistoryIndex; pairs: number }> {
  const rows = await db.all<{ round_id: number; members: string }>(
    `SELECT round_id, group_concat(group_id || ':' || person_id, ',' ORDER BY group_id) AS members
     FROM group_members GROUP BY round_id`,
  );
  const total = await db.get<{ n: number }>('SELECT count(*) AS n FROM group_members');
  const index = new HistoryIndex(Math.max(16, total?.n ?? 0));
  let pairs = 0;
  for (const row of rows) {
    let group = -1;
    let members: number[] = [];
    const flush = () => {
      for (let i = 0; i < members.length; i++) {
        for (let j = i + 1; j < members.length; j++) {
          index.add(members[i]!, members[j]!, row.round_id);
          pairs++;
        }
      }
    };
    for (const item of row.members.split(',')) {
      const colon = item.indexOf(':');
      const g = Number(item.slice(0, colon));
      if (g !== group) {
        flush();
        group = g;
        members = [];
      }
      members.push(Number(item.slice(colon + 1)));
    }
    flush();
  }
  return { index, pairs };
}

/** Participants due a match now: active, not skipping, not suppressed, and due by their cadence. */
export async function loadEligible(db: Queryable, now: Date): Promise<EligibleRow[]> {
  const rows = await db.all<EligibleRow>(
    `SELECT p.id, p.email, p.name, p.organisation, p.cadence,
       (SELECT max(r.created_at) FROM group_members m JOIN rounds r ON r.id = m.round_id WHERE m.person_id = p.id) AS last_round_at
     FROM people p
     WHERE p.status = 'active' AND p.email IS NOT NULL AND p.skip_next_round = 0
       AND NOT EXISTS (SELECT 1 FROM suppressions s WHERE s.email = p.email)
     ORDER BY p.id`,
  );
  // Due by their cadence: "monthly" etc. counts from the last round they were in.
  return rows.filter((r) => {
    const days = CADENCE_DAYS[r.cadence] ?? 0;
    return !days || !r.last_round_at || now.getTime() - Date.parse(r.last_round_at) >= days * DAY;
  });
}

/** Who was left unplaced by the latest round: they go first this time. */
async function lastUnplaced(db: Queryable): Promise<Set<number>> {
  const rows = await db.all<{ person_id: number }>(
    'SELECT person_id FROM round_unplaced WHERE round_id = (SELECT max(id) FROM rounds)',
  );
  return new Set(rows.map((r) => r.person_id));
}

/** Participants silent for `rounds` rounds in a row: in that many rounds since they last wrote to us. */
function silentParticipants(db: Queryable, rounds: number): Promise<Array<{ id: number; email: string; name: string | null; n: number }>> {
  return db.all(
    `SELECT p.id, p.email, p.name, count(*) AS n
     FROM people p
     JOIN group_members m ON m.person_id = p.id
     JOIN rounds r ON r.id = m.round_id
     WHERE p.status = 'active' AND p.email IS NOT NULL
       AND r.created_at > coalesce(p.last_reply_at, p.joined_at, p.created_at)
     GROUP BY p.id
     HAVING count(*) >= ?`,
    [rounds],
  );
}

function drawnGroups(grouping: Grouping, byId: Map<number, EligibleRow>, orgOf: Map<number, string>, rng: Rng): DrawnGroup[] {
  return grouping.groups.map((ids) => ({
    members: ids.map((id) => ({ id, name: byId.get(id)!.name, organisation: orgOf.get(id)! })),
    firstMoverId: ids[rng.int(ids.length)]!,
  }));
}

/**
 * One round: the eligible participants, grouped at random across organisations (a stored, logged seed),
 * and each group introduced. The round, its groups, every introduction and every other mail it causes are
 * committed in one transaction, and a period has at most one round (rounds.period is unique; each person
 * at most one group a round), so a crash, a double trigger or `npm run match` while the schedule fires
 * can never introduce anyone twice.
 */
export async function runRound(deps: RoundDeps, opts: RoundOptions): Promise<RoundSummary> {
  const { db, config, logger } = deps;
  const now = (deps.now ?? (() => new Date()))();
  const period = periodOf(config.matchSchedule, now).toISOString();
  const seed = opts.seed ?? newSeed();
  const empty: RoundSummary = {
    status: 'already-ran',
    period,
    roundId: null,
    seed,
    eligible: 0,
    groups: 0,
    trios: 0,
    unplaced: 0,
    sameOrg: 0,
    repeats: 0,
    stillWantAsked: 0,
    resumed: 0,
    draw: [],
    unplacedPeople: [],
  };

  const existing = await db.get<{ id: number; seed: number }>('SELECT id, seed FROM rounds WHERE period = ?', [period]);
  if (existing && !opts.dryRun) {
    logger.info({ period, roundId: existing.id }, 'round already ran for this period');
    return { ...empty, roundId: existing.id, seed: existing.seed };
  }

  const draw = async (q: Queryable) => {
    const eligible = await loadEligible(q, now);
    const [{ index: history, pairs }, priority] = await Promise.all([loadHistory(q), lastUnplaced(q)]);
    const orgOf = new Map<number, string>();
    const candidates: Candidate[] = eligible.map((p) => {
      const org = organisationKey(p);
      orgOf.set(p.id, p.organisation ?? org);
      return { id: p.id, org, ...(priority.has(p.id) ? { priority: 1 } : {}) };
    });
    const rng = createRng(seed);
    const grouping = pairParticipants(candidates, history, rng);
    const byId = new Map(eligible.map((p) => [p.id, p]));
    return { eligible, grouping, groups: drawnGroups(grouping, byId, orgOf, rng), byId, orgOf, historyPairs: pairs };
  };

  if (opts.dryRun) {
    const d = await draw(db);
    return summarise({ ...empty, status: 'dry-run', roundId: existing?.id ?? null }, d);
  }

  const summary = await db.transaction(async (tx) => {
    // Someone else may have committed this period's round while we waited for the lock.
    const raced = await tx.get<{ id: number }>('SELECT id FROM rounds WHERE period = ?', [period]);
    if (raced) return { ...empty, roundId: raced.id };

    const at = now.toISOString();
    const resumed = await tx.run(
      `UPDATE people SET status = 'active', paused_until = NULL, status_changed_at = ?, updated_at = ?
       WHERE status = 'paused' AND paused_until IS NOT NULL AND paused_until <= ?`,
      [at, at, localDate(now)],
    );
    const silent = await silentParticipants(tx, config.silentRounds);
    const mails: NewMail[] = [];
    for (const p of silent) {
      await tx.run(
        `UPDATE people SET status = 'paused', paused_until = NULL, asked_still_want_at = ?, status_changed_at = ?, updated_at = ? WHERE id = ?`,
        [at, at, at, p.id],
      );
      mails.push({ template: 'still-want', data: { name: p.name, rounds: p.n }, to: [{ email: p.email, name: p.name }], personId: p.id });
    }

    const d = await draw(tx);
    const stats = d.grouping.stats;
    const round = await tx.get<{ id: number }>(
      `INSERT INTO rounds (period, seed, trigger, created_at, eligible, groups_count, trios, unplaced_count, same_org, repeats)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
      [period, seed, opts.trigger, at, d.eligible.length, d.groups.length, stats.trios, d.grouping.unplaced.length, stats.sameOrg, stats.repeats],
    );
    const roundId = round!.id;

    // Group ids are given here (we hold the write lock) so groups, members and mails can be written in bulk.
    const base = ((await tx.get<{ m: number | null }>('SELECT max(id) AS m FROM groups'))?.m ?? 0) + 1;
    const introductions = await enqueueMails(
      tx,
      d.groups.map((g, i) => ({
        template: 'introduction' as const,
        // The details are read when the mail is sent, so the outbox holds no copy of anyone's contact details.
        data: { groupId: base + i },
        to: g.members.map((m) => ({ email: d.byId.get(m.id)!.email, name: m.name })),
        personId: null,
      })),
      { messageDomain: config.replyDomain, now },
    );
    await bulkInsert(
      tx,
      'groups (id, round_id, first_mover_id, introduction_outbox_id)',
      4,
      d.groups.map((g, i) => [base + i, roundId, g.firstMoverId, introductions[i]!.id]),
    );
    await bulkInsert(
      tx,
      'group_members (group_id, round_id, person_id, organisation)',
      4,
      d.groups.flatMap((g, i) => g.members.map((m) => [base + i, roundId, m.id, m.organisation])),
    );

    if (d.grouping.unplaced.length) {
      await bulkInsert(tx, 'round_unplaced (round_id, person_id, reason)', 3, d.grouping.unplaced.map((u) => [roundId, u.id, u.reason]));
      for (const u of d.grouping.unplaced) {
        const p = d.byId.get(u.id)!;
        mails.push({ template: 'unplaced', data: { name: p.name, reason: u.reason }, to: [{ email: p.email, name: p.name }], personId: p.id });
      }
    }
    // SKIP meant this round only.
    await tx.run('UPDATE people SET skip_next_round = 0 WHERE skip_next_round = 1');
    await enqueueMails(tx, mails, { messageDomain: config.replyDomain, now });

    return summarise({ ...empty, status: 'done', roundId, stillWantAsked: silent.length, resumed: resumed.changes }, d);
  });

  logger.info(
    {
      roundId: summary.roundId,
      period,
      seed: summary.seed,
      status: summary.status,
      eligible: summary.eligible,
      groups: summary.groups,
      trios: summary.trios,
      unplaced: summary.unplaced,
      sameOrg: summary.sameOrg,
      repeats: summary.repeats,
      stillWantAsked: summary.stillWantAsked,
    },
    summary.status === 'done' ? 'round done' : 'round already ran for this period',
  );
  return summary;
}

function summarise(
  base: RoundSummary,
  d: { eligible: EligibleRow[]; grouping: Grouping; groups: DrawnGroup[]; byId: Map<number, EligibleRow> },
): RoundSummary {
  return {
    ...base,
    eligible: d.eligible.length,
    groups: d.groups.length,
    trios: d.grouping.stats.trios,
    unplaced: d.grouping.unplaced.length,
    sameOrg: d.grouping.stats.sameOrg,
    repeats: d.grouping.stats.repeats,
    draw: d.groups,
    unplacedPeople: d.grouping.unplaced.map((u) => ({ id: u.id, name: d.byId.get(u.id)?.name ?? null, reason: u.reason })),
  };
}

/** Multi-row INSERTs, as many rows a statement as SQLite's parameter limit allows. */
async function bulkInsert(tx: Queryable, into: string, columns: number, rows: unknown[][]): Promise<void> {
  const per = Math.floor(30_000 / columns);
  const placeholders = `(${Array(columns).fill('?').join(', ')})`;
  for (let i = 0; i < rows.length; i += per) {
    const chunk = rows.slice(i, i + per);
    await tx.run(`INSERT INTO ${into} VALUES ${chunk.map(() => placeholders).join(', ')}`, chunk.flat());
  }
}
