/**
 * Microsoft's SARIF Multitool, the validator GitHub points to, run with its SARIF and GitHub
 * rule kinds: what it finds in a log at error and warning level (its defaults).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Log, Result } from 'sarif';

// The package resolves to the binary of this platform, which it ships inside itself.
const MULTITOOL = createRequire(import.meta.url)('@microsoft/sarif-multitool') as string;

// SARIF2006 fetches every URI in the log to see that it answers; tests reach no network.
const NO_NETWORK = `<?xml version="1.0" encoding="utf-8"?>
<Properties>
  <Properties Key="SARIF2006.UrisShouldBeReachable.Options">
    <Property Key="RuleEnabled" Value="Disabled" Type="Driver.RuleEnabledState" />
  </Properties>
</Properties>
`;

const dir = mkdtempSync(join(tmpdir(), 'policy-check-sarif-'));

/** The Multitool's findings on a log, at error and warning level (its defaults). */
export function validate(log: Log, name: string): Result[] {
  const input = join(dir, `${name}.sarif`);
  const output = join(dir, `${name}.validation.sarif`);
  const config = join(dir, 'no-network.xml');
  writeFileSync(input, JSON.stringify(log, null, 2));
  writeFileSync(config, NO_NETWORK);
  const args = ['validate', '--rule-kind', 'Sarif;Gh', '--config', config];
  const run = spawnSync(
    MULTITOOL,
    [...args, '--log', 'ForceOverwrite', '--output', output, input],
    {
      encoding: 'utf8',
    },
  );
  if (run.error || run.status !== 0)
    throw new Error(
      `sarif-multitool did not run (${run.error?.message ?? run.status}): ${run.stdout}${run.stderr}`,
    );
  const validation = JSON.parse(readFileSync(output, 'utf8')) as Log;
  return validation.runs.flatMap((r) => r.results ?? []);
}

/** One line per finding, so a failing test shows what the Multitool said. */
export const summary = (results: Result[]): string[] =>
  results.map((r) => `${r.level ?? 'warning'} ${r.ruleId}: ${r.message.text ?? ''}`);
