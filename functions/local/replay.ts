import { parseArgs } from 'node:util';
import { readEnvironment } from '../service/environment.js';
import { replayDelivery } from './replay-delivery.js';

/** `npm run replay -- delivery.json [--event push] [--url …]`: see README, "Local server". */
async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      event: { type: 'string' },
      url: { type: 'string' },
      'delivery-id': { type: 'string' },
    },
  });
  const env = readEnvironment(process.env);
  if (positionals.length !== 1) {
    process.stderr.write('usage: npm run replay -- <delivery.json> [--event NAME] [--url URL]\n');
    return 2;
  }
  if (!env.githubWebhookSecret) {
    process.stderr.write('replay: set GITHUB_WEBHOOK_SECRET to the secret the server checks\n');
    return 2;
  }
  const answer = await replayDelivery({
    file: positionals[0]!,
    url: values.url ?? `http://127.0.0.1:${env.port}/webhook`,
    secret: env.githubWebhookSecret,
    ...(values.event ? { event: values.event } : {}),
    ...(values['delivery-id'] ? { deliveryId: values['delivery-id'] } : {}),
  });
  process.stdout.write(`${answer.status} ${answer.body}\n`);
  return answer.status < 300 ? 0 : 1;
}

main().then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    process.stderr.write(`replay: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  },
);
