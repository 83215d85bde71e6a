import { LocalJobQueue } from '../../functions/jobs/local-job-queue.js';
import { DeliveryStore } from '../../functions/store/deliveries.js';
import type { DeliveryServices } from '../../functions/webhook/handle-delivery.js';
import { SECRET } from '../webhook/webhook-examples.js';
import type { LocalEngines } from './local-engines.js';

/** The webhook's services on a fresh table: the real delivery store and the local job queue. */
export async function webhookServicesOn(
  engines: LocalEngines,
): Promise<{ services: DeliveryServices; queue: LocalJobQueue; table: string }> {
  const table = await engines.newTable();
  const queue = new LocalJobQueue({ client: engines.dynamo, tableName: table });
  const deliveries = new DeliveryStore({ client: engines.dynamo, tableName: table });
  return { services: { secret: SECRET, deliveries, queue }, queue, table };
}
