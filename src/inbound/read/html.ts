/**
 * The two passes over an HTML body before it is turned into text: drop what nobody reads, and find where
 * the quoted original starts. Both are plain scans that look at each character a bounded number of times:
 * patterns such as `<div[^>]*…` or `<style[\s\S]*?<\/style>` run again from every "<div" or "<style" in the
 * body, and hostile HTML full of unclosed tags makes them quadratic (or, nested, exponential).
 */

// Where something nobody reads starts: a comment, or an element whose content is never text of the reply
// (<img> for its inline data: a signature logo can be hundreds of kilobytes of base64).
const UNREAD_START = /<!--|<(head|style|script|img)\b/gi;
const HEAD_END = /<\/head\b|<body\b/gi;
const STYLE_END = /<\/style\b/gi;
const SCRIPT_END = /<\/script\b/gi;

/**
 * Removes comments, <head>, <style>, <script> and <img> tags. An element left open runs to the end, as
 * a browser would read it; a <head> ends at <body> too.
 */
export function dropUnread(html: string): string {
  const parts: string[] = [];
  let kept = 0;
  UNREAD_START.lastIndex = 0;
  for (let m = UNREAD_START.exec(html); m !== null; m = UNREAD_START.exec(html)) {
    parts.push(html.slice(kept, m.index));
    const from = m.index + m[0].length;
    const element = m[1]?.toLowerCase();
    let end: number;
    if (element === undefined) {
      // "<!-->" and "<!--->" close at once.
      const abrupt = html.startsWith('>', from) ? 1 : html.startsWith('->', from) ? 2 : 0;
      const close = abrupt ? from : html.indexOf('-->', from);
      end = abrupt ? from + abrupt : close < 0 ? html.length : close + 3;
    } else if (element === 'img') {
      const close = html.indexOf('>', from);
      end = close < 0 ? html.length : close + 1;
    } else {
      const closing = element === 'head' ? HEAD_END : element === 'style' ? STYLE_END : SCRIPT_END;
      closing.lastIndex = from;
      const c = closing.exec(html);
      if (!c) end = html.length;
      else if (c[0].toLowerCase() === '<body') end = c.index;
      else {
        const gt = html.indexOf('>', c.index);
        end = gt < 0 ? html.length : gt + 1;
      }
    }
    kept = end;
    UNREAD_START.lastIndex = end;
    if (end >= html.length) break;
  }
  parts.push(html.slice(kept));
  return parts.join('');
}

// Markers after which an HTML reply holds only the original message: clients that put the original below
// a header block (Outlook, Hotmail, Windows Mail) rather than inside a blockquote. Each is tested on one
// tag's attributes, or at one place after a tag.
const DIV_ID = /\bid=["']?(?:divRplyFwdMsg|appendonsend|yahoo_quoted|OLK_SRC_BODY_SECTION|mail-editor-reference-message-container)/i;
const HR_ID = /\bid=["']?stopSpelling/i;
const CLASS_VALUE = /\bclass=["']?([^"']*)/gi;
const QUOTE_CLASS = /\b(?:yahoo_quoted|gmail_quote|moz-cite-prefix|OutlookMessageHeader)\b/i;
const STYLE_VALUE = /style=["']([^"']*)["']/gi;
// Outlook desktop and Outlook 2003: the original opens with a bold "From:" in its own language.
const FROM_LABEL = /\s*(?:From|De|Von|Van|Da|Från|Fra|От|Od)\s*:/iy;
// Older Outlook: <div style="border-top…"><div><font …><b>From:</b>.
const FONT_LABEL = /\s*<div>\s*<font[^>]*>\s*<b>[^<]{1,20}:<\/b>/iy;
// Outlook puts "From:" within three tags of the rule; the bound keeps the look-ahead short.
const TAGS_BEFORE_LABEL = 16;

/** Where the quoted original starts in an HTML body, or html.length. */
export function htmlOriginalStart(html: string): number {
  // The next ">" is looked for only once it has been passed (html.length: there is none), so the whole
  // scan reads the body once however the "<" and ">" fall.
  let nextGt = -1;
  for (let i = html.indexOf('<'); i >= 0; ) {
    const nextLt = html.indexOf('<', i + 1);
    if (nextGt <= i) {
      nextGt = html.indexOf('>', i + 1);
      if (nextGt < 0) nextGt = html.length;
    }
    const head = html.slice(i + 1, i + 4).toLowerCase();
    const isDiv = head === 'div';
    const isHr = head.startsWith('hr');
    if (isDiv || isHr) {
      // A tag's attributes run to its ">", and never past the next "<".
      const end = nextLt >= 0 ? Math.min(nextLt, nextGt) : nextGt;
      const attrs = html.slice(i + (isDiv ? 4 : 3), end);
      const closed = end === nextGt && nextGt < html.length;
      if (isDiv && (DIV_ID.test(attrs) || hasQuoteClass(attrs) || (closed && hasBorderTop(attrs) && (labelAfterTags(html, end + 1) || at(FONT_LABEL, html, end + 1))))) {
        return i;
      }
      if (isHr && (HR_ID.test(attrs) || (closed && labelAfterTags(html, end + 1)))) return i;
    }
    i = nextLt;
  }
  return html.length;
}

function hasQuoteClass(attrs: string): boolean {
  for (const m of attrs.matchAll(CLASS_VALUE)) if (QUOTE_CLASS.test(m[1]!)) return true;
  return false;
}

function hasBorderTop(attrs: string): boolean {
  for (const m of attrs.matchAll(STYLE_VALUE)) if (m[1]!.toLowerCase().includes('border-top')) return true;
  return false;
}

function at(re: RegExp, s: string, index: number): boolean {
  re.lastIndex = index;
  return re.test(s);
}

/** Tags and blanks, then a "From:" label. */
function labelAfterTags(html: string, from: number): boolean {
  let pos = from;
  for (let tags = 0; tags <= TAGS_BEFORE_LABEL; tags++) {
    while (pos < html.length && /\s/.test(html[pos]!)) pos++;
    if (html[pos] !== '<') return at(FROM_LABEL, html, pos);
    const gt = html.indexOf('>', pos + 1);
    // "<>" is no tag; an unclosed one ends the body.
    if (gt < 0 || gt === pos + 1) return false;
    pos = gt + 1;
  }
  return false;
}

const MAX_IMAGES = 20;
const MAX_ALT_CHARS = 100;

/**
 * The alt texts of the first images of an HTML body ("Ordnance Survey logo"): a signature's organisation is
 * sometimes only in its logo. One pass of indexOf over at most the reader's bound of HTML.
 */
export function imageTexts(html: string): string[] {
  const out: string[] = [];
  const lower = html.slice(0, 64 * 1024).toLowerCase();
  let from = 0;
  while (out.length < MAX_IMAGES) {
    const img = lower.indexOf('<img', from);
    if (img < 0) break;
    const close = lower.indexOf('>', img);
    const tag = lower.slice(img, close < 0 ? lower.length : close);
    from = close < 0 ? lower.length : close + 1;
    const alt = tag.indexOf('alt=');
    if (alt < 0) continue;
    const quote = tag[alt + 4];
    if (quote !== '"' && quote !== "'") continue;
    const end = tag.indexOf(quote, alt + 5);
    if (end < 0) continue;
    // The alt text as written (not lowercased): the same offsets in the original.
    const text = html.slice(img + alt + 5, img + end).trim();
    if (text !== '' && text.length <= MAX_ALT_CHARS) out.push(text.replace(/&amp;/g, '&'));
  }
  return out;
}
