import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { S3Client } from '@aws-sdk/client-s3';
import type { CheckServices, DefaultBranchResult } from '../checks/run-check-job.js';
import { createInstallationClient, type GitHubAppCredentials } from '../github/octokit.js';
import { loadRulePack } from '../rule-pack/load-rule-pack.js';
import { createCheckRunStore } from '../store/check-runs.js';
import { createResultsStore } from '../store/results.js';

export interface CheckServiceOptions {
  dynamo: DynamoDBClient;
  s3: S3Client;
  table: string;
  bucket: string;
  githubApiUrl: string;
  credentials: GitHubAppCredentials;
  /** Epoch ms by which the current job must be done. */
  deadline: () => number;
  publish?: (request: DefaultBranchResult) => Promise<void>;
  /** Milliseconds in a second of waiting (tests shrink it). */
  secondMs?: number;
  /** One GitHub request's time limit. */
  requestTimeoutMs?: number;
  now?: () => Date;
  log?: CheckServices['log'];
}

/** The check function's services: the same wiring in Lambda, in the local server and in tests. */
export function checkServices(options: CheckServiceOptions): CheckServices {
  return {
    github: (installationId) =>
      createInstallationClient({
        baseUrl: options.githubApiUrl,
        credentials: options.credentials,
        installationId,
        deadline: options.deadline,
        ...(options.secondMs !== undefined ? { secondMs: options.secondMs } : {}),
        ...(options.requestTimeoutMs !== undefined
          ? { requestTimeoutMs: options.requestTimeoutMs }
          : {}),
      }),
    runs: createCheckRunStore({ dynamo: options.dynamo, table: options.table }),
    results: createResultsStore({
      dynamo: options.dynamo,
      table: options.table,
      s3: options.s3,
      bucket: options.bucket,
    }),
    rulePack: loadRulePack(),
    now: options.now ?? (() => new Date()),
    ...(options.publish ? { onDefaultBranchResult: options.publish } : {}),
    ...(options.log ? { log: options.log } : {}),
  };
}
