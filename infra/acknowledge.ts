import { Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/**
 * Acknowledges one cdk-nag finding (or CDK warning) on a construct and everything under it,
 * with the reason it is acceptable here. Every acknowledgement in the stack goes through this
 * function, and a reason is required: an acknowledgement without one is a silenced error.
 */
export function acknowledge(scope: IConstruct, id: string, reason: string): void {
  if (reason.trim().length < 40)
    throw new Error(`acknowledge ${id}: say why it is acceptable here (40 characters at least)`);
  Validations.of(scope).acknowledge({ id, reason });
}
