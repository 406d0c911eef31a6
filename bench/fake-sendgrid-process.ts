// The fake SendGrid in a process of its own, so a benchmark's sender does not share its event loop.
// Prints one JSON line { url, apiKey } when listening; answers until killed.
import { startFakeSendGrid } from '../test/helpers/fake-sendgrid.js';

const fake = await startFakeSendGrid();
process.stdout.write(`${JSON.stringify({ url: fake.url, apiKey: fake.apiKey })}\n`);
setInterval(() => {
  // Keep memory flat over 100,000 mails: the benchmark counts deliveries in the database.
  fake.reset();
}, 1000);
process.on('SIGTERM', () => void fake.close().then(() => process.exit(0)));
