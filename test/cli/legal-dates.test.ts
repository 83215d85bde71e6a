import { describe, expect, it } from 'vitest';
import { folderWith, runCli } from './run-cli.js';

// The "done when", as a user runs it: the same file, the built CLI, two dates.
const BRAZIL = `# Subprocessors

| Subprocessor | Purpose | Location | DPA |
| --- | --- | --- | --- |
| Nuvem Ltda | Hosting | Brazil | [DPA](https://nuvem.example/dpa) |
`;

describe('policy-check check --now reads the law of that date', () => {
  it('a Brazilian vendor with no transfer mechanism fails on 2025-12-01 and passes on 2026-12-07', () => {
    const cwd = folderWith({ 'subprocessors.md': BRAZIL });
    const before = runCli(
      ['check', '--now', '2025-12-01', '--rule', 'transfer-mechanism-required'],
      cwd,
    );
    expect(before.code).toBe(1);
    expect(before.stdout).toContain('applies only from 2026-01-26');
    const after = runCli(
      ['check', '--now', '2026-12-07', '--rule', 'transfer-mechanism-required'],
      cwd,
    );
    expect(after.code).toBe(0);
  });

  it('the JSON report names the legal data that judged it', () => {
    const cwd = folderWith({ 'subprocessors.md': BRAZIL });
    const run = runCli(['check', '--now', '2026-12-07', '--format', 'json'], cwd);
    const report = JSON.parse(run.stdout) as { legalData?: { version: string; reviewed: string } };
    expect(report.legalData?.version).toMatch(/^\d{4}-\d{2}-\d{2}\.[0-9a-f]{8}$/);
  });
});
