import { App, Validations, type AppProps } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { PolicyCheckerStack } from './policy-checker-stack.js';
import { readSettings } from './settings.js';

export const DEFAULT_STACK_NAME = 'PolicyChecker';

/**
 * The CDK app: one stack, configured from context (cdk.json, `-c key=value`), checked by
 * cdk-nag's AwsSolutions pack at synth time (an unacknowledged error stops the synth).
 */
export function buildApp(props: AppProps = {}): { app: App; stack: PolicyCheckerStack } {
  const app = new App(props);
  const stackName = String(app.node.tryGetContext('stackName') ?? DEFAULT_STACK_NAME);
  const stack = new PolicyCheckerStack(app, stackName, {
    stackName,
    description: 'policy-checker: policy-as-code checks for privacy documents (GitHub App)',
    settings: readSettings(app.node),
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack };
}
