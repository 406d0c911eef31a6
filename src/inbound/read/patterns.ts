/**
 * Line-level patterns shared by quote stripping and signature splitting.
 * Kept in one place so the rules can be reviewed (and extended with a new
 * language) without reading the algorithms that use them.
 */

/** A line that is part of a ">"-quoted original (also "> > " nested styles). */
export const QUOTED_LINE = /^\s*>/;

/**
 * Attribution lines ("On <date>, <name> wrote:") in the languages we are
 * likely to see. Tested against up to four consecutive lines joined with a
 * space, because clients wrap long attributions.
 *
 * "Starts with On … and ends with wrote" is two tests rather than one
 * `^On\b.*\bwrote…$`: the single pattern retries its middle from every
 * "wrote" in the line, and with a run of blanks before the end it took time
 * in the square (or cube) of the line's length. The reader's lines have no
 * line breaks in them (bounds.ts), so "." there matches anything.
 */
type Test = (text: string) => boolean;
const test = (re: RegExp): Test => (t) => re.test(t);
const startsAndEnds = (start: RegExp, end: RegExp): Test => (t) => start.test(t) && end.test(t);
// "… <word> …:" — the word anywhere before a colon that ends the line.
const wordThenFinalColon = (word: RegExp): Test => (t) => {
  const colon = FINAL_COLON.exec(t);
  return colon !== null && word.test(t.slice(0, colon.index));
};
const FINAL_COLON = /:\s*$/;

const ATTRIBUTION_ENDINGS: Test[] = [
  startsAndEnds(/^[-\s]*On\b/i, /\bwrote(?:\s*:)?[-\s]*$/i), // English, incl. Zoho "---- On … wrote ----"
  test(/\bwrote\s*:\s*$/i),
  startsAndEnds(/^Le\b/i, /\ba\s+écrit\s*(?::\s*)?$/i), // French
  test(/\ba\s+écrit\s*:\s*$/i),
  startsAndEnds(/^Am\b/i, /\bschrieb\b/i), // German "Am … schrieb …:"
  wordThenFinalColon(/\bschrieb\b/i),
  startsAndEnds(/^El\b/i, /\bescribió\s*(?::\s*)?$/i), // Spanish
  test(/\bescribió\s*:\s*$/i),
  startsAndEnds(/^(?:Il|In data)\b/i, /\bha scritto\s*(?::\s*)?$/i), // Italian
  test(/\bha scritto\s*:\s*$/i),
  startsAndEnds(/^Op\b/i, /\bschreef\b/i), // Dutch
  wordThenFinalColon(/\bschreef\b/i),
  startsAndEnds(/^(?:Em|No dia)\b/i, /\bescreveu\s*(?::\s*)?$/i), // Portuguese
  test(/\bescreveu\s*:\s*$/i),
  wordThenFinalColon(/\bskrev\b/i), // Swedish, Danish, Norwegian
  test(/\bnapisał(a|\(a\))?\s*:\s*$/i), // Polish
  test(/(пишет|написал(а|\(а\))?)\s*:\s*$/i), // Russian
  test(/\bkirjoitti\s*:\s*$/i), // Finnish
  test(/\bnapsal(a|\(a\))?\s*:\s*$/i), // Czech
  test(/(^|\s)írta\s*:\s*$/i), // Hungarian
  test(/(写道|寫道|のメッセージ|書きました)\s*[:：]\s*$/), // Chinese, Japanese
];

// A month name before a day is matched from the start of its word only: from every letter of a long word
// it was quadratic.
const HAS_DATE_OR_TIME = /\d{1,4}[./:-]\d{1,2}|\b\d{1,2}\s+\p{L}{3,}|(?<!\p{L})\p{L}{3,}\.?\s+\d{1,2}\b|\b(19|20)\d\d\b/u;
// The lookbehind lets a match start only where a run of address characters starts: without it, a long
// run with no "@" is scanned again from every position (quadratic: a 1 MB word took minutes).
const HAS_EMAIL = /(?<![\w.+-])[\w.+-]+@[\w-]+(\.[\w-]+)+/;

