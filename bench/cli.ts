/**
 * How long an organiser waits for the commands they type: the time from starting `npm run -s <command>`
 * to its first byte of output, and to its exit, on a small database (the demo's 40 people), when nothing
 * needs compiling. The same commands started as `node dist/...` show what npm itself adds.
 * Usage: tsx bench/cli.ts [--runs 7]
 * Prints one JSON line on stdout.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { arg, benchDir } from './lib.js';

const root = path.resolve(benchDir, '..');
const runs = Number(arg('runs', '7'));
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'unmentoring-bench-cli-'));
const env = { ...process.env, DATABASE_PATH: path.join(dir, 'u.sqlite'), OUTBOX_DIR: path.join(dir, 'outbox'), NODE_ENV: 'development' };
fs.writeFileSync(path.join(dir, 'reply.txt'), 'Yes please!\n\nJo Bloggs\nLeeds City Council\nMobile: 07700 900123\n');

// Make sure dist/ is current, then a small database to read.
const build = spawnSync('npm', ['run', '-s', 'build'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(1);
const demo = spawnSync(process.execPath, [path.join(root, 'dist', 'cli', 'demo.js')], { cwd: root, env, stdio: ['ignore', 'ignore', 'inherit'] });
if (demo.status !== 0) process.exit(1);

interface Timing {
  firstOutputMs: number;
  exitMs: number;
}

function time(cmd: string, args: string[]): Promise<Timing> {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const ms = () => Number(process.hrtime.bigint() - start) / 1e6;
    let first: number | null = null;
    const child = spawn(cmd, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.once('data', () => (first ??= ms()));
    child.stdout.resume();
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('error', reject);
    child.once('close', (code) => {
      if (code !== 0) reject(new Error(`${cmd} ${args.join(' ')} exited ${code}: ${stderr.slice(0, 500)}`));
      else if (/Compiling src\//.test(stderr)) reject(new Error(`${args.join(' ')} compiled: the bench measures the no-change case`));
      else resolve({ firstOutputMs: first ?? ms(), exitMs: ms() });
    });
  });
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.floor(s.length / 2)]!);
};

const commands: Record<string, string[]> = {
  'parse-reply': ['cli/parse-reply', path.join(dir, 'reply.txt')],
  report: ['cli/report'],
  'match --dry-run': ['cli/match', '--dry-run'],
  export: ['cli/export'],
};

const result: Record<string, unknown> = { runs, machine: { cpus: os.cpus().length, node: process.version } };
const figures: Record<string, unknown> = {};
for (const [name, [entry, ...rest]] of Object.entries(commands)) {
  const [script, ...flags] = name.split(' ');
  const viaNpm: Timing[] = [];
  const direct: Timing[] = [];
  for (let i = 0; i < runs; i++) {
    // Untimed: dist/ current before each measured call, so a source saved meanwhile does not count.
    spawnSync(process.execPath, [path.join(root, 'bin', 'run.mjs'), '--build'], { cwd: root, stdio: 'ignore' });
    viaNpm.push(await time('npm', ['run', '-s', script!, '--', ...flags, ...rest]));
    direct.push(await time(process.execPath, [path.join(root, 'dist', `${entry}.js`), ...flags, ...rest]));
  }
  figures[name] = {
    npmFirstOutputMedianMs: median(viaNpm.map((t) => t.firstOutputMs)),
    npmFirstOutputMaxMs: Math.round(Math.max(...viaNpm.map((t) => t.firstOutputMs))),
    npmExitMedianMs: median(viaNpm.map((t) => t.exitMs)),
    nodeDistFirstOutputMedianMs: median(direct.map((t) => t.firstOutputMs)),
  };
}
result.commands = figures;
fs.rmSync(dir, { recursive: true, force: true });
process.stdout.write(`${JSON.stringify(result)}\n`);
