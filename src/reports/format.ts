/** The organiser's report as plain text (terminal and email) or JSON. Pure: no database, no clock. */
import type { Report } from './report.js';

export interface TextOptions {
  /** How many of the lines people wrote to show; the rest are counted. Default 20. */
  outcomes?: number;
}

const nf = new Intl.NumberFormat('en-GB');
const n = (x: number) => nf.format(x);
const pct = (x: number | null) => (x === null ? 'n/a' : `${Math.round(x * 100)}%`);
const plural = (x: number, one: string, many = `${one}s`) => `${n(x)} ${x === 1 ? one : many}`;
/** "2026-11-02T09:00:00.000Z" → "2 Nov 2026", in UTC: the report reads the same wherever it is run. */
const day = (iso: string) =>
  new Date(iso).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });

/** Lines of "label   value", the values lined up. */
function table(rows: Array<[string, string]>, indent = '  '): string[] {
  const width = Math.max(...rows.map(([label]) => label.length));
  return rows.map(([label, value]) => `${indent}${label.padEnd(width)}  ${value}`);
}

/** One line a person wrote, made safe to print: one line, no control characters, at most 300 characters. */
function printable(line: string): string {
  // eslint-disable-next-line no-control-regex
  const one = line.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').replace(/\s+/g, ' ').trim();
  return one.length > 300 ? `${one.slice(0, 299)}…` : one;
}

export function formatReportText(r: Report, opts: TextOptions = {}): string {
  const out: string[] = [];
  const p = r.participants;
  const g = r.groups;
  const f = r.followUps;
  out.push(r.since ? `Since ${day(r.since)} (made ${day(r.generatedAt)})` : `All time (made ${day(r.generatedAt)})`, '');

  out.push(r.since ? 'People, by the status they moved into since then' : 'People');
  out.push(
    ...table([
      [r.since ? 'Joined since then' : 'Joined', `${n(p.joined)}`],
      ['  taking part', n(p.active)],
      ['  paused', n(p.paused)],
      ['  stopped', n(p.stopped)],
      ['  bounced', n(p.bounced)],
      ['  marked us as spam', n(p.complained)],
      ['Waiting for details', n(p.awaitingDetails)],
      ['Invited, no answer yet', n(p.invited)],
      ['Erased their data', n(p.erased)],
      ['Organisations represented', n(r.organisations)],
    ]),
  );
  out.push('');

  out.push('Rounds');
  out.push(
    ...table([
      ['Rounds', n(r.rounds.length)],
      ['Groups', `${n(g.total)} (${plural(g.pairs, 'pair')}, ${plural(g.trios, 'trio')})`],
      ['Across organisations', `${n(g.crossOrganisation)} of ${n(g.total)} groups (${pct(g.crossOrganisationShare)})`],
      ['Organisations linked', `${plural(r.links.total, 'pair')} of organisations, ${n(r.links.new)} new`],
    ]),
  );
  if (r.rounds.length) {
    out.push('', '  round  date          groups  trios  across orgs  new links');
    for (const x of r.rounds) {
      out.push(
        `  ${String(x.id).padStart(5)}  ${day(x.at).padEnd(12)}  ${n(x.groups).padStart(6)}  ${n(x.trios).padStart(5)}  ${n(x.crossOrganisation).padStart(11)}  ${n(x.newLinks).padStart(9)}`,
      );
    }
  }
  out.push('');

  const fu = r.funnel;
  out.push('From introduction to meeting (groups)');
  out.push(
    ...table([
      ['Introduced', `${n(fu.introduced)}${fu.repaired ? `, of which ${n(fu.repaired)} re-paired after a raincheck` : ''}`],
      ['Booked a time', n(fu.booked)],
      ['Invitation accepted', n(fu.accepted)],
      ['Met', `${n(fu.met)} (meet rate ${pct(fu.meetRate)})`],
      ["Rainchecked (CAN'T MAKE IT)", n(fu.rainchecked)],
    ]),
  );
  if (r.rounds.length) {
    out.push('', '  round  introduced  booked  accepted     met  rainchecked  re-paired  meet rate');
    for (const x of r.rounds) {
      const y = x.funnel;
      out.push(
        `  ${String(x.id).padStart(5)}  ${n(y.introduced).padStart(10)}  ${n(y.booked).padStart(6)}  ${n(y.accepted).padStart(8)}  ${n(y.met).padStart(6)}  ${n(y.rainchecked).padStart(11)}  ${n(y.repaired).padStart(9)}  ${pct(y.meetRate).padStart(9)}`,
      );
    }
  }
  out.push('  Met: someone answered MET, or an accepted time has passed and nobody answered NOT MET.', '');

  out.push('Did they meet?');
  out.push(
    ...table([
      ['Groups asked', n(f.groupsAsked)],
      ['Groups that met', `${n(f.groupsMet)} (meet rate ${pct(f.meetRate)})`],
      ['Answers', `${n(f.answers)} to ${plural(f.mailsSent, 'question')} (${pct(f.replyRate)}): ${n(f.met)} MET, ${n(f.notMet)} NOT MET`],
      ['Asked "still want to be matched?"', `${n(r.stillWant.asked)}, of whom ${n(r.stillWant.back)} ${r.stillWant.back === 1 ? 'is' : 'are'} back`],
    ]),
  );
  out.push('');

  const shown = Math.max(0, opts.outcomes ?? 20);
  out.push('What came of it, in their words (newest first)');
  if (!r.outcomes.length) out.push('  Nobody has written a line yet.');
  for (const o of r.outcomes.slice(0, shown)) out.push(`  - "${printable(o.line)}" (${o.met ? 'met' : 'did not meet'}, ${day(o.at)})`);
  if (r.outcomes.length > shown) out.push(`  … and ${n(r.outcomes.length - shown)} more: npm run report -- --json lists them all.`);
  return `${out.join('\n')}\n`;
}

/** The report for machines: every figure and line, without the picture's raw network. */
export function reportJson(r: Report): Omit<Report, 'network'> & { network: { organisations: number; links: number; roundId: number | null } } {
  const { network, ...rest } = r;
  return { ...rest, network: { organisations: network.orgs.length, links: network.links.length, roundId: network.roundId } };
}

export function formatReportJson(r: Report): string {
  return `${JSON.stringify(reportJson(r), null, 2)}\n`;
}
