// npm run bench:report -- --participants 100000 [--rounds 12] [--runs 3] [--seed 1] [--now ISO] [--db FILE [--prepare]]
//
// The organisers' report at scale, with its funnel. A synthetic population (Zipf-sized organisations, as
// bench/match.ts builds it), linked to its organisations, and --rounds rounds of history drawn by the real
// pairing function, stored in a real SQLite file made by the real migrations as the service stores them:
// rounds with their draw blobs, groups, each group's introduction in the outbox ('sent', data {groupId,
// members}), a "did you meet?" mail to each member who could still meet, and what happened next, drawn at
// random with fixed rates: a booking for about 30% of groups (cancelled when the group later said CAN'T
// MAKE IT), an ACCEPTED calendar reply for half of those (some others TENTATIVE or DECLINED), CAN'T MAKE
// IT for about 10%, a few groups re-paired from those left waiting, and answers to "did you meet?": MET
// for about 40% of groups, NOT MET for about 15%, with a line written to about 20% of the answers recent
// enough for retention (30 days) to have kept it. The outbox's Message-IDs and reply tokens are sequential,
// not random: the report never reads them, and random keys would slow the setup. The setup's own
// connection skips syncs and has a 4 GB page cache; the report's connection is opened as the service opens one.
//
// Then, in this same process, on that file: buildReport (all time) --runs times, formatReportText
// --runs times, medians; one more buildReport through a wrapper that times each SQL statement it issues
// (so the rest is JavaScript); and the funnel's own statement, as the report issued it, run alone --runs
// times, with its EXPLAIN QUERY PLAN. The funnel is checked against counts kept while the data was made:
// any difference is printed on stderr and the exit code is 1. Prints one JSON line.
//
// With --db FILE the database is kept there, with the expected funnel beside it (FILE.expected.json); a
// later run with the same --db only measures, on that database (--participants and the like are then
// read from FILE.expected.json). --prepare builds it and stops. Peak RSS is the whole process's: in a
// run that also built the database it is the setup's as much as the report's (peak_rss_setup_mb is the
// peak before the report first ran); in a run on a kept database it is the report's own.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Database, type Params, type Queryable } from '../src/db/database.js';
import { migrate } from '../src/db/migrate.js';
import { HistoryIndex } from '../src/matching/history.js';
import { pairParticipants } from '../src/matching/pair.js';
import { createRng } from '../src/matching/rng.js';
import { encodeDraw } from '../src/matching/round.js';
import { syntheticPopulation } from '../src/matching/synthetic.js';
import { linkUnlinked } from '../src/organisations/link.js';
import { formatReportText } from '../src/reports/format.js';
import { buildReport, type Funnel } from '../src/reports/report.js';
import { arg, bulkJson, peakRssMb, storeParticipants } from './lib.js';

