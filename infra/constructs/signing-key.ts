import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';

/**
 * The snapshot signing key: ECDSA P-256 (`ECC_NIST_P256`, `SIGN_VERIFY`), the algorithm a local
 * key uses too, so `openssl dgst -sha256 -verify` checks either. Its key policy is the only
 * policy that counts: the account may administer the key but not sign with it (no `kms:*` for
 * the account root, so no IAM policy can grant signing), and `allowSigning` names the one role
 * that may, with a deny for every other principal besides. Nobody may create a grant on it: a
 * grant is a second way to hand out Sign, outside the key policy.
 */

/**
 * CDK's key administration actions (aws-kms `ADMIN_ACTIONS`) without `kms:Create*`, whose only
 * action on an existing key is `kms:CreateGrant`; `kms:CreateAlias` is named instead.
 */
const ADMIN_ACTIONS = [
  'kms:CreateAlias',
  'kms:Describe*',
  'kms:Enable*',
  'kms:List*',
  'kms:Put*',
  'kms:Update*',
  'kms:Revoke*',
  'kms:Disable*',
  'kms:Get*',
  'kms:Delete*',
  'kms:TagResource',
  'kms:UntagResource',
  'kms:ScheduleKeyDeletion',
  'kms:CancelKeyDeletion',
];
export class SigningKey extends Construct {
  readonly key: kms.Key;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.key = new kms.Key(this, 'Key', {
      description: 'policy-checker: signs published snapshots (ECDSA P-256, SHA-256)',
      keySpec: kms.KeySpec.ECC_NIST_P256,
      keyUsage: kms.KeyUsage.SIGN_VERIFY,
      // Replaces the default policy (which gives the account root kms:*).
      policy: new iam.PolicyDocument({
        statements: [
          // The account administers the key (PutKeyPolicy too: KMS refuses a key policy that
          // locks its creator out), so its administrators remain the root of trust.
          new iam.PolicyStatement({
            sid: 'AccountAdministers',
            principals: [new iam.AccountRootPrincipal()],
            actions: ADMIN_ACTIONS,
            resources: ['*'],
          }),
          new iam.PolicyStatement({
            sid: 'NobodyCreatesGrants',
            effect: iam.Effect.DENY,
            principals: [new iam.AnyPrincipal()],
            actions: ['kms:CreateGrant'],
            resources: ['*'],
          }),
        ],
      }),
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
