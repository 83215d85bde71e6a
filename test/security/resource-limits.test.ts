import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  checkSources,
  MAX_ENTRIES_PER_CHECK,
  MAX_FILE_SIZE_CEILING,
  parseConfig,
} from '../../functions/engine/index.js';
import { fakeSha } from '../../functions/local/github-stand-in/index.js';
import { loadRulePack } from '../../functions/rule-pack/load-rule-pack.js';
import { pushJob, startFlow, type Flow } from '../flow/flow-harness.js';

/** A table of `rows` bare vendor names: the most entries (and findings) per byte. */
function denseTable(rows: number, from = 0): string {
  const lines = ['| Name | Purpose | Location | DPA |', '| --- | --- | --- | --- |'];
  for (let i = from; i < from + rows; i++) lines.push(`| Vendor ${i} | | | |`);
  return `${lines.join('\n')}\n`;
}

/** A vendor file of `bytes`, cheap to parse (one long note), so the test pays for the transfer. */
function vendorFileOf(bytes: number): string {
  const head = '{"vendors": [], "note": "';
  return `${head}${'x'.repeat(bytes - head.length - 3)}"}\n`;
}

/**
 * A repository's author controls its files and its config: neither may make one check cost the
 * service more memory than its function has.
 */
describe('what one check may cost, whatever the repository asks', () => {
  it('a config cannot raise maxFileSize past the ceiling; it is told so', () => {
    const { config, problems } = parseConfig('.policy-checker.yml', 'maxFileSize: 100MB\n');
    expect(config.maxFileSize).toBe(MAX_FILE_SIZE_CEILING);
    expect(problems).toMatchObject([
      { ruleId: 'config-invalid', severity: 'warning', span: { line: 1 } },
    ]);
    expect(problems[0]!.message).toMatch(/above the ceiling/);
    expect(parseConfig('.policy-checker.yml', 'maxFileSize: 1MiB\n').config.maxFileSize).toBe(
      1024 * 1024,
    );
  });

  it('entries past the limit, across files, are not checked, and the check fails there', () => {
    const first = MAX_ENTRIES_PER_CHECK - 5;
    const report = checkSources(
      [
        { path: 'a/subprocessors.md', text: denseTable(first) },
        { path: 'b/subprocessors.md', text: denseTable(20, first) },
      ],
      { rulePack: loadRulePack(), now: '2026-12-08' },
    );
    const [a, b] = report.files;
    expect(a!.thirdParties).toHaveLength(first);
    expect(b!.thirdParties).toHaveLength(5);
    const over = b!.findings.filter((f) => f.ruleId === 'too-many-entries');
    expect(over).toHaveLength(1);
    // The sixth row of b's table: header, separator, five kept rows, then it.
    expect(over[0]).toMatchObject({ severity: 'error', line: 8 });
    expect(over[0]!.message).toMatch(/the 15 from here on \(Vendor 10000 and after\)/);
  });

  describe('through the App', () => {
    let flow: Flow;
    beforeAll(async () => {
      flow = await startFlow();
    });
    afterAll(() => flow.close());

    it(
      'files past the 20 MiB a check reads are reported, never fetched',
      { timeout: 120_000 },
      async () => {
        const repo = { owner: 'greedy', name: 'policies', id: 9100 };
        const sha = fakeSha('greedy-1');
        const big = vendorFileOf(4.5 * 1024 * 1024);
        const files = Object.fromEntries(
          [1, 2, 3, 4, 5].map((n) => [`team-${n}/vendors.json`, big]),
        );
        flow.github.addRepository({
          ...repo,
          commits: [{ sha, files: { ...files, '.policy-checker.yml': 'maxFileSize: 100MB\n' } }],
        });
        const outcome = await flow.runJob(pushJob(repo, sha, 'refs/heads/topic'));
        expect(outcome.kind).toBe('completed');
        const run = [...flow.github.checkRuns.values()].find((r) => r.head_sha === sha)!;
        expect(run.conclusion).toBe('failure');
        expect(run.output.summary + (run.output.text ?? '')).toMatch(/team-5\/vendors\.json/);
        const reads = flow.github.requests.filter((r) => r.operationId !== 'checks/update');
        const read = JSON.stringify(reads.map((r) => [r.path, r.body ?? null]));
        expect(read).not.toContain('team-5/vendors.json');
        const config = run.output.annotations.find((a) => a.path === '.policy-checker.yml');
        expect(config?.message).toMatch(/above the ceiling/);
      },
    );
  });
});
