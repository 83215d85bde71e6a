import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { folderWith, runCli } from './run-cli.js';

const LIST = (rows: string) =>
  `# Subprocessors\n\n| Vendor | Purpose | Location | Effective | DPA |\n| --- | --- | --- | --- | --- |\n${rows}`;
const MAILGUN =
  '| Mailgun | Email | Germany | 2024-01-01 | [DPA](https://www.mailgun.com/legal/dpa/) |\n';

it('--since compares with the files at a git ref', () => {
  const cwd = folderWith({ 'subprocessors.md': LIST(MAILGUN) });
  const env = {
    ...process.env,
    GIT_AUTHOR_NAME: 't',
    GIT_AUTHOR_EMAIL: 't@example.com',
    GIT_COMMITTER_NAME: 't',
    GIT_COMMITTER_EMAIL: 't@example.com',
  };
  const git = (...args: string[]) => execFileSync('git', args, { cwd, env });
  git('init', '-q', '-b', 'main');
  git('add', '.');
  git('commit', '-qm', 'list');
  writeFileSync(
    join(cwd, 'subprocessors.md'),
    LIST(
      `${MAILGUN}| Acme | Analytics | Germany | 2026-06-05 | [DPA](https://acme.example/dpa) |\n`,
    ),
  );
  const run = runCli(['check', '--since', 'main', '--now', '2026-06-01', '--format', 'json'], cwd);
  expect(run.code).toBe(1);
  const findings = (
    JSON.parse(run.stdout) as { files: { findings: { ruleId: string; thirdParty: string }[] }[] }
  ).files[0]!.findings;
  expect(findings.filter((f) => f.ruleId === 'notice-period').map((f) => f.thirdParty)).toEqual([
    'Acme',
  ]);
  expect(runCli(['check', '--now', '2026-06-01'], cwd).code).toBe(0);
  expect(runCli(['check', '--since', 'no-such-branch'], cwd)).toMatchObject({
    code: 2,
    stderr: expect.stringMatching(/--since no-such-branch: not a commit of a git repository here/),
  });
});
