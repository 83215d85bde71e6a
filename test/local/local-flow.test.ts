import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Server } from 'node:http';
import { readEnvironment } from '../../functions/service/environment.js';
import { startLocalService, type LocalService } from '../../functions/local/local-service.js';
import { listen } from '../../functions/local/http-server.js';
import { folderAsCommit } from '../../functions/local/demo-repository.js';
import {
  startGitHubStandIn,
  type GitHubStandIn,
} from '../../functions/local/github-stand-in/index.js';
import { signBody } from '../../functions/webhook/verify-signature.js';
import { replayDelivery } from '../../functions/local/replay-delivery.js';
import { opensslVerifies, runCliAsync } from '../snapshot/support.js';

const SECRET = 'local secret';

/**
 * The local server as a developer runs it: embedded engines kept under a data dir, the webhook
 * over HTTP, the in-process worker, the publisher with the local key; then the customer's side
 * (openssl, policy-check verify) and a restart on the same data dir.
 */
describe('the local server: a push of the example policies through the whole flow', () => {
  let dataDir: string;
  let github: GitHubStandIn;
  let credentials: { appId: string; privateKey: string };
  let service: LocalService | undefined;
  let server: Server;
  let url: string;
  const commit = folderAsCommit('policies/examples');
  const events: unknown[] = [];

  async function start(): Promise<void> {
    service = undefined;
    const env = readEnvironment({ POLICY_CHECKER_DATA_DIR: dataDir, PORT: '0' });
    env.githubApiUrl = github.url;
    ({ server, url } = await listen(() => service, 0));
    service = await startLocalService({
      env,
      credentials,
      webhookSecret: SECRET,
      publicBaseUrl: url,
      onEvent: (e) => events.push(e),
    });
  }

  async function stop(): Promise<void> {
    server.close();
    await service!.close();
  }

  function push(sha: string): Promise<Response> {
    const body = Buffer.from(
      JSON.stringify({
        ref: 'refs/heads/main',
        before: '0'.repeat(40),
        after: sha,
        deleted: false,
        repository: {
          id: 1,
          name: commit.name,
          full_name: `local/${commit.name}`,
          owner: { login: 'local' },
          default_branch: 'main',
        },
        installation: { id: 1 },
      }),
    );
    return fetch(`${url}/webhook`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-github-event': 'push',
        'x-github-delivery': randomUUID(),
        'x-hub-signature-256': signBody(SECRET, body),
      },
      body,
    });
  }

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'policy-check-local-'));
    const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
    github = await startGitHubStandIn({
      appId: 1,
      appPublicKeyPem: keys.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    });
    credentials = {
      appId: '1',
      privateKey: keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    };
    github.addRepository({
      owner: 'local',
      name: commit.name,
      id: 1,
      commits: [{ sha: commit.sha, files: commit.files }],
    });
    await start();
  });
  afterAll(async () => {
    await stop();
    await github.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers the health check, and 401 to an unsigned delivery', async () => {
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    const unsigned = await fetch(`${url}/webhook`, {
      method: 'POST',
      headers: { 'x-github-event': 'push', 'x-github-delivery': 'x' },
      body: '{}',
    });
    expect(unsigned.status).toBe(401);
  });

  it('stores a result and publishes a snapshot that openssl and policy-check verify accept', async () => {
    expect((await push(commit.sha)).status).toBe(202);
    await service!.worker.idle();
    const result = await service!.results.getResult(`local/${commit.name}`, commit.sha);
    expect(events.map((e) => (e as { kind: string }).kind)).toEqual(['published', 'done']);
    expect(result).toMatchObject({ conclusion: 'success', counts: { errors: 0 } });
    expect(result!.thirdParties).toHaveLength(16);

    const base = `${url}/snapshots/local/${commit.name}`;
    const latest = (await (await fetch(`${base}/latest.json`)).json()) as {
      url: string;
      sequence?: number;
    };
    const folder = mkdtempSync(join(tmpdir(), 'policy-check-download-'));
    for (const file of ['1.json', '1.json.sig', 'public-key.pem']) {
      const response = await fetch(`${base}/${file}`);
      expect(response.status).toBe(200);
      writeFileSync(join(folder, file), Buffer.from(await response.arrayBuffer()));
    }
    expect(
      await opensslVerifies(
        join(folder, 'public-key.pem'),
        join(folder, '1.json.sig'),
        join(folder, '1.json'),
      ),
    ).toBe(true);
    const verify = await runCliAsync(
      ['verify', latest.url, '--fingerprint', service!.keyId],
      folder,
    );
    expect(verify.stderr).toBe('');
    expect(verify.code).toBe(0);
    // policy-check history finds the running engines through the data dir.
    const { runProcess } = await import('../snapshot/support.js');
    const history = await runProcess(
      process.execPath,
      [
        new URL('../../dist/functions/cli/bin.js', import.meta.url).pathname,
        'history',
        `local/${commit.name}`,
      ],
      folder,
      { POLICY_CHECKER_DATA_DIR: dataDir },
    );
    expect(history.code).toBe(0);
    expect(history.stdout).toContain(commit.sha.slice(0, 7));
    expect(history.stdout).toContain('success');
    const tampered = await runCliAsync(
      [
        'verify',
        join(folder, '1.json'),
        '--fingerprint',
        `sha256:${'0'.repeat(64)}`,
        '--repository',
        `local/${commit.name}`,
      ],
      folder,
    );
    expect(tampered.code).toBe(1);
  });

  it('keeps a job queued before a crash and runs it after the restart', async () => {
    const changed = {
      ...commit.files,
      'subprocessors.yml': commit.files['subprocessors.yml']!.replace(/Germany/, 'Atlantis'),
    };
    const sha = folderAsCommit('policies/examples').sha.replace(/^./, 'f');
    github.addRepository({
      owner: 'local',
      name: `${commit.name}-2`,
      id: 2,
      commits: [{ sha, files: changed }],
    });
    await service!.worker.stop(); // the process "dies" with the job accepted but not run
    // Replayed from a saved delivery file, as a developer would with npm run replay.
    const saved = join(dataDir, 'delivery.json');
    writeFileSync(
      saved,
      JSON.stringify({
        event: 'push',
        payload: {
          ref: 'refs/heads/main',
          before: '0'.repeat(40),
          after: sha,
          deleted: false,
          repository: {
            id: 2,
            name: `${commit.name}-2`,
            full_name: `local/${commit.name}-2`,
            owner: { login: 'local' },
            default_branch: 'main',
          },
          installation: { id: 1 },
        },
      }),
    );
    const answer = await replayDelivery({ file: saved, url: `${url}/webhook`, secret: SECRET });
    expect(answer.status).toBe(202);
    await stop();
    await start();
    await service!.worker.idle();
    const result = await service!.results.getResult(`local/${commit.name}-2`, sha);
    expect(result?.conclusion).toBeDefined();
    // The first result survived the restart too: the engines keep their data under the data dir.
    expect(await service!.results.getResult(`local/${commit.name}`, commit.sha)).not.toBeNull();
  });
});
