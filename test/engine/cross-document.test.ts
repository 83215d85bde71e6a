import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../functions/engine/index.js';
import { check } from '../helpers.js';

const list = (rows: string[]) =>
  `# Subprocessors\n\n| Vendor | Purpose | Location |\n| --- | --- | --- |\n${rows.join('\n')}\n`;

describe('cross-document-consistency across many lists', () => {
  // 200 lists: each has two vendors of its own and a shared one with its own purpose.
  const inputs = Array.from({ length: 200 }, (_, i) => ({
    path: `team-${i}/subprocessors.md`,
    text: list([
      `| Own${i}a | Email | Germany |`,
      `| Own${i}b | Chat | Germany |`,
      `| Shared | Purpose${i} | Germany |`,
    ]),
  }));
  const config = {
    ...defaultConfig(),
    rules: { 'cross-document-consistency': { params: { maxLists: 500 } } },
  };
  const report = check(inputs, { only: ['cross-document-consistency'], config });
  const findings = report.files.flatMap((f) => f.findings);

  it('reports each entry at most once per kind, however many lists there are', () => {
    // 400 vendors missing from the other 199 lists, and 199 shared entries whose purpose differs
    // from the first listing (the first one differs from the second): 600 in all, not 200².
    expect(findings.filter((f) => f.message.includes('is listed here but not in'))).toHaveLength(
      400,
    );
    expect(findings.filter((f) => f.message.includes('make the lists agree'))).toHaveLength(200);
    expect(findings).toHaveLength(600);
  });

  it('names a few of the lists and counts the rest', () => {
    const missing = findings.find((f) => f.thirdParty === 'Own0a');
    expect(missing?.message).toBe(
      'Own0a is listed here but not in 199 of the other 199 lists (team-1/subprocessors.md, team-2/subprocessors.md, team-3/subprocessors.md, …); add it there, or remove it here if it is no longer used',
    );
    expect(missing?.related).toHaveLength(3);
  });

  it('says once, as a notice, when there are more lists than it compares', () => {
    const capped = check(inputs, { only: ['cross-document-consistency'] }).files.flatMap(
      (f) => f.findings,
    );
    expect(capped).toHaveLength(1);
    expect(capped[0]).toMatchObject({ severity: 'notice', line: 5 });
    expect(capped[0]?.message).toMatch(
      /^200 lists of third parties were found; they are compared only when there are at most 25\./,
    );
  });
});
