import { Command } from 'commander';
import { configOrExit } from '../config.js';
import { Database } from '../db/database.js';
import { migrate } from '../db/migrate.js';
import { formatListing } from '../organisations/format.js';
import { linkUnlinked } from '../organisations/link.js';
import { listing, mergeOrganisations, OrganisationsError, renameOrg, splitDomain, undoChange } from '../organisations/manage.js';
import { runCli, UsageError } from './run.js';

const program = new Command('orgs')
  .description('Organisations: people, domains and names; likely duplicates; merge, rename, split a domain, undo. Changes apply from the next round.')
  .exitOverride((err) => process.exit(err.exitCode));
program.command('list', { isDefault: true }).description('list organisations, likely duplicates and changes');
program.command('merge <keep> <other>').description('merge OTHER into KEEP (ids or display names)');
program.command('rename <org> <name>').description('give an organisation a new display name');
program.command('split-domain <domain>').description('the domain no longer decides an organisation: its people are linked by their names');
program.command('undo <n>').description('undo change N (the latest first)');

runCli(async () => {
  let action: { name: string; args: string[] } = { name: 'list', args: [] };
  for (const c of program.commands) c.action((...args: unknown[]) => void (action = { name: c.name(), args: args.slice(0, -2) as string[] }));
  program.parse(process.argv);
  const config = configOrExit();
  const db = await Database.open(config.databasePath);
  const now = new Date();
  const say = (line: string) => process.stdout.write(`${line}\n`);
  try {
    await migrate(db);
    // Anyone from before organisations existed is linked first, so the list is what the next round uses.
    await db.transaction((tx) => linkUnlinked(tx, config.sharedDomains, now));
    const [a = '', b = ''] = action.args;
    switch (action.name) {
      case 'merge': {
        const r = await mergeOrganisations(db, a, b, now);
        say(`Merged into ${r.keep.name} (#${r.keep.id}): ${r.moved} people moved. Change ${r.change}; undo with: npm run orgs -- undo ${r.change}`);
        break;
      }
      case 'rename': {
        const r = await renameOrg(db, a, b, now);
        say(`Renamed ${r.from}. Change ${r.change}; undo with: npm run orgs -- undo ${r.change}`);
        break;
      }
      case 'split-domain': {
        const r = await splitDomain(db, a, config.sharedDomains, now);
        say(`Split: ${r.people} people now in ${r.organisations} organisations by their names. Change ${r.change}; undo with: npm run orgs -- undo ${r.change}`);
        break;
      }
      case 'undo': {
        if (!/^\d{1,12}$/.test(a)) throw new UsageError('undo needs a change number, as npm run orgs lists them');
        const c = await undoChange(db, Number(a), now);
        say(`Undone: ${c.summary}.`);
        break;
      }
      default:
        process.stdout.write(formatListing(await listing(db, config.sharedDomains)));
    }
  } catch (err) {
    if (err instanceof OrganisationsError) throw new UsageError(err.message);
    throw err;
  } finally {
    await db.close();
  }
});
