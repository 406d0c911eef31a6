import { Command, InvalidArgumentError } from 'commander';
import { configOrExit } from '../config.js';
import { Database } from '../db/database.js';
import { migrate } from '../db/migrate.js';
import { createLogger } from '../logger.js';
import { runRound, type RoundSummary } from '../matching/round.js';
import { runCli } from './run.js';

function seedArg(value: string): number {
  if (!/^\d{1,10}$/.test(value) || Number(value) > 0xffffffff) throw new InvalidArgumentError('a whole number from 0 to 4294967295');
  return Number(value);
}

const program = new Command('match')
  .description('Run one round now: group the eligible participants and introduce each group.')
  .option('--dry-run', 'show the groups this draw would make; store and send nothing')
  .option('--seed <n>', "repeat a draw: the seed printed by an earlier round (or dry run)", seedArg)
  .option('--no-deliver', 'store the introductions and leave delivery to the running service')
  .exitOverride((err) => process.exit(err.exitCode));

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function print(line = ''): void {
  process.stdout.write(`${line}\n`);
}

function show(s: RoundSummary): void {
  const when = s.period.slice(0, 10);
  if (s.status === 'already-ran') {
    print(`A round already ran for the period starting ${when} (round ${s.roundId}, seed ${s.seed}). Nobody is matched twice in a period.`);
    return;
  }
  if (s.status === 'dry-run') {
    for (const g of s.draw) {
      const who = g.members.map((m) => `${m.name ?? `#${m.id}`} (${m.organisation})${m.id === g.firstMoverId ? ' *' : ''}`);
      print(`  ${who.join('  +  ')}`);
    }
    for (const u of s.unplacedPeople) print(`  unplaced: ${u.name ?? `#${u.id}`}: ${u.reason}`);
    if (s.draw.length) print('  (* makes the first move)');
  }
  print(
    `${s.status === 'dry-run' ? 'Dry run' : `Round ${s.roundId}`} for the period starting ${when}, seed ${s.seed}: ` +
      `${s.eligible} eligible, ${plural(s.groups, 'group')} (${plural(s.trios, 'trio')}), ${s.unplaced} unplaced, ` +
      `${s.sameOrg} same-organisation, ${plural(s.repeats, 'repeat pair')}.`,
  );
  if (s.stillWantAsked) print(`${s.stillWantAsked} silent for a while were asked whether they still want to be matched.`);
  if (s.status === 'dry-run') print('Dry run: nothing was stored or sent.');
}

/**
 * The outbox rows a round queued: its introductions, its notes to those unplaced or asked whether they
 * still want to be matched (written in the round's transaction, so with its created_at; only a round writes
 * those templates), and its digest (which names the round).
 */
async function mailOfRound(db: Database, roundId: number): Promise<number[]> {
  const rows = await db.all<{ id: number }>(
    `SELECT introduction_outbox_id AS id FROM groups WHERE round_id = ?1
     UNION SELECT o.id FROM outbox o JOIN rounds r ON r.id = ?1
       WHERE o.template IN ('still-want', 'unplaced') AND o.created_at = r.created_at
     UNION SELECT o.id FROM outbox o WHERE o.template = 'digest' AND json_extract(o.data, '$.roundId') = ?1`,
    [roundId],
  );
  return rows.map((r) => r.id);
}

runCli(async () => {
  program.parse(process.argv);
  const opts = program.opts<{ dryRun?: boolean; seed?: number; deliver: boolean }>();
  const config = configOrExit();
  const logger = createLogger({ level: 'warn', destination: process.stderr });
  const db = await Database.open(config.databasePath);
  try {
    await migrate(db);
    // The organisers' digest follows every round, scheduled or run by hand, queued in the round's own
    // transaction (as the scheduled job does). It is stored as a reference to the round: its renderer (the
    // network picture) is loaded only when it is sent, and a dry run loads neither it nor the mailers.
    const summary = await runRound(
      { db, config, logger },
      { trigger: 'manual', digest: true, dryRun: Boolean(opts.dryRun), ...(opts.seed !== undefined ? { seed: opts.seed } : {}) },
    );
    show(summary);
    if (summary.status === 'done' && opts.deliver) {
      const [{ createMailer }, { OutboxSender }] = await Promise.all([import('../mail/create-mailer.js'), import('../mail/sender.js')]);
      // Only the round's own mail: anything else waiting is the running service's to send.
      const sent = await new OutboxSender({ db, mailer: createMailer(config), config, logger }).drain({ only: await mailOfRound(db, summary.roundId!) });
      print(`Delivered ${plural(sent.sent, 'mail')} (the introductions and the organisers' digest)${sent.failed ? `; ${sent.failed} refused` : ''}.`);
    }
  } finally {
    await db.close();
  }
});
