/**
 * What a value looks like: a person's name, a public-sector body, a job title, a postal address. Each is a
 * judgement on one short value (a line or part of one, at most a few hundred characters), used to weigh
 * candidates against each other, never to decide a field on its own.
 */

import { knownBody } from '../../organisations/public-bodies/index.js';

/** Words that make a display name a shared mailbox rather than a person. */
const SHARED_MAILBOX =
  /\b(team|teams|department|dept|office|unit|service|services|council|mailbox|inbox|info|information|admin|administration|enquiries|enquiry|no[\s-]?reply|do[\s-]?not[\s-]?reply|support|help\s*desk|helpdesk|reception|hr|it|finance|planning|contact|contacts|general|group|committee|secretariat|programme|project|hub|centre|center|desk|bookings|recruitment|communications|comms|newsletter|notifications?|mailer|postmaster|system)\b/i;

const NOT_NAME_WORDS =
  /^(yes|yeah|yep|no|please|thanks|thank|hi|hello|hey|dear|regards|best|cheers|sure|ok|okay|great|count|sign|happy|delighted|keen|interested|sounds|lovely|morning|afternoon|evening|all|team|the|a|an|and|from|at|in|on|for|with|to|of|via|sent|mobile|phone|tel|email|council|nhs|trust|ministry|department|agency|office|police|service|university|borough|authority|hm|government|city|county|district|libraries|library|school|schools|college|academy|hospital|hospitals|museum|museums|archives|services|councils|constabulary|rescue|ambulance|commission|partnership|institute|highways|registry|executive|directorate|policy|officer|manager|director|senior|lead|head|not|met|stop|pause|skip|resume|help|quiet|delete|unsubscribe|monthly|quarterly|maybe|sorry|meet|data|my|me|i|we|kind|warm|many|yours|sincerely|love|speak|soon|looking|forward|get|outlook|iphone|android|samsung|galaxy|ipad|sent|name|organisation|organization|google|skype|teams|zoom|monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march|april|june|july|august|september|october|november|december|diolch|cofion|gyda|bore|da|prynhawn|noswaith|helo|shwmae|yn|ac|fy|mae|re|fw|fwd|im|ive|id)$/i;

