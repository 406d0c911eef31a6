/**
 * A contact card (vCard 3.0 and 4.0, RFC 6350; 2.1 as phones still send it) read for the details a
 * person shares by attaching one: their name, phone numbers with their types, organisation and
 * addresses. Pure, one pass over the lines.
 *
 * - Lines are unfolded first: a line starting with a space or a tab continues the one before
 *   (RFC 6350 §3.2).
 * - A property is `[group.]NAME[;param…]:value`; values are unescaped (`\,` `\;` `\\` `\n`, §3.4).
 * - Only the properties read here are kept (`keptCard`): a card's PHOTO can be hundreds of kilobytes of
 *   base64 nobody reads, and a picture of the person is not ours to keep.
 */

/** The properties read; the rest of a card is dropped before it is stored. */
const KEPT = new Set(['BEGIN', 'END', 'VERSION', 'FN', 'N', 'ORG', 'TEL', 'EMAIL', 'IMPP', 'X-SKYPE', 'X-SKYPE-USERNAME', 'X-MS-IMADDRESS', 'TITLE']);

/** At most this many lines of a card are read. */
const MAX_LINES = 200;
/** At most this many characters of one value are kept. */
const MAX_VALUE = 300;

export interface ContactCard {
  name: string | null;
  organisation: string | null;
  /** In the card's order; `mobile` when its TYPE says cell (or mobile, as some phones write). */
  phones: Array<{ value: string; mobile: boolean }>;
  emails: string[];
  /** IMPP and X-SKYPE values: "skype:jo.bloggs", "sip:jo@x.gov.uk". */
  messaging: string[];
}

interface Property {
  name: string;
  params: string;
  value: string;
}

/** The card's properties, unfolded, at most MAX_LINES. */
function properties(text: string): Property[] {
  const out: Property[] = [];
  const lines = text.split(/\r\n|\n|\r/);
  let current = '';
  const flush = () => {
    if (current === '' || out.length >= MAX_LINES) return;
    const colon = current.indexOf(':');
    if (colon > 0) {
      const head = current.slice(0, colon);
      const semi = head.indexOf(';');
      const bare = (semi >= 0 ? head.slice(0, semi) : head).trim();
      // "item1.TEL": the group before a dot is a label's, not the property's.
      const name = bare.slice(bare.lastIndexOf('.') + 1).toUpperCase();
      out.push({ name, params: semi >= 0 ? head.slice(semi + 1).toUpperCase() : '', value: current.slice(colon + 1, colon + 1 + MAX_VALUE * 4) });
    }
    current = '';
  };
  for (let i = 0; i < lines.length && out.length < MAX_LINES; i++) {
    const line = lines[i]!;
    if ((line.startsWith(' ') || line.startsWith('\t')) && current !== '') {
      if (current.length < MAX_VALUE * 8) current += line.slice(1);
      continue;
    }
    flush();
    current = line;
  }
  flush();
  return out;
}

/** A value without vCard escapes, one line, bounded. */
function unescape(value: string): string {
  let out = '';
  for (let i = 0; i < value.length && out.length < MAX_VALUE; i++) {
    const c = value[i]!;
    if (c === '\\' && i + 1 < value.length) {
      const n = value[++i]!;
      out += n === 'n' || n === 'N' ? ' ' : n;
    } else out += c;
  }
  return out.replace(/\s+/g, ' ').trim();
}

/** The first component of a structured value ("Bristol City Council;Housing" is the body, then its unit). */
function firstComponent(value: string): string {
  for (let i = 0; i < value.length; i++) {
    if (value[i] === '\\') i++;
    else if (value[i] === ';') return value.slice(0, i);
  }
  return value;
}

export function readContactCard(text: string): ContactCard {
  const card: ContactCard = { name: null, organisation: null, phones: [], emails: [], messaging: [] };
  let structuredName: string | null = null;
  for (const p of properties(text)) {
    switch (p.name) {
      case 'FN':
        card.name ??= unescape(p.value) || null;
        break;
      case 'N': {
        // N:Family;Given;Additional;Prefix;Suffix
        const [family = '', given = ''] = p.value.split(';').map(unescape);
        if (family || given) structuredName ??= `${given} ${family}`.trim();
        break;
      }
      case 'ORG':
        card.organisation ??= unescape(firstComponent(p.value)) || null;
        break;
      case 'TEL': {
        const value = unescape(p.value.replace(/^tel:/i, ''));
        if (value) card.phones.push({ value, mobile: /\b(?:CELL|MOBILE|IPHONE)\b/.test(p.params) });
        break;
      }
      case 'EMAIL':
        if (p.value.includes('@')) card.emails.push(unescape(p.value.replace(/^mailto:/i, '')));
        break;
      case 'IMPP':
      case 'X-SKYPE':
      case 'X-SKYPE-USERNAME':
      case 'X-MS-IMADDRESS': {
        const value = unescape(p.value);
        if (value) card.messaging.push(p.name === 'IMPP' ? value : `${p.name === 'X-MS-IMADDRESS' ? 'sip' : 'skype'}:${value.replace(/^skype:/i, '')}`);
        break;
      }
    }
  }
  card.name ??= structuredName;
  return card;
}

/** The card with only the properties read kept, unfolded, one per line: what is stored of it. */
export function keptCard(text: string): string {
  return properties(text)
    .filter((p) => KEPT.has(p.name))
    .map((p) => `${p.name}${p.params ? `;${p.params}` : ''}:${p.value}`)
    .join('\r\n');
}
