import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeSha } from '../../functions/local/github-stand-in/index.js';
import { example } from '../webhook/webhook-examples.js';
import { pullRequestPayload, startFlow, type Flow } from '../flow/flow-harness.js';

const PR = example('pull_request', (p) => p.action === 'opened' && p.installation !== undefined);

const table = (rows: string[]) =>
  [
    '# Subprocessors',
    '',
    '| Name | Purpose | Location | DPA |',
    '| --- | --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
const MAILGUN = '| Mailgun | E-mail delivery | Germany | [DPA](https://mailgun.example/dpa) |';
/** A vendor with no location and no DPA: two errors under the default rules. */
const SHADY = '| Shady Analytics | Tracking | | |';

/**
 * An attacker who can open a pull request but not merge it: the pull request adds a vendor
 * that breaks the policy and, in the same change, its own `.policy-checker.yml` switches the
 * rules off. Judged with its own config it passed; judged with the base's it must fail, and
 * the config change must be shown to reviewers.
 */
describe('a pull request cannot switch off the check that judges it', () => {
  let flow: Flow;
  let next = 1;
  const openPullRequest = async (
    headFiles: Record<string, string>,
    baseFiles: Record<string, string>,
  ) => {
    const id = next++;
    const repo = { owner: 'victim', name: `policies-${id}`, id: 7000 + id };
    const [base, head] = ['base', 'head'].map((s) => fakeSha(`${repo.name}-${s}`));
    flow.github.addRepository({
      ...repo,
      branches: { main: base!, change: head! },
      commits: [
        { sha: base!, files: baseFiles },
        { sha: head!, parents: [base!], files: headFiles },
      ],
    });
    await flow.deliver('pull_request', pullRequestPayload(PR, repo, 'opened', id, head!, base!));
    const outcomes = await flow.drain();
    expect(outcomes.map((o) => (o instanceof Error ? o.message : o.kind))).toEqual(['completed']);
    return [...flow.github.checkRuns.values()].find((r) => r.head_sha === head)!;
  };

  beforeAll(async () => {
    flow = await startFlow({ now: new Date('2026-06-01T12:00:00Z') });
  });
  afterAll(() => flow.close());

  it('rules turned off by the pull request still judge it: failure, and config-changed names them', async () => {
    const run = await openPullRequest(
      {
        'subprocessors.md': table([MAILGUN, SHADY]),
        '.policy-checker.yml': [
          'rules:',
          '  location-required: off',
          '  gdpr-link-required: off',
          '  transfer-mechanism-required: off',
          '',
        ].join('\n'),
      },
      { 'subprocessors.md': table([MAILGUN]) },
    );
    expect(run.conclusion).toBe('failure');
    const titles = run.output.annotations.map((a) => `${a.path} ${a.title}`);
    expect(titles).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^subprocessors\.md location-required/),
        expect.stringMatching(/^subprocessors\.md gdpr-link-required/),
        expect.stringMatching(/^\.policy-checker\.yml config-changed/),
      ]),
    );
    const changed = run.output.annotations.find((a) => a.title?.startsWith('config-changed'))!;
    expect(changed.annotation_level).toBe('warning');
    for (const rule of ['location-required', 'gdpr-link-required', 'transfer-mechanism-required'])
      expect(changed.message).toContain(`rules.${rule} turned off`);
  });

  it('a waiver and a narrowed files list added by the pull request do not apply to it', async () => {
    const run = await openPullRequest(
      {
        'subprocessors.md': table([MAILGUN, SHADY]),
        '.policy-checker.yml': [
          'files: ["nothing/*.md"]',
          'waivers:',
          '  - rule: location-required',
          '    thirdParty: Shady Analytics',
          '    reason: trust me',
          '    expires: 2099-01-01',
          '',
        ].join('\n'),
      },
      {
        'subprocessors.md': table([MAILGUN]),
        '.policy-checker.yml': 'files: ["**/*.md"]\n',
      },
    );
    expect(run.conclusion).toBe('failure');
    const changed = run.output.annotations.find((a) => a.title?.startsWith('config-changed'))!;
    expect(changed.message).toMatch(/files no longer has "\*\*\/\*\.md"/);
    expect(changed.message).toMatch(/waivers adds location-required for Shady Analytics/);
  });

  it('a config change that only tightens is a notice, and the base still judges', async () => {
    const run = await openPullRequest(
      {
        'subprocessors.md': table([MAILGUN]),
        '.policy-checker.yml': 'rules:\n  stale-todo: error\n',
      },
      {
        'subprocessors.md': table([MAILGUN]),
        '.policy-checker.yml': 'rules:\n  stale-todo: warning\n',
      },
    );
    expect(run.conclusion).toBe('success');
    const changed = run.output.annotations.find((a) => a.title?.startsWith('config-changed'));
    expect(changed?.annotation_level).toBe('notice');
  });
});
