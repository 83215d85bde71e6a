import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ServiceEnvironment } from './environment.js';

/** The file the local server writes under the data dir while it runs, and removes on exit. */
export const ENGINES_FILE = 'engines.json';

/** What the local server writes to {@link ENGINES_FILE}. */
export interface EnginesFile {
  dynamodbEndpoint: string;
  s3Endpoint: string;
  pid: number;
}

export interface LocatedEngines {
  dynamodbEndpoint: string | undefined;
  s3Endpoint: string | undefined;
  /** environment: DYNAMODB_ENDPOINT / S3_ENDPOINT; local-server: engines.json; aws: the SDK's own. */
  source: 'environment' | 'local-server' | 'aws';
}

/**
 * Where a command outside the server (e.g. `policy-check history`) finds the stored results:
 * DYNAMODB_ENDPOINT / S3_ENDPOINT when either is set (an unset one means AWS's endpoint);
 * else the endpoints of a running local server, read from `<data dir>/engines.json` and
 * ignored when its pid is not alive (a server that crashed leaves the file behind); else AWS,
 * with the SDK's default region and credential chain. A relative data dir is resolved against
 * `cwd`, as the server resolves it against its own working folder.
 */
export function locateEngines(
  env: ServiceEnvironment,
  cwd: string = process.cwd(),
): LocatedEngines {
  if (env.dynamodbEndpoint || env.s3Endpoint) {
    return {
      dynamodbEndpoint: env.dynamodbEndpoint ?? undefined,
      s3Endpoint: env.s3Endpoint ?? undefined,
      source: 'environment',
    };
  }
  const server = readEnginesFile(join(resolve(cwd, env.dataDir), ENGINES_FILE));
  if (server && isAlive(server.pid)) {
    return {
      dynamodbEndpoint: server.dynamodbEndpoint,
      s3Endpoint: server.s3Endpoint,
      source: 'local-server',
    };
  }
  return { dynamodbEndpoint: undefined, s3Endpoint: undefined, source: 'aws' };
}

/** The file's content, or null when it is missing or not what the server writes. */
export function readEnginesFile(path: string): EnginesFile | null {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const { dynamodbEndpoint, s3Endpoint, pid } = value as Record<string, unknown>;
  const isUrl = (v: unknown): v is string => typeof v === 'string' && /^https?:\/\/\S+$/.test(v);
  if (!isUrl(dynamodbEndpoint) || !isUrl(s3Endpoint)) return null;
  if (typeof pid !== 'number' || !Number.isInteger(pid) || pid <= 0) return null;
  return { dynamodbEndpoint, s3Endpoint, pid };
}

/** Signal 0 checks without signalling; EPERM means the process exists under another user. */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
