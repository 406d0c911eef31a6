// One whole round on a prepared database, in a fresh process (as the service's job would run it), so its
// memory and time are the round's alone. Used by bench/match.ts; prints one JSON line.
import { loadConfig } from '../src/config.js';
import { Database } from '../src/db/database.js';
import { createLogger } from '../src/logger.js';
import { runRound } from '../src/matching/round.js';
import { arg, peakRssMb } from './lib.js';

process.env.TZ = 'Europe/London';
const config = loadConfig({ DATABASE_PATH: arg('db', ''), REPLY_DOMAIN: 'reply.unmentoring.test', LOG_LEVEL: 'warn' });
const db = await Database.open(config.databasePath, { busyTimeoutMs: 60_000 });
const started = performance.now();
const summary = await runRound({ db, config, logger: createLogger({ level: 'warn' }) }, { trigger: 'manual', seed: Number(arg('seed', '3')) });
const seconds = (performance.now() - started) / 1000;
await db.close();
process.stdout.write(
  JSON.stringify({
    round_seconds: Number(seconds.toFixed(2)),
    peak_rss_mb: peakRssMb(),
    status: summary.status,
    eligible: summary.eligible,
    groups: summary.groups,
    same_org: summary.sameOrg,
    repeats: summary.repeats,
    trios: summary.trios,
    unplaced: summary.unplaced,
    phases_ms: summary.timings,
  }) + '\n',
);
