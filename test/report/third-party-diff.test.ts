import { describe, expect, it } from 'vitest';
import { buildAliasIndex, diffThirdParties, isEmptyDiff } from '../../functions/engine/index.js';

const aliases = buildAliasIndex([['Amazon Web Services', 'AWS']]);
const party = (name: string, purpose: string | null, location: string | null = 'US') => ({
  name,
  purpose,
  location,
  gdprLink: `https://${name.toLowerCase().replace(/\W/g, '')}.example/gdpr`,
});

describe('diffThirdParties', () => {
  it('names vendors added, removed and changed field by field', () => {
    const before = [
      party('Mailgun', 'email'),
      party('Sentry', 'errors'),
      party('Heroku', 'hosting'),
    ];
    const after = [
      party('Mailgun', 'email', 'EU'),
      party('Heroku', 'hosting'),
      party('Stripe', 'payments'),
    ];
    const diff = diffThirdParties(before, after, aliases);
    expect(diff.added.map((p) => p.name)).toEqual(['Stripe']);
    expect(diff.removed.map((p) => p.name)).toEqual(['Sentry']);
    expect(diff.changed).toEqual([
      {
        name: 'Mailgun',
        previousName: null,
        changes: [{ field: 'location', before: 'US', after: 'EU' }],
      },
    ]);
  });

  it('treats another name of the same vendor as a rename, not a removal and an addition', () => {
    const before = [{ ...party('AWS', 'hosting'), gdprLink: 'https://aws.amazon.com/gdpr' }];
    const after = [
      { ...party('Amazon Web Services, Inc.', 'hosting'), gdprLink: 'https://aws.amazon.com/gdpr' },
    ];
    const diff = diffThirdParties(before, after, aliases);
    expect(diff.added).toEqual([]);
    expect(diff.removed).toEqual([]);
    expect(diff.changed).toEqual([
      { name: 'Amazon Web Services, Inc.', previousName: 'AWS', changes: [] },
    ]);
  });

  it('matches a vendor listed twice in order, and keeps files apart when both sides name them', () => {
    const before = [
      { ...party('Sentry', 'errors'), file: 'a.md' },
      { ...party('Sentry', 'errors'), file: 'b.md' },
    ];
    const after = [{ ...party('Sentry', 'errors'), file: 'b.md' }];
    const diff = diffThirdParties(before, after, aliases);
    expect(diff.removed.map((p) => p.file)).toEqual(['a.md']);
    expect(diff.changed).toEqual([]);
  });

  it('is empty for the same list', () => {
    const list = [party('Mailgun', 'email'), party('Sentry', null)];
    expect(isEmptyDiff(diffThirdParties(list, list, aliases))).toBe(true);
  });
});
