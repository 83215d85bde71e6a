import { Stack } from 'aws-cdk-lib';
import type { Template } from 'aws-cdk-lib/assertions';
import type { CfnRole } from 'aws-cdk-lib/aws-iam';
import { beforeAll, describe, expect, it } from 'vitest';
import type { PolicyCheckerStack } from '../../infra/policy-checker-stack.js';
import { allowing, synthStack, type Statement } from './synth-stack.js';

/**
 * Security property 4 (issue 9): who can sign snapshots and who can read the App's private key.
 * test/infra/stack.test.ts checks, for the default settings, each function role's own policy
 * (only publish may kms:Sign; each reads its own secret) and the key policy's Sign statements.
 * This file checks what that leaves open: every role and policy document in the template, not
 * only the four functions' (a role a construct adds later is covered too), no Allow written with
 * NotAction / NotResource / NotPrincipal (which `allowing` cannot see through), the account
 * root's key administration without Sign, and the same invariants under every setting that
 * changes roles or secrets (trust-check, existing secrets by ARN, a custom domain).
 */

interface Synthesized {
  stack: PolicyCheckerStack;
  template: Template;
}

const ARN = (name: string) => `arn:aws:secretsmanager:eu-west-1:111111111111:secret:${name}-AbC123`;
const VARIANTS: [string, Record<string, unknown>][] = [
  ['the default settings', {}],
  ['trust-check publishing', { defaultBranchPublish: 'trust-check' }],
  ['existing secrets by ARN', { webhookSecretArn: ARN('hook'), privateKeySecretArn: ARN('key') }],
  [
    'a custom snapshot domain',
    {
      snapshotDomainName: 'trust.example.com',
      snapshotCertificateArn: 'arn:aws:acm:us-east-1:111111111111:certificate/abc',
    },
  ],
];

const synthesized = new Map<string, Synthesized>();
beforeAll(() => {
  for (const [name, context] of VARIANTS) synthesized.set(name, synthStack(context));
}, 240_000);

type Resources = Record<string, { Type: string; Properties?: Record<string, unknown> }>;
const resources = (t: Template): Resources => (t.toJSON() as { Resources: Resources }).Resources;

/** Every identity statement in the template, by the logical id of the role it applies to. */
function statementsByRole(t: Template): Map<string, Statement[]> {
  const byRole = new Map<string, Statement[]>();
  const add = (role: string, statements: Statement[]) =>
    byRole.set(role, [...(byRole.get(role) ?? []), ...statements]);
  for (const [id, resource] of Object.entries(resources(t))) {
    const p = resource.Properties ?? {};
    if (resource.Type === 'AWS::IAM::Role') {
      add(id, []);
      for (const inline of (p.Policies as { PolicyDocument: { Statement: Statement[] } }[]) ?? [])
        add(id, inline.PolicyDocument.Statement);
    }
    if (resource.Type === 'AWS::IAM::Policy' || resource.Type === 'AWS::IAM::ManagedPolicy') {
      const statements = (p.PolicyDocument as { Statement: Statement[] }).Statement;
      for (const role of (p.Roles as { Ref: string }[]) ?? []) add(role.Ref, statements);
    }
  }
  return byRole;
}

/** Every policy document statement of any kind: identity, key, bucket, queue, topic, secret. */
function allStatements(t: Template): Statement[] {
  const out: Statement[] = [];
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(walk);
    if (typeof value !== 'object' || value === null) return;
    const record = value as Record<string, unknown>;
    if (Array.isArray(record.Statement) && typeof record.Version === 'string')
      out.push(...(record.Statement as Statement[]));
    else Object.values(record).forEach(walk);
  };
  walk(resources(t));
  return out;
}

const roleId = (s: Synthesized, fn: 'webhook' | 'check' | 'deadLetter' | 'publish') =>
  Stack.of(s.stack).getLogicalId(s.stack[fn].role.node.defaultChild as CfnRole);

/** How the template names a secret: `{ Ref }` for one it creates, the ARN for an existing one. */
function secretRef(s: Synthesized, secret: 'webhookSecret' | 'privateKey'): unknown {
  const construct = s.stack.secrets[secret];
  const child = construct.node.defaultChild;
  return child ? { Ref: Stack.of(s.stack).getLogicalId(child as never) } : construct.secretArn;
}

const resourcesOf = (statements: Statement[]): unknown[] =>
  statements.flatMap((st) => (Array.isArray(st.Resource) ? st.Resource : [st.Resource]));

