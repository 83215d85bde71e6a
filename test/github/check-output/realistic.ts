/**
 * A realistic pull request: it adds a vendor without a location, moves Mailgun to the EU,
 * renames AWS, drops Sentry (fixing its missing GDPR link), and leaves an old TODO and a
 * duplicate listing that were already on the base branch.
 */
import { buildAliasIndex } from '../../../functions/engine/index.js';
import type { CheckRunOutputInput } from '../../../functions/github/check-output/index.js';
import type { PathFinding } from '../../../functions/github/check-output/index.js';
import { docs, party } from './fixtures.js';

const MD = 'policies/subprocessors.md';
const YAML = 'policies/vendors.yaml';

const f = (
  x: Omit<PathFinding, 'docsUrl' | 'related' | 'column' | 'endColumn'> & Partial<PathFinding>,
): PathFinding => ({
  column: 1,
  endColumn: 40,
  docsUrl: docs(x.ruleId),
  related: [],
  ...x,
});

const staleTodo = f({
  path: MD,
  ruleId: 'stale-todo',
  severity: 'error',
  message:
    'TODO is 94 days old (allowed: 30): "TODO: confirm Heroku region". Resolve it or remove it.',
  line: 5,
  endLine: 5,
  thirdParty: null,
  fingerprint: 'v1:0a1b2c3d4e5f60718293a4b5c6d7e8f9',
});
const duplicate = f({
  path: YAML,
  ruleId: 'duplicate-third-party',
  severity: 'warning',
  message: 'Stripe is listed twice in this file (first at line 8).',
  line: 21,
  endLine: 24,
  thirdParty: 'Stripe',
  fingerprint: 'v1:1b2c3d4e5f60718293a4b5c6d7e8f90a',
  related: [{ path: YAML, line: 8, column: 3, message: 'first listing of Stripe' }],
});
const plausibleLocation = f({
  path: MD,
  ruleId: 'location-required',
  severity: 'error',
  message: 'Plausible Analytics has no location. Say where its data is hosted or processed.',
  line: 18,
  endLine: 18,
  thirdParty: 'Plausible Analytics',
  fingerprint: 'v1:2c3d4e5f60718293a4b5c6d7e8f90a1b',
});
const plausibleLink = f({
  path: MD,
  ruleId: 'gdpr-link-kind',
  severity: 'warning',
  message:
    'Plausible Analytics links to a generic privacy policy (https://plausible.io/privacy), not to its DPA or GDPR terms.',
  line: 18,
  endLine: 18,
  thirdParty: 'Plausible Analytics',
  fingerprint: 'v1:3d4e5f60718293a4b5c6d7e8f90a1b2c',
});
const segmentPurpose = f({
  path: MD,
  ruleId: 'purpose-required',
  severity: 'error',
  message: 'Segment has no purpose. Say what it does with the personal data.',
  line: 12,
  endLine: 13,
  thirdParty: 'Segment',
  fingerprint: 'v1:4e5f60718293a4b5c6d7e8f90a1b2c3d',
});
const freshTodo = f({
  path: MD,
  ruleId: 'stale-todo',
  severity: 'notice',
  message: 'TODO(2026-12-01) is due in 40 days: "TODO(2026-12-01): list the new CDN".',
  line: 30,
  endLine: 30,
  thirdParty: null,
  fingerprint: 'v1:5f60718293a4b5c6d7e8f90a1b2c3d4e',
});
const sentryLink = f({
  path: MD,
  ruleId: 'gdpr-link-required',
  severity: 'error',
  message: 'Sentry has no GDPR link. Link to its DPA or GDPR terms with an absolute https URL.',
  line: 14,
  endLine: 14,
  thirdParty: 'Sentry',
  fingerprint: 'v1:60718293a4b5c6d7e8f90a1b2c3d4e5f',
});

export const realisticInput: CheckRunOutputInput = {
  mode: 'pull_request',
  failOn: 'new',
  head: {
    findings: [staleTodo, segmentPurpose, plausibleLocation, plausibleLink, freshTodo, duplicate],
    thirdParties: [
      party(
        'Amazon Web Services',
        'hosting',
        'United States',
        'https://aws.amazon.com/compliance/gdpr-center/',
      ),
      party('Mailgun', 'email delivery', 'EU (Germany)'),
      party('Segment', null, 'United States'),
      party('Plausible Analytics', 'web analytics', null, null),
      party('Stripe', 'payments', 'United States', 'https://stripe.com/legal/dpa', YAML),
      party('Stripe', 'payments', 'United States', 'https://stripe.com/legal/dpa', YAML),
    ],
  },
  base: {
    findings: [staleTodo, segmentPurpose, sentryLink, duplicate],
    thirdParties: [
      party('AWS', 'hosting', 'United States', 'https://aws.amazon.com/compliance/gdpr-center/'),
      party('Mailgun', 'email delivery', 'United States'),
      party('Segment', null, 'United States'),
      party('Sentry', 'error monitoring', 'United States', null),
      party('Stripe', 'payments', 'United States', 'https://stripe.com/legal/dpa', YAML),
      party('Stripe', 'payments', 'United States', 'https://stripe.com/legal/dpa', YAML),
    ],
  },
  changedLines: new Map([[MD, new Set([3, 11, 18, 19, 30])]]),
  annotationCap: 500,
  aliasIndex: buildAliasIndex([['Amazon Web Services', 'AWS']]),
};
