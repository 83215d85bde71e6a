import { describe, expect, it } from 'vitest';
import { check } from '../helpers.js';

const file = (entries: string) =>
  `$schema: https://policy-checker.dev/schemas/policy-file/v1.json\nthirdParties:\n${entries}`;
const entry = (name: string, effective?: string) =>
  `  - name: ${name}\n    purpose: Email\n    location: Germany\n    gdprLink: https://${name.toLowerCase()}.example/dpa\n${effective ? `    effective: ${effective}\n` : ''}`;
const base = { path: 'subprocessors.yml', text: file(entry('Mailgun', '2024-01-01')) };
const now = file(
  entry('Mailgun', '2024-01-01') +
    entry('Acme', '2026-06-11') +
    entry('Beta', '2026-07-16') +
    entry('Gamma'),
);

describe('notice-period', () => {
  const run = (baseline?: { label: string; inputs: (typeof base)[] }) =>
    check([{ path: 'subprocessors.yml', text: now }], { only: ['notice-period'], baseline })
      .files[0]!.findings;

  it('reports a vendor new since the baseline that takes effect inside the notice period', () => {
    const findings = run({ label: 'main', inputs: [base] });
    expect(findings.map((f) => f.thirdParty)).toEqual(['Acme']);
    expect(findings[0]!.message).toBe(
      'Acme is new since main and takes effect on 2026-06-11 (in 10 days); customers must be told 30 days ahead, so set its effective date to 2026-07-01 or later',
    );
  });

  it('says nothing without a baseline, or for vendors the baseline had', () => {
    expect(run()).toEqual([]);
    expect(run({ label: 'main', inputs: [{ path: base.path, text: now }] })).toEqual([]);
  });

  it('treats every vendor of a file new since the baseline as new', () => {
    // Mailgun too: new since v1.0, and effective long ago, so it took effect with no notice.
    expect(run({ label: 'v1.0', inputs: [] }).map((f) => f.thirdParty)).toEqual([
      'Mailgun',
      'Acme',
    ]);
  });
});
