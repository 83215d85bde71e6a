import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildAliasIndex } from '../../functions/engine/index.js';
import { loadRulePack } from '../../functions/rule-pack/load-rule-pack.js';
import { pageStyle, renderPage, type PageInput } from '../../functions/snapshot/page/index.js';
import { sha, storedResult } from '../snapshot/support.js';
import { chain, party } from './fixtures.js';
import { parseTable } from './parse-page.js';

const aliasIndex = buildAliasIndex(loadRulePack().aliases);

/** A repository that keeps its list twice: a Markdown page (7 vendors) and a YAML file (5 of them). */
const twoLists = storedResult(
  ['subprocessors.md', 'subprocessors.yaml'].map((f) => ({
    path: `docs/${f}`,
    text: readFileSync(new URL(`./two-lists/${f}`, import.meta.url), 'utf8'),
  })),
  sha(1),
);

function pageOf(c: ReturnType<typeof chain>, extra: Partial<PageInput> = {}): string {
  return renderPage({
    snapshot: c.head,
    sha256: c.sha256,
    history: c.history,
    role: 'index',
    styleFile: pageStyle().file,
    ...extra,
  });
}

describe('the public page lists each vendor once', () => {
  const c = chain([twoLists.thirdParties]);
  const html = pageOf(c, { aliasIndex });
  const rows = parseTable(html);
  const row = (name: string) => rows.find((r) => r.name === name)!;

  it('shows 12 listings in two files as 7 rows, each with every file and line it comes from', () => {
    expect(c.head.thirdParties).toHaveLength(12); // the signed snapshot keeps every listing
    expect(rows.map((r) => [r.name, ...r.otherNames])).toEqual([
      ['Amazon Web Services', 'AWS'],
      ['Stripe', 'Stripe, Inc.'],
      ['Mailgun', 'Mailgun Technologies, Inc.'],
      ['Zendesk'],
      ['Plausible'],
      ['Sentry'],
      ['Hetzner'],
    ]);
    expect(row('Zendesk').source).toBe(
      'docs/subprocessors.md, line\u00a08\ndocs/subprocessors.yaml, line\u00a014–17',
    );
    expect(row('Plausible').source).toBe('docs/subprocessors.md, line\u00a09');
    expect(html).toContain('7 third parties in version 1');
  });

  it('shows a value both files agree on once, unmarked', () => {
    expect(row('Zendesk').location).toBe('Ireland');
    expect(row('Sentry').purpose).toBe('Error monitoring');
    expect(html.match(/The files disagree/g)).toHaveLength(2);
  });

  it('marks the disagreements the cross-document rule reports, each value with its source', () => {
    const reported = twoLists.findings
      .filter(
        (f) => f.ruleId === 'cross-document-consistency' && /make the lists agree/.test(f.message),
      )
      .map((f) => f.thirdParty);
    expect(new Set(reported)).toEqual(
      new Set(['Stripe', 'Stripe, Inc.', 'Mailgun', 'Mailgun Technologies, Inc.']),
    );
    expect(row('Stripe').location).toBe(
      'The files disagree: Ireland (docs/subprocessors.md, line\u00a06)\nSweden (docs/subprocessors.yaml, line\u00a06–9)',
    );
    expect(row('Mailgun').purpose).toMatch(
      /^The files disagree: Transactional email \(docs\/subprocessors\.md, line.7\)\nNewsletter delivery \(docs\/subprocessors\.yaml, line.10–13\)$/,
    );
    // Both files name Stripe's DPA alike: one link, no mark.
    expect(row('Stripe').gdprLink).toBe('https://stripe.com/legal/dpa');
  });

  it('merges through the alias table it is given: without it, AWS is a vendor of its own', () => {
    const names = parseTable(pageOf(c)).map((r) => r.name);
    expect(names).toHaveLength(8);
    expect(names).toContain('AWS');
  });

  it('marks a failing entry on its vendor row, whichever file the error is in', () => {
    const failing = chain(
      [
        [
          party('Segment', { file: 'a.md', line: 3, endLine: 3 }),
          party('Segment Inc', { file: 'b.yml', line: 7, endLine: 9, location: null }),
        ],
      ],
      () => true,
    );
    const merged = parseTable(
      pageOf(failing, {
        findings: [
          {
            file: 'b.yml',
            line: 7,
            thirdParty: 'Segment Inc',
            ruleId: 'location-required',
            severity: 'error',
            message: 'Segment Inc has no location',
          },
        ],
      }),
    );
    expect(merged).toHaveLength(1);
    expect(merged[0]!.failed).toBe(true);
    expect(merged[0]!.problems).toEqual(['Failed location-required: Segment Inc has no location']);
    expect(merged[0]!.location).toBe('Germany');
  });

  it('escapes every other name of a vendor', () => {
    const hostile = chain([
      [party('Acme'), party('Acme (<img src=x onerror=alert>)', { file: 'b.yml' })],
    ]);
    const page = pageOf(hostile);
    expect(page).not.toContain('<img src=x');
    expect(page).toContain('also listed as <bdi>Acme (&lt;img src=x onerror=alert&gt;)</bdi>');
    expect(parseTable(page)).toHaveLength(1);
  });
});
