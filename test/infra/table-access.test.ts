import { Stack } from 'aws-cdk-lib';
import type { CfnRole } from 'aws-cdk-lib/aws-iam';
import { beforeAll, describe, expect, it } from 'vitest';
import type { PolicyCheckerStack } from '../../infra/policy-checker-stack.js';
import { checkRunKey } from '../../functions/store/check-runs.js';
import { commitJobKey, deliveryKey } from '../../functions/store/deliveries.js';
import { bodyKey, rerunsKey } from '../../functions/store/replay-guard.js';
import { commitKey, latestKey } from '../../functions/store/result-keys.js';
import { snapshotSequencePk } from '../../functions/store/snapshot-sequence.js';
import type { Template } from 'aws-cdk-lib/assertions';
import { allowing, synthStack, type Statement } from './synth-stack.js';

/**
 * Issue 15, point 10: each function's role reaches only the table items its own code writes,
 * by `dynamodb:LeadingKeys`. Before, every role could write every item: a bug in the webhook
 * (the one function facing the internet) could have forged a snapshot sequence claim or a
 * check result. The keys are made by the store's own key builders, so a renamed prefix fails
 * here rather than in AWS; the policies are read from the synthesized template and evaluated
 * the way IAM evaluates them (StringLike, ForAllValues, Null), for every role in it.
 */

const REPO = 'acme/site';
const SHA = '6113728f27ae82c7b1a177c8d03f9e96e0adf246';
const pk = (key: Record<string, { S?: string }>): string => key.pk!.S!;

/** One real partition key of each kind of item in the table. */
const ITEMS = {
  delivery: pk(deliveryKey('72d3162e-cc78-11e3-81ab-4c9367dc0958')),
  commitJob: pk(commitJobKey({ repo: { owner: 'acme', name: 'site' }, sha: SHA })),
  bodyDigest: pk(bodyKey('ab'.repeat(32))),
  rerunCounter: pk(rerunsKey(`${REPO}#${SHA}`, 493_000)),
  result: pk(commitKey(REPO, SHA)),
  checkRun: pk(checkRunKey(REPO, SHA)),
  latest: pk(latestKey(REPO)),
  snapshotClaim: snapshotSequencePk(123_456),
} as const;
type Item = keyof typeof ITEMS;

const WRITES = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'];
const READS = ['dynamodb:GetItem', 'dynamodb:Query'];

const like = (pattern: string, value: string): boolean =>
  new RegExp(
    `^${pattern
      .split('')
      .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
      .join('')}$`,
  ).test(value);

/** Whether a statement's conditions hold for a request on one partition key; unknown ones fail. */
function conditionHolds(condition: Statement['Condition'], key: string): boolean {
  for (const [operator, entries] of Object.entries(condition ?? {}))
    for (const [name, value] of Object.entries(entries as Record<string, unknown>)) {
      if (name !== 'dynamodb:LeadingKeys') throw new Error(`no evaluator for ${name}`);
      const values = [value].flat() as string[];
      if (operator === 'ForAllValues:StringLike') {
        if (!values.some((p) => like(p, key))) return false;
      } else if (operator === 'Null') {
        if (values[0] !== 'false') return false; // a request on an item always has its key
      } else throw new Error(`no evaluator for ${operator}`);
    }
  return true;
}

interface Synthesized {
  stack: PolicyCheckerStack;
  template: Template;
}

type Resources = Record<string, { Type: string; Properties?: Record<string, unknown> }>;

/** Every role's identity statements, inline and attached. */
function statementsByRole(t: Template): Map<string, Statement[]> {
  const byRole = new Map<string, Statement[]>();
  const resources = (t.toJSON() as { Resources: Resources }).Resources;
  for (const [id, r] of Object.entries(resources)) {
    const p = r.Properties ?? {};
    if (r.Type === 'AWS::IAM::Role') {
      const inline = (p.Policies as { PolicyDocument: { Statement: Statement[] } }[]) ?? [];
      byRole.set(id, [
        ...(byRole.get(id) ?? []),
        ...inline.flatMap((i) => i.PolicyDocument.Statement),
      ]);
    }
    if (r.Type === 'AWS::IAM::Policy' || r.Type === 'AWS::IAM::ManagedPolicy')
      for (const role of (p.Roles as { Ref: string }[]) ?? [])
        byRole.set(role.Ref, [
          ...(byRole.get(role.Ref) ?? []),
          ...(p.PolicyDocument as { Statement: Statement[] }).Statement,
        ]);
  }
  return byRole;
}

