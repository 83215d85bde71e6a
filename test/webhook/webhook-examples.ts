import { createRequire } from 'node:module';
import { randomUUID } from 'node:crypto';
import { signBody } from '../../functions/webhook/verify-signature.js';
import type { WebhookRequest } from '../../functions/webhook/handle-delivery.js';

/**
 * GitHub's own example payloads (@octokit/webhooks-examples: one entry per event name, each
 * with its examples), and requests signed the way GitHub signs them.
 */
interface ExampleEvent {
  name: string;
  examples: Record<string, unknown>[];
}

const events = createRequire(import.meta.url)('@octokit/webhooks-examples') as ExampleEvent[];

export const SECRET = 'It is a secret to everybody';

// Payloads are read and modified through this loose type: the tests reach into GitHub's JSON.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Payload = Record<string, any>;

/** A fresh copy of the first example of `event` that matches (tests may change it freely). */
export function example(
  event: string,
  matches: (payload: Payload) => boolean = () => true,
): Payload {
  const found = events.find((entry) => entry.name === event)?.examples.find(matches);
  if (!found) throw new Error(`no ${event} example matches`);
  return structuredClone(found) as Payload;
}

/** The action-carrying example, and only one that names the app's installation. */
export function exampleAction(event: string, action: string): Payload {
  return example(event, (p) => p.action === action && p.installation !== undefined);
}

export interface RequestOptions {
  deliveryId?: string;
  secret?: string | null;
  signature?: string;
  body?: Buffer;
}

export function signedRequest(
  event: string,
  payload: unknown,
  options: RequestOptions = {},
): WebhookRequest {
  const body = options.body ?? Buffer.from(JSON.stringify(payload));
  const secret = options.secret === undefined ? SECRET : options.secret;
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'user-agent': 'GitHub-Hookshot/test',
    'x-github-event': event,
    'x-github-delivery': options.deliveryId ?? randomUUID(),
  };
  if (options.signature !== undefined) headers['x-hub-signature-256'] = options.signature;
  else if (secret !== null) headers['x-hub-signature-256'] = signBody(secret, body);
  return { headers, body };
}
