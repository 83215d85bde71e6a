import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildAliasIndex, diffThirdParties } from '../../../functions/engine/index.js';
import {
  buildCheckRunOutput,
  compareWithBase,
  GITHUB_TEXT_LIMIT,
  renderCheckOutput,
  type CheckOutputInput,
  type PathFinding,
  type PathParty,
} from '../../../functions/github/check-output/index.js';
import { finding, manyFindings, party } from './fixtures.js';
import { realisticInput } from './realistic.js';

const aliasIndex = buildAliasIndex([['Amazon Web Services', 'AWS']]);

function pullRequest(
  head: PathFinding[],
  base: PathFinding[],
  headParties: PathParty[] = [],
  baseParties: PathParty[] = [],
) {
  return buildCheckRunOutput({
    head: { findings: head, thirdParties: headParties },
    base: { findings: base, thirdParties: baseParties },
    mode: 'pull_request',
    failOn: 'new',
    aliasIndex,
  });
}

describe('title', () => {
  it('counts findings, files and third parties, and for a pull request what is new and fixed', () => {
    const head = [
      finding({ severity: 'error', path: 'a.md' }),
      finding({ severity: 'error', path: 'b.md' }),
      finding({ severity: 'warning', path: 'c.md' }),
    ];
    const parties = Array.from({ length: 19 }, (_, i) => party(`V${i}`, 'p', 'US'));
    const push = buildCheckRunOutput({
      head: { findings: head, thirdParties: parties },
      base: null,
      mode: 'push',
      failOn: 'new',
      aliasIndex,
    });
    expect(push.title).toBe('2 errors, 1 warning in 3 files · 19 third parties');
    const pr = pullRequest(head, [head[0]!, head[1]!, finding(), finding()], parties, parties);
    expect(pr.title).toBe('2 errors, 1 warning in 3 files · 19 third parties (1 new, 2 fixed)');
    const clean = buildCheckRunOutput({
      head: { findings: [], thirdParties: parties.slice(0, 16) },
      base: null,
      mode: 'push',
      failOn: 'new',
      aliasIndex,
    });
    expect(clean.title).toBe('No problems · 16 third parties');
    expect(clean.conclusion).toBe('success');
  });
});

describe('summary', () => {
  it('says what a pull request introduces and fixes', () => {
    const kept = finding({ message: 'kept problem' });
    const output = pullRequest(
      [kept, finding({ message: 'brand new problem', severity: 'warning' })],
      [kept, finding({ message: 'fixed problem' })],
    );
    expect(output.summary).toContain(
      'This pull request introduces **1 finding** (1 warning) and fixes **1**.',
    );
    const introduced = output.summary.split('### Introduced by this pull request (1)')[1]!;
    expect(introduced.split('###')[0]).toContain('brand new problem');
    const fixed = output.summary.split('### Fixed by this pull request (1)')[1]!;
    expect(fixed.split('###')[0]).toContain('fixed problem');
    expect(output.conclusion).toBe('neutral');
  });

  it('shows how the third-party list changed, field by field', () => {
    const before = [
      party('AWS', 'hosting', 'United States', 'https://aws.amazon.com/gdpr'),
      party('Mailgun', 'email', 'United States', 'https://mailgun.com/gdpr'),
      party('Sentry', 'errors', 'United States', null),
    ];
    const after = [
      party('Amazon Web Services', 'hosting', 'United States', 'https://aws.amazon.com/dpa'),
      party('Mailgun', 'email delivery', 'EU', 'https://mailgun.com/gdpr'),
      party('Stripe', 'payments', null, 'https://stripe.com/dpa'),
    ];
    const section = pullRequest([], [], after, before)
      .summary.split('### Third-party list changes\n\n')[1]!
      .split('\n\n###')[0];
    expect(section).toBe(
      [
        '1 added, 1 removed, 2 changed.',
        '',
        '| Change | Third party | Purpose | Location | GDPR link |',
        '| --- | --- | --- | --- | --- |',
        '| Added | Stripe | payments | *none* | https\\://stripe.com/dpa |',
        '| Removed | Sentry | errors | United States | *none* |',
        '| Changed | Amazon Web Services (was AWS) |   |   | https\\://aws.amazon.com/gdpr → https\\://aws.amazon.com/dpa |',
        '| Changed | Mailgun | email → email delivery | United States → EU |   |',
      ].join('\n'),
    );
  });

  it('leaves the change table out when the list did not change', () => {
    const list = [party('Mailgun', 'email', 'US')];
    expect(pullRequest([], [], list, list).summary).not.toContain('Third-party list changes');
  });

  it('tables third parties with missing fields, each linking to its rule', () => {
    const output = pullRequest(
      [
        finding({ ruleId: 'location-required', thirdParty: 'Mailgun', line: 12 }),
        finding({ ruleId: 'gdpr-link-required', thirdParty: 'Mailgun', line: 12 }),
      ],
      [],
    );
    expect(output.summary).toContain(
      '| Mailgun | policies/subprocessors.md:12 | ✓ | ' +
        '[missing](https://policy-checker.example/docs/rules/location-required.md) (new) | ' +
        '[missing](https://policy-checker.example/docs/rules/gdpr-link-required.md) (new) |',
    );
  });

  it('escapes a vendor name that tries to break the table or inject HTML and links', () => {
    const evil = 'Evil | <img src=x> [link](http://x)';
    const output = pullRequest(
      [
        finding({
          ruleId: 'purpose-required',
          thirdParty: evil,
          message: `${evil} has no purpose`,
        }),
      ],
      [],
      [party(evil, null, 'US', null)],
      [],
    );
    const escaped = 'Evil \\| &lt;img src=x&gt; \\[link\\]\\(http\\://x\\)';
    expect(output.summary).toContain(`| Added | ${escaped} | *none* | US | *none* |`);
    expect(output.summary).toContain(`| ${escaped} | policies/subprocessors.md:1 |`);
    for (const text of [output.summary, output.text]) {
      expect(text).not.toMatch(/<img/);
      expect(text).not.toContain('[link]');
      expect(text).not.toContain('](http://x)');
      expect(text).not.toMatch(/[^\\]\| <img/);
    }
    // Every table row still has exactly the header's number of cells.
    for (const line of output.summary.split('\n').filter((l) => l.startsWith('| ')))
      expect(line.split(/(?<!\\)\|/).length - 2).toBe(5);
  });

  it('lists findings already on the base as not failing the pull request', () => {
    const old = finding({ message: 'old error' });
    const output = pullRequest([old], [old]);
    expect(output.conclusion).toBe('success');
    const section = output.summary.split(
      '### Already on the base branch (1): not failing this pull request',
    )[1];
    expect(section).toContain('old error');
    expect(output.text).toContain('· on base: old error');
  });

  it('matches the golden summary of a realistic pull request', () => {
    const output = buildCheckRunOutput(realisticInput);
    expect(output.conclusion).toBe('failure');
    expect(output.title).toBe(
      '3 errors, 2 warnings, 1 notice in 2 files · 6 third parties (3 new, 1 fixed)',
    );
    const expected = readFileSync(new URL('./summary.expected.md', import.meta.url), 'utf8');
    expect(`${output.summary}\n`).toBe(expected);
  });
});

