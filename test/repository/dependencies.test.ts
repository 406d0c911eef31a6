/**
 * The import rules of .dependency-cruiser.cjs: no import cycle in src/, and src/db/ importing nothing of
 * ours outside src/db/ (type-only imports count). Runs dependency-cruiser's own CLI, so the rules checked
 * are exactly the file's.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/run-cli.js';

const run = promisify(execFile);
const depcruise = path.join(repoRoot, 'node_modules', '.bin', 'depcruise');
const config = path.join(repoRoot, '.dependency-cruiser.cjs');

interface Violation {
  from: string;
  to: string;
  rule: { name: string };
  cycle?: Array<{ name: string }>;
}

async function cruise(cwd: string): Promise<{ violations: Violation[]; modules: number }> {
  // depcruise exits non-zero when it finds violations; its JSON is on stdout either way.
  const out = await run(depcruise, ['src', '--config', config, '--output-type', 'json'], { cwd, maxBuffer: 64 * 1024 * 1024 }).catch(
    (err: { stdout?: string; stderr?: string }) => {
      if (!err.stdout) throw new Error(`depcruise failed: ${err.stderr}`);
      return { stdout: err.stdout };
    },
  );
  const result = JSON.parse(out.stdout) as { summary: { violations: Violation[] }; modules: unknown[] };
  return { violations: result.summary.violations, modules: result.modules.length };
}

function describeViolation(v: Violation): string {
  const cycle = v.cycle?.length ? ` (cycle: ${[v.from, ...v.cycle.map((c) => c.name)].join(' → ')})` : '';
  return `${v.rule.name}: ${v.from} → ${v.to}${cycle}`;
}



const temp: string[] = [];
afterAll(() => {
  for (const dir of temp) fs.rmSync(dir, { recursive: true, force: true });
});

describe('import rules', () => {
  it('when src/ is cruised, then it has no import cycle and db/ imports nothing of ours above it', { timeout: 60_000 }, async () => {
    const { violations, modules } = await cruise(repoRoot);
    // A cruise that resolved nothing would find nothing wrong.
    expect(modules).toBeGreaterThan(50);
    const found = violations.map(describeViolation);
    expect(found).toEqual([]);
  });

  it('when a tiny project has a cycle and a db/ module importing mail/, then the rules catch both, naming the paths', { timeout: 60_000 }, async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'unmentoring-depcruise-'));
    temp.push(dir);
    const write = (file: string, text: string) => {
      fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      fs.writeFileSync(path.join(dir, file), text);
    };
    write('tsconfig.json', JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', strict: true }, include: ['src'] }));
    write('src/a.ts', "import { b } from './b.js';\nexport const a = () => b;\n");
    write('src/b.ts', "import type { A } from './c.js';\nexport const b = 1;\nexport type B = A;\n");
    write('src/c.ts', "import { a } from './a.js';\nexport type A = ReturnType<typeof a>;\n");
    write('src/mail/templates.ts', 'export interface TemplateData { x: number }\n');
    write('src/db/outbox.ts', "import type { TemplateData } from '../mail/templates.js';\nexport type Row = TemplateData;\n");
    const found = (await cruise(dir)).violations.map(describeViolation);
    expect(found).toContain('db-imports-only-db: src/db/outbox.ts → src/mail/templates.ts');
    expect(found.some((v) => v.startsWith('no-circular: ') && v.includes('src/a.ts') && v.includes('src/b.ts') && v.includes('src/c.ts'))).toBe(true);
  });
});
