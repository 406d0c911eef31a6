import { ConfigError, loadConfig, type Config } from '../../src/config.js';

/** A Config as the service would build it from these environment variables, with test defaults. */
export function testConfig(dir: string, env: Record<string, string> = {}): Config {
  return loadConfig({
    NODE_ENV: 'test',
    DATABASE_PATH: `${dir}/test.sqlite`,
    OUTBOX_DIR: `${dir}/outbox`,
    MAIL_FROM: 'Unmentoring <hello@unmentoring.test>',
    REPLY_DOMAIN: 'reply.unmentoring.test',
    ORGANISER_EMAIL: 'organiser@unmentoring.test',
    LOG_LEVEL: 'silent',
    ...env,
  });
}

/** The problems loadConfig reports for these variables (none: an empty list). */
export function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}
