import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';

/**
 * The snapshot signing key: ECDSA P-256 (`ECC_NIST_P256`, `SIGN_VERIFY`), the algorithm a local
 * key uses too, so `openssl dgst -sha256 -verify` checks either. Its key policy is the only
 * policy that counts: the account may administer the key but not sign with it (no `kms:*` for
 * the account root, so no IAM policy can grant signing), and `allowSigning` names the one role
 * that may, with a deny for every other principal besides.
 */
export class SigningKey extends Construct {
  readonly key: kms.Key;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.key = new kms.Key(this, 'Key', {
      description: 'policy-checker: signs published snapshots (ECDSA P-256, SHA-256)',
      keySpec: kms.KeySpec.ECC_NIST_P256,
      keyUsage: kms.KeyUsage.SIGN_VERIFY,
      // Replaces the default policy (which gives the account root kms:*).
      policy: new iam.PolicyDocument(),
      admins: [new iam.AccountRootPrincipal()],
      // Old snapshots name this key; deleting it is a decision, not a side effect.
      removalPolicy: RemovalPolicy.RETAIN,
      pendingWindow: Duration.days(30),
    });
  }

  /** Lets `role` (and nothing else) sign, and read the public key that is the snapshots' key id. */
  allowSigning(role: iam.IRole): void {
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'PublishFunctionSigns',
        principals: [role],
        actions: ['kms:Sign', 'kms:GetPublicKey'],
        resources: ['*'],
      }),
    );
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'NobodyElseSigns',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: ['kms:Sign'],
        resources: ['*'],
        conditions: { ArnNotEquals: { 'aws:PrincipalArn': role.roleArn } },
      }),
    );
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['kms:Sign', 'kms:GetPublicKey'],
        resources: [this.key.keyArn],
      }),
    );
  }
}
