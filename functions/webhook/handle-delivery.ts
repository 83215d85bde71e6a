import { createHash } from 'node:crypto';
import { repoKey, type CheckJob } from '../jobs/check-job.js';
import type { JobQueue } from '../jobs/job-queue.js';
import type { CommitAdmission, DeliveryStore } from '../store/deliveries.js';
import { redact } from '../service/log.js';
import { KeyPartError, assertDeliveryId } from '../store/key-parts.js';
import { jobsFromEvent, needsHeadResolution } from './jobs-from-event.js';
import { verifySignature } from './verify-signature.js';

/**
 * The webhook service, the same for the Lambda entry and the local server: signature → parse →
 * jobs → dedupe → collapse → enqueue → answer. It imports neither the engine nor Octokit, so
 * the webhook function stays small and answers within milliseconds; the work is the queue's.
 */

/**
 * The largest body accepted: 5 MiB. Lambda's synchronous invocation payload is capped at 6 MB
 * for the whole event (headers and JSON-escaped body), so a larger body could never reach the
 * function in AWS anyway, and the events checked here are tens of kilobytes (a push lists at
 * most 20 commits). The same limit locally keeps both deployments alike. It is checked before
 * the signature, so an unauthenticated sender cannot make the function hash megabytes.
 */
export const MAX_BODY_BYTES = 5 * 1024 * 1024;

/** Parallel enqueues for one delivery (an installation can name hundreds of repositories). */
const ENQUEUE_CONCURRENCY = 8;

export interface WebhookRequest {
  /** Header names lower-cased, as API Gateway v2 and Node's http module give them. */
  headers: Readonly<Record<string, string | undefined>>;
  /** The raw body bytes: the signature covers exactly these. */
  body: Buffer;
}

export interface JobSummary {
  repo: string;
  sha: string;
  trigger: CheckJob['trigger'];
  pr: number | null;
  rerun: boolean;
  queued: boolean;
  why: string;
}

export interface WebhookAnswer {
  status: 'accepted' | 'ignored' | 'duplicate' | 'pong' | 'rejected' | 'failed';
  reason?: string;
  deliveryId?: string;
  jobs?: JobSummary[];
}

export interface WebhookResponse {
  statusCode: number;
  body: WebhookAnswer;
}

export interface DeliveryServices {
  /** The webhook secret, or how to get it (Secrets Manager in AWS). */
  secret: string | (() => Promise<string>);
  deliveries: Pick<
    DeliveryStore,
    | 'claim'
    | 'claimBody'
    | 'isPending'
    | 'markEnqueued'
    | 'release'
    | 'admitCommitJob'
    | 'withdrawCommitJob'
    | 'admitRerun'
  >;
  queue: JobQueue;
  log?: (entry: Record<string, unknown>) => void;
  maxBodyBytes?: number;
}

function answer(statusCode: number, body: WebhookAnswer): WebhookResponse {
  return { statusCode, body };
}

function summary(job: CheckJob, queued: boolean, why: string): JobSummary {
  return {
    repo: repoKey(job.repo),
    sha: job.sha,
    trigger: job.trigger,
    pr: job.pr?.number ?? null,
    rerun: job.rerun,
    queued,
    why,
  };
}