/**
 * True when the (possibly joined) text is a reply attribution line. Requires a
 * date or an address so that ordinary sentences ending in "wrote:" or
 * starting with "On" are left alone.
 */
export const MAX_ATTRIBUTION_CHARS = 320;
export function isAttribution(text: string): boolean {
  const t = text.trim();
  if (t.length < 8 || t.length > MAX_ATTRIBUTION_CHARS) return false;
  if (/https?:\/\//i.test(t) && !HAS_EMAIL.test(t)) return false;
  const evidence = HAS_DATE_OR_TIME.test(t) || HAS_EMAIL.test(t);
  if (!evidence) return false;
  if (ATTRIBUTION_ENDINGS.some((matches) => matches(t))) return true;
  // Clients that omit the verb: `30.09.2017, 18.30, "Jo" <jo@x.org>:` or
  // `Wednesday, 17 November 2021 … from jo@x.org <jo@x.org>:`.
  return HAS_EMAIL.test(t) && HAS_DATE_OR_TIME.test(t) && /[:：]\s*$/.test(t);
}

/** "On <date>, <someone>" with no verb: only trusted right before a quoted block. */
export function isVerblessOnLine(text: string): boolean {
  const t = text.trim();
  return /^On\s/i.test(t) && HAS_DATE_OR_TIME.test(t) && t.split(/\s+/).length >= 4 && t.length <= 320;
}

/** Header labels of forwarded/replied originals (Outlook and friends), per language. */
const FROM_LABELS = [
  'from', 'de', 'von', 'van', 'da', 'från', 'fra', 'od', 'от', 'lähettäjä', 'message du', 'remitente', 'afzender',
  'oddi wrth', 'ó', 'kimden',
];
const OTHER_LABELS = [
  'sent', 'date', 'to', 'subject', 'cc', 'bcc', 'reply-to', 'on behalf of',
  'envoyé', 'envoyé le', 'à', 'a', 'objet', 'copie à', 'cc',
  'gesendet', 'an', 'betreff', 'datum', 'kopie',
  'verzonden', 'aan', 'onderwerp',
  'inviato', 'oggetto', 'data',
  'skickat', 'till', 'ämne', 'kopia',
  'sendt', 'til', 'emne', 'dato',
  'lähetetty', 'vastaanottaja', 'aihe', 'päivämäärä',
  'wysłano', 'do', 'temat',
  'enviado', 'para', 'assunto', 'asunto', 'fecha', 'enviada',
  'отправлено', 'кому', 'тема', 'дата',
  'odesláno', 'komu', 'předmět',
  'anfonwyd', 'at', 'pwnc', 'dyddiad', // Welsh
  'seolta', 'chuig', 'ábhar', // Irish
  'gönderildi', 'kime', 'konu', 'tarih', 'bilgi', // Turkish
];
// Hyphen left unescaped: the "u" flag rejects \- outside a character class.
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const labelRe = (labels: string[]) =>
  new RegExp(`^\\s*(?:\\*\\s*)?(${labels.map(escape).join('|')})\\s*(?:\\*\\s*)?:\\s*\\*?`, 'iu');
// Exported for test/reliability/redos.test.ts, which checks the patterns as built.
export const FROM_HEADER = labelRe(FROM_LABELS);
export const ANY_HEADER = labelRe([...FROM_LABELS, ...OTHER_LABELS]);

export function isFromHeaderLine(line: string): boolean {
  return FROM_HEADER.test(line);
}
export function isHeaderLine(line: string): boolean {
  return ANY_HEADER.test(line);
}

/** "-----Original Message-----" and its translations, forwarded-message banners. */
export const ORIGINAL_MESSAGE_BANNER =
  /^[-=_*>\s]*(original message|forwarded message|ursprüngliche nachricht|weitergeleitete nachricht|message d'origine|message d’origine|message transféré|oprindelig besked|opprinnelig melding|ursprungligt meddelande|vidarebefordrat meddelande|oorspronkelijk bericht|doorgestuurd bericht|mensaje original|mensaje reenviado|messaggio originale|messaggio inoltrato|mensagem original|mensagem encaminhada|alkuperäinen viesti|välitetty viesti|wiadomość oryginalna|původní zpráva|исходное сообщение|пересланное сообщение)[-=_*\s]*(?::\s*)?$/i;
export const FORWARD_BANNER =
  /^\s*(begin forwarded message|anfang der weitergeleiteten nachricht|début du message réexpédié|inicio del mensaje reenviado)\s*:\s*$/i;

/** Outlook web's "________________________________" and list footers' "__". */
export const UNDERSCORE_RULE = /^\s*_{2,}\s*$/;
/** Lines that only separate: dashes, equals signs, box rules. */
export const RULE_LINE = /^\s*[-=_*~—–]{2,}\s*$/;

/**
 * Device boilerplate. The remainder must be a short product name: "Sent from
 * my desk, is much easier…" is a sentence somebody typed.
 */
const DEVICE_PREFIX =
  /^(sent from|sent via|sent using|get outlook for|envoyé de|envoyé depuis|envoyé à partir de|gesendet von|gesendet mit|von meinem|enviado desde|enviado do|inviato da|verzonden (vanaf|met)|skickat från|sendt fra|lähetetty)\s+(.*)$/i;
export function isDeviceLine(line: string): boolean {
  if (/^\s/.test(line)) return false;
  const m = DEVICE_PREFIX.exec(line.trim());
  if (!m) return false;
  const rest = withoutEnclosed(withoutEnclosed(m[3] ?? '', '<', '>'), '[', ']').trim();
  if (rest.length === 0 || rest.length > 50) return false;
  if (/[,;:]/.test(rest)) return false;
  const words = rest.replace(/[.!]$/, '').split(/\s+/);
  return words.length <= 6 && words.every((w) => /^[\p{L}\p{N}'’&+\-()]+$/u.test(w));
}

/**
 * The text without its "<…>" and "[…]" parts (each from an opener to the first closer after it). As a
 * pattern (`<[^>]*>`) a line of "<" with no ">" was scanned again from every "<".
 */
function withoutEnclosed(s: string, open: string, close: string): string {
  let out = '';
  let from = 0;
  for (;;) {
    const o = s.indexOf(open, from);
    const c = o < 0 ? -1 : s.indexOf(close, o + 1);
    if (c < 0) break;
    out += s.slice(from, o);
    from = c + 1;
  }
  return out + s.slice(from);
}

/** Sign-offs that introduce a signature block. The line must be only the sign-off (plus a name). */
const SIGN_OFFS = [
  'thanks', 'thank you', 'thanks again', 'many thanks', 'thanks so much', 'thank you very much', 'thx', 'ta',
  'best', 'best wishes', 'best regards', 'kind regards', 'kindest regards', 'regards', 'warm regards', 'warmest regards',
  'warm wishes', 'many regards', 'with thanks', 'with best wishes', 'with kind regards', 'all the best', 'all best',
  'cheers', 'sincerely', 'yours sincerely', 'yours faithfully', 'yours', 'speak soon', 'take care', 'cordially',
  'respectfully', 'bw', 'kr', 'rgds',
  'cordialement', 'bien cordialement', 'merci', 'bien à vous', 'mit freundlichen grüßen', 'viele grüße', 'beste grüße',
  'liebe grüße', 'gruß', 'grüße', 'saludos', 'un saludo', 'atentamente', 'cordiali saluti', 'saluti', 'distinti saluti',
  'met vriendelijke groet', 'groeten', 'vriendelijke groeten', 'med vänlig hälsning', 'vänliga hälsningar',
  'med venlig hilsen', 'venlig hilsen', 'med vennlig hilsen', 'hilsen', 'ystävällisin terveisin', 'terveisin',
  'pozdrawiam', 's pozdravem', 'с уважением', 'atenciosamente', 'cumprimentos',
  'diolch', 'diolch yn fawr', 'cofion', 'cofion gorau', 'cofion cynnes', 'yn gywir', // Welsh
  'le meas', 'go raibh maith agat', 'grazie', 'gracias', 'danke', 'obrigado', 'obrigada', 'dziękuję', 'dzięki',
];
export const SIGN_OFF_START = new RegExp(
  `^\\s*(${SIGN_OFFS.map(escape).join('|')})(\\s+(again|very much|so much))?(?![\\p{L}])`,
  'iu',
);
// Case-sensitive on purpose: a capitalised name may follow ("Thanks, Jo"),
// words like "for the help" may not.
// Each run of blanks has one place in the pattern: with two optional parts between blanks, a long run
// could be split between them in too many ways.
const SIGN_OFF_REST =
  /^\s*(?:[,.!\-–—/]+\s*)?(?:\p{Extended_Pictographic}\s*)*(?:\p{Lu}[\p{L}'’.-]*(?:\s+\p{Lu}[\p{L}'’.-]*){0,2}(?:\s*[.!])?\s*)?$/u;
export function isSignOffLine(line: string): boolean {
  const m = SIGN_OFF_START.exec(line);
  return m !== null && SIGN_OFF_REST.test(line.slice(m[0].length));
}

export const EMAIL_IN_LINE = HAS_EMAIL;
export const URL_IN_LINE = /(https?:\/\/|www\.)\S+/i;
export const PHONE_IN_LINE = /(\+?\d[\d\s().-]{7,}\d)/;

/**
 * A line someone would put in a signature block rather than a sentence of a
 * message: short, few words, not ending like a sentence.
 */
export function isSignatureLikeLine(line: string): boolean {
  const t = line.trim();
  if (t === '') return true;
  // "Scottish Fire and Rescue Service | Seirbheis Smàlaidh agus Teasairginn na h-Alba": parts of a block
  // set side by side, each as short as a line of its own.
  if (t.includes(' | ') && t.length <= 120) return t.split(' | ').every((part) => isSignatureLikeLine(part));
  if (t.length > 80) return false;
  const words = t.split(/\s+/).length;
  if (EMAIL_IN_LINE.test(t) || URL_IN_LINE.test(t)) return words <= 8;
  if (words >= 12) return false;
  if (words >= 6 && /[.!?:]$/.test(t)) return false;
  return true;
}

/**
 * What a line says after Outlook's mark on a comment typed into a quoted mail, the writer's name in
 * brackets ("[Tunde Bakare] Now 07700 900390", "> [Okonjo, Adaeze] Ofsted"), when the name in the
 * brackets is the sender's (a word of it in their display name); else null. Reads one line, bounded.
 */
export function commentBy(line: string, fromName: string | null): string | null {
  const m = /^[\s>]*\[([^\]\n]{2,60})\]\s+(\S.{0,300})$/u.exec(line);
  if (!m || !fromName) return null;
  const theirs = new Set(nameWords(fromName));
  return nameWords(m[1]!).some((w) => theirs.has(w)) ? m[2]!.trim() : null;
}

function nameWords(name: string): string[] {
  return name.toLowerCase().split(/[^\p{L}'’-]+/u).filter((w) => w.length >= 2);
}

/** A table of words put in other words, pattern by pattern, in order (a language's months in English, say). */
export type Replacements = Array<[RegExp, string | ((match: string, ...groups: string[]) => string)]>;

/** The text with each of the table's patterns replaced in turn: one pass per pattern. */
export function replaceEach(text: string, table: Replacements): string {
  let t = text;
  // Two calls for TypeScript's two overloads of replace (a string, or a function, as the replacement).
  for (const [re, to] of table) t = typeof to === 'string' ? t.replace(re, to) : t.replace(re, to);
  return t;
}
