import fs from 'node:fs';
import path from 'node:path';
import { check, type Diagnostics } from 'recheck';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { ANY_HEADER, FROM_HEADER, SIGN_OFF_START } from '../../src/inbound/read/patterns.js';

// Every regular expression in src/ goes through recheck, a ReDoS checker: one that takes time in the
// square of its input (or worse) on some string lets one email stall whatever reads it.

const root = path.resolve(import.meta.dirname, '..', '..');

interface Pattern {
  where: string;
  source: string;
  flags: string;
}

/**
 * `new RegExp(…)` calls whose source is built when the module loads (from lists of words, or from other
 * patterns). The collector cannot read those from the code, so each is listed here, matched by its file
 * and a piece of its first argument, with the patterns it builds, which are checked as built. A call
 * found in src/ that is in neither form fails the test, and so does an entry here that matches no call.
 */
const BUILT: Array<{ file: string; argument: string; why: string; patterns: () => RegExp[] }> = [
  {
    file: 'src/inbound/read/patterns.ts',
    argument: 'labels.map(escape)',
    why: 'mail header labels in many languages, escaped and joined',
    patterns: () => [FROM_HEADER, ANY_HEADER],
  },
  {
    file: 'src/inbound/read/patterns.ts',
    argument: 'SIGN_OFFS.map(escape)',
    why: 'sign-offs in many languages, escaped and joined',
    patterns: () => [SIGN_OFF_START],
  },
  {
    file: 'src/inbound/read/negation.ts',
    argument: 'pattern.source',
    why: 'says() adds the g flag to the pattern it is given; every caller passes a literal, checked where it is written',
    patterns: () => [],
  },
];

/**
 * Patterns recheck cannot decide ('unknown'), with why each is nonetheless linear. None today: an
 * 'unknown' fails the test like a 'vulnerable' until someone writes down here why it is fine.
 */
const UNKNOWN_IS_FINE = new Map<string, string>();

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [p] : [];
  });
}

/** The text of a string argument when it is written out in full, else null. */
function literalText(node: ts.Expression | undefined): string | null {
  if (!node) return null;
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isTaggedTemplateExpression(node) && node.tag.getText() === 'String.raw' && ts.isNoSubstitutionTemplateLiteral(node.template)) {
    return node.template.rawText ?? null;
  }
  return null;
}

function collect(): { patterns: Pattern[]; undetermined: string[]; unusedBuilt: string[]; files: number } {
  const patterns: Pattern[] = [];
  const undetermined: string[] = [];
  const used = new Set<number>();
  const files = sourceFiles(path.join(root, 'src'));
  for (const file of files) {
    const rel = path.relative(root, file).split(path.sep).join('/');
    const sf = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
    const where = (n: ts.Node) => `${rel}:${sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1}`;
    const visit = (node: ts.Node) => {
      if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) {
        const text = node.getText(sf);
        const end = text.lastIndexOf('/');
        patterns.push({ where: where(node), source: text.slice(1, end), flags: text.slice(end + 1) });
      } else if ((ts.isNewExpression(node) || ts.isCallExpression(node)) && ts.isIdentifier(node.expression) && node.expression.text === 'RegExp') {
        const [first, second] = node.arguments ?? [];
        const source = literalText(first);
        const flags = second === undefined ? '' : literalText(second);
        if (first && ts.isRegularExpressionLiteral(first) && second === undefined) {
          // new RegExp(/…/): the literal is collected on its own.
        } else if (source !== null && flags !== null) {
          patterns.push({ where: where(node), source, flags });
        } else {
          const argument = first?.getText(sf) ?? '';
          const i = BUILT.findIndex((b) => b.file === rel && argument.includes(b.argument));
          if (i >= 0) used.add(i);
          else undetermined.push(`${where(node)}: new RegExp(${argument.slice(0, 80)}…)`);
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  BUILT.forEach((b, i) => {
    if (!used.has(i)) return;
    b.patterns().forEach((re, k) => patterns.push({ where: `${b.file} (built: ${b.why}, #${k + 1})`, source: re.source, flags: re.flags }));
  });
  const unusedBuilt = BUILT.filter((_, i) => !used.has(i)).map((b) => `${b.file}: ${b.argument}`);
  return { patterns, undetermined, unusedBuilt, files: files.length };
}

function describeProblem(p: Pattern, d: Diagnostics): string {
  const shown = `/${p.source.length > 120 ? `${p.source.slice(0, 120)}…` : p.source}/${p.flags}`;
  if (d.status === 'vulnerable') return `${p.where} ${shown}: vulnerable, ${d.complexity.summary}; attack ${d.attack.pattern.slice(0, 100)}`;
  if (d.status === 'unknown') return `${p.where} ${shown}: unknown (${d.error.kind}${'message' in d.error ? `: ${d.error.message}` : ''})`;
  return '';
}

describe('regular expressions in src/', () => {
  // recheck's first check starts its checker (a native program); the rest share it and are checked
  // together. Alone on a 2-core machine all of them take about four minutes, and within the whole suite
  // about seven (2026-12-06: 415 s), hence the timeout.
  it('when every regular expression in src/ is checked for ReDoS, then none is rated vulnerable', { timeout: 900_000 }, async () => {
    const { patterns, undetermined, unusedBuilt, files } = collect();
    // A collector that found nothing would pass vacuously.
    expect(files).toBeGreaterThan(20);
    expect(patterns.length).toBeGreaterThanOrEqual(50);

    // recheck's fuzzing checker times candidate attack strings by the clock by default, so on a busy
    // machine a linear pattern can look super-linear: without those clocks it counts steps, and the
    // verdict no longer depends on the load. The overall limit is generous; a check it cuts short comes
    // back 'unknown', which fails here.
    // All patterns are checked at once, so each check's clock runs while the others share the cores: the
    // limit is most of the test's own, not a per-pattern budget (one complex pattern timed out at 60 s on a
    // loaded machine while others were checked).
    const params = { timeout: 700_000, attackTimeout: null, incubationTimeout: null };
    // The same pattern written in several places is checked once, and reported at each.
    const distinct = new Map<string, Pattern[]>();
    for (const p of patterns) distinct.set(`${p.flags}/${p.source}`, [...(distinct.get(`${p.flags}/${p.source}`) ?? []), p]);
    await check('a', '', params);
    const results = await Promise.all([...distinct.values()].map(async (places) => ({ places, d: await check(places[0]!.source, places[0]!.flags, params) })));
    const problems = [
      ...results
        .filter(({ d }) => d.status === 'vulnerable' || (d.status === 'unknown' && !UNKNOWN_IS_FINE.has(d.source)))
        .flatMap(({ places, d }) => places.map((p) => describeProblem(p, d))),
      ...undetermined.map((u) => `${u}: its source cannot be read from the code; list it in BUILT`),
      ...unusedBuilt.map((u) => `BUILT lists ${u}, which matches no new RegExp(…) any more`),
    ];
    expect(problems, `${problems.length} problems among ${patterns.length} patterns`).toEqual([]);
  });
});
