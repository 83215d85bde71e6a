/**
 * A hand-built report as the engine would produce it for a small repository:
 * a Markdown subprocessor page, a structured YAML vendor list that names the
 * same vendor, and an archived file that could not be read.
 */
import type { Finding, Report } from '../../functions/engine/model.js';
import type { SarifRule } from '../../functions/engine/report/index.js';

const docs = (ruleId: string): string => `https://policy-checker.example/docs/rules/${ruleId}.md`;

const MD = 'policies/subprocessors.md';
const YAML = 'policies/vendors.yaml';

type FindingInput = Omit<Finding, 'docsUrl' | 'related' | 'thirdParty'> &
  Partial<Pick<Finding, 'related' | 'thirdParty'>>;

// Keys in the order of the DESIGN.md example, so report.json reads like it.
const finding = ({
  related = [],
  thirdParty = null,
  fingerprint,
  ...f
}: FindingInput): Finding => ({
  ...f,
  thirdParty,
  docsUrl: docs(f.ruleId),
  fingerprint,
  related,
});

/** The fixture report: three files, ten findings of eight rules, one file that could not be read. */
export const report: Report = {
  version: 1,
  files: [
    {
      path: MD,
      format: 'markdown',
      thirdParties: [
        {
          name: 'Amazon Web Services',
          line: 11,
          endLine: 11,
          purpose: 'hosting',
          location: 'United States',
          countries: ['US'],
          gdprLink: 'https://aws.amazon.com/compliance/gdpr-center/',
          links: [
            { text: 'Amazon Web Services', url: 'https://aws.amazon.com/compliance/gdpr-center/' },
          ],
        },
        {
          name: 'Mailgun',
          line: 12,
          endLine: 14,
          purpose: 'email processing',
          location: null,
          countries: [],
          gdprLink: 'https://www.mailgun.com/gdpr',
          links: [{ text: 'GDPR', url: 'https://www.mailgun.com/gdpr' }],
        },
        {
          name: 'Segment',
          line: 20,
          endLine: 23,
          purpose: 'product analytics',
          location: 'United States',
          countries: ['US'],
          gdprLink: null,
          links: [{ text: 'Privacy Policy', url: 'https://segment.com/legal/privacy/' }],
        },
        {
          name: 'Stripe',
          line: 26,
          endLine: 28,
          purpose: 'payments',
          location: 'EU (Ireland)',
          countries: ['EU', 'IE'],
          gdprLink: 'https://stripe.com/legal/dpa',
          links: [{ text: 'DPA', url: 'https://stripe.com/legal/dpa' }],
        },
        {
          name: 'Stripe',
          line: 41,
          endLine: 42,
          purpose: 'billing',
          location: 'EU (Ireland)',
          countries: ['EU', 'IE'],
          gdprLink: 'https://stripe.com/legal/dpa',
          links: [{ text: 'DPA', url: 'https://stripe.com/legal/dpa' }],
        },
      ],
      todos: [
        { line: 5, text: "TODO: confirm Segment's data region with legal", due: null },
        {
          line: 23,
          text: 'TODO(2026-01-10): remove Segment once the migration ships',
          due: '2026-01-10',
        },
      ],
      errors: [],
      findings: [
        finding({
          ruleId: 'stale-todo',
          severity: 'notice',
          message: `TODO is 12 days old (limit 30 days): "TODO: confirm Segment's data region with legal"`,
          line: 5,
          column: 6,
          endLine: 5,
          endColumn: 53,
          fingerprint: 'v1:9c0e4f2a7b1d3e58',
        }),
        finding({
          ruleId: 'location-required',
          severity: 'error',
          message: 'Mailgun has no location; add where its data is processed',
          line: 12,
          column: 4,
          endLine: 12,
          endColumn: 11,
          thirdParty: 'Mailgun',
          fingerprint: 'v1:51b7d0c93e2a6f14',
        }),
        finding({
          ruleId: 'gdpr-link-required',
          severity: 'error',
          message:
            'Segment has no GDPR link: found only a generic privacy policy link https://segment.com/legal/privacy/; link its DPA or GDPR terms',
          line: 20,
          column: 4,
          endLine: 20,
          endColumn: 11,
          thirdParty: 'Segment',
          fingerprint: 'v1:0d8a3f61c5e79b22',
        }),
        finding({
          ruleId: 'stale-todo',
          severity: 'error',
          message:
            'TODO is past its date 2026-01-10: "TODO(2026-01-10): remove Segment once the migration ships"; do it or move the date',
          line: 23,
          column: 3,
          endLine: 23,
          endColumn: 61,
          thirdParty: 'Segment',
          fingerprint: 'v1:e41f6b08a29c7d35',
        }),
        finding({
          ruleId: 'duplicate-third-party',
          severity: 'warning',
          message:
            'Stripe is listed twice, for "payments" at line 26 and for "billing" here; keep one entry',
          line: 41,
          column: 4,
          endLine: 41,
          endColumn: 10,
          thirdParty: 'Stripe',
          fingerprint: 'v1:7a2c95e0f18b4d63',
          related: [{ path: MD, line: 26, column: 4, message: 'First listing of Stripe' }],
        }),
        finding({
          ruleId: 'markdown-recovered',
          severity: 'notice',
          message:
            'Table row at line 48 has 4 cells but the header has 3; the extra cell "EU" was ignored',
          line: 45,
          column: 1,
          endLine: 48,
          endColumn: 42,
          fingerprint: 'v1:3b6d1e9f0a84c257',
        }),
      ],
    },
    {
      path: YAML,
      format: 'yaml',
      thirdParties: [
        {
          name: 'HubSpot',
          line: 3,
          endLine: 7,
          purpose: 'CRM',
          location: 'US',
          countries: ['US'],
          gdprLink: 'https://legal.hubspot.com/dpa',
          links: [{ text: 'gdprLink', url: 'https://legal.hubspot.com/dpa' }],
          lastReviewed: '2025-11-03',
        },
        {
          name: 'Intercom',
          line: 8,
          endLine: 10,
          purpose: null,
          location: 'US, IE',
          countries: ['US', 'IE'],
          gdprLink: 'https://www.intercom.com/legal/data-processing-agreement',
          links: [
            { text: 'gdprLink', url: 'https://www.intercom.com/legal/data-processing-agreement' },
          ],
        },
        {
          name: 'Stripe',
          line: 11,
          endLine: 15,
          purpose: 'payments',
          location: 'US',
          countries: ['US'],
          gdprLink: 'http://stripe.com/legal/dpa',
          links: [{ text: 'gdprLink', url: 'http://stripe.com/legal/dpa' }],
          transfer: 'SCCs',
          dataCategories: ['billing address', 'payment card'],
        },
        {
          name: 'Zendesk',
          line: 16,
          endLine: 19,
          purpose: 'customer support',
          location: 'EU',
          countries: ['EU'],
          gdprLink: 'https://www.zendesk.com/company/agreements-and-terms/gdpr/',
          links: [
            { text: 'gdprLink', url: 'https://www.zendesk.com/company/agreements-and-terms/gdpr/' },
          ],
        },
      ],
      todos: [],
      errors: [],
      findings: [
        finding({
          ruleId: 'schema',
          severity: 'warning',
          message: 'HubSpot has an unknown field "notes"; check its spelling or remove it',
          line: 7,
          column: 5,
          endLine: 7,
          endColumn: 10,
          thirdParty: 'HubSpot',
          fingerprint: 'v1:c8e2a4d6f0b13957',
        }),
        finding({
          ruleId: 'purpose-required',
          severity: 'error',
          message: 'Intercom has no purpose; add what it does with the data',
          line: 8,
          column: 11,
          endLine: 8,
          endColumn: 19,
          thirdParty: 'Intercom',
          fingerprint: 'v1:4f9b2d7e1a0c8356',
        }),
        finding({
          ruleId: 'cross-document-consistency',
          severity: 'warning',
          message: `Stripe is located in "US" here but in "EU (Ireland)" in ${MD}; make the two documents agree`,
          line: 13,
          column: 15,
          endLine: 13,
          endColumn: 17,
          thirdParty: 'Stripe',
          fingerprint: 'v1:a06e3c58b2d9f147',
          related: [{ path: MD, line: 26, column: 4, message: `Stripe in ${MD}` }],
        }),
        finding({
          ruleId: 'schema',
          severity: 'error',
          message:
            '/thirdParties/2/gdprLink must be an absolute https URL; got "http://stripe.com/legal/dpa"',
          line: 14,
          column: 15,
          endLine: 14,
          endColumn: 42,
          thirdParty: 'Stripe',
          fingerprint: 'v1:62d1f8a0e7c4b395',
        }),
      ],
    },
    {
      path: 'policies/archive/subprocessors-2019.md',
      format: 'markdown',
      thirdParties: [],
      todos: [],
      errors: [
        {
          ruleId: 'file-unreadable',
          message:
            'Not UTF-8 text (a NUL byte at offset 1024); save it as UTF-8 or exclude it in .policy-checker.yml',
        },
      ],
      findings: [],
    },
  ],
  summary: { files: 3, thirdParties: 9, errors: 5, warnings: 3, notices: 2 },
};

const rule = (id: string, description: string, severity: SarifRule['severity']): SarifRule => ({
  id,
  description,
  docsUrl: docs(id),
  severity,
});

/** The rule pack entries the SARIF renderer is given; markdown-recovered and file-unreadable are left out on purpose. */
export const rules: SarifRule[] = [
  rule('purpose-required', 'Every third party states what it does with the data', 'error'),
  rule(
    'location-required',
    'Every third party states where its data is hosted or processed',
    'error',
  ),
  rule('gdpr-link-required', 'Every third party links to its GDPR or DPA terms', 'error'),
  rule('stale-todo', 'No TODO older than the allowed age or past its own date', 'error'),
  rule('duplicate-third-party', 'A third party is listed once', 'warning'),
  rule('schema', 'Structured policy files match the schema', 'error'),
  rule('cross-document-consistency', 'Documents that list the same third party agree', 'warning'),
];
