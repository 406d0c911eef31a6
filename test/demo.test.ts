import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './helpers/run-cli.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'unmentoring-demo-test-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('npm run demo', () => {
  it('when run in a fresh folder, then it invites 40 people, feeds their replies through the webhook, runs a round and ends with introductions in the outbox', async () => {
    const outbox = path.join(dir, 'outbox');
    const r = await runCli('src/cli/demo.ts', [], { DATABASE_PATH: path.join(dir, 'demo.sqlite'), OUTBOX_DIR: outbox, SENDGRID_API_KEY: 'SG.must-not-be-used' }, 120_000);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Invited 40 people from 15 organisations');
    expect(r.stdout).toMatch(/Fed 40 replies through POST \/inbound: 37 active, 1 awaiting_details, 1 invited, 1 stopped/);
    expect(r.stdout).toContain(outbox);
    const files = fs.readdirSync(outbox);
    const count = (kind: string) => files.filter((f) => f.endsWith(`-${kind}.eml`)).length;
    expect(count('invitation')).toBe(40);
    expect(count('introduction')).toBeGreaterThanOrEqual(18);
    expect(count('ask-details')).toBe(1);
    expect(count('stopped')).toBe(1);
    expect(count('follow-up')).toBeGreaterThan(0);
    expect(count('met-recorded')).toBeGreaterThan(0);
    expect(count('digest')).toBe(1);
    expect(fs.readFileSync(path.join(dir, 'organisations-linked.png')).subarray(1, 4).toString()).toBe('PNG');
  });
});
