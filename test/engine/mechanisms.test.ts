import { describe, expect, it } from 'vitest';
import { buildAliasIndex, sameVendor } from '../../functions/engine/index.js';
import { assignColumns, meaningOfHeader } from '../../functions/engine/extract/field-synonyms.js';
import { chooseGdprLink } from '../../functions/engine/extract/gdpr-link.js';
import { isOnlyPlaces, recogniseCountries } from '../../functions/engine/extract/countries.js';
import { findTodos } from '../../functions/engine/extract/todos.js';
import { findSuppressions, isSuppressed } from '../../functions/engine/extract/suppressions.js';
import { locationStatement } from '../../functions/engine/parse/markdown/location-statement.js';
import { splitNames } from '../../functions/engine/parse/markdown/names.js';

const aliases = buildAliasIndex([
  ['Amazon Web Services', 'AWS'],
  ['Mailchimp', 'The Rocket Science Group'],
]);

describe('sameVendor', () => {
  it.each([
    ['Supabase', 'Supabase, Inc.', true],
    ['AWS', 'Amazon Web Services, Inc.', true],
    ['Functional Software, Inc. d/b/a Sentry', 'Sentry', true],
    ['The Rocket Science Group LLC d/b/a Mailchimp', 'Mailchimp', true],
    ['Mailgun Technologies, Inc.', 'mailgun', true],
    ['DigitalOcean, LLC', 'Digital Ocean', true],
    ['Société Générale S.A.', 'Societe Generale', true],
    ['Amazon Web Services (AWS)', 'AWS', true],
    ['Google', 'Google Analytics', false],
    ['Stripe', 'Stripe Connect', false],
    ['Intercom', 'Intercom Labs', true],
  ])('%s ~ %s: %s', (a, b, same) => {
    expect(sameVendor(a, b, aliases)).toBe(same);
  });
});

describe('column headers', () => {
  it.each([
    ['Entity Name', 'name'],
    ['Sub-processor', 'name'],
    ['Provider', 'name'],
    ['Purpose of Processing', 'purpose'],
    ['Function', 'purpose'],
    ['Data Processing Location', 'location'],
    ['Data Hosting Location', 'location'],
    ['Country', 'location'],
    ['gdprLink', 'link'],
    ['DPA', 'link'],
    ['Transfer mechanism', 'transfer'],
    ['Categories of personal data', 'dataCategories'],
    ['Expiry', null],
  ])('%s means %s', (header, meaning) => {
    expect(meaningOfHeader(header)).toBe(meaning);
  });

  it('takes Service as the name only when nothing else names the vendor', () => {
    expect(assignColumns(['Service', 'Purpose'])).toEqual(['name', 'purpose']);
    expect(assignColumns(['Vendor', 'Service'])).toEqual(['name', 'purpose']);
  });
});

describe('chooseGdprLink', () => {
  it.each([
    [[{ text: 'GDPR', url: 'https://vendor.com/gdpr' }], 'https://vendor.com/gdpr', null],
    [
      [{ text: 'Vendor', url: 'https://vendor.com/legal/dpa' }],
      'https://vendor.com/legal/dpa',
      null,
    ],
    [
      [{ text: 'GDPR', url: 'http://vendor.com/gdpr' }],
      null,
      'a GDPR link that is not https: http://vendor.com/gdpr',
    ],
    [
      [{ text: 'Privacy policy', url: 'https://vendor.com/privacy' }],
      null,
      'only a generic privacy policy link: https://vendor.com/privacy',
    ],
    [
      [{ text: 'Vendor', url: 'https://vendor.com/' }],
      null,
      'only a homepage link: https://vendor.com/',
    ],
    [[{ text: 'GDPR', url: '/gdpr' }], null, 'a GDPR link that is not an absolute URL: /gdpr'],
    [
      [
        { text: 'Compliance', url: 'https://vendor.com/compliance' },
        { text: 'GDPR commitment', url: 'https://vendor.com/blog/gdpr' },
      ],
      'https://vendor.com/blog/gdpr',
      null,
    ],
    [
      [{ text: 'GDPR', url: 'https://vendor.com' }],
      null,
      'only a homepage link: https://vendor.com',
    ],
    [
      [{ text: 'dpa_url', url: 'https://workspace.example/terms/dpa_terms.html' }],
      'https://workspace.example/terms/dpa_terms.html',
      null,
    ],
    [[], null, null],
  ])('%j', (links, url, foundInstead) => {
    expect(chooseGdprLink(links)).toEqual({ url, foundInstead });
  });
});

