import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The npm scripts an organiser types compile only when a source changed. This runs them as a fresh
 * clone has them: a copy of the project (sources, bin/, templates, migrations, package.json), with
 * dist/ made by the install's `prepare` step, then the commands through npm itself.
 */
const repoRoot = path.resolve(import.meta.dirname, '..', '..');
const COMPILING = /Compiling src\/ into dist\//g;
let dir = '';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function npm(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', args, { cwd: dir, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Every file under dist/ with its modification time: a compile that writes anything changes this. */
function snapshot(): Map<string, number> {
  const out = new Map<string, number>();
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) walk(full);
      else out.set(path.relative(dir, full), fs.statSync(full).mtimeMs);
    }
  };
  walk(path.join(dir, 'dist'));
  return out;
}

const parseReply = () => npm(['run', '-s', 'parse-reply', '--', 'reply.txt']);

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'unmentoring-build-once-'));
  for (const p of ['bin', 'src', 'templates', path.join('db', 'migrations')]) fs.cpSync(path.join(repoRoot, p), path.join(dir, p), { recursive: true });
  for (const f of ['package.json', 'tsconfig.json']) fs.copyFileSync(path.join(repoRoot, f), path.join(dir, f));
  fs.symlinkSync(path.join(repoRoot, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  fs.writeFileSync(path.join(dir, 'reply.txt'), 'Yes please!\n\nJo Bloggs\nLeeds City Council\nMobile: 07700 900123\n');
});

afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('commands compile only when a source changed', () => {
  it('when a fresh clone is installed, a command is run twice, and then a source is changed, then only the install and the run after the change compile', async () => {
    // `npm install` / `npm ci` run the package's prepare script: the compile happens at install.
    const install = await npm(['run', '-s', 'prepare']);
    expect(install.code, install.stderr).toBe(0);
    expect(install.stderr.match(COMPILING)?.length).toBe(1);
    expect(fs.existsSync(path.join(dir, 'dist', 'cli', 'parse-reply.js'))).toBe(true);
    const installed = snapshot();

    for (let i = 0; i < 2; i++) {
      const run = await parseReply();
      expect(run.code, run.stderr).toBe(0);
      expect(JSON.parse(run.stdout).fields.name).toBe('Jo Bloggs');
      expect(run.stderr).not.toMatch(COMPILING);
      expect(snapshot()).toEqual(installed);
    }

    // A change to a source, as an edit or a `git pull` makes it: the next command runs the new code.
    const source = path.join(dir, 'src', 'cli', 'parse-reply.ts');
    const text = fs.readFileSync(source, 'utf8');
    expect(text).toContain('automatic: read.automatic,');
    fs.writeFileSync(source, text.replace('automatic: read.automatic,', "automatic: read.automatic,\n    changedBy: 'the build-once test',"));
    const changed = await parseReply();
    expect(changed.code, changed.stderr).toBe(0);
    expect(changed.stderr.match(COMPILING)?.length).toBe(1);
    expect(JSON.parse(changed.stdout).changedBy).toBe('the build-once test');
    const rebuilt = snapshot();
    expect(rebuilt.get(path.join('dist', 'cli', 'parse-reply.js'))).not.toBe(installed.get(path.join('dist', 'cli', 'parse-reply.js')));

    const again = await parseReply();
    expect(again.stderr).not.toMatch(COMPILING);
    expect(snapshot()).toEqual(rebuilt);
  }, 300_000);

  it('when two commands start together after a change, then one compiles, the other waits for it, and both run the new code', async () => {
    const source = path.join(dir, 'src', 'cli', 'parse-reply.ts');
    const text = fs.readFileSync(source, 'utf8');
    fs.writeFileSync(source, text.replace(/changedBy: '[^']*',/, "changedBy: 'two at once',"));
    const [a, b] = await Promise.all([parseReply(), parseReply()]);
    for (const r of [a, b]) {
      expect(r.code, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout).changedBy).toBe('two at once');
    }
    expect(`${a.stderr}${b.stderr}`.match(COMPILING)?.length).toBe(1);
    expect(fs.existsSync(path.join(dir, '.build-lock'))).toBe(false);
  }, 300_000);

  it('when a source does not compile, then the command says so, runs nothing and exits 1', async () => {
    const source = path.join(dir, 'src', 'cli', 'parse-reply.ts');
    const text = fs.readFileSync(source, 'utf8');
    fs.writeFileSync(source, `${text}\nconst broken: number = 'not a number';\n`);
    const r = await parseReply();
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/error: the TypeScript build failed; nothing was run/);
    fs.writeFileSync(source, text);
    const fixed = await parseReply();
    expect(fixed.code, fixed.stderr).toBe(0);
    expect(JSON.parse(fixed.stdout).fields.name).toBe('Jo Bloggs');
  }, 300_000);
});
