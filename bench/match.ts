// npm run bench:match -- --participants 1000000 [--rounds 10] [--seed 1] [--db FILE]
// A synthetic population (Zipf-sized organisations, about one per 50 people) with earlier rounds of
// history, loaded into a real SQLite file; then (1) the pairing alone, here, and (2) a whole round through
// the database, in a fresh process as the service's job runs it: loading who is eligible and the history,
// the draw, and the round, its groups and every introduction committed in one transaction. Prints one
// JSON line. With --db FILE the prepared database is kept there (and reused: each run works on a copy).
import { linkUnlinked } from '../src/organisations/link.js';
import fs from 'node:fs';
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadConfig } from '../src/config.js';
import { Database, type Queryable } from '../src/db/database.js';
import { migrate } from '../src/db/migrate.js';
import { HistoryIndex } from '../src/matching/history.js';
import { pairParticipants } from '../src/matching/pair.js';
import { createRng } from '../src/matching/rng.js';
import { encodeDraw } from '../src/matching/round.js';
import { syntheticPopulation } from '../src/matching/synthetic.js';
import { arg, benchDir, bulkJson, peakRssMb, storeParticipants } from './lib.js';

process.env.TZ = 'Europe/London';
const participants = Number(arg('participants', '100000'));
const rounds = Number(arg('rounds', '10'));
const seed = Number(arg('seed', '1'));
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'unmentoring-bench-match-'));
const keep = arg('db', '');
const log = (msg: string) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${msg}\n`);


const prepared = keep && fs.existsSync(keep) ? keep : null;
const config = loadConfig({
  DATABASE_PATH: prepared ?? (keep || path.join(dir, 'bench.sqlite')),
  REPLY_DOMAIN: 'reply.unmentoring.test',
  LOG_LEVEL: 'warn',
});
const db = await Database.open(config.databasePath, { busyTimeoutMs: 60_000 });
await migrate(db);

// 1. The population, as participants in the database.
const pop = syntheticPopulation({ participants, seed });
const t0 = performance.now();
let linkSeconds: number | null = null;
const history = new HistoryIndex(Math.ceil(participants / 2) * rounds);
const rng = createRng(seed + 1);
if (!prepared) {
const now = new Date();
const longAgo = new Date(now.getTime() - (rounds + 2) * 31 * 86_400_000).toISOString();
await storeParticipants(db, pop.participants, longAgo, now);
log(`people stored (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
// Linked to their organisations as joining links them, so the round compares organisation ids; timed apart.
const tl = performance.now();
await db.transaction((tx) => linkUnlinked(tx, [], now));
linkSeconds = (performance.now() - tl) / 1000;
log(`people linked to organisations (${linkSeconds.toFixed(1)} s)`);

// 2. Earlier rounds, drawn by the same function, stored as rounds (with their draws) and groups.
let groupId = 0;
for (let r = 1; r <= rounds; r++) {
  const { groups } = pairParticipants(pop.participants, history, rng);
  const at = new Date(now.getTime() - (rounds - r + 1) * 31 * 86_400_000).toISOString();
  await db.transaction(async (tx) => {
    const first = groupId + 1;
    await tx.run(
      "INSERT INTO rounds (id, period, seed, trigger, created_at, eligible, groups_count, trios, unplaced_count, same_org, repeats, draw, first_group_id) VALUES (?, ?, ?, 'schedule', ?, ?, ?, 0, 0, 0, 0, ?, ?)",
      [r, `history-${r}`, r, at, participants, groups.length, encodeDraw(groups), first],
    );
    await bulkJson(tx, 'groups (id, round_id, first_mover_id, introduction_outbox_id)', groups.map((g, i) => [first + i, r, g[0], 0]));
    groupId += groups.length;
  });
  for (const g of groups) for (let i = 0; i < g.length; i++) for (let j = i + 1; j < g.length; j++) history.add(g[i]!, g[j]!, r);
  log(`history round ${r} stored`);
}
} else {
  // The same draws as when it was prepared: the same seeds over the same population.
  for (let r = 1; r <= rounds; r++) {
    const { groups } = pairParticipants(pop.participants, history, rng);
    for (const g of groups) for (let i = 0; i < g.length; i++) for (let j = i + 1; j < g.length; j++) history.add(g[i]!, g[j]!, r);
  }
}
const setupSeconds = (performance.now() - t0) / 1000;

// 3. The pairing alone, on the same participants and history.
const tp = performance.now();
const pairing = pairParticipants(pop.participants, history, createRng(seed + 2));
const pairingSeconds = (performance.now() - tp) / 1000;
log(`pairing ${pairingSeconds.toFixed(2)} s`);

// 4. A whole round through the database, in a fresh process, on a copy of the prepared database.
await db.close();
const copy = path.join(dir, 'round.sqlite');
fs.copyFileSync(config.databasePath, copy);
log('round starting in a fresh process');
const child = spawnSync(process.execPath, ['--import', 'tsx', path.join(benchDir, 'match-round.ts'), '--db', copy, '--seed', String(seed + 2)], {
  encoding: 'utf8',
  stdio: ['ignore', 'pipe', 'inherit'],
  maxBuffer: 1 << 20,
});
const round = JSON.parse(child.stdout) as {
  round_seconds: number;
  peak_rss_mb: number;
  same_org: number;
  repeats: number;
  trios: number;
  unplaced: number;
  groups: number;
  phases_ms: Record<string, number>;
};
const dbBytes = fs.statSync(copy).size + (fs.existsSync(`${copy}-wal`) ? fs.statSync(`${copy}-wal`).size : 0);
fs.rmSync(dir, { recursive: true, force: true });

process.stdout.write(
  JSON.stringify({
    participants,
    organisations: pop.organisations,
    largest_org: pop.largestOrg,
    history_rounds: rounds,
    pairing_seconds: Number(pairingSeconds.toFixed(2)),
    link_seconds: linkSeconds === null ? null : Number(linkSeconds.toFixed(2)),
    round_seconds: round.round_seconds,
    peak_rss_mb: round.peak_rss_mb,
    same_org: round.same_org,
    repeats: round.repeats,
    trios: round.trios,
    unplaced: round.unplaced,
    groups: round.groups,
    pairing_alone: { same_org: pairing.stats.sameOrg, repeats: pairing.stats.repeats, unplaced: pairing.unplaced.length, peak_rss_mb: peakRssMb() },
    round_phases_ms: round.phases_ms,
    database_mb: Math.round(dbBytes / 1048576),
    setup_seconds: Number(setupSeconds.toFixed(1)),
  }) + '\n',
);
