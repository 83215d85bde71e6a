import {
  audit,
  DeliveryPlan,
  jobKey,
  quantile,
  type Audit,
  type Delivery,
  type SoakWorld,
  worldAuditTarget,
} from './soak-world.js';

export interface LoadOptions {
  deliveries: number;
  /** Deliveries in flight at once. */
  concurrency: number;
  redeliveryRate: number;
  badSignatureRate: number;
  seed: number;
}

export interface LoadFigures extends Audit {
  deliveries: number;
  redeliveries: number;
  badSignatures: number;
  /** Answers by HTTP status. */
  statuses: Record<number, number>;
  deliveriesPerSecond: number;
  webhookP50Ms: number;
  webhookP99Ms: number;
  /** From the delivery's answer to its check's end. */
  endToEndP50Ms: number;
  endToEndP99Ms: number;
  /** From the first delivery to the last check done. */
  totalSeconds: number;
  /** A valid delivery answered other than 202, or a bad one other than 401. */
  wrongAnswers: number;
}

/**
 * Sends `deliveries` signed deliveries to the world's local server, `concurrency` at a time,
 * waits for the worker to finish every job, and audits what GitHub and the stores hold.
 */
export async function runLoad(
  world: SoakWorld,
  options: LoadOptions,
  whileRunning?: (sent: number) => Promise<void>,
  /** After the last delivery is answered, before waiting for the queue to empty. */
  beforeDrain?: () => Promise<void>,
): Promise<LoadFigures> {
  const plan = new DeliveryPlan(world, options);
  const sent: Delivery[] = [];
  const latencies: number[] = [];
  const answeredAt = new Map<string, number>();
  const statuses: Record<number, number> = {};
  let wrongAnswers = 0;
  const started = performance.now();
  const startedAt = Date.now();
  let next = 0;
  const sender = async (): Promise<void> => {
    while (next < options.deliveries) {
      next++;
      const delivery = plan.next();
      sent.push(delivery);
      // A server that cannot take a delivery now (a 5xx while its store is down, or while an
      // attempt that died holds its claim: up to a minute) gets it again, as an operator
      // redelivers it from the App's settings.
      for (let attempt = 1; ; attempt++) {
        const { status, ms } = await world.post(delivery);
        latencies.push(ms);
        statuses[status] = (statuses[status] ?? 0) + 1;
        if (status >= 500 && attempt < 180) {
          await new Promise((resolve) => setTimeout(resolve, 500));
          continue;
        }
        const expected =
          delivery.kind === 'bad-signature' ? 401 : delivery.kind === 'new' ? 202 : null;
        if (
          expected !== null &&
          status !== expected &&
          !(delivery.kind === 'new' && status === 200)
        )
          wrongAnswers++;
        if (delivery.kind === 'new' && status < 300)
          answeredAt.set(
            jobKey(`${delivery.repo.owner}/${delivery.repo.name}`, delivery.sha),
            Date.now(),
          );
        break;
      }
      if (whileRunning) await whileRunning(sent.length);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, sender));
  const sendSeconds = (performance.now() - started) / 1000;
  await beforeDrain?.();
  await world.service.worker.drained();
  const totalSeconds = (Date.now() - startedAt) / 1000;
  const endToEnd = [...answeredAt]
    .flatMap(([job, at]) => {
      const done = world.doneAt.get(job);
      return done === undefined ? [] : [done - at];
    })
    .sort((a, b) => a - b);
  latencies.sort((a, b) => a - b);
  const figures = await audit(worldAuditTarget(world), sent);
  return {
    ...figures,
    deliveries: sent.length,
    redeliveries: sent.filter((d) => d.kind === 'redelivery').length,
    badSignatures: sent.filter((d) => d.kind === 'bad-signature').length,
    statuses,
    deliveriesPerSecond: sent.length / sendSeconds,
    webhookP50Ms: quantile(latencies, 0.5),
    webhookP99Ms: quantile(latencies, 0.99),
    endToEndP50Ms: quantile(endToEnd, 0.5),
    endToEndP99Ms: quantile(endToEnd, 0.99),
    totalSeconds,
    wrongAnswers,
  };
}
