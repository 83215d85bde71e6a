import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';

export interface ResultsTableProps {
  deletionProtection: boolean;
}

/**
 * The service's one table (functions/store/table.ts): string keys `pk`/`sk`, the `gsi1` index
 * on `gsi1pk`/`gsi1sk` (a branch's history, newest first) and the `expiresAt` TTL attribute
 * (delivery ids). On demand, with point-in-time recovery, and retained with the stack.
 */
export class ResultsTable extends Construct {
  readonly table: dynamodb.Table;

  constructor(scope: Construct, id: string, props: ResultsTableProps) {
    super(scope, id);
    const key = (name: string): dynamodb.Attribute => ({
      name,
      type: dynamodb.AttributeType.STRING,
    });
    this.table = new dynamodb.Table(this, 'Table', {
      partitionKey: key('pk'),
      sortKey: key('sk'),
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      timeToLiveAttribute: 'expiresAt',
      deletionProtection: props.deletionProtection,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.table.addGlobalSecondaryIndex({
      indexName: 'gsi1',
      partitionKey: key('gsi1pk'),
      sortKey: key('gsi1sk'),
      projectionType: dynamodb.ProjectionType.ALL,
    });
  }
}
