import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseDocument } from '../../functions/engine/index.js';
import { buildLegalData, type LegalDataTexts } from '../../functions/engine/legal/legal-data.js';
import { transferMechanism } from '../../functions/engine/rule-types/transfer-mechanism.js';
import { invalidMechanism } from '../../functions/engine/rule-types/invalid-mechanism.js';
import { runRuleType } from '../helpers.js';

const data = (name: string) =>
  readFileSync(new URL(`../../policies/data/${name}`, import.meta.url), 'utf8');
const texts: LegalDataTexts = {
  eea: data('eea.yaml'),
  adequacy: data('adequacy.yaml'),
  transferMechanisms: data('transfer-mechanisms.yaml'),
  knownProcessors: data('known-processors.yaml'),
};
const list = (rows: string) =>
  parseDocument({
    path: 'subprocessors.md',
    text: `# Subprocessors\n\n| Vendor | Purpose | Location |\n| --- | --- | --- |\n${rows}\n`,
  });

describe('the lists decide by their dates', () => {
  const japan = list('| Acme KK | Support | Japan |');
  const fix = {
    accepted: ['eu-us-dpf', 'sccs-2021', 'binding-corporate-rules', 'art49-derogations'],
    fix: 'name it',
  };

  it('an adequacy decision counts from its adoption date', () => {
    const legal = buildLegalData(texts);
    expect(runRuleType(transferMechanism, fix, japan, { legal, now: '2026-06-01' })).toEqual([]);
    // Japan's decision was adopted on 2019-01-23: before it, a transfer needed a mechanism.
    expect(runRuleType(transferMechanism, fix, japan, { legal, now: '2018-06-01' })).toHaveLength(
      1,
    );
  });

  it("changing one entry's date in the data changes the verdict", () => {
    const later = buildLegalData({
      ...texts,
      adequacy: texts.adequacy.replace(/(code: JP[\s\S]*?adopted: )\S+/, '$12027-01-01'),
    });
    expect(
      runRuleType(transferMechanism, fix, japan, { legal: later, now: '2026-06-01' }),
    ).toHaveLength(1);
  });

  it('an invalid mechanism is invalid only from its date', () => {
    const shield = list('| Acme Inc. | Hosting, Privacy Shield certified | United States |');
    const legal = buildLegalData(texts);
    expect(runRuleType(invalidMechanism, {}, shield, { legal, now: '2026-06-01' })).toHaveLength(1);
    expect(runRuleType(invalidMechanism, {}, shield, { legal, now: '2019-06-01' })).toEqual([]);
    const moved = buildLegalData({
      ...texts,
      transferMechanisms: texts.transferMechanisms.replace(
        /invalidSince: 2020-07-16/,
        'invalidSince: 2027-01-01',
      ),
    });
    expect(runRuleType(invalidMechanism, {}, shield, { legal: moved, now: '2026-06-01' })).toEqual(
      [],
    );
  });
});
