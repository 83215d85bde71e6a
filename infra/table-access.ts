import * as iam from 'aws-cdk-lib/aws-iam';

/** One grant on the results table: item operations on the items whose partition key matches. */
export interface ItemAccess {
  /** `dynamodb:LeadingKeys` patterns (IAM StringLike: `*` is any run of characters). */
  keys: readonly string[];
  operations: readonly ('GetItem' | 'PutItem' | 'UpdateItem' | 'DeleteItem' | 'Query')[];
}

/**
 * What each function's code does to the table, by partition key (functions/store/table.ts lists
 * the owners): an engine or parser bug in one function cannot reach another's items. IAM sees
 * only the partition key, so the check runs (`REPO#… RUN#…`) and the results
 * (`REPO#… COMMIT#…`) of a repository share one grant.
 */
export const TABLE_ACCESS = {
  // deliveries.ts: delivery claims and the per-commit job collapse records; replay-guard.ts:
  // the digests of signed bodies, the re-run counters, and a read of the commit's run (a
  // rerequest must name the current one).
  webhook: [
    {
      keys: ['DELIVERY#*', 'COMMITJOB#*', 'BODY#*', 'RERUNS#*'],
      operations: ['GetItem', 'PutItem', 'UpdateItem', 'DeleteItem'],
    },
    { keys: ['REPO#*'], operations: ['GetItem'] },
  ],
  // check-runs.ts (the run of a commit) and results.ts (its result, and the repository's latest).
  check: [{ keys: ['REPO#*', 'LATEST'], operations: ['GetItem', 'PutItem', 'UpdateItem'] }],
  // check-runs.ts only: it completes the run of a dead job, and writes no result.
  deadLetter: [{ keys: ['REPO#*'], operations: ['GetItem', 'UpdateItem'] }],
  // results.ts read (the result it publishes); snapshot-sequence.ts and adopt-legacy-chain.ts,
  // the chain's claims and head (`SNAPSHOT#ID#<repository id>`, and the chains keyed by name
  // before it).
  publish: [
    { keys: ['REPO#*'], operations: ['GetItem'] },
    { keys: ['SNAPSHOT#*'], operations: ['GetItem', 'PutItem', 'UpdateItem', 'Query'] },
  ],
} as const satisfies Record<string, readonly ItemAccess[]>;

/**
 * Allows `role` the item operations of `access` on the table itself (never `gsi1`, never a
 * scan), each limited to its partition keys. `ForAllValues` holds vacuously for a request with
 * no leading key, so the `Null` condition requires one.
 */
export function allowTableItems(
  role: iam.IRole,
  tableArn: string,
  access: readonly ItemAccess[],
): void {
  for (const { keys, operations } of access)
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: operations.map((op) => `dynamodb:${op}`),
        resources: [tableArn],
        conditions: {
          'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [...keys] },
          Null: { 'dynamodb:LeadingKeys': 'false' },
        },
      }),
    );
}
