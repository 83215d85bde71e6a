import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { acknowledge } from '../acknowledge.js';

export interface GitHubSecretsProps {
  /** Complete ARN of an existing webhook secret; absent, one is created with a random value. */
  webhookSecretArn?: string;
  /** Complete ARN of an existing private-key secret; absent, an empty one is created. */
  privateKeySecretArn?: string;
}

/**
 * The GitHub App's two credentials, as two secrets so that each function's role can read only
 * the one it needs: the webhook secret (the webhook function) and the App's private key (the
 * functions that call GitHub). Created ones are filled in after the first deploy (README).
 */
export class GitHubSecrets extends Construct {
  readonly webhookSecret: secretsmanager.ISecret;
  readonly privateKey: secretsmanager.ISecret;

  constructor(scope: Construct, id: string, props: GitHubSecretsProps) {
    super(scope, id);
    if (props.webhookSecretArn) {
      this.webhookSecret = secretsmanager.Secret.fromSecretCompleteArn(
        this,
        'Webhook',
        props.webhookSecretArn,
      );
    } else {
      this.webhookSecret = new secretsmanager.Secret(this, 'Webhook', {
        description:
          'policy-checker: the GitHub App webhook secret (generated; copy it into the App settings)',
        generateSecretString: { passwordLength: 48, excludePunctuation: true },
      });
      acknowledge(
        this.webhookSecret,
        'AwsSolutions-SMG4',
        "The webhook secret is shared with the GitHub App's settings, which only a person can change: a rotation function could not update GitHub. It is rotated by hand (README, Operating), the new value in GitHub and here at once.",
      );
    }
    if (props.privateKeySecretArn) {
      this.privateKey = secretsmanager.Secret.fromSecretCompleteArn(
        this,
        'PrivateKey',
        props.privateKeySecretArn,
      );
    } else {
      this.privateKey = new secretsmanager.Secret(this, 'PrivateKey', {
        description:
          "policy-checker: the GitHub App's private key, PEM (put-secret-value after the first deploy)",
      });
      acknowledge(
        this.privateKey,
        'AwsSolutions-SMG4',
        'GitHub issues the App private keys and no API creates one: rotating is generating a new key in the App settings, putting it here, then deleting the old key on GitHub (README, Operating).',
      );
    }
  }
}
