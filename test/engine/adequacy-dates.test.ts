import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseDocument } from '../../functions/engine/index.js';
import { buildLegalData, type LegalDataTexts } from '../../functions/engine/legal/legal-data.js';
import { transferMechanism } from '../../functions/engine/rule-types/transfer-mechanism.js';
import { check, runRuleType } from '../helpers.js';

// The same list, checked on different dates, against the shipped data: the law changes on the
// day a decision applies or ends, and the verdict must change on that day, not before.

const only = ['transfer-mechanism-required'];
const list = (rows: string) =>
  `# Subprocessors\n\n| Vendor | Purpose | Location |\n| --- | --- | --- |\n${rows}\n`;
const findingsOn = (text: string, now: string) =>
  check([{ path: 'subprocessors.md', text }], { only, now }).files[0]!.findings;

describe('Brazil: adequate from 2026-01-26 (Implementing Decision (EU) 2026/179)', () => {
  const brazil = list('| Nuvem Ltda | Hosting | Brazil |');

  it('a Brazilian vendor with no mechanism is an error on 2025-12-01, saying when that changes', () => {
    const [finding, ...rest] = findingsOn(brazil, '2025-12-01');
    expect(rest).toEqual([]);
    expect(finding?.severity).toBe('error');
    expect(finding?.message).toContain('Nuvem Ltda processes data in Brazil');
    expect(finding?.message).toContain('applies only from 2026-01-26');
  });

  it.each([
    ['2026-01-25', 1],
    ['2026-01-26', 0],
    ['2026-12-07', 0],
  ])('on %s it has %i findings', (now, count) => {
    expect(findingsOn(brazil, now)).toHaveLength(count);
  });
});

describe('the United Kingdom: the 2021 decision ended 2025-12-27, the renewal runs to 2031-12-27', () => {
  const uk = list('| Albion Mail Ltd | Email delivery | United Kingdom |');

  it.each(['2021-06-28', '2025-12-27', '2025-12-28', '2027-06-01', '2031-12-27'])(
    'a UK vendor is adequate on %s',
    (now) => {
      expect(findingsOn(uk, now)).toEqual([]);
    },
  );

  it('on 2031-12-28, with no renewal in the data, it needs a mechanism and the message says why', () => {
    const [finding] = findingsOn(uk, '2031-12-28');
    expect(finding?.message).toContain('without an adequacy decision');
    expect(finding?.message).toContain('ended on 2031-12-27');
  });

  it('before the 2021 decision, on 2021-06-27, it needs a mechanism', () => {
    expect(findingsOn(uk, '2021-06-27')).toHaveLength(1);
  });

  it('immigration-control data fell outside the 2021 decision and is inside the renewed one', () => {
    const immigration = list('| Border Data Ltd | Immigration case files | United Kingdom |');
    const [finding] = findingsOn(immigration, '2025-06-01');
    expect(finding?.message).toContain('Commission Implementing Decision (EU) 2021/1772');
    expect(finding?.message).toContain('"Immigration"');
    expect(findingsOn(immigration, '2026-06-01')).toEqual([]);
  });

  it('a law-enforcement decision alone never makes a vendor adequate', () => {
    const dataDir = new URL('../../policies/data/', import.meta.url);
    const read = (name: string) => readFileSync(new URL(name, dataDir), 'utf8');
    const texts: LegalDataTexts = {
      eea: read('eea.yaml'),
      // Only the LED entries left for GB: the GDPR ones removed.
      adequacy: read('adequacy.yaml').replace(
        / {2}- id: gb-gdpr-2021[\s\S]*?(?= {2}- id: us-)/,
        '',
      ),
      transferMechanisms: read('transfer-mechanisms.yaml'),
      knownProcessors: read('known-processors.yaml'),
    };
    const legal = buildLegalData(texts);
    expect(legal.adequacy.get('GB')?.map((d) => d.scope)).toEqual([
      'law-enforcement',
      'law-enforcement',
    ]);
    const document = parseDocument({ path: 'subprocessors.md', text: uk });
    const params = { accepted: ['sccs-2021'], fix: 'name it' };
    expect(
      runRuleType(transferMechanism, params, document, { legal, now: '2027-06-01' }),
    ).toHaveLength(1);
  });
});

describe('a partial scope: the entry must fall inside it', () => {
  it('Canada covers PIPEDA recipients: a commercial vendor is adequate, a non-profit is not', () => {
    const text = list(
      '| Maple Shop Inc. | Storefront | Canada |\n| Maple Health Non-Profit | Patient surveys | Canada |',
    );
    const findings = findingsOn(text, '2026-12-07');
    expect(findings.map((f) => f.thirdParty)).toEqual(['Maple Health Non-Profit']);
    expect(findings[0]?.message).toBe(
      'Maple Health Non-Profit processes data in Canada, where the adequacy decision (Commission Decision 2002/2/EC) covers only recipients subject to the Personal Information Protection and Electronic Documents Act (PIPEDA); the entry says "Non-Profit", which falls outside it. An entry relying on that decision must fall inside its scope; otherwise name its transfer mechanism (Standard Contractual Clauses, the EU-US Data Privacy Framework if it is certified, Binding Corporate Rules, or an Art. 49 derogation)',
    );
  });

  it('an entry outside the scope that names its own mechanism is fine', () => {
    const text = list('| Maple Health Non-Profit | Patient surveys, under SCCs | Canada |');
    expect(findingsOn(text, '2026-12-07')).toEqual([]);
  });

  it.each([
    ['Republic of Korea', 'Hanbit Credit Bureau', 'Credit scoring', '"Credit Bureau"'],
    ['Faroe Islands', 'Rigsombudsmanden', 'Records', '"Rigsombudsmanden"'],
    ['Israel', 'Tel Aviv Archives', 'Paper records storage', '"Paper"'],
  ])('%s: %s is outside its decision', (country, vendor, purpose, quoted) => {
    const [finding, ...rest] = findingsOn(
      list(`| ${vendor} | ${purpose} | ${country} |`),
      '2026-12-07',
    );
    expect(rest).toEqual([]);
    expect(finding?.message).toMatch(
      new RegExp(`^${vendor} processes data in [^;]+, where the adequacy decision \\(Commission`),
    );
    expect(finding?.message).toContain(quoted);
  });

  it('a vendor in a partial-scope country and one without a decision is judged on both', () => {
    const text = list('| Twin Ltd | Support | Canada, India |');
    const [finding] = findingsOn(text, '2026-12-07');
    expect(finding?.message).toContain('processes data in India, outside the EEA');
    expect(finding?.message).not.toContain('Canada');
  });
});
