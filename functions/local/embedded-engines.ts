import { once } from 'node:events';
import type { AddressInfo } from 'node:net';

/**
 * DynamoDB and S3 engines that speak the real APIs, for the local server and the tests: the
 * real AWS SDK clients talk to them over HTTP on 127.0.0.1, on a port the OS picks.
 * Both are development dependencies, loaded only when asked for.
 */
export interface EmbeddedEngine {
  endpoint: string;
  close(): Promise<void>;
}

/**
 * dynalite; in memory unless `path` is given (one folder per instance: two crash on one
 * folder). `port` 0 lets the OS pick; a restarted engine may ask for its old one.
 */
export async function startDynalite(path?: string, port = 0): Promise<EmbeddedEngine> {
  const { default: dynalite } = await import('dynalite');
  // createTableMs 0: tables are ACTIVE at once, as tests and a local run expect.
  const server = dynalite({ ...(path ? { path } : {}), createTableMs: 0, deleteTableMs: 0 });
  server.listen(port, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections?.();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** s3rver storing objects under `directory`, with these buckets created. */
export async function startS3rver(
  directory: string,
  buckets: string[],
  port = 0,
): Promise<EmbeddedEngine> {
  const { default: S3rver } = await import('s3rver');
  const server = new S3rver({
    address: '127.0.0.1',
    port,
    directory,
    silent: true,
    configureBuckets: buckets.map((name) => ({ name })),
  });
  const address = await server.run();
  return { endpoint: `http://127.0.0.1:${address.port}`, close: () => server.close() };
}