/** The items a role may do any of `actions` to, as IAM would decide it. */
function reachable(statements: Statement[], actions: string[]): Item[] {
  return (Object.keys(ITEMS) as Item[]).filter((item) =>
    actions.some((action) => {
      const denied = statements.some(
        (st) =>
          st.Effect === 'Deny' &&
          [st.Action].flat().includes(action) &&
          conditionHolds(st.Condition, ITEMS[item]),
      );
      return (
        !denied &&
        allowing(statements, action).some((st) => conditionHolds(st.Condition, ITEMS[item]))
      );
    }),
  );
}

const VARIANTS: [string, Record<string, unknown>][] = [
  ['the default settings', {}],
  ['trust-check publishing', { defaultBranchPublish: 'trust-check' }],
];
const synthesized = new Map<string, Synthesized>();
beforeAll(() => {
  for (const [name, context] of VARIANTS) synthesized.set(name, synthStack(context));
}, 240_000);

describe.each(VARIANTS.map(([name]) => name))('with %s', (variant) => {
  const s = () => synthesized.get(variant)!;
  const role = (fn: 'webhook' | 'check' | 'deadLetter' | 'publish') =>
    Stack.of(s().stack).getLogicalId(s().stack[fn].role.node.defaultChild as CfnRole);
  const of = (fn: 'webhook' | 'check' | 'deadLetter' | 'publish') =>
    statementsByRole(s().template).get(role(fn))!;

  it('the webhook writes only its delivery, replay and re-run records: no result, run or claim', () => {
    expect(reachable(of('webhook'), WRITES)).toEqual([
      'delivery',
      'commitJob',
      'bodyDigest',
      'rerunCounter',
    ]);
    // It reads the commit's run, to refuse a rerequest of an older one (IAM: results too).
    expect(reachable(of('webhook'), READS)).toEqual([
      'delivery',
      'commitJob',
      'bodyDigest',
      'rerunCounter',
      'result',
      'checkRun',
    ]);
  });

  it('the check writes its runs and results, never a delivery or a snapshot claim', () => {
    expect(reachable(of('check'), WRITES)).toEqual(['result', 'checkRun', 'latest']);
    expect(reachable(of('check'), READS)).toEqual(['result', 'checkRun', 'latest']);
  });

  it('the dead-letter function updates runs (IAM cannot tell them from results: one key)', () => {
    expect(reachable(of('deadLetter'), WRITES)).toEqual(['result', 'checkRun']);
    expect(reachable(of('deadLetter'), ['dynamodb:PutItem', 'dynamodb:DeleteItem'])).toEqual([]);
  });

  it('the publish function writes snapshot claims only, and reads the result it publishes', () => {
    expect(reachable(of('publish'), WRITES)).toEqual(['snapshotClaim']);
    expect(reachable(of('publish'), READS)).toEqual(['result', 'checkRun', 'snapshotClaim']);
    // snapshot-sequence.ts reads one claim back by its key, not only by a query.
    expect(reachable(of('publish'), ['dynamodb:GetItem'])).toContain('snapshotClaim');
  });

  it('of all the roles in the template, only publish can write a snapshot claim', () => {
    const writers = (item: Item) =>
      [...statementsByRole(s().template)]
        .filter(([, statements]) => reachable(statements, WRITES).includes(item))
        .map(([id]) => id);
    expect(writers('snapshotClaim')).toEqual([role('publish')]);
    expect(writers('delivery')).toEqual([role('webhook')]);
    expect(writers('latest')).toEqual([role('check')]);
  });

  it('every table grant carries a leading-key condition that a keyless request cannot pass', () => {
    const grants = [...statementsByRole(s().template).values()]
      .flat()
      .filter((st) => [st.Action].flat().some((a) => a.startsWith('dynamodb:')));
    expect(grants.length).toBeGreaterThanOrEqual(5);
    for (const st of grants)
      expect(st.Condition).toEqual({
        'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': expect.any(Array) },
        Null: { 'dynamodb:LeadingKeys': 'false' },
      });
  });
});
