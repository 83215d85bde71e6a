import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { MAX_BODY_BYTES } from '../webhook/handle-delivery.js';
import type { LocalService } from './local-service.js';

/**
 * The local server's HTTP face: `POST /webhook` (the interface a GitHub App, a tunnel or a
 * replayed delivery talks to), `GET /healthz`, and `GET /snapshots/…`, the published files,
 * so the PUBLIC_BASE_URL of a local run resolves.
 */
export async function listen(
  service: () => LocalService | undefined,
  port: number,
): Promise<{ server: Server; url: string }> {
  const server = createServer((request, response) => {
    // The server listens first, so the service knows its own URL; until then it is starting.
    const ready = service();
    if (!ready) return send(response, 503, { status: 'starting' });
    route(ready, request, response).catch((error: unknown) => {
      console.error(`policy-checker: ${request.method} ${request.url}: ${String(error)}`);
      if (!response.headersSent)
        send(response, 500, { status: 'failed', reason: 'internal error' });
      else response.end();
    });
  });
  server.listen(port, '127.0.0.1');
  await once(server, 'listening');
  const { port: actual } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${actual}` };
}

async function route(
  service: LocalService,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const path = new URL(request.url ?? '/', 'http://localhost').pathname;
  if (path === '/healthz' && request.method === 'GET') return send(response, 200, { status: 'ok' });
  if (path === '/webhook') {
    if (request.method !== 'POST')
      return send(response, 405, { status: 'rejected', reason: 'POST only' });
    const body = await readBody(request, MAX_BODY_BYTES + 1);
    const headers = Object.fromEntries(
      Object.entries(request.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : v]),
    );
    const answer = await service.webhook({ headers, body });
    return send(response, answer.statusCode, answer.body);
  }
  if (path.startsWith('/snapshots/') && request.method === 'GET') {
    const key = decodeURIComponent(path.slice(1));
    if (key.split('/').some((part) => part === '..' || part === ''))
      return send(response, 400, { status: 'rejected', reason: 'bad path' });
    const object = await service.readObject(key);
    if (!object) return send(response, 404, { status: 'not found' });
    response.writeHead(200, { 'content-type': object.contentType });
    response.end(object.body);
    return;
  }
  send(response, 404, {
    status: 'not found',
    reason: 'POST /webhook, GET /healthz, GET /snapshots/…',
  });
}

/**
 * Keeps at most `limit` bytes (a longer body is rejected by the size check) but reads to the
 * end, so the client still gets its answer.
 */
async function readBody(request: IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    if (size < limit) chunks.push(chunk.subarray(0, limit - size));
    size += chunk.length;
  }
  return Buffer.concat(chunks);
}

function send(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}
