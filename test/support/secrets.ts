/**
 * Every secret the tests configure, in one place: the run log must contain none of them (checked by
 * the integration project's global teardown, see run-log.ts).
 */
export const API_KEYS = {
  read: 'test-read-key-0123456789',
  write: 'test-write-key-0123456789',
  admin: 'test-admin-key-0123456789',
  metrics: 'test-metrics-key-0123456789',
};

export const TEST_WEBHOOK_SECRET = 'test-webhook-secret-5d0c2a9e';

/** The sandbox's Basic auth in tests: distinctive, so that a leak is found by a plain search. */
export const TEST_ROBAWS_USERNAME = 'robaws-test-user';
export const TEST_ROBAWS_PASSWORD = 'robaws-test-password-4f1c9b2e';

export const RUN_SECRETS: Record<string, string> = {
  'API key (read)': API_KEYS.read,
  'API key (write)': API_KEYS.write,
  'API key (admin)': API_KEYS.admin,
  'API key (metrics)': API_KEYS.metrics,
  'webhook secret': TEST_WEBHOOK_SECRET,
  'Robaws password': TEST_ROBAWS_PASSWORD,
  'Robaws Authorization header': Buffer.from(`${TEST_ROBAWS_USERNAME}:${TEST_ROBAWS_PASSWORD}`).toString('base64'),
};

/** The names of the secrets found in `text`, and the first line each appears on. */
export function secretsIn(text: string): Array<{ secret: string; line: number }> {
  const lines = text.split('\n');
  return Object.entries(RUN_SECRETS).flatMap(([secret, value]) => {
    const index = lines.findIndex((line) => line.includes(value));
    return index < 0 ? [] : [{ secret, line: index + 1 }];
  });
}
