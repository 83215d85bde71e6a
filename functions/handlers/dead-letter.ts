import { parseCheckJob } from '../jobs/check-job.js';
import { settleDeadJob } from '../checks/settle-dead-job.js';
import { createInstallationClient } from '../github/octokit.js';
import { cachedAppCredentials } from '../service/app-credentials.js';
import { dynamoClient } from '../service/aws-clients.js';
import { readEnvironment } from '../service/environment.js';
import { createLogger, jobFields } from '../service/log.js';
import { secretFromExtension } from '../service/secrets.js';
import { createCheckRunStore } from '../store/check-runs.js';
import type { BatchResult } from '../checks/consume-jobs.js';
import type { LambdaContext, SqsEvent } from './lambda-events.js';

/**
 * Consumes the check queue's dead-letter queue: a job that failed its last attempt (a crash,
 * or a timeout that killed the process before it could speak) gets its run completed with a
 * clear error, so no check run is left spinning. A message it cannot settle stays in the
 * queue (reported as a failure) for an operator: the DLQ alarm fires on its age.
 */
const env = readEnvironment(process.env);
const dynamo = dynamoClient(env.dynamodbEndpoint ?? undefined);
const credentials = cachedAppCredentials(env, secretFromExtension);
const log = createLogger();

export async function handler(event: SqsEvent, context: LambdaContext): Promise<BatchResult> {
  const deadline = Date.now() + context.getRemainingTimeInMillis() - 5_000;
  const keys = await credentials();
  const failures: { itemIdentifier: string }[] = [];
  for (const record of event.Records) {
    let recordLog = log.child({ messageId: record.messageId });
    try {
      const job = parseCheckJob(record.body);
      recordLog = recordLog.child(jobFields(job));
      // The source queue's receive count is not carried over; its redrive limit is.
      const outcome = await settleDeadJob(job, Number(process.env.CHECK_MAX_ATTEMPTS) || 3, {
        github: (installationId) =>
          createInstallationClient({
            baseUrl: env.githubApiUrl,
            credentials: keys,
            installationId,
            deadline: () => deadline,
          }),
        runs: createCheckRunStore({ dynamo, table: env.resultsTable }),
        now: () => new Date(),
      });
      recordLog.warn('dead job settled', { outcome, job });
    } catch (error) {
      recordLog.error('dead job not settled', { error: String(error) });
      failures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures: failures };
}
