import { performance } from 'node:perf_hooks';
import type { Config } from '../config.js';
import type { Database, Queryable } from '../db/database.js';
import { enqueueIntroductions, enqueueMails, type NewMail } from '../db/outbox.js';
import type { Logger } from '../logger.js';
import { linkUnlinked } from '../organisations/link.js';
import { organisationFromEmail } from '../organisation.js';
import { HistoryIndex } from './history.js';
import { encodeDraw, loadDraws, type StoredDraw } from './draws.js';

export { encodeDraw };
import { pairParticipants, type Candidate, type Grouping } from './pair.js';
import { createRng, newSeed, type Rng } from './rng.js';
import { nextOccurrence, periodOf, wallClock } from './schedule.js';

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
  /**
   * Queue the organisers' digest about this round in the round's own transaction (the scheduled job and
   * `npm run match` do): a round is never stored without its digest, nor a digest queued for no round.
   */
  digest?: boolean;
}

export interface DrawnGroup {
  members: Array<{ id: number; name: string | null; organisation: string }>;
  firstMoverId: number;
}

export interface RoundSummary {
  status: 'done' | 'already-ran' | 'dry-run';
  /** The start of the period this round belongs to (ISO): the schedule's occurrence at or before now. */
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
  /** Milliseconds spent in each phase, for the logs and bench:match. */
  timings: Record<string, number>;
}

const CADENCE_DAYS: Record<string, number> = { every: 0, monthly: 27, bimonthly: 55, quarterly: 85 };
const DAY = 86_400_000;

/** An active participant, with what deciding their place in a round needs and nothing more. */
interface Active {
  id: number;
  organisationId: number | null;
  organisation: string | null;
  /** Only when they gave no organisation: their address's domain stands in for it. */
  email: string | null;
  cadence: string;
  /** When they last wrote to us (or joined), in ms: rounds after it count towards "silent". */
  since: number;
}

/**
 * The organisation two people must not share: their organisation's id (src/organisations/), so colleagues
 * who wrote their organisation five ways are one. Before someone is linked (or when they are their own),
 * what they gave, lightly normalised, else their address's domain.
 */
export function organisationKey(p: { id: number; organisationId?: number | null; organisation: string | null; email: string | null }): string {
  if (p.organisationId != null) return `org:${p.organisationId}`;
  const given = p.organisation
    ?.toLowerCase()
    .normalize('NFKC')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .replace(/^the /, '')
    .trim();
  if (given) return given;
  // Nobody shares an organisation with someone whose only known address is a public provider's.
  return (p.email && organisationFromEmail(p.email)) ?? `person:${p.id}`;
}

/**
 * The calendar date in the scheme's time zone (TZ): a pause "until 3 March" ends when it is 3 March there,
 * the same day the reader counted from (src/inbound/read/dates.ts), whatever zone the process runs in.
 */
function localDate(d: Date, zone: string): string {
  return new Date(wallClock(d.getTime(), zone)).toISOString().slice(0, 10);
}

/**
 * Everyone active and not skipping, in one JSON value rather than a million rows (crossing from SQLite into
 * JavaScript row by row is what a large round would otherwise spend its time on), without the suppressed.
 */
async function loadActive(db: Queryable): Promise<Active[]> {
  const [row, suppressed] = await Promise.all([
    db.get<{ j: string }>(
      `SELECT json_group_array(json_array(p.id, p.organisation_id, nullif(p.organisation, ''),
         CASE WHEN p.organisation IS NULL OR p.organisation = '' THEN p.email END,
         p.cadence, unixepoch(coalesce(p.last_reply_at, p.joined_at, p.created_at), 'subsec'))) AS j
       FROM people p WHERE p.status = 'active' AND p.email IS NOT NULL AND p.skip_next_round = 0`,
    ),
    db.all<{ id: number }>(`SELECT p.id FROM suppressions s JOIN people p ON p.email = s.email WHERE p.status = 'active'`),
  ]);
  const out = new Set(suppressed.map((r) => r.id));
  const active: Active[] = [];
  for (const [id, organisationId, organisation, email, cadence, since] of JSON.parse(row?.j ?? '[]') as Array<
    [number, number | null, string | null, string | null, string, number]
  >) {
    if (!out.has(id)) active.push({ id, organisationId, organisation, email, cadence, since: since * 1000 });
  }
  return active;
}

/** Names and addresses of a few people: those a round writes to itself, or shows in a dry run. */
async function contactsOf(db: Queryable, ids: number[]): Promise<Map<number, { email: string; name: string | null }>> {
  const rows = await db.all<{ id: number; email: string; name: string | null }>(
    'SELECT id, email, name FROM people WHERE id IN (SELECT value FROM json_each(?))',
    [JSON.stringify(ids)],
  );
  return new Map(rows.map((r) => [r.id, { email: r.email, name: r.name }]));
}

