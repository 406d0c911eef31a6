/**
 * The name an organisation is compared by: what a person wrote, reduced so that "The Leeds City Council",
 * "Leeds CC" and "leeds city council." are one name. Pure. A team after the name ("Leeds CC – Highways",
 * "Leeds City Council (Adults & Health)") is not part of it: colleagues name their own part of a body.
 */

import { knownBody } from './public-bodies/index.js';

/** Abbreviations people write for the words public bodies are named with, one word each. */
const WORDS: Record<string, string[]> = {
  cc: ['city', 'council'],
  mbc: ['metropolitan', 'borough', 'council'],
  bc: ['borough', 'council'],
  dc: ['district', 'council'],
  lbc: ['london', 'borough', 'council'],
  rbc: ['royal', 'borough', 'council'],
  dept: ['department'],
  dep: ['department'],
  govt: ['government'],
  gov: ['government'],
  uni: ['university'],
  univ: ['university'],
  hosp: ['hospital'],
  hosps: ['hospitals'],
  nhsft: ['nhs', 'foundation', 'trust'],
  ft: ['foundation', 'trust'],
  cttee: ['committee'],
  assoc: ['association'],
  natl: ['national'],
  intl: ['international'],
  ctr: ['centre'],
  center: ['centre'],
  organization: ['organisation'],
  st: ['saint'],
};

const DASHES = [' - ', ' – ', ' — ', ' | '];

/** Where a team or department written after the organisation starts: a bracket or a spaced dash. */
function withoutTeam(s: string): string {
  let end = s.length;
  const bracket = s.indexOf('(');
  if (bracket > 0) end = bracket;
  for (const d of DASHES) {
    const at = s.indexOf(d);
    if (at > 0 && at < end) end = at;
  }
  return s.slice(0, end);
}

/** The normalised name, or null when nothing of a name is left. */
export function normaliseOrganisation(written: string | null | undefined): string | null {
  if (!written) return null;
  const base = withoutTeam(written.normalize('NFKC').toLowerCase().trim())
    .replaceAll('&', ' and ')
    .replaceAll('+', ' and ')
    // "St. Helens", "Children's Services": the apostrophe and dot join, they do not split.
    .replace(/['’.]/g, '');
  const tokens = base.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  if (tokens[0] === 'the') tokens.shift();
  const out: string[] = [];
  for (const t of tokens) out.push(...(WORDS[t] ?? [t]));
  return out.length ? out.join(' ') : null;
}

/** The display name to keep: what they wrote, with its spacing tidied and any team after it left off. */
export function displayName(written: string): string {
  const name = withoutTeam(written.normalize('NFKC').trim()).split(/\s+/).join(' ').trim();
  return name || written.trim();
}

/** Initials of a normalised name without its small words: "leeds city council" → "lcc". */
export function initialsOf(normalised: string): string {
  return normalised
    .split(' ')
    .filter((w) => !SMALL.has(w))
    .map((w) => w[0])
    .join('');
}

const SMALL = new Set(['of', 'for', 'and', 'the', 'in', 'on', 'at']);

/**
 * The names an organisation is looked up and recorded by, best first: the body the gazetteer knows it as
 * (src/organisations/public-bodies/), so "KCC", "Kent CC" and "Kent County Council" are one organisation,
 * then the written name normalised, which is how names were recorded before the gazetteer and how a body it
 * does not know is found. A council's place alone ("Leeds") is no body here: it could be any body there.
 */
export function organisationKeys(written: string | null | undefined): string[] {
  const plain = normaliseOrganisation(written);
  if (plain === null) return [];
  const body = knownBody(withoutTeam(written!.normalize('NFKC').trim()));
  const key = body && body.kind !== 'place' ? normaliseOrganisation(body.name) : null;
  return key && key !== plain ? [key, plain] : [plain];
}
