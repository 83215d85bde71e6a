import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { CfnRole } from 'aws-cdk-lib/aws-iam';
import { buildApp } from '../../infra/build-app.js';
import type { ServiceFunction } from '../../infra/constructs/service-function.js';
import type { PolicyCheckerStack } from '../../infra/policy-checker-stack.js';

/** A policy statement as it appears in the template (values left unresolved). */
export interface Statement {
  Effect: 'Allow' | 'Deny';
  Action: string | string[];
  Resource?: unknown;
  Principal?: unknown;
  Condition?: Record<string, unknown>;
  Sid?: string;
}

export const APP_ID = '123456';

/**
 * The app as `cdk synth` builds it, in memory and without bundling (the empty
 * `aws:cdk:bundling-stacks` leaves the functions' assets as placeholders, so esbuild never
 * runs here; test/infra/bundle.test.ts synthesizes once with the real bundles).
 */
export function synthStack(context: Record<string, unknown> = {}): {
  stack: PolicyCheckerStack;
  template: Template;
} {
  const { stack } = buildApp({
    context: { 'aws:cdk:bundling-stacks': [], githubAppId: APP_ID, ...context },
  });
  return { stack, template: Template.fromStack(stack) };
}

/** Every statement of the identity policies attached to a function's role. */
export function roleStatements(template: Template, fn: ServiceFunction): Statement[] {
  const roleId = Stack.of(fn).getLogicalId(fn.role.node.defaultChild as CfnRole);
  const policies = template.findResources('AWS::IAM::Policy');
  return Object.values(policies)
    .filter((policy) =>
      (policy.Properties.Roles as { Ref?: string }[]).some((role) => role.Ref === roleId),
    )
    .flatMap((policy) => policy.Properties.PolicyDocument.Statement as Statement[]);
}

export const actionsOf = (statements: Statement[]): string[] =>
  statements.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]));

/** The statements that allow `action` (exactly, or through a `service:*` / `service:Prefix*`). */
export function allowing(statements: Statement[], action: string): Statement[] {
  return statements.filter(
    (s) =>
      s.Effect === 'Allow' &&
      (Array.isArray(s.Action) ? s.Action : [s.Action]).some((a) =>
        new RegExp(`^${a.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`).test(
          action,
        ),
      ),
  );
}

/** The logical id of a construct's CloudFormation resource, as `{ Ref }` and `Fn::GetAtt` name it. */
export function logicalId(construct: { node: { defaultChild?: unknown } }, stack: Stack): string {
  return stack.getLogicalId(construct.node.defaultChild as never);
}

/** A function's environment variables in the template. */
export function environmentOf(template: Template, fn: ServiceFunction): Record<string, unknown> {
  const id = Stack.of(fn).getLogicalId(fn.fn.node.defaultChild as never);
  const resource = template.toJSON().Resources[id] as {
    Properties: { Environment: { Variables: Record<string, unknown> } };
  };
  return resource.Properties.Environment.Variables;
}
