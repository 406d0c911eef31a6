/** `npm run orgs` as text (pure): organisations largest first, then likely duplicates, then changes. */
import type { OrganisationListing } from './manage.js';

export function formatListing(l: OrganisationListing): string {
  const lines: string[] = [];
  const orgs = [...l.organisations].sort((a, b) => b.people - a.people || a.id - b.id);
  const name = new Map(orgs.map((o) => [o.id, o.name]));
  lines.push(`${orgs.length} organisation${orgs.length === 1 ? '' : 's'}`);
  for (const o of orgs) {
    const known = o.spellings.filter((s) => s !== o.name);
    lines.push(
      `  #${o.id}  ${o.name}  ${o.people} ${o.people === 1 ? 'person' : 'people'}` +
        (o.domains.length ? `  domains: ${o.domains.join(', ')}` : '') +
        (known.length ? `  also: ${known.join('; ')}` : ''),
    );
  }
  lines.push('');
  if (!l.duplicates.length) lines.push('No likely duplicates.');
  else {
    lines.push(`${l.duplicates.length} likely duplicate${l.duplicates.length === 1 ? '' : 's'}`);
    for (const d of l.duplicates) {
      lines.push(`  ${name.get(d.merge)} (#${d.merge}) and ${name.get(d.keep)} (#${d.keep}): ${d.reason}, ${d.detail}`);
      lines.push(`    npm run orgs -- merge ${d.keep} ${d.merge}`);
    }
  }
  if (l.changes.length) {
    lines.push('');
    lines.push('Changes (undo with: npm run orgs -- undo N)');
    for (const c of l.changes) lines.push(`  ${c.id}. ${c.created_at.slice(0, 16).replace('T', ' ')}  ${c.summary}${c.undone_at ? '  (undone)' : ''}`);
  }
  return `${lines.join('\n')}\n`;
}