export const NAME_TOKEN = /^(\p{Lu}[\p{L}'’-]*\.?|van|von|de|der|den|da|di|du|la|le|bin|bint|al|el|ibn|ap|o’|o')$/u;

/** True for 1–4 words that could be a person's name as written in a signature or sentence. */
export function looksLikeName(s: string, minWords = 1): boolean {
  const t = s.trim().replace(/(?<![.,!])[.,!]+$/, '');
  if (t === '' || t.length > 60 || /[\d@:/]/.test(t)) return false;
  const words = t.split(/\s+/);
  if (words.length < minWords || words.length > 4) return false;
  if (!/^\p{Lu}/u.test(words[0]!)) return false;
  return words.every((w) => NAME_TOKEN.test(w) && !NOT_NAME_WORDS.test(w.replace(/[.’']/g, '')));
}

/** A name written all in capitals or all in small letters, as a person would write it on a badge. */
export function nameCase(s: string): string {
  const t = s.replace(/\s+/g, ' ').trim();
  const title = (w: string) => w.toLowerCase().replace(/(^|['’-])(\p{Ll})/gu, (_, b: string, c: string) => b + c.toUpperCase());
  if ((t === t.toLowerCase() && /\p{Ll}/u.test(t)) || (t === t.toUpperCase() && /\p{Lu}{2}/u.test(t))) return t.split(' ').map(title).join(' ');
  // "PEARCE, Andrew" turned round is "Andrew PEARCE": a word in capitals is a name shouted, not initials.
  return t
    .split(' ')
    .map((w) => (w.length >= 3 && w === w.toUpperCase() && /\p{Lu}{3}/u.test(w) ? title(w) : w))
    .join(' ');
}

/** Cleans a From display name and refuses shared mailboxes. */
export function personalDisplayName(display: string | null): string | null {
  if (!display) return null;
  // Outlook's "Henderson M (Morag)": surname, initial, and the first name in brackets.
  const initialled = /^\s*["“]?([\p{Lu}][\p{L}'’-]+),?\s+\p{Lu}\.?\s+\((\p{Lu}[\p{L}'’-]+)\)["”]?\s*$/u.exec(display);
  if (initialled) return nameCase(`${initialled[2]} ${initialled[1]}`);
  let n = withoutBrackets(display.replace(/["“”]/g, '')).replace(/(?<!\s)\s+via\s.*$/is, '').trim();
  if (n === '' || SHARED_MAILBOX.test(n) || /@/.test(n)) return null;
  // Outlook's "Bloggs, Jo" ordering.
  const lastFirst = /^([\p{L}'’-]+(?: [\p{L}'’-]+)?),([\p{L}'’.\s-]+)$/u.exec(n);
  if (lastFirst) n = `${lastFirst[2]!.trim()} ${lastFirst[1]}`;
  // "Jo Bloggs - DWP", "Jo Bloggs | HMRC": the name is the first part.
  n = n.split(/(?<!\s)\s*[|–—]\s*|(?<!\s)\s+-\s+/)[0]!.trim();
  // "Siddiqui Imran DWP Analysis": a body's initials in capitals, after two words or more, start where
  // they work, not their name.
  const words = n.split(/\s+/);
  const body = words.findIndex((w, k) => k >= 2 && /^\p{Lu}{2,7}$/u.test(w) && isKnownAbbreviation(w));
  if (body > 0) n = words.slice(0, body).join(' ');
  n = nameCase(n);
  return looksLikeName(n) ? n : null;
}

/** The text in a display name's or a line's "(…)" after the name: "Jo Bloggs (DWP)" gives "DWP". */
export function bracketed(s: string): string | null {
  const open = s.indexOf('(');
  if (open <= 0) return null;
  const close = s.indexOf(')', open);
  if (close < 0 || close - open > 80) return null;
  const inside = s.slice(open + 1, close).trim();
  return inside === '' ? null : inside;
}

/**
 * Without its "(…)" and "[…]" parts and the blanks around them, each from an opener to the first closer
 * after it on the line. As a pattern this was scanned again from each blank and each unclosed opener.
 */
export function withoutBrackets(s: string): string {
  let out = '';
  let from = 0;
  for (let i = 0; i < s.length; i++) {
    if (s[i] !== '(' && s[i] !== '[') continue;
    let close = i + 1;
    while (close < s.length && s[close] !== ')' && s[close] !== ']' && s[close] !== '\n') close++;
    if (close >= s.length || s[close] === '\n') {
      i = close;
      continue;
    }
    let start = i;
    while (start > from && /\s/.test(s[start - 1]!)) start--;
    let end = close + 1;
    while (end < s.length && /\s/.test(s[end]!)) end++;
    out += `${s.slice(from, start)} `;
    from = end;
    i = end - 1;
  }
  return out + s.slice(from);
}

/**
 * Abbreviations public-sector bodies are known by, as people write them. A value that is one of these is
 * an organisation however short it is.
 */
const KNOWN_ABBREVIATIONS = new Set(
  [
    'ACAS', 'BEIS', 'CAA', 'CCS', 'CDDO', 'CMA', 'CPS', 'CQC', 'DBS', 'DBT', 'DCMS', 'DEFRA', 'DESNZ', 'DFE', 'DFT', 'DHSC',
    'DLUHC', 'DSIT', 'DVLA', 'DVSA', 'DWP', 'EA', 'ESFA', 'FCDO', 'FSA', 'GDS', 'GLA', 'HMCTS', 'HMPPS', 'HMRC', 'HMT', 'HMLR',
    'HSE', 'ICO', 'IPO', 'LGA', 'MHCLG', 'MHRA', 'MOD', 'MOJ', 'NAO', 'NCA', 'NHSBSA', 'NICE', 'OFCOM', 'OFGEM', 'OFQUAL',
    'OFSTED', 'OFWAT', 'ONS', 'OPG', 'SLC', 'TFL', 'TPR', 'UKHSA', 'UKRI', 'UKSA', 'VOA', 'HMPO', 'APHA', 'NHSE', 'ICB',
    // Scotland, Wales and Northern Ireland.
    'PSNI', 'NIHE', 'DAERA', 'DFI', 'NIEA', 'NICS', 'HSCNI', 'SEPA', 'SPS', 'COPFS', 'NRW', 'CADW', 'HEIW',
  ],
);

// Phrases that name a public-sector body. Each is tested on one short value.
const STRONG_ORGANISATION: RegExp[] = [
  /\bcouncil\b/i,
  /\bcyngor\b/i,
  // Scottish Gaelic "council"; HM Prison and Young Offender Institution.
  /\bcomhairle\b/i,
  /\bHMP\b|\bHMYOI\b/,
  // Not an address's "nhs.net" or "nhs.uk".
  /\bnhs\b(?!\.)/i,
  /\bministry\s+of\b/i,
  /\b(?:department|dept\.?)\s+(?:for|of)\b/i,
  /\bpolice\b|\bconstabulary\b|\bheddlu\b/i,
  /\bfire\s+(?:and|&)\s+rescue\b/i,
  /\bagency\b/i,
  // A GP practice: "Hillside Surgery", "Beech House Surgery", "Firth Park Medical Centre".
  /\S\s(?:surgery|medical (?:centre|center|practice|group)|health centre|group practice)$/i,
  /\bauthority\b|\bawdurdod\b/i,
  /\bHM\s+\p{Lu}/u,
  /\bHer Majesty|\bHis Majesty/i,
  /\b(?:welsh|scottish|northern ireland)\s+government\b|\bllywodraeth\b/i,
  /\b(?:home|cabinet|met|foreign|scotland|wales|northern ireland|audit|crown|passport)\s+office\b/i,
  /\bforeign,?\s+commonwealth\s+(?:&|and)\s+development\s+office\b/i,
  // Case matters only for the body's own name: "Office for National Statistics", not "office for the day".
  /\b[Oo]ffice\s+(?:for|of)\s+(?:the\s+)?\p{Lu}/u,
  /\buniversity\b|\bprifysgol\b/i,
  /\bhealth\s+board\b|\bbwrdd\s+iechyd\b/i,
  /\b(?:foundation\s+)?trust\b/i,
  /\bintegrated\s+care\b/i,
  /\b(?:commission|inspectorate|ombudsman|executive|tribunals?|courts?\s+service|registry|treasury|parliament|senedd|assembly|directorate\s+general)\b/i,
  /\b(?:combined\s+authority|county|borough|city|district|parish|town)\s+council\b/i,
  /\b(?:london|royal|metropolitan)\s+borough\s+of\s+\p{Lu}/iu,
  /\bgwasanaeth\b/i,
  /\b[Tt]ransport\s+for\s+\p{Lu}/u,
  // Bodies whose names carry none of the words above.
  /\b(?:natural resources wales|cyfoeth naturiol cymru|natural england|historic england|historic environment scotland|sport england|sport wales|sportscotland|naturescot|forestry england|ordnance survey|companies house|land registry|border force|jobcentre plus|national highways|network rail|royal mint|met office|public health (?:scotland|wales|england)|transport scotland|scottish water|skills development scotland|revenue scotland|audit scotland|audit wales|careers wales|qualifications wales|arts council|uk visas and immigration|visit ?britain|visit ?scotland|health and social care|hsc|nhs ?(?:england|scotland|wales|digital|improvement|blood and transplant|resolution|property services)|crown prosecution service|probation service|prison service|coastguard|national archives|british library|national statistics|statistics authority)\b/i,
];
/** A body's kind with no name to it ("the Trust", "Council"): which one, the reply does not say. */
const A_PERSON_NOT_A_BODY = /^(?:someone|somebody|anyone|anybody|everyone|people|folk|colleagues|others|those)\b|\b(?:outside|other than|beyond|apart from|except)\s/i;
const KIND_ONLY = /^(?:the\s+)?(?:trust|council|police|constabulary|fire (?:and|&) rescue(?: service)?|fire service|ambulance service|agency|authority|board|force|department|ministry|office|service|government|directorate|executive|commission|health board|local authority|county council|city council|borough council|district council|combined authority|integrated care board|health and social care trust|university health board)$/i;

const MEDIUM_ORGANISATION =
  /\b(?:services?|office|college|school|academy|academies|hospitals?|library|museum|board|institute|foundation|gov|government|executive|ltd|limited|plc|charity|cic|partnership|national|public health|highways|registry|resources|heritage|historic|homes|housing|federation)\b/i;
/** "Natural Resources Wales", "Historic England", "Sport Scotland": a body named for its nation. */
const NATIONS = new Set(['wales', 'scotland', 'england', 'cymru', 'ireland', 'uk']);
function namedForNation(v: string): boolean {
  const words = v.split(/\s+/);
  return words.length >= 2 && words.length <= 5 && /^\p{Lu}/u.test(v) && NATIONS.has(words[words.length - 1]!.toLowerCase());
}

export const JOB_TITLE =
  /\b(officer|manager|director|adviser|advisor|analyst|lead|head|coordinator|co-ordinator|assistant|consultant|specialist|engineer|developer|designer|researcher|clerk|inspector|nurse|doctor|gp|teacher|lecturer|professor|chief|secretary|administrator|partner|associate|principal|senior|junior|planner|architect|scientist|economist|statistician|auditor|accountant|solicitor|lawyer|caseworker|worker|supervisor|commissioner|councillor|deputy|trainee|apprentice|intern|fellow|owner|founder|product|delivery|strategist|practitioner|therapist|paramedic|midwife|pharmacist|surveyor|librarian|curator|ranger|warden|controller|operator|technician|editor|writer|producer|fundraiser|volunteer|graduate|pronouns|swyddog|rheolwr)\b/i;

const TEAM = /\b(team|unit|directorate|division|branch|section|programme|project|hub|office of the|group|squad|desk|watch|station)\b|\b(?:faculty|school|institute|centre) (?:of|for)\b/i;

const ENDS_AS_TITLE = /\b(?:officer|manager|director|adviser|advisor|analyst|lead|coordinator|co-ordinator|assistant|consultant|specialist|engineer|inspector|clerk|secretary|administrator|executive officer)$/i;

/** A UK postcode, a building or street: a line of a postal address. */
const POSTCODE = /\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b/;
const STREET = /\b(road|rd|street|st|lane|avenue|ave|way|place|square|sq|court|crescent|drive|terrace|close|house|hall|building|buildings|floor|level|centre|center|park|parc|stryd|heol|ffordd|tŷ|neuadd|po box|wharf|quay|row|gate|mews|plaza|tower)\b/i;

/** Lines that are part of the mail's furniture rather than anyone's organisation. */
const FURNITURE =
  /\b(confidential|disclaimer|intended|recipient|privileged|virus|consider the environment|before printing|print this|monitored|recorded|opinions|views|legally|unsubscribe|working hours|work pattern|out of office|pronouns|she\/her|he\/him|they\/them|linkedin|twitter|facebook|instagram|follow us|sent from|get outlook|download|click|website|www|address|e-?mail)\b/i;

/** Words written in capitals that are not a body's initials: the service's own commands among them. */
const NOT_ABBREVIATIONS = new Set([
  'YES', 'NO', 'OK', 'MET', 'NOT', 'STOP', 'HELP', 'PAUSE', 'SKIP', 'RESUME', 'QUIET', 'DELETE', 'DATA', 'MY', 'THANKS', 'FYI',
  'ASAP', 'PS', 'RE', 'FW', 'FWD', 'NB', 'UK', 'GB', 'HR', 'IT', 'AM', 'PM', 'TBC', 'OOO', 'BST', 'GMT', 'CV', 'PA', 'JOIN', 'IN',
]);

/** Long text is a sentence, not a name of a body. */
const MAX_ORGANISATION_WORDS = 10;
const MAX_ORGANISATION_CHARS = 90;

export const KIND_WITHOUT_NAME = "a body's kind without its name";

export interface OrganisationJudgement {
  /** How much the value looks like the name of a public-sector body: positive yes, negative no. */
  score: number;
  /** Why: for tests and `parse-reply`'s reasoning. */
  reason: string;
}

export function isKnownAbbreviation(value: string): boolean {
  return KNOWN_ABBREVIATIONS.has(value.trim().replace(/[.\s]/g, '').toUpperCase());
}

/** How much a short value looks like an organisation's name. */
export function judgeOrganisation(value: string): OrganisationJudgement {
  const v = value.trim();
  if (v === '' || v.length > MAX_ORGANISATION_CHARS || v.split(/\s+/).length > MAX_ORGANISATION_WORDS) return { score: -100, reason: 'too long' };
  if (/@|https?:|www\./i.test(v)) return { score: -100, reason: 'an address or link' };
  if (/\d{4,}|\d{3,}[\s-]\d{3,}/.test(v)) return { score: -100, reason: 'a number' };
  if (FURNITURE.test(v)) return { score: -100, reason: 'mail furniture' };
  // A body the gazetteer knows, by any name ("kirklees council", "Hywel Dda", "Sheffeild City Council").
  const body = knownBody(v);
  if (body && body.rest === '') return body.kind === 'place' ? { score: 0, reason: 'the place a council is named for' } : { score: 45, reason: 'a known public body' };
  if (isKnownAbbreviation(v)) return { score: 45, reason: 'a known abbreviation' };
  // "someone outside the NHS", "people in other councils": a person, or bodies other than one, not a body.
  if (A_PERSON_NOT_A_BODY.test(v)) return { score: -40, reason: 'a person or other bodies' };
  if (KIND_ONLY.test(v)) return { score: 5, reason: KIND_WITHOUT_NAME };
  // "councils or the NHS", "DWP or HMRC": bodies in general, not one.
  if (/\s(?:or|and\/or)\s/i.test(v) && !/\bor\s+(?:the\s+)?(?:council|trust|board)$/i.test(v)) return { score: -30, reason: 'bodies in general' };
  // "100 Parliament Street", "Civic Centre, Leeds LS1 1UR": a number before a street, or a postcode, is an
  // address whatever body-like word it holds.
  if ((/^\d/.test(v) && STREET.test(v)) || POSTCODE.test(v)) return { score: -60, reason: 'a postal address' };
  const strong = STRONG_ORGANISATION.some((re) => re.test(v)) || councilInitials(v);
  const title = JOB_TITLE.test(v);
  // A postcode or a number in front is an address for certain; a building's word alone ("… House") may be
  // a body named after one ("Companies House"), so it counts against less.
  if (!strong && (POSTCODE.test(v) || (/^\d/.test(v) && STREET.test(v)) || /\d/.test(v))) return { score: -60, reason: 'a postal address' };
  if (!strong && STREET.test(v)) return { score: -25, reason: 'a building or street' };
  if (strong) {
    // "Head of Policy, Kent County Council" is split before it gets here; a title inside a body's name
    // ("Chief Constable's Office") is rare.
    if (title && /^(?:senior|junior|lead|head|chief|deputy|principal)\b/i.test(v)) return { score: 5, reason: 'a job title with a body in it' };
    // "Higher Executive Officer", "Executive Officer": a grade, whatever body-like word it has.
    if (ENDS_AS_TITLE.test(v)) return { score: -30, reason: 'a job title' };
    return { score: 40, reason: 'names a public-sector body' };
  }
  if (title) return { score: -50, reason: 'a job title' };
  // "Clarion Housing Group", "Stockport Homes Group": a housing body's name ends so; a team's does not.
  if (/^\p{Lu}[\p{L}'’&. -]{0,60} (?:housing|homes) group$/iu.test(v)) return { score: 15, reason: 'a housing group' };
  if (TEAM.test(v)) return { score: -20, reason: 'a team' };
  if (MEDIUM_ORGANISATION.test(v) || namedForNation(v)) return { score: 15, reason: 'an organisation word' };
  if (/^\p{Lu}{2,6}$/u.test(v) && !NOT_ABBREVIATIONS.has(v)) return { score: 10, reason: 'an abbreviation' };
  return { score: 0, reason: 'nothing either way' };
}

/** "Notts CC", "Kent CC", "Wirral MBC": a place and a council's initials, read word by word. */
function councilInitials(v: string): boolean {
  const words = v.split(' ');
  return words.length >= 2 && COUNCIL_INITIALS.has(words[words.length - 1]!) && /^\p{Lu}[\p{L}-]+$/u.test(words[words.length - 2]!);
}

const COUNCIL_INITIALS = new Set(['CC', 'CBC', 'MBC', 'BC', 'DC']);

/** A value that could be a person's job title (used to find the organisation on the line after it). */
export function looksLikeJobTitle(value: string): boolean {
  const v = value.trim();
  return v.length <= 80 && JOB_TITLE.test(v) && !STRONG_ORGANISATION.some((re) => re.test(v));
}
