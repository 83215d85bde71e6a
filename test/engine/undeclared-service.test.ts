import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { check } from '../helpers.js';

const only = ['undeclared-service'];
const notices = (files: { path: string; text: string }[]) =>
  check(files, { only }).files.flatMap((f) => f.findings.map((x) => x.thirdParty));

describe('undeclared-service', () => {
  it.each([
    'We segment our users by plan.',
    'Square brackets mark optional parts.',
    'Write to P.O. Box 42, Dublin.',
    'Our front desk answers calls.',
    'Front desk staff keep a visitor log.',
    'We stripe the data across disks.',
  ])('does not read a common word as a service: %s', (text) => {
    expect(notices([{ path: 'privacy.md', text: `# Privacy\n\n${text}\n` }])).toEqual([]);
  });

  it.each([
    ['We use Segment analytics for product events.', 'Segment'],
    ['Support runs on [Front](https://front.com).', 'Front'],
    ['Card payments go through the Square checkout.', 'Square'],
    ['Visits are counted with Google Analyics.', 'Google Analytics'],
  ])('reads a service in context: %s', (text, service) => {
    expect(notices([{ path: 'privacy.md', text: `# Privacy\n\n${text}\n` }])).toEqual([service]);
  });

  const services = [
    'Google Analytics',
    'Stripe',
    'Sentry',
    'Mailgun',
    'Intercom',
    'Hotjar',
    'Cloudflare',
    'Zendesk',
  ];
  const table = (declared: string[]) =>
    `# Subprocessors\n\n| Vendor | Purpose |\n| --- | --- |\n${declared.map((d) => `| ${d} | x |`).join('\n')}\n| Placeholder Vendor | y |\n`;

  it('never reports more after a service is declared', () => {
    fc.assert(
      fc.property(
        fc.subarray(services),
        fc.subarray(services),
        fc.constantFrom(...services),
        (named, declared, extra) => {
          const prose = {
            path: 'privacy.md',
            text: `# Privacy\n\nWe use ${named.join(', ') || 'nothing'}.\n`,
          };
          const before = notices([prose, { path: 'subprocessors.md', text: table(declared) }]);
          const after = notices([
            prose,
            { path: 'subprocessors.md', text: table([...declared, extra]) },
          ]);
          expect(after.length).toBeLessThanOrEqual(before.length);
          expect(after.every((s) => before.includes(s))).toBe(true);
          expect(before.filter((s) => declared.includes(s as string))).toEqual([]);
        },
      ),
      { numRuns: 200 },
    );
  });
});
