import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * A user's clone has nothing beside it: every file the code, the tests, the
 * benchmarks or the npm scripts read must be inside the repository. This scans
 * their text for the ways a path can leave it.
 */
const root = path.resolve(import.meta.dirname, '..', '..');
const SCANNED_DIRS = ['src', 'test', 'bench', 'bin'];
const SCANNED_EXTS = new Set(['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs', '.json']);
const MAX_FILE_BYTES = 2 * 1024 * 1024;

function* sourceFiles(dir: string): Generator<string> {
  if (!fs.existsSync(dir)) return;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    // Dot-folders are scratch space (this test's own probe among them).
    if (entry.name.startsWith('.')) continue;
    if (entry.isDirectory()) {
      // Fixtures are other projects' data, never read as paths.
      if (path.relative(root, full) === path.join('test', 'fixtures')) continue;
      yield* sourceFiles(full);
    } else if (SCANNED_EXTS.has(path.extname(entry.name)) && fs.statSync(full).size <= MAX_FILE_BYTES) {
      yield full;
    }
  }
}

interface Finding {
  file: string;
  line: number;
  text: string;
  why: string;
}

/** How many directories a run of "../" climbs from the file's own folder before it leaves the repository. */
function escapesByRelativeSteps(file: string, literal: string): boolean {
  const m = /^(?:\.\.\/)+/.exec(literal);
  if (!m) return false;
  const ups = m[0].length / 3;
  const depth = path.relative(root, path.dirname(file)).split(path.sep).filter(Boolean).length;
  return ups > depth;
}

// Built from parts so that this file does not match itself.
const SHARED = ['sha', 'red'].join('');
const ALLOW_MARK = ['not-a-path', 'attack-input'].join(': ');
const namedOutside: Array<[RegExp, string]> = [
  [new RegExp(`\\.\\./${SHARED}\\b`), `names ../${SHARED}`],
  [new RegExp(`['"]\\.\\.['"]\\s*,\\s*['"]${SHARED}['"]`), `joins '..' with '${SHARED}'`],
  [new RegExp(`${SHARED}/corpus`), `names the ${SHARED} corpus`],
  [new RegExp(['/wo', 'rk/'].join('')), 'names an absolute path on a developer machine'],
];

function findOutsidePaths(files: Iterable<string>): Finding[] {
  const findings: Finding[] = [];
  for (const file of files) {
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    lines.forEach((text, i) => {
      // Attack strings in test data (a path traversal posted as a name) are marked as such.
      if (text.length > 2000 || text.includes(ALLOW_MARK)) return;
      for (const [re, why] of namedOutside) if (re.test(text)) findings.push({ file, line: i + 1, text: text.trim(), why });
      for (const m of text.matchAll(/['"`]((?:\.\.\/)+)[^'"`]*['"`]/g)) {
        if (escapesByRelativeSteps(file, m[1]!)) findings.push({ file, line: i + 1, text: text.trim(), why: 'climbs above the repository root' });
      }
    });
  }
  return findings;
}

const show = (f: Finding[]) => f.map((x) => `${path.relative(root, x.file)}:${x.line}: ${x.why}: ${x.text}`);

describe('the repository is self-contained', () => {
  it('when src/, test/, bench/ and bin/ are scanned, then no file refers to a path outside the repository', () => {
    const files = [...SCANNED_DIRS.flatMap((d) => [...sourceFiles(path.join(root, d))])];
    expect(files.length).toBeGreaterThan(100);
    expect(show(findOutsidePaths(files))).toEqual([]);
  });

  it('when the npm scripts are read, then none refers to a path outside the repository', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    const bad = Object.entries(pkg.scripts).filter(
      ([, cmd]) => namedOutside.some(([re]) => re.test(cmd)) || /(?:^|\s)\.\.\//.test(cmd) || /(?:^|\s)\/(?!dev\/null)/.test(cmd),
    );
    expect(bad).toEqual([]);
  });

  it('when a file names a path outside the repository, then the scan reports it (the check itself can fail)', () => {
    const dir = fs.mkdtempSync(path.join(root, 'test', '.tmp-self-contained-'));
    try {
      const probe = path.join(dir, 'probe.ts');
      const outside = ['..', SHARED, 'corpus'].join('/');
      const up = (n: number) => '../'.repeat(n);
      fs.writeFileSync(
        probe,
        [
          `const a = '${up(3)}${SHARED}/x';`,
          `const b = path.resolve(root, '..', '${SHARED}', 'corpus');`,
          `const c = '${outside}';`,
          `const d = '${up(4)}etc/passwd';`,
          `const fine = '../helpers/app.js';`,
        ].join('\n'),
      );
      const lines = findOutsidePaths([probe]).map((f) => f.line);
      expect([...new Set(lines)].sort()).toEqual([1, 2, 3, 4]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
