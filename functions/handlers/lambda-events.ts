/** The parts of Lambda's SQS event and context the queue consumers read. */
export interface SqsEvent {
  Records: {
    messageId: string;
    body: string;
    receiptHandle: string;
    attributes?: { ApproximateReceiveCount?: string };
  }[];
}

export interface LambdaContext {
  getRemainingTimeInMillis(): number;
}
