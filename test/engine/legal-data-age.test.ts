import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkSources, renderJson } from '../../functions/engine/index.js';
import { buildRulePack } from '../../functions/engine/rules/rule-pack.js';
import type { LegalDataTexts } from '../../functions/engine/legal/legal-data.js';
import { loadRulePack } from '../../functions/rule-pack/load-rule-pack.js';

// The freshness notice and the version are computed from the shipped files: a review date moved
// in the data moves the notice, with no clock read anywhere.

const policies = new URL('../../policies/', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, policies), 'utf8');
const ruleFiles = readdirSync(new URL('rules/', policies)).map((f) => ({
  path: `policies/rules/${f}`,
  text: read(`rules/${f}`),
}));
const shipped: LegalDataTexts = {
  eea: read('data/eea.yaml'),
  adequacy: read('data/adequacy.yaml'),
  transferMechanisms: read('data/transfer-mechanisms.yaml'),
  knownProcessors: read('data/known-processors.yaml'),
};
/** The shipped data with the adequacy list reviewed on `date` instead. */
const reviewedOn = (date: string): LegalDataTexts => ({
  ...shipped,
  adequacy: shipped.adequacy.replace(/^reviewed: .*$/m, `reviewed: ${date}`),
});
const LIST = { path: 'a.md', text: '# Subprocessors\n\n- Hetzner: hosting, Germany\n' };
const notices = (texts: LegalDataTexts, now: string, inputs = [LIST]) =>
  checkSources(inputs, {
    rulePack: buildRulePack('1.0.0', ruleFiles, read('vendor-aliases.yaml'), texts),
    now,
    only: ['legal-data-stale'],
  }).files.flatMap((f) => f.findings.map((x) => ({ path: f.path, ...x })));

describe('legal-data-stale', () => {
  it.each([
    ['2026-06-30', 0],
    ['2026-07-01', 0],
    ['2026-07-02', 1],
  ])('data reviewed 2026-01-02, checked %s: %i notice', (now, count) => {
    // 2026-07-01 is 180 days after 2026-01-02: allowed; one day more is not.
    expect(notices(reviewedOn('2026-01-02'), now)).toHaveLength(count);
  });

  it('the oldest file decides: a fresh adequacy list does not hide a stale mechanism list', () => {
    const texts = {
      ...shipped,
      transferMechanisms: shipped.transferMechanisms.replace(
        /^reviewed: .*$/m,
        'reviewed: 2020-01-01',
      ),
    };
    const [notice] = notices(texts, '2026-12-08');
    expect(notice?.message).toContain('last reviewed against its sources on 2020-01-01');
  });

  it('says so once per check, on line 1 of the first file, as a notice', () => {
    const found = notices(reviewedOn('2026-01-02'), '2027-01-01', [
      { path: 'z.md', text: LIST.text },
      LIST,
    ]);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ path: 'a.md', line: 1, column: 1, severity: 'notice' });
    expect(found[0]?.message).toMatch(
      /^The legal data that judged this check \(adequacy decisions and transfer mechanisms, version 2026-01-02\.[0-9a-f]{8}\) was last reviewed against its sources on 2026-01-02, 364 days before this check \(2027-01-01; allowed: 180\)/,
    );
  });

  it('a data file whose review date is missing or not a date is reported, not trusted', () => {
    const texts = { ...shipped, eea: shipped.eea.replace(/^reviewed: .*$/m, 'reviewed: recently') };
    expect(notices(texts, '2026-12-08')[0]?.message).toContain('has no valid review date');
  });
});

describe('the legal data version', () => {
  it('is in the report and in the rule pack version, and changes when any data file does', () => {
    const report = checkSources([LIST], { rulePack: loadRulePack(), now: '2026-12-08' });
    const { legalData } = JSON.parse(renderJson(report)) as {
      legalData: { version: string; reviewed: string };
    };
    expect(legalData.reviewed).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(legalData.version).toMatch(new RegExp(`^${legalData.reviewed}\\.[0-9a-f]{8}$`));
    expect(loadRulePack().version).toMatch(
      new RegExp(`\\+legal\\.${legalData.version.replace('.', '\\.')}$`),
    );
    const edited = buildRulePack('1.0.0', ruleFiles, read('vendor-aliases.yaml'), {
      ...shipped,
      knownProcessors: `${shipped.knownProcessors}\n`,
    });
    expect(edited.legal.version.reviewed).toBe(legalData.reviewed);
    expect(edited.legal.version.version).not.toBe(legalData.version);
  });
});