/** Per-person numbers keyed by id: typed arrays when ids are dense (no garbage for a million people), else Maps. */
class PerPerson {
  private readonly dense: Float64Array | null;
  private readonly sparse = new Map<number, number>();
  constructor(maxId: number) {
    this.dense = maxId <= 50_000_000 ? new Float64Array(maxId + 1).fill(NaN) : null;
  }
  get(id: number): number | undefined {
    const v = this.dense ? (id < this.dense.length ? this.dense[id]! : NaN) : this.sparse.get(id);
    return v === undefined || Number.isNaN(v) ? undefined : v;
  }
  set(id: number, value: number): void {
    if (this.dense && id < this.dense.length) this.dense[id] = value;
    else this.sparse.set(id, value);
  }
}

/** What the earlier rounds say: who met whom, when each person was last matched, and since when they are silent. */
function readHistory(draws: StoredDraw[], active: Active[]) {
  const maxId = active.reduce((m, p) => Math.max(m, p.id), 0);
  const since = new PerPerson(maxId);
  for (const p of active) since.set(p.id, p.since);
  const lastMatched = new PerPerson(maxId);
  const silentRounds = new PerPerson(maxId);
  // A pair makes one past pair per two members, a trio three: about half the members, plus a little.
  const index = new HistoryIndex(Math.max(16, draws.reduce((n, d) => n + Math.ceil(d.draw.length / 3) + 4, 0)));
  for (const { draw, at, roundId, repaired } of draws) {
    for (let k = 0; k < draw.length; ) {
      const size = draw[k]!;
      const start = k + 1;
      const end = start + size;
      for (let i = start; i < end; i++) {
        const id = draw[i]!;
        lastMatched.set(id, at);
        const s = since.get(id);
        // A re-paired group is a second group in a round its members were already counted in.
        if (!repaired && s !== undefined && at > s) silentRounds.set(id, (silentRounds.get(id) ?? 0) + 1);
        for (let j = i + 1; j < end; j++) index.add(id, draw[j]!, roundId);
      }
      k = end;
    }
  }
  return { index, lastMatched, silentRounds };
}

function isDue(p: Active, lastMatched: PerPerson, at: Date): boolean {
  const days = CADENCE_DAYS[p.cadence] ?? 0;
  const last = lastMatched.get(p.id);
  return !days || last === undefined || at.getTime() - last >= days * DAY;
}

/** Participants due a match at `at` (active, not skipping, not suppressed, due by their cadence), with their addresses. */
export async function loadEligible(db: Queryable, at: Date): Promise<Array<{ id: number; email: string; name: string | null }>> {
  const [active, draws] = await Promise.all([loadActive(db), loadDraws(db)]);
  const { lastMatched } = readHistory(draws, active);
  const due = active.filter((p) => isDue(p, lastMatched, at)).map((p) => p.id);
  const contacts = await contactsOf(db, due);
  return due.map((id) => ({ id, ...contacts.get(id)! }));
}

/** Who was left unplaced by the latest round: they go first this time. */
async function lastUnplaced(db: Queryable): Promise<Set<number>> {
  const rows = await db.all<{ person_id: number }>(
    'SELECT person_id FROM round_unplaced WHERE round_id = (SELECT max(id) FROM rounds)',
  );
  return new Set(rows.map((r) => r.person_id));
}

function drawnGroups(grouping: Grouping, names: Map<number, { name: string | null }>, orgOf: Map<number, string>, rng: Rng): DrawnGroup[] {
  return grouping.groups.map((ids) => ({
    members: ids.map((id) => ({ id, name: names.get(id)?.name ?? null, organisation: orgOf.get(id)! })),
    firstMoverId: ids[rng.int(ids.length)]!,
  }));
}

/** The round that makes a round now refused, if any (see periodTaken). */
interface TakenBy {
  id: number;
  seed: number;
}

/**
 * Whether the period holding `now` already had its round. A period has at most one round under either
 * schedule: the one in force now, and the one that made the latest round (MATCH_SCHEDULE or TZ may have
 * changed in between, and then the two disagree about where periods start). So a round is refused when
 * - a round was made at or after the start of the current schedule's period (covers a schedule change
 *   whose period began before the last round), or
 * - the period of the schedule that made an earlier round has not ended yet (covers a TZ change, whose
 *   occurrence moves by the zone's offset and would otherwise start a "new" period an hour later).
 * Rounds made before migration 009 know no period end and are judged by the first rule alone (and by
 * their key: before it, a round in the last second before an occurrence was filed under that occurrence).
 * Read inside the round's transaction, under the write lock, so two processes cannot both find it free.
 */
