import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { signBody } from '../webhook/verify-signature.js';

/** A saved delivery: `{ "event": "push", "payload": {…} }`, or a bare payload with `event` given. */
export interface ReplayOptions {
  file: string;
  event?: string;
  url: string;
  secret: string;
  /** A fresh id by default: the same id twice is, rightly, dropped as a duplicate delivery. */
  deliveryId?: string;
}

/**
 * Sends a saved webhook delivery to a running server, signed with the webhook secret as GitHub
 * signs it: how a developer replays a delivery copied from the App's "Recent Deliveries".
 */
export async function replayDelivery(
  options: ReplayOptions,
): Promise<{ status: number; body: string }> {
  let saved: unknown;
  try {
    saved = JSON.parse(readFileSync(options.file, 'utf8'));
  } catch (error) {
    throw new Error(`${options.file}: cannot read a JSON delivery (${(error as Error).message})`);
  }
  const wrapped = saved as { event?: unknown; payload?: unknown };
  const event = options.event ?? (typeof wrapped.event === 'string' ? wrapped.event : undefined);
  if (!event)
    throw new Error(
      `${options.file}: name the event: --event push, or save it as { "event": "push", "payload": … }`,
    );
  const payload =
    wrapped.payload !== undefined && wrapped.event !== undefined ? wrapped.payload : saved;
  const body = Buffer.from(JSON.stringify(payload));
  const response = await fetch(options.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'user-agent': 'GitHub-Hookshot/policy-checker-replay',
      'x-github-event': event,
      'x-github-delivery': options.deliveryId ?? randomUUID(),
      'x-hub-signature-256': signBody(options.secret, body),
    },
    body,
  });
  return { status: response.status, body: await response.text() };
}