describe('countries', () => {
  it.each([
    ['United States Please reach out to support', ['US']],
    ['Belgium; Netherlands', ['BE', 'NL']],
    ['EU and US', ['EU', 'US']],
    ['the U.K.', ['GB']],
    ['we use this for us', []],
    ['Romania', ['RO']],
    ['Indiana', []],
  ])('%s → %j', (text, codes) => {
    expect(recogniseCountries(text)).toEqual(codes);
  });

  it('knows a text that is only places', () => {
    expect(isOnlyPlaces('Germany, France')).toBe(true);
    expect(isOnlyPlaces('Germany office')).toBe(false);
  });

  it.each([
    ['The following are located in the US:', 'US'],
    ['Data is stored in Ireland and Germany by default.', 'Ireland and Germany'],
    ['Location: Canada', 'Canada'],
    ['We work with partners in the US.', null],
    [
      'located in the United States and certified under the EU-US Data Privacy Framework',
      'United States',
    ],
    ['hosted in the EU or the UK, as customers choose', 'EU or the UK'],
  ])('location statement in %s', (text, location) => {
    expect(locationStatement(text)?.text ?? null).toBe(location);
  });
});

describe('names in a table cell', () => {
  it.each([
    ['Amazon Web Services, OVH', ['Amazon Web Services', 'OVH']],
    ['DigitalOcean, LLC', ['DigitalOcean, LLC']],
    ['Stripe, Inc.', ['Stripe, Inc.']],
    ['Google Ireland Ltd, Google LLC', ['Google Ireland Ltd', 'Google LLC']],
  ])('%s', (cell, names) => {
    expect(splitNames(cell)).toEqual(names);
  });
});

describe('markers and suppressions', () => {
  it('finds one marker per line with its own date, never inside words', () => {
    const todos = findTodos([
      'TODO: a',
      '### Vendor TODO(2026-12-01): b',
      'TODOLIST and XXXL',
      '| FIXME |',
      'TBD',
    ]);
    expect(todos.map((t) => [t.line, t.marker, t.text, t.due])).toEqual([
      [1, 'TODO', 'TODO: a', null],
      [2, 'TODO', 'TODO(2026-12-01): b', '2026-12-01'],
      [4, 'FIXME', 'FIXME', null],
      [5, 'TBD', 'TBD', null],
    ]);
  });

  it('reads markdownlint-style directives in HTML and YAML comments', () => {
    const s = findSuppressions([
      '<!-- policy-check-disable-next-line location-required -- asked the vendor -->',
      '| Mailgun |',
      '<!-- policy-check-disable stale-todo -->',
      'TODO',
      '<!-- policy-check-enable stale-todo -->',
      '# policy-check-disable-line',
    ]);
    expect(s[0]).toEqual({
      rules: ['location-required'],
      fromLine: 2,
      toLine: 2,
      reason: 'asked the vendor',
    });
    expect(isSuppressed(s, 'location-required', 2)).toBe(true);
    expect(isSuppressed(s, 'purpose-required', 2)).toBe(false);
    expect(isSuppressed(s, 'stale-todo', 4)).toBe(true);
    expect(isSuppressed(s, 'stale-todo', 6)).toBe(true);
    expect(isSuppressed(s, 'anything', 6)).toBe(true);
  });
});