async function periodTaken(q: Queryable, start: string, now: string): Promise<TakenBy | undefined> {
  return q.get<TakenBy>(
    `SELECT id, seed FROM rounds WHERE period = ?1 OR created_at >= ?1 OR period_ends > ?2 ORDER BY created_at DESC, id DESC LIMIT 1`,
    [start, now],
  );
}

/**
 * One round: the eligible participants, grouped at random across organisations (a stored, logged seed),
 * and each group introduced. The round, its groups, every introduction and every other mail it causes
 * (with `digest`, the organisers' digest too) are committed in one transaction, and a period has at most
 * one round (periodTaken, checked under the write lock; rounds.period is unique; each person at most one
 * group a round), so a crash, a double trigger, a schedule change or `npm run match` while the schedule
 * fires can never introduce anyone twice. The scheduled job and `npm run match` both call this.
 */
export async function runRound(deps: RoundDeps, opts: RoundOptions): Promise<RoundSummary> {
  const { db, config, logger } = deps;
  const now = (deps.now ?? (() => new Date()))();
  const period = periodOf(config.matchSchedule, config.tz, now).toISOString();
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
    timings: {},
  };
  const timings: Record<string, number> = {};
  let mark = performance.now();
  const lap = (phase: string) => {
    const t = performance.now();
    timings[phase] = Math.round((timings[phase] ?? 0) + t - mark);
    mark = t;
  };

  // A first look without the write lock, so a round already made answers at once; the transaction looks again.
  const existing = await periodTaken(db, period, now.toISOString());
  if (existing && !opts.dryRun) {
    logger.info({ period, roundId: existing.id }, 'round already ran for this period');
    return { ...empty, roundId: existing.id, seed: existing.seed };
  }

  /** The draw: who is in this round, and their groups. `silent` people are asked, not matched. */
  const draw = async (q: Queryable, withNames: boolean) => {
    const [active, draws, priority] = await Promise.all([loadActive(q), loadDraws(q), lastUnplaced(q)]);
    lap('load');
    const { index: history, lastMatched, silentRounds } = readHistory(draws, active);
    const silent = active.filter((p) => (silentRounds.get(p.id) ?? 0) >= config.silentRounds);
    const silentIds = new Set(silent.map((p) => p.id));
    const eligible = active.filter((p) => !silentIds.has(p.id) && isDue(p, lastMatched, now));
    lap('history');
    const orgOf = new Map<number, string>();
    const candidates: Candidate[] = eligible.map((p) => {
      const org = organisationKey(p);
      orgOf.set(p.id, p.organisation ?? org);
      return { id: p.id, org, ...(priority.has(p.id) ? { priority: 1 } : {}) };
    });
    const rng = createRng(seed);
    const grouping = pairParticipants(candidates, history, rng);
    lap('pairing');
    // Names only where a mail or a dry run shows them: an introduction reads its group when it is sent.
    const contacts = await contactsOf(q, [...silent.map((p) => p.id), ...grouping.unplaced.map((u) => u.id), ...(withNames ? eligible.map((p) => p.id) : [])]);
    const groups = drawnGroups(grouping, contacts, orgOf, rng);
    return { eligible, silent, silentRounds, grouping, groups, contacts };
  };

  if (opts.dryRun) {
    // Anyone not linked to an organisation yet is linked first, as the round itself would.
    await db.transaction((tx) => linkUnlinked(tx, config.sharedDomains, now));
    const d = await draw(db, true);
    return { ...summarise({ ...empty, status: 'dry-run', roundId: existing?.id ?? null }, d), timings };
  }

  const summary = await db.transaction(async (tx) => {
    // Someone else may have committed this period's round while we waited for the lock.
    const at = now.toISOString();
    const raced = await periodTaken(tx, period, at);
    if (raced) return { ...empty, roundId: raced.id, seed: raced.seed };

    // Group ids are given here (we hold the write lock) so groups and mails are written in bulk.
    const base = ((await tx.get<{ m: number | null }>('SELECT max(id) AS m FROM groups'))?.m ?? 0) + 1;
    const resumed = await tx.run(
      `UPDATE people SET status = 'active', paused_until = NULL, status_changed_at = ?, updated_at = ?
       WHERE status = 'paused' AND paused_until IS NOT NULL AND paused_until <= ?`,
      [at, at, localDate(now, config.tz)],
    );
    lap('lock');
    // People from before organisations existed, or not linked on their way in, are linked now: the draw
    // compares organisation ids.
    await linkUnlinked(tx, config.sharedDomains, now);
    lap('organisations');
    const d = await draw(tx, false);
    const stats = d.grouping.stats;
    const round = await tx.get<{ id: number }>(
      `INSERT INTO rounds (period, seed, trigger, created_at, eligible, groups_count, trios, unplaced_count, same_org, repeats, draw, first_group_id,
         schedule, time_zone, period_ends)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
      [
        period, seed, opts.trigger, at, d.eligible.length, d.groups.length, stats.trios, d.grouping.unplaced.length, stats.sameOrg, stats.repeats,
        encodeDraw(d.groups.map((g) => g.members.map((m) => m.id))), base,
        config.matchSchedule, config.tz, nextOccurrence(config.matchSchedule, config.tz, now).toISOString(),
      ],
    );
    const roundId = round!.id;

    const firstOutboxId = ((await tx.get<{ m: number | null }>('SELECT max(id) AS m FROM outbox'))?.m ?? 0) + 1;
    await enqueueIntroductions(tx, d.grouping.groups, { firstOutboxId, firstGroupId: base, messageDomain: config.replyDomain, now });
    lap('introductions');
    // The k-th group's introduction is the k-th outbox row written above.
    for (let i = 0; i < d.groups.length; i += 200_000) {
      await tx.run(
        `INSERT INTO groups (id, round_id, first_mover_id, introduction_outbox_id) SELECT ?1 + key, ?2, value, ?3 + key FROM json_each(?4)`,
        [base + i, roundId, firstOutboxId + i, JSON.stringify(d.groups.slice(i, i + 200_000).map((g) => g.firstMoverId))],
      );
    }
    lap('groups');

    const mails: NewMail[] = [];
    if (d.silent.length) {
      await tx.run(
        `UPDATE people SET status = 'paused', paused_until = NULL, asked_still_want_at = ?, status_changed_at = ?, updated_at = ?
         WHERE id IN (SELECT value FROM json_each(?))`,
        [at, at, at, JSON.stringify(d.silent.map((p) => p.id))],
      );
      for (const p of d.silent) {
        const c = d.contacts.get(p.id)!;
        mails.push({ template: 'still-want', data: { name: c.name, rounds: d.silentRounds.get(p.id)! }, to: [c], personId: p.id });
      }
    }
    if (d.grouping.unplaced.length) {
      await insertJson(tx, 'round_unplaced (round_id, person_id, reason)', d.grouping.unplaced.map((u) => [roundId, u.id, u.reason]));
      for (const u of d.grouping.unplaced) {
        const c = d.contacts.get(u.id)!;
        mails.push({ template: 'unplaced', data: { name: c.name, reason: u.reason }, to: [c], personId: u.id });
      }
    }
    // SKIP meant this round only.
    await tx.run('UPDATE people SET skip_next_round = 0 WHERE skip_next_round = 1');
    // The organisers' digest names only its round: the report and picture are made when it is sent, so
    // queueing it here needs no renderer (a dry run and this module stay free of it).
    if (opts.digest) mails.push({ template: 'digest', data: { roundId }, to: [{ email: config.organiserEmail }] });
    await enqueueMails(tx, mails, { messageDomain: config.replyDomain, now });
    lap('other mail');
    const silentCount = d.silent.length;
    return summarise({ ...empty, status: 'done', roundId, stillWantAsked: silentCount, resumed: resumed.changes }, d);
  });
  lap('commit');
  summary.timings = timings;

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
      timings: summary.timings,
    },
    summary.status === 'done' ? 'round done' : 'round already ran for this period',
  );
  return summary;
}

function summarise(
  base: RoundSummary,
  d: { eligible: Active[]; grouping: Grouping; groups: DrawnGroup[]; contacts: Map<number, { name: string | null }> },
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
    unplacedPeople: d.grouping.unplaced.map((u) => ({ id: u.id, name: d.contacts.get(u.id)?.name ?? null, reason: u.reason })),
  };
}

/** Rows inserted as one JSON parameter that SQLite expands itself, in chunks of 50,000. */
async function insertJson(tx: Queryable, into: string, rows: unknown[][]): Promise<void> {
  const columns = rows[0]?.length ?? 0;
  const values = Array.from({ length: columns }, (_, i) => `value ->> ${i}`).join(', ');
  for (let i = 0; i < rows.length; i += 50_000) {
    await tx.run(`INSERT INTO ${into} SELECT ${values} FROM json_each(?)`, [JSON.stringify(rows.slice(i, i + 50_000))]);
  }
}
