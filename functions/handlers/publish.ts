import { buildAliasIndex } from '../engine/index.js';
import { loadRulePack } from '../rule-pack/load-rule-pack.js';
import { dynamoClient, s3Client } from '../service/aws-clients.js';
import { readEnvironment } from '../service/environment.js';
import { chooseSigner } from '../snapshot/choose-signer.js';
import {
  parsePublishEvent,
  publishCommit,
  type PublishCommitDeps,
} from '../snapshot/publish-commit.js';
import type { PublishOutcome } from '../snapshot/publish-snapshot.js';
import { createResultsStore } from '../store/results.js';

/** Clients and the signer, built once per Lambda instance. */
async function build(): Promise<PublishCommitDeps> {
  const env = readEnvironment(process.env);
  const clients = {
    dynamo: dynamoClient(env.dynamodbEndpoint ?? undefined),
    s3: s3Client(env.s3Endpoint ?? undefined),
  };
  const where = { table: env.resultsTable, bucket: env.snapshotBucket };
  const results = createResultsStore({ ...clients, ...where });
  return {
    ...clients,
    ...where,
    signer: await chooseSigner(env),
    baseUrl: env.publicBaseUrl ?? `http://localhost:${env.port}`,
    aliasIndex: buildAliasIndex(loadRulePack().aliases),
    getResult: (repo, sha) => results.getResult(repo, sha),
  };
}
let deps: Promise<PublishCommitDeps> | undefined;

/** Publishes the snapshot of a completed default-branch check: `{ repo, sha, headSha?, onFailure? }`. */
export const handler = async (event: unknown): Promise<PublishOutcome> => {
  const request = parsePublishEvent(event); // a malformed event fails before any client is built
  deps ??= build().catch((error: unknown) => ((deps = undefined), Promise.reject(error)));
  return publishCommit(await deps, request);
};
