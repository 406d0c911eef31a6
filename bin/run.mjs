#!/usr/bin/env node
/**
 * Runs one of the compiled entry points in dist/, compiling first only when the sources changed.
 *
 *   node bin/run.mjs cli/report --json     compile if needed, then run dist/cli/report.js --json
 *   node bin/run.mjs --build               compile if needed, run nothing (npm's prepare, npm run build)
 *
 * Why: every npm script an organiser types used to run a full `tsc` first, a quarter of a minute on a
 * small machine, on every call. Here a cheap fingerprint of the inputs (each source's path, size and
 * modification time, plus the compiler's version and tsconfig.json) is compared with the one stored
 * beside the last successful build; only when they differ does `tsc` run, incrementally (its
 * .tsbuildinfo is in dist/). A `git pull` changes the modification times of the files it changes, so
 * the next command picks them up.
 *
 * Two commands started together (the Procfile's web and worker) must not compile into dist/ at the same
 * time: a lock directory, made atomically with mkdir, lets one compile while the other waits and then
 * finds the build fresh. A lock left by a killed process is taken over once its process is gone.
 *
 * Plain JavaScript on purpose: it must run before anything is compiled.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const distDir = path.join(root, 'dist');
const stampFile = path.join(distDir, '.build-fingerprint');
const buildInfoFile = path.join(distDir, '.tsbuildinfo');
const lockDir = path.join(root, '.build-lock');
const LOCK_STALE_MS = 10 * 60 * 1000;

function fail(message) {
  process.stderr.write(`error: ${message}\n`);
  process.exit(1);
}

/** Every file under src/, with tsconfig.json and the compiler's version: what the output depends on. */
function fingerprint() {
  const hash = createHash('sha256');
  const files = [];
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) files.push(full);
    }
  };
  walk(path.join(root, 'src'));
  files.push(path.join(root, 'tsconfig.json'));
  files.sort();
  for (const f of files) {
    const st = fs.statSync(f);
    hash.update(`${path.relative(root, f)}\0${st.size}\0${st.mtimeMs}\n`);
  }
  const require = createRequire(import.meta.url);
  hash.update(`typescript ${require('typescript/package.json').version}\n`);
  return hash.digest('hex');
}

function fresh(entryFile) {
  try {
    return fs.readFileSync(stampFile, 'utf8') === fingerprint() && (!entryFile || fs.existsSync(entryFile));
  } catch {
    return false;
  }
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === 'EPERM';
  }
}

const sleep = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/** Takes the build lock, waiting while another live process holds it. */
function lock() {
  for (;;) {
    try {
      fs.mkdirSync(lockDir);
      fs.writeFileSync(path.join(lockDir, 'pid'), String(process.pid));
      return;
    } catch (err) {
      if (err.code !== 'EEXIST') throw err;
    }
    let holder = NaN;
    let age = 0;
    try {
      holder = Number(fs.readFileSync(path.join(lockDir, 'pid'), 'utf8'));
      age = Date.now() - fs.statSync(lockDir).mtimeMs;
    } catch {
      // The holder is between mkdir and writing its pid, or has just released: look again.
    }
    if ((Number.isInteger(holder) && holder > 0 && !alive(holder)) || age > LOCK_STALE_MS) {
      fs.rmSync(lockDir, { recursive: true, force: true });
      continue;
    }
    sleep(100);
  }
}

function unlock() {
  fs.rmSync(lockDir, { recursive: true, force: true });
}

/** Compiles when the inputs changed since the last successful build. Returns whether it compiled. */
function ensureBuilt(entryFile) {
  if (fresh(entryFile)) return false;
  lock();
  try {
    // Another process may have finished the same build while this one waited for the lock.
    if (fresh(entryFile)) return false;
    const before = fingerprint();
    // An output deleted by hand is not something tsc's incremental state notices: start over.
    if (entryFile && !fs.existsSync(entryFile)) fs.rmSync(buildInfoFile, { force: true });
    process.stderr.write('Compiling src/ into dist/ (sources changed since the last build)…\n');
    const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
    const r = spawnSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.json')], { cwd: root, stdio: ['ignore', 2, 2] });
    if (r.status !== 0) fail(`the TypeScript build failed${r.signal ? ` (${r.signal})` : ''}; nothing was run`);
    // The fingerprint taken before compiling: a source saved during the compile is compiled next time.
    fs.writeFileSync(stampFile, before);
    return true;
  } finally {
    unlock();
  }
}

const [first, ...rest] = process.argv.slice(2);
if (!first) fail('usage: node bin/run.mjs <entry in dist/, e.g. cli/report> [args…] | --build');
if (first === '--build') {
  ensureBuilt(null);
} else {
  if (!/^[a-z][a-z0-9/-]*$/.test(first) || first.includes('..')) fail(`not an entry point: ${first}`);
  const entryFile = path.join(distDir, `${first}.js`);
  ensureBuilt(entryFile);
  if (!fs.existsSync(entryFile)) fail(`no such command: ${first}`);
  // The entry sees the arguments as if it had been started directly: node dist/<entry>.js args…
  process.argv = [process.argv[0], entryFile, ...rest];
  await import(pathToFileURL(entryFile).href);
}