describe('GitHub limits', () => {
  const limits = (o: { summary: string; text: string }) => {
    expect(o.summary.length).toBeLessThanOrEqual(GITHUB_TEXT_LIMIT);
    expect(o.text.length).toBeLessThanOrEqual(GITHUB_TEXT_LIMIT);
  };

  it('holds with 10,000 findings and 5,000 vendors, saying how many more there are', () => {
    const head = manyFindings(10_000).map((f, i) =>
      i % 4 === 0 ? { ...f, ruleId: 'location-required', thirdParty: `Vendor ${i}` } : f,
    );
    const after = Array.from({ length: 5_000 }, (_, i) => party(`Vendor ${i}`, 'p', 'EU'));
    const before = Array.from({ length: 5_000 }, (_, i) => party(`Vendor ${i + 2_500}`, 'q', 'US'));
    const output = pullRequest(head, head.slice(0, 4_000), after, before);
    limits(output);
    expect(output.text).toMatch(/\n\n… and [\d,]+ more findings$/);
    const shown = output.text.split('\n').filter((l) => l.startsWith('- ')).length;
    const more = Number(/… and ([\d,]+) more findings$/.exec(output.text)![1]!.replace(/,/g, ''));
    expect(shown + more).toBe(10_000);
    expect(output.summary).toContain('… and 7,450 more changes');
    expect(output.summary).toContain('… and 5,980 more findings (see the details)');
    expect(output.summary).toContain('### Findings by rule');
    expect(output.summary).toContain('### Already on the base branch (4,000)');
  });

  it('holds with pathological names and messages', () => {
    // Each value alone is longer than GitHub's whole limit.
    const long = (c: string) => c.repeat(70_000);
    const head = Array.from({ length: 200 }, (_, i) =>
      finding({
        ruleId: i % 2 ? 'purpose-required' : long('r'),
        path: `${long('p')}/${i}.md`,
        thirdParty: `${long('&')}${i}`,
        message: long('<'),
        related: [{ path: long('q'), line: 1, column: 1, message: long('|') }],
      }),
    );
    const parties = Array.from({ length: 200 }, (_, i) =>
      party(`${long('|')}${i}`, long('['), long('\n')),
    );
    const output = pullRequest(head, head.slice(0, 100), parties, []);
    limits(output);
    expect(output.text).toMatch(/… and [\d,]+ more findings$/);
  });

  it('holds for the bare renderer, given any single huge value', () => {
    const input: CheckOutputInput = {
      mode: 'pull_request',
      failOn: 'all',
      conclusion: 'failure',
      findings: [finding({ message: 'x'.repeat(1_000_000) })],
      thirdPartyCount: 1,
      comparison: compareWithBase([], []),
      thirdPartyDiff: diffThirdParties([], [party('a'.repeat(1_000_000), null, null)], aliasIndex),
      annotated: 1,
      omitted: 0,
      annotationCap: 500,
    };
    limits(renderCheckOutput(input));
  });
});