process.env.TZ = 'Europe/London';
const participants = Number(arg('participants', '100000'));
const rounds = Number(arg('rounds', '12'));
const runs = Math.max(1, Number(arg('runs', '3')));
const seed = Number(arg('seed', '1'));
// A fixed time, so a kept database (--db) and the expected counts agree whenever the bench is run.
const now = new Date(arg('now', '2026-12-01T12:00:00.000Z'));
const keep = arg('db', '');
const dir = keep ? '' : fs.mkdtempSync(path.join(os.tmpdir(), 'unmentoring-bench-report-'));
const file = keep || path.join(dir, 'bench.sqlite');
const prepared = Boolean(keep && fs.existsSync(keep));
const prepareOnly = process.argv.includes('--prepare');
if (prepareOnly && !keep) throw new Error('--prepare needs --db FILE');
const log = (msg: string) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${msg}\n`);

const DAY = 86_400_000;
const RETENTION_DAYS = 30;
const DOMAIN = 'reply.unmentoring.test';
const iso = (ms: number) => new Date(ms).toISOString();
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ms1 = (x: number) => Math.round(x * 10) / 10;


/** Introductions as the service writes them (src/db/outbox.ts): rows [outboxId, groupId, members, sentAt]. */
async function insertIntroductions(tx: Queryable, rows: Array<[number, number, number[], string]>, createdAt: string) {
  for (let i = 0; i < rows.length; i += 50_000) {
    await tx.run(
      `INSERT INTO outbox (id, template, data, person_id, recipients, message_id, reply_token, status, attempts, next_attempt_at, created_at, sent_at)
       SELECT value ->> 0, 'introduction', json_object('groupId', value ->> 1, 'members', json(value ->> 2)), NULL, '[]',
         '<bench.' || (value ->> 0) || '@${DOMAIN}>', printf('bench%027d', value ->> 0), 'sent', 1, ?1, ?1, value ->> 3
       FROM json_each(?2)`,
      [createdAt, JSON.stringify(rows.slice(i, i + 50_000))],
    );
  }
}

/** "Did you meet?" mails: rows [outboxId, personId, data, recipients, sentAt]. */
async function insertFollowUps(tx: Queryable, rows: Array<[number, number, string, string, string]>) {
  for (let i = 0; i < rows.length; i += 50_000) {
    await tx.run(
      `INSERT INTO outbox (id, template, data, person_id, recipients, message_id, reply_token, status, attempts, next_attempt_at, created_at, sent_at)
       SELECT value ->> 0, 'follow-up', value ->> 2, value ->> 1, value ->> 3,
         '<bench.' || (value ->> 0) || '@${DOMAIN}>', printf('bench%027d', value ->> 0), 'sent', 1, value ->> 4, value ->> 4, value ->> 4
       FROM json_each(?)`,
      [JSON.stringify(rows.slice(i, i + 50_000))],
    );
  }
}

type Counts = Omit<Funnel, 'meetRate'>;
const KEYS = ['introduced', 'booked', 'accepted', 'met', 'rainchecked', 'repaired'] as const;
const emptyCounts = (): Counts => ({ introduced: 0, booked: 0, accepted: 0, met: 0, rainchecked: 0, repaired: 0 });

const LINES_MET = [
  (other: number) => `Really useful: Person ${other} showed me how their team runs procurement.`,
  (other: number) => `We met for coffee near the station and swapped notes on hiring. Call me on 07700 900${String(other % 1000).padStart(3, '0')} any time.`,
  (other: number) => `Good chat on Teams. I have put Person ${other} in touch with our data team (p${other}@example.gov.uk).`,
  () => 'Lovely hour. We are going to do a joint lunch-and-learn in the spring.',
];
const LINES_NOT_MET = [() => 'Diaries never lined up, maybe next time.', () => 'Sorry, it was a busy month.'];

/** What a prepared database holds, and the funnel expected of it: kept beside it as FILE.expected.json. */
interface Prepared {
  participants: number;
  rounds: number;
  seed: number;
  now: string;
  organisations: number;
  largest_org: number;
  rows: Record<string, number>;
  expected: Array<[number, Counts]>;
  setup_seconds: number;
  database_mb: number;
}

async function prepare(): Promise<Prepared> {
  // 1. The population, as participants, linked to their organisations.
  const t0 = performance.now();
  const pop = syntheticPopulation({ participants, seed });
  const db = await Database.open(file, { busyTimeoutMs: 60_000 });
  await migrate(db);
  // For the setup only: a bigger page cache and no syncs (its commits need not survive a power cut). The
  // report is measured on a connection opened afresh, as the service opens it.
  await db.exec('PRAGMA cache_size = -4194304; PRAGMA synchronous = OFF');
  const longAgo = iso(now.getTime() - (rounds + 2) * 31 * DAY);
  await storeParticipants(db, pop.participants, longAgo, now);
  log(`people stored (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  // Linked to their organisations as joining links them, so the report names organisations by their ids.
  await db.transaction((tx) => linkUnlinked(tx, [], now));
  log(`people linked to organisations (${((performance.now() - t0) / 1000).toFixed(1)} s)`);

  // 2. The rounds and what came of their groups, with the funnel counted as it is made.
  const orgOf = (id: number) => pop.participants[id - 1]!.org; // ids are 1..n, sorted
  const history = new HistoryIndex(Math.ceil(participants / 2) * rounds + 1024);
  const rng = createRng(seed + 1);
  const fateRng = createRng(seed + 7);
  const expected = new Map<number, Counts>();
  const rows = { groups: 0, outbox: 0, bookings: 0, booking_replies: 0, group_replies: 0, answers: 0, answer_lines: 0, repaired_groups: 0 };
  let groupId = 0;
  let outboxId = 0;
  for (let r = 1; r <= rounds; r++) {
    const atMs = now.getTime() - (rounds - r + 1) * 31 * DAY;
    const at = iso(atMs);
    const { groups: draw } = pairParticipants(pop.participants, history, rng);
    const counts = emptyCounts();
    expected.set(r, counts);

    const groupRows: unknown[][] = [];
    const introRows: Array<[number, number, number[], string]> = [];
    const followRows: Array<[number, number, string, string, string]> = [];
    const bookingRows: unknown[][] = [];
    const bookingReplyRows: unknown[][] = [];
    const groupReplyRows: unknown[][] = [];
    const answerRows: unknown[][] = [];
    const repairedRows: unknown[][] = [];
    const waiting: number[] = [];
    let rainchecks = 0;

    /** One group: its rows, its fate drawn at random, and its place in the expected funnel. */
    const group = (members: readonly number[], repaired: boolean) => {
      const id = ++groupId;
      const intro = ++outboxId;
      const sentMs = atMs + (repaired ? 8 * DAY : 2 * 60_000);
      groupRows.push([id, r, members[0], intro, iso(atMs + 14 * DAY)]);
      introRows.push([intro, id, [...members], iso(sentMs)]);
      counts.introduced++;
      if (repaired) counts.repaired++;

      const rain = fateRng.next() < 0.1;
      if (rain) {
        counts.rainchecked++;
        groupReplyRows.push([id, members[0], 'cant_make_it', iso(sentMs + 6 * DAY)]);
        // Every 20th raincheck of the draw leaves its other member waiting to be re-paired.
        if (!repaired && rainchecks++ % 20 === 0) waiting.push(...members.slice(1));
      } else if (fateRng.next() < 0.2) {
        groupReplyRows.push([id, members[1], 'not_yet', iso(sentMs + 5 * DAY)]);
      }

      let accepted = false;
      let acceptedEnd = Infinity;
      let live = false;
      if (fateRng.next() < 0.3) {
        counts.booked++;
        const minutes = [30, 30, 30, 45, 60][fateRng.int(5)]!;
        // 10:00 UTC, 3 to 42 days after the introduction: some of the latest round's are still to come.
        const startMs = atMs + ((repaired ? 8 : 0) + 3 + fateRng.int(40)) * DAY - 2 * 3_600_000;
        live = !rain;
        bookingRows.push([id, `bench-${id}@${DOMAIN}`, rain ? 1 : 0, iso(startMs), minutes, 'Europe/London', live ? 'booked' : 'cancelled', members[0], iso(sentMs + 4 * DAY)]);
        groupReplyRows.push([id, members[0], 'booked', iso(sentMs + 4 * DAY)]);
        const reply = fateRng.next();
        if (reply < 0.5) {
          accepted = true;
          acceptedEnd = startMs + minutes * 60_000;
          counts.accepted++;
          bookingReplyRows.push([id, members[1], 'ACCEPTED', 0, iso(sentMs + 4 * DAY + 3_600_000)]);
          if (fateRng.next() < 0.3) bookingReplyRows.push([id, members[0], 'ACCEPTED', 0, iso(sentMs + 4 * DAY + 60_000)]);
        } else if (reply < 0.65) {
          bookingReplyRows.push([id, members[1], fateRng.next() < 0.5 ? 'TENTATIVE' : 'DECLINED', 0, iso(sentMs + 4 * DAY + 3_600_000)]);
        }
      }

      // Answers to "did you meet?", asked of the members who could still meet (a raincheck leaves a pair with one).
      let metAnswer = false;
      let notMetAnswer = false;
      if (!rain) {
        const askedMs = atMs + 14 * DAY;
        for (const m of members) {
          const f = ++outboxId;
          const recent = askedMs >= now.getTime() - RETENTION_DAYS * DAY;
          const partners = members.filter((o) => o !== m).map((o) => `Person ${o}`);
          const data = recent
            ? JSON.stringify({ name: `Person ${m}`, partners, introducedOn: iso(sentMs).slice(0, 10), groupId: id, ...(accepted ? { booked: true } : {}) })
            : JSON.stringify({ groupId: id }); // what retention keeps of an older one
          followRows.push([f, m, data, recent ? JSON.stringify([{ email: `p${m}@${orgOf(m)}`, name: `Person ${m}` }]) : '[]', iso(askedMs)]);
        }
        const answeredMs = askedMs + DAY + fateRng.int(5) * DAY;
        const line = answeredMs >= now.getTime() - RETENTION_DAYS * DAY;
        const answer = (person: number, met: boolean) => {
          const text = line && fateRng.next() < 0.2 ? (met ? LINES_MET[fateRng.int(LINES_MET.length)]!(members.find((o) => o !== person)!) : LINES_NOT_MET[fateRng.int(LINES_NOT_MET.length)]!()) : null;
          if (text) rows.answer_lines++;
          answerRows.push([id, person, met ? 1 : 0, text, iso(answeredMs)]);
          if (met) metAnswer = true;
          else notMetAnswer = true;
        };
        // 0.40 and 0.15 of all groups, from the 90% not rainchecked.
        const a = fateRng.next();
        if (a < 0.4 / 0.9) {
          answer(members[0]!, true);
          const second = fateRng.next();
          if (second < 0.3) answer(members[1]!, true);
          else if (second < 0.33) answer(members[1]!, false); // they disagree: MET wins
        } else if (a < 0.55 / 0.9) {
          answer(members[0]!, false);
        }
      }
      if (metAnswer || (accepted && live && acceptedEnd <= now.getTime() && !notMetAnswer)) counts.met++;
      return id;
    };

    for (const g of draw) group(g, false);
    // Re-pairing: those left waiting, two by two, never with their own organisation or someone they have met.
    const repairedGroups: number[][] = [];
    for (let i = 0; i + 1 < waiting.length; i += 2) {
      const a = waiting[i]!;
      const b = waiting[i + 1]!;
      if (orgOf(a) === orgOf(b) || history.has(a, b)) continue;
      const id = group([a, b], true);
      repairedGroups.push([a, b]);
      repairedRows.push([id, r, JSON.stringify([a, b]), r * 1000 + i, iso(atMs + 8 * DAY)]);
    }

    const tStore = performance.now();
    await db.transaction(async (tx) => {
      await tx.run(
        "INSERT INTO rounds (id, period, seed, trigger, created_at, eligible, groups_count, trios, unplaced_count, same_org, repeats, draw, first_group_id) VALUES (?, ?, ?, 'schedule', ?, ?, ?, ?, 0, 0, 0, ?, ?)",
        [r, `history-${r}`, r, at, participants, draw.length, draw.filter((g) => g.length === 3).length, encodeDraw(draw), groupRows[0]![0]],
      );
      await bulkJson(tx, 'groups (id, round_id, first_mover_id, introduction_outbox_id, followed_up_at)', groupRows);
      await insertIntroductions(tx, introRows, at);
      await insertFollowUps(tx, followRows);
      await bulkJson(tx, 'bookings (group_id, uid, sequence, starts_at, minutes, zone, status, booked_by, updated_at)', bookingRows);
      await bulkJson(tx, 'booking_replies (group_id, person_id, partstat, sequence, replied_at)', bookingReplyRows);
      await bulkJson(tx, 'group_replies (group_id, person_id, kind, said_at)', groupReplyRows);
      await bulkJson(tx, 'answers (group_id, person_id, met, outcome, answered_at)', answerRows);
      await bulkJson(tx, 'repaired_groups (group_id, round_id, members, seed, created_at)', repairedRows);
    });
    rows.groups += groupRows.length;
    rows.outbox += introRows.length + followRows.length;
    rows.bookings += bookingRows.length;
    rows.booking_replies += bookingReplyRows.length;
    rows.group_replies += groupReplyRows.length;
    rows.answers += answerRows.length;
    rows.repaired_groups += repairedRows.length;
    for (const g of [...draw, ...repairedGroups]) for (let i = 0; i < g.length; i++) for (let j = i + 1; j < g.length; j++) history.add(g[i]!, g[j]!, r);
    log(`round ${r}: ${groupRows.length} groups stored in ${((performance.now() - tStore) / 1000).toFixed(1)} s (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  }
  await db.close();
  const made: Prepared = {
    participants,
    rounds,
    seed,
    now: now.toISOString(),
    organisations: pop.organisations,
    largest_org: pop.largestOrg,
    rows,
    expected: [...expected],
    setup_seconds: Number(((performance.now() - t0) / 1000).toFixed(1)),
    database_mb: Math.round(fs.statSync(file).size / 1048576),
  };
  fs.writeFileSync(`${file}.expected.json`, `${JSON.stringify(made)}\n`);
  return made;
}

if (prepared && !fs.existsSync(`${keep}.expected.json`)) throw new Error(`${keep} exists but ${keep}.expected.json does not: not made by this bench`);
const prep: Prepared = prepared ? (JSON.parse(fs.readFileSync(`${keep}.expected.json`, 'utf8')) as Prepared) : await prepare();
if (prepared) log(`reusing ${keep}: ${prep.participants} participants, ${prep.rounds} rounds, made at ${prep.now}`);
if (prepareOnly) {
  process.stdout.write(`${JSON.stringify({ prepared: keep, ...prep, expected: undefined })}\n`);
  process.exit(0);
}
const reportNow = new Date(prep.now);
const expected = new Map(prep.expected);
(globalThis as { gc?: () => void }).gc?.();
const rssBeforeMb = Math.round(process.memoryUsage().rss / 1048576);
const peakSetupMb = peakRssMb();
const db = await Database.open(file, { busyTimeoutMs: 60_000 });

// 3. The report, and its text.
const reportMs: number[] = [];
let report: Awaited<ReturnType<typeof buildReport>> | undefined;
for (let i = 0; i < runs; i++) {
  const t = performance.now();
  report = await buildReport(db, { now: reportNow });
  reportMs.push(performance.now() - t);
  log(`report run ${i + 1}: ${Math.round(reportMs[i]!)} ms`);
}
if (!report) throw new Error('no report');
const formatMs: number[] = [];
let text = '';
for (let i = 0; i < runs; i++) {
  const t = performance.now();
  text = formatReportText(report);
  formatMs.push(performance.now() - t);
}

// 4. One more run with every statement timed: serialised here as the connection serialises them anyway.
// A statement's time runs from its issue to its rows in JavaScript: their conversion, and any garbage
// collection pause meanwhile, count in it.
const statements: Array<{ sql: string; params: Params | undefined; ms: number }> = [];
function timedQueries(inner: Queryable): Queryable {
  let tail: Promise<unknown> = Promise.resolve();
  const timed = <T>(sql: string, params: Params | undefined, f: () => Promise<T>): Promise<T> => {
    const p = tail.then(async () => {
      const t = performance.now();
      const out = await f();
      statements.push({ sql, params, ms: performance.now() - t });
      return out;
    });
    tail = p.catch(() => undefined);
    return p;
  };
  return {
    run: (sql, params) => timed(sql, params, () => inner.run(sql, params)),
    get: <T>(sql: string, params?: Params) => timed(sql, params, () => inner.get<T>(sql, params)),
    all: <T>(sql: string, params?: Params) => timed(sql, params, () => inner.all<T>(sql, params)),
    exec: (sql) => timed(sql, undefined, () => inner.exec(sql)),
  };
}
const label = (sql: string) =>
  /AS introduced/.test(sql) ? 'funnel'
  : /FROM people/.test(sql) ? 'people'
  : /FROM organisations/.test(sql) ? 'organisation names'
  : /FROM rounds/.test(sql) ? 'draws'
  : /FROM repaired_groups/.test(sql) ? 'repaired groups'
  : /followed_up_at/.test(sql) ? 'groups asked'
  : /template = 'follow-up'/.test(sql) ? 'follow-up mails'
  : /FROM answers/.test(sql) ? 'answers'
  : sql.trim().slice(0, 40);
const tp = performance.now();
const profiled = await buildReport(timedQueries(db), { now: reportNow });
const profiledMs = performance.now() - tp;
const sqlMs: Record<string, number> = {};
for (const s of statements) sqlMs[label(s.sql)] = ms1((sqlMs[label(s.sql)] ?? 0) + s.ms);
const sqlTotal = statements.reduce((n, s) => n + s.ms, 0);

// 5. The funnel's statement alone, exactly as the report issued it, and how SQLite runs it.
const funnelStatement = statements.find((s) => label(s.sql) === 'funnel');
if (!funnelStatement) throw new Error('the report issued no funnel statement');
const funnelMs: number[] = [];
let funnelRows: Array<Counts & { round_id: number }> = [];
for (let i = 0; i < runs; i++) {
  const t = performance.now();
  funnelRows = await db.all<Counts & { round_id: number }>(funnelStatement.sql, funnelStatement.params);
  funnelMs.push(performance.now() - t);
}
const plan = await db.all<{ id: number; parent: number; detail: string }>(`EXPLAIN QUERY PLAN ${funnelStatement.sql}`, funnelStatement.params);
const depth = new Map<number, number>([[0, -1]]);
const planLines = plan.map((p) => {
  const d = (depth.get(p.parent) ?? -1) + 1;
  depth.set(p.id, d);
  return `${'  '.repeat(d)}${p.detail}`;
});
log(`funnel's EXPLAIN QUERY PLAN:\n${planLines.map((l) => `    ${l}`).join('\n')}`);

// 6. The check: every round's funnel and the total, in the report, the timed run and the statement alone.
const problems: string[] = [];
const total = emptyCounts();
for (const c of expected.values()) for (const k of KEYS) total[k] += c[k];
for (const [name, rep] of [['report', report], ['timed report', profiled]] as const) {
  if (rep.rounds.length !== expected.size) problems.push(`${name}: ${rep.rounds.length} rounds, expected ${expected.size}`);
  for (const k of KEYS) if (rep.funnel[k] !== total[k]) problems.push(`${name}: total ${k} ${rep.funnel[k]}, expected ${total[k]}`);
  for (const [r, c] of expected) {
    const f = rep.rounds.find((x) => x.id === r)?.funnel;
    for (const k of KEYS) if (f?.[k] !== c[k]) problems.push(`${name}: round ${r} ${k} ${f?.[k]}, expected ${c[k]}`);
  }
}
for (const [r, c] of expected) {
  const row = funnelRows.find((x) => x.round_id === r);
  for (const k of KEYS) if (row?.[k] !== c[k]) problems.push(`funnel statement: round ${r} ${k} ${row?.[k]}, expected ${c[k]}`);
}
for (const p of problems) process.stderr.write(`funnel check: ${p}\n`);

await db.close();
if (dir) fs.rmSync(dir, { recursive: true, force: true });

const funnelAlone = median(funnelMs);
process.stdout.write(
  JSON.stringify({
    participants: prep.participants,
    organisations: prep.organisations,
    largest_org: prep.largest_org,
    rounds: prep.rounds,
    runs,
    rows: prep.rows,
    report_ms: Math.round(median(reportMs)),
    report_runs_ms: reportMs.map(Math.round),
    format_ms: ms1(median(formatMs)),
    funnel_ms: Math.round(funnelAlone),
    funnel_runs_ms: funnelMs.map(Math.round),
    funnel_share: Number((funnelAlone / median(reportMs)).toFixed(2)),
    timed_run: { total_ms: Math.round(profiledMs), sql_ms: sqlMs, sql_total_ms: Math.round(sqlTotal), javascript_ms: Math.round(profiledMs - sqlTotal) },
    funnel: (({ meetRate, ...counts }) => ({ ...counts, meet_rate: meetRate === null ? null : Number(meetRate.toFixed(3)) }))(report.funnel),
    funnel_check: problems.length ? `${problems.length} differences` : 'ok',
    funnel_plan: planLines,
    outcomes: report.outcomes.length,
    text_kb: Math.round(Buffer.byteLength(text) / 1024),
    rss_before_report_mb: rssBeforeMb,
    peak_rss_setup_mb: peakSetupMb,
    peak_rss_mb: peakRssMb(),
    database_mb: prep.database_mb,
    setup_seconds: prep.setup_seconds,
    reused_database: prepared,
  }) + '\n',
);
if (problems.length) process.exitCode = 1;
