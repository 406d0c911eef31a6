import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import Handlebars from 'handlebars';
import { formatDate, oneLine } from './words.js';

/**
 * The template files: templates/<name>.txt (a "Subject: …" line, a blank line, the body), its optional
 * HTML twin, and the partials in templates/partials/, compiled once each with Handlebars. What data each
 * mail's template takes, and the typed function that renders it, are templates.ts's.
 */

interface Compiled {
  subject: HandlebarsTemplateDelegate;
  text: HandlebarsTemplateDelegate;
  html: HandlebarsTemplateDelegate | null;
  version: string;
}

interface Partials {
  text: Record<string, HandlebarsTemplateDelegate>;
  html: Record<string, HandlebarsTemplateDelegate>;
  /** The source of each text partial, for the wording hash. */
  textSource: Map<string, string>;
}

// Isolated instances: nothing registered here leaks into, or in from, other users of Handlebars. Text and
// HTML each have their own, so a partial such as "footer" is the text one in text and the HTML one in HTML.
const textHbs = Handlebars.create();
const htmlHbs = Handlebars.create();
const cache = new Map<string, Compiled>();
const partialCache = new Map<string, Partials>();

for (const hbs of [textHbs, htmlHbs]) {
  // {{date joinedAt}} → "Wednesday 3 March 2027".
  hbs.registerHelper('date', (iso: unknown) => formatDate(typeof iso === 'string' ? iso : null));
  // {{plural groups "time" "times"}} → "1 time", "2 times".
  hbs.registerHelper('plural', (n: unknown, one: unknown, many: unknown) => `${Number(n)} ${Number(n) === 1 ? one : many}`);
}
// {{quote reply}} → every line prefixed with "> ", as a mail client quotes. Text only.
textHbs.registerHelper('quote', (value: unknown) =>
  String(value ?? '')
    .replace(/\r\n?/g, '\n')
    .trimEnd()
    .split('\n')
    .map((line) => (line ? `> ${line}` : '>'))
    .join('\n'),
);

/** templates/partials/<name>.txt and .html: written once, used with {{> name}}. */
function loadPartials(dir: string): Partials {
  const hit = partialCache.get(dir);
  if (hit) return hit;
  const partials: Partials = { text: {}, html: {}, textSource: new Map() };
  const partialsDir = path.join(dir, 'partials');
  const files = fs.existsSync(partialsDir) ? fs.readdirSync(partialsDir).sort() : [];
  for (const file of files) {
    const m = /^(.+)\.(txt|html)$/.exec(file);
    if (!m) continue;
    // Used on a line of its own ("{{> footer}}"), a partial takes that line's place: keep its final newline.
    const source = fs.readFileSync(path.join(partialsDir, file), 'utf8').replace(/\r\n/g, '\n');
    if (m[2] === 'txt') {
      partials.text[m[1]!] = textHbs.compile(source, { noEscape: true });
      partials.textSource.set(m[1]!, source);
    } else {
      partials.html[m[1]!] = htmlHbs.compile(source);
    }
  }
  partialCache.set(dir, partials);
  return partials;
}

/**
 * Reads templates/<name>.txt (first line "Subject: …", a blank line, then the body) and its optional
 * HTML twin templates/<name>.html. The text is not HTML-escaped; the HTML is, by Handlebars' default.
 */
function load(name: string, dir: string): Compiled {
  const key = `${dir}\0${name}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const raw = fs.readFileSync(path.join(dir, `${name}.txt`), 'utf8').replace(/\r\n/g, '\n');
  const m = /^Subject: (.+)\n\n([\s\S]*)$/.exec(raw);
  if (!m) throw new Error(`templates/${name}.txt must start with a "Subject: …" line and a blank line`);
  const htmlPath = path.join(dir, `${name}.html`);
  const html = fs.existsSync(htmlPath) ? fs.readFileSync(htmlPath, 'utf8') : null;
  // The wording a person agrees to is identified by a hash of the text they read: the file, and the text
  // of any partial it uses. A template with no partials hashes exactly as it always has.
  const hash = createHash('sha256').update(raw);
  const { textSource } = loadPartials(dir);
  const used = [...new Set([...raw.matchAll(/\{\{#?>\s*([\w-]+)/g)].map((p) => p[1]!))].sort();
  for (const partial of used) hash.update(`\0${partial}\0${textSource.get(partial) ?? ''}`);
  const compiled: Compiled = {
    subject: textHbs.compile(m[1]!, { noEscape: true, strict: true }),
    text: textHbs.compile(m[2]!, { noEscape: true }),
    html: html === null ? null : htmlHbs.compile(html),
    version: hash.digest('hex').slice(0, 12),
  };
  cache.set(key, compiled);
  return compiled;
}

/** The mail made from a template's files and the values it is given: one subject line, text, HTML if it has a twin. */
export function renderFiles(name: string, values: Record<string, unknown>, dir: string): { subject: string; text: string; html?: string } {
  const t = load(name, dir);
  const partials = loadPartials(dir);
  return {
    subject: oneLine(t.subject(values)).slice(0, 250),
    text: t.text(values, { partials: partials.text }).replace(/\n{3,}/g, '\n\n').trimEnd() + '\n',
    ...(t.html ? { html: t.html(values, { partials: partials.html }) } : {}),
  };
}

/** A hash of the wording of a template's text and of the partials it uses. */
export function wordingHash(name: string, dir: string): string {
  return load(name, dir).version;
}