async function forEachLimited<T>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      await work(items[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/** The run a `check_run.rerequested` names: a re-run is granted only for the commit's current run. */
function rerequestedRunId(event: string, payload: object): number | null {
  if (event !== 'check_run') return null;
  const id = (payload as { check_run?: { id?: unknown } }).check_run?.id;
  return typeof id === 'number' && Number.isSafeInteger(id) ? id : null;
}

export async function handleDelivery(
  request: WebhookRequest,
  services: DeliveryServices,
): Promise<WebhookResponse> {
  const log = services.log ?? (() => {});
  const limit = services.maxBodyBytes ?? MAX_BODY_BYTES;
  if (request.body.length > limit)
    return answer(400, { status: 'rejected', reason: `the body is over ${limit} bytes` });

  let secret: string;
  try {
    secret = typeof services.secret === 'string' ? services.secret : await services.secret();
  } catch (error) {
    log({ level: 'error', msg: 'webhook secret unavailable', error: String(error) });
    return answer(500, { status: 'failed', reason: 'the webhook secret is unavailable' });
  }
  if (!verifySignature(secret, request.body, request.headers['x-hub-signature-256']))
    return answer(401, { status: 'rejected', reason: 'X-Hub-Signature-256 is missing or wrong' });

  const event = request.headers['x-github-event'];
  const deliveryId = request.headers['x-github-delivery'];
  if (!event || !deliveryId)
    return answer(400, {
      status: 'rejected',
      reason: 'X-GitHub-Event and X-GitHub-Delivery are required',
    });
  // The delivery id is not covered by the signature and becomes a key (`DELIVERY#<id>`): a
  // value GitHub never sends (4 KB, NUL, `#`) is refused here, not written or turned into a 500.
  try {
    assertDeliveryId(deliveryId);
  } catch (error) {
    if (!(error instanceof KeyPartError)) throw error;
    return answer(400, { status: 'rejected', reason: error.message });
  }
  let payload: unknown;
  try {
    payload = JSON.parse(request.body.toString('utf8'));
  } catch {
    return answer(400, { status: 'rejected', reason: 'the body is not JSON', deliveryId });
  }
  // Every GitHub payload is an object: a JSON string, number or array is malformed too.
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload))
    return answer(400, { status: 'rejected', reason: 'the body is not a JSON object', deliveryId });

  const outcome = jobsFromEvent(event, deliveryId, payload);
  if (outcome.kind === 'ping')
    return answer(200, { status: 'pong', reason: outcome.zen ?? 'pong', deliveryId });
  if (outcome.kind === 'ignore') {
    log({ level: 'info', msg: 'delivery ignored', event, deliveryId, reason: outcome.reason });
    return answer(202, { status: 'ignored', reason: outcome.reason, deliveryId });
  }
  if (outcome.kind === 'invalid') {
    log({ level: 'warn', msg: 'delivery refused', event, deliveryId, reason: outcome.reason });
    return answer(400, { status: 'rejected', reason: outcome.reason, deliveryId });
  }

  // Claim first, enqueue second: a failure in between releases the claim (or, after a crash,
  // the claim's lease runs out), so GitHub's redelivery is accepted, never a "duplicate".
  // The body's digest first: the delivery id is unsigned, so the same signed body under a
  // new id is a replay, not a new event (GitHub's own redelivery keeps the id).
  let claim: Awaited<ReturnType<DeliveryServices['deliveries']['claim']>>;
  try {
    const first = await services.deliveries.claimBody(
      createHash('sha256').update(request.body).digest('hex'),
      deliveryId,
    );
    if (first !== null) {
      log({ level: 'warn', msg: 'replayed body', event, deliveryId, firstDelivery: first });
      return answer(202, {
        status: 'duplicate',
        reason: `this body was delivered before as ${first}: a replay is not run again`,
        deliveryId,
      });
    }
    claim = await services.deliveries.claim(deliveryId, event);
  } catch (error) {
    log({ level: 'error', msg: 'delivery claim failed', event, deliveryId, error: String(error) });
    return answer(500, {
      status: 'failed',
      reason: 'the delivery could not be recorded',
      deliveryId,
    });
  }
  if (!claim) {
    // An attempt that claimed it and then failed to queue it (its store down) has not
    // accepted it: "duplicate" would lose it. 503: redeliver once that attempt is over.
    if (await services.deliveries.isPending(deliveryId).catch(() => true)) {
      log({ level: 'warn', msg: 'delivery claimed by an unfinished attempt', event, deliveryId });
      return answer(503, {
        status: 'failed',
        reason: 'an earlier attempt at this delivery has not finished; redeliver it later',
        deliveryId,
      });
    }
    log({ level: 'info', msg: 'duplicate delivery', event, deliveryId });
    return answer(202, {
      status: 'duplicate',
      reason: 'this delivery was seen before',
      deliveryId,
    });
  }

  const askedRunId = rerequestedRunId(event, payload);
  const summaries: JobSummary[] = new Array<JobSummary>(outcome.jobs.length);
  const failures: unknown[] = [];
  await forEachLimited(outcome.jobs, ENQUEUE_CONCURRENCY, async (job, index) => {
    let admission: CommitAdmission | null = null;
    try {
      const refused = job.rerun ? await services.deliveries.admitRerun(job, askedRunId) : null;
      if (refused !== null) {
        summaries[index] = summary(job, false, refused);
        return;
      }
      // An installation job's commit is unknown here; the check function collapses it once
      // it has resolved the head (DeliveryStore.admitCommitJob is exported for that).
      admission = needsHeadResolution(job) ? null : await services.deliveries.admitCommitJob(job);
      if (admission && !admission.admitted) {
        summaries[index] = summary(job, false, admission.detail);
        return;
      }
      await services.queue.enqueue(job);
      summaries[index] = summary(job, true, admission?.detail ?? 'head resolved by the check');
    } catch (error) {
      failures.push(error);
      // The answer is shown to the App's admins in GitHub's delivery log: no credentials.
      summaries[index] = summary(job, false, `failed: ${redact(String(error))}`);
      if (admission) await services.deliveries.withdrawCommitJob(job, admission).catch(() => {});
    }
  });

  if (failures.length > 0) {
    // Best effort: if even the release fails, the lease lets a redelivery in after a minute.
    await services.deliveries.release(claim).catch(() => {});
    log({ level: 'error', msg: 'enqueue failed', event, deliveryId, error: String(failures[0]) });
    return answer(500, {
      status: 'failed',
      reason: 'the job could not be queued; redeliver',
      deliveryId,
      jobs: summaries,
    });
  }
  const queued = summaries.filter((s) => s.queued).length;
  try {
    await services.deliveries.markEnqueued(claim, queued);
  } catch (error) {
    // The jobs are queued: answering 500 would invite a redelivery that queues them again.
    log({
      level: 'warn',
      msg: 'could not mark delivery enqueued',
      deliveryId,
      error: String(error),
    });
  }
  log({ level: 'info', msg: 'delivery accepted', event, deliveryId, queued, jobs: summaries });
  return answer(202, { status: 'accepted', deliveryId, jobs: summaries });
}
