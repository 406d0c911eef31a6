import { ConfigError, loadConfig, type Config } from '../../src/config.js';

/** The webhook credentials the tests post with (SendGrid sends them as HTTP basic auth). */
export const TEST_WEBHOOK_AUTH = { INBOUND_USER: 'sendgrid', INBOUND_PASSWORD: 'correct horse battery' } as const;

/**
 * With a SendGrid key the settings demand webhook credentials or signature keys (the webhooks fail
 * closed): a test that names none gets the test credentials.
 */
export function withWebhookAuth(env: Record<string, string | undefined>): Record<string, string | undefined> {
  const named = ['INBOUND_USER', 'INBOUND_PASSWORD', 'INBOUND_PUBLIC_KEY', 'EVENT_WEBHOOK_PUBLIC_KEY'].some((k) => k in env);
  return env.SENDGRID_API_KEY && !named ? { ...TEST_WEBHOOK_AUTH, ...env } : env;
}

/** A Config as the service would build it from these environment variables, with test defaults. */
export function testConfig(dir: string, env: Record<string, string> = {}): Config {
  return loadConfig(withWebhookAuth({
    NODE_ENV: 'test',
    DATABASE_PATH: `${dir}/test.sqlite`,
    OUTBOX_DIR: `${dir}/outbox`,
    MAIL_FROM: 'Unmentoring <hello@unmentoring.test>',
    REPLY_DOMAIN: 'reply.unmentoring.test',
    ORGANISER_EMAIL: 'organiser@unmentoring.test',
    LOG_LEVEL: 'silent',
    ...env,
  }));
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

/**
 * The environment a CLI or service child process gets in tests: the test database, the fake SendGrid, the
 * test addresses and the webhook credentials a SendGrid key requires.
 */
export function childEnv(
  t: { path: string; dir: string },
  sg: { apiKey: string; url: string },
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    DATABASE_PATH: t.path,
    OUTBOX_DIR: `${t.dir}/outbox`,
    SENDGRID_API_KEY: sg.apiKey,
    SENDGRID_API_URL: sg.url,
    MAIL_FROM: 'Unmentoring <hello@unmentoring.test>',
    REPLY_DOMAIN: 'reply.unmentoring.test',
    ORGANISER_EMAIL: 'organiser@unmentoring.test',
    ...TEST_WEBHOOK_AUTH,
    ...extra,
  };
}
