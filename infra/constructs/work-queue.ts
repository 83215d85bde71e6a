import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

/**
 * AWS's advice for a Lambda event source: a visibility timeout of at least six times the
 * function's timeout, so a batch retried after throttling is not delivered twice meanwhile.
 */
export const VISIBILITY_PER_TIMEOUT = 6;

export interface WorkQueueProps {
  /** The timeout of the function that consumes the queue; the visibility timeout follows it. */
  consumerTimeout: Duration;
  /** Receives before a message moves to the dead-letter queue. */
  maxReceiveCount: number;
  /** Also the dead-letter consumer's timeout, when the dead-letter queue has a consumer. */
  deadLetterConsumerTimeout?: Duration;
  /** What the alarms say when they fire. */
  purpose: string;
}

/**
 * A queue of work with its dead-letter queue (14 days: the most SQS keeps a message), both
 * SSE-encrypted and TLS only, and two alarms on the dead-letter queue: its depth (visible plus
 * in flight, so a message its consumer is settling counts) and the age of its oldest message
 * (one that nothing could settle).
 */
export class WorkQueue extends Construct {
  readonly queue: sqs.Queue;
  readonly deadLetterQueue: sqs.Queue;
  readonly depthAlarm: cloudwatch.Alarm;
  readonly ageAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: WorkQueueProps) {
    super(scope, id);
    const secured = { encryption: sqs.QueueEncryption.SQS_MANAGED, enforceSSL: true } as const;
    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetters', {
      ...secured,
      retentionPeriod: Duration.days(14),
      visibilityTimeout: visibilityFor(props.deadLetterConsumerTimeout ?? Duration.seconds(30)),
    });
    this.queue = new sqs.Queue(this, 'Queue', {
      ...secured,
      visibilityTimeout: visibilityFor(props.consumerTimeout),
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: props.maxReceiveCount },
    });
    const dlq = this.deadLetterQueue;
    const period = Duration.minutes(5);
    this.depthAlarm = new cloudwatch.Alarm(this, 'DeadLetterDepth', {
      alarmDescription: `${props.purpose}: a message reached the dead-letter queue after ${props.maxReceiveCount} attempts`,
      metric: new cloudwatch.MathExpression({
        label: 'messages in the dead-letter queue',
        expression: 'visible + inFlight',
        usingMetrics: {
          visible: dlq.metricApproximateNumberOfMessagesVisible({ period, statistic: 'Maximum' }),
          inFlight: dlq.metricApproximateNumberOfMessagesNotVisible({
            period,
            statistic: 'Maximum',
          }),
        },
        period,
      }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    this.ageAlarm = new cloudwatch.Alarm(this, 'DeadLetterAge', {
      alarmDescription: `${props.purpose}: a dead-lettered message has waited over an hour; nothing settled it`,
      metric: dlq.metricApproximateAgeOfOldestMessage({ period, statistic: 'Maximum' }),
      threshold: Duration.hours(1).toSeconds(),
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
  }
}

function visibilityFor(timeout: Duration): Duration {
  return Duration.seconds(timeout.toSeconds() * VISIBILITY_PER_TIMEOUT);
}