describe.each(VARIANTS.map(([name]) => name))('with %s', (variant) => {
  const s = () => synthesized.get(variant)!;

  it('writes no Allow with NotAction, NotResource or NotPrincipal anywhere', () => {
    // Identity, key, bucket and queue policies: the walk finds them all.
    expect(allStatements(s().template).length).toBeGreaterThan(20);
    const loose = allStatements(s().template).filter(
      (st) =>
        st.Effect === 'Allow' &&
        ['NotAction', 'NotResource', 'NotPrincipal'].some((key) => key in st),
    );
    expect(loose).toEqual([]);
  });

  it('gives kms:Sign to the publish role only, of all the roles in the template', () => {
    const signers = [...statementsByRole(s().template)]
      .filter(([, statements]) => allowing(statements, 'kms:Sign').length > 0)
      .map(([role]) => role);
    expect(signers).toEqual([roleId(s(), 'publish')]);
    // The check role in particular: it reads results and calls GitHub, it never signs.
    const check = statementsByRole(s().template).get(roleId(s(), 'check'))!;
    expect(allowing(check, 'kms:Sign')).toEqual([]);
    expect(allowing(check, 'kms:CreateGrant')).toEqual([]);
  });

  it('lets no role but check, dead-letter and publish read the private key; never the webhook', () => {
    const key = secretRef(s(), 'privateKey');
    const readers = [...statementsByRole(s().template)]
      .filter(([, statements]) =>
        resourcesOf(allowing(statements, 'secretsmanager:GetSecretValue')).some(
          (r) => JSON.stringify(r) === JSON.stringify(key) || r === '*',
        ),
      )
      .map(([role]) => role)
      .sort();
    const expected = (['check', 'deadLetter', 'publish'] as const)
      .filter((fn) => fn !== 'publish' || variant !== 'trust-check publishing')
      .map((fn) => roleId(s(), fn))
      .sort();
    expect(readers).toEqual(expected);
    const webhook = statementsByRole(s().template).get(roleId(s(), 'webhook'))!;
    expect(resourcesOf(allowing(webhook, 'secretsmanager:GetSecretValue'))).toEqual([
      secretRef(s(), 'webhookSecret'),
    ]);
    // Nor through a resource policy on the secret.
    expect(
      Object.values(resources(s().template)).filter(
        (r) => r.Type === 'AWS::SecretsManager::ResourcePolicy',
      ),
    ).toEqual([]);
  });

  it('lets the webhook role use no KMS key at all', () => {
    const webhook = statementsByRole(s().template).get(roleId(s(), 'webhook'))!;
    expect(webhook.flatMap((st) => [st.Action].flat()).filter((a) => /^kms:|^\*$/.test(a))).toEqual(
      [],
    );
  });

  it('administers the key from the account root without Sign, and denies Sign to all but publish', () => {
    const [key] = Object.values(resources(s().template)).filter((r) => r.Type === 'AWS::KMS::Key');
    const policy = (key!.Properties!.KeyPolicy as { Statement: Statement[] }).Statement;
    const root = policy.filter(
      (st) => st.Effect === 'Allow' && JSON.stringify(st.Principal).includes(':root'),
    );
    expect(root).toHaveLength(1);
    for (const action of ['kms:Sign', 'kms:*']) expect(allowing(root, action)).toEqual([]);
    // The deny holds for every principal (grants included: a key policy's deny overrides them),
    // with the publish role as the only exception and no other condition to slip through.
    const denies = policy.filter((st) => st.Effect === 'Deny');
    expect(denies).toEqual([
      expect.objectContaining({
        Principal: { AWS: '*' },
        Action: 'kms:CreateGrant',
        Resource: '*',
      }),
      expect.objectContaining({
        Principal: { AWS: '*' },
        Action: 'kms:Sign',
        Resource: '*',
        Condition: {
          ArnNotEquals: {
            'aws:PrincipalArn': { 'Fn::GetAtt': [roleId(s(), 'publish'), 'Arn'] },
          },
        },
      }),
    ]);
  });

  it('leaves no grant path: nobody may create a grant on the signing key', () => {
    // A grant hands out Sign outside the key policy; the account root's `kms:Create*` allowed it.
    const [key] = Object.values(resources(s().template)).filter((r) => r.Type === 'AWS::KMS::Key');
    const policy = (key!.Properties!.KeyPolicy as { Statement: Statement[] }).Statement;
    expect(allowing(policy, 'kms:CreateGrant')).toEqual([]);
    const deny = policy.filter(
      (st) =>
        st.Effect === 'Deny' &&
        [st.Action].flat().includes('kms:CreateGrant') &&
        JSON.stringify(st.Principal) === JSON.stringify({ AWS: '*' }),
    );
    expect(deny).toHaveLength(1);
    expect(deny[0]!.Condition).toBeUndefined();
    for (const [role, statements] of statementsByRole(s().template))
      expect({ role, grants: allowing(statements, 'kms:CreateGrant') }).toEqual({
        role,
        grants: [],
      });
  });
});
