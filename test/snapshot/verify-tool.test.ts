import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  POLICY_CHECK_COMMAND,
  VERIFY_TOOL,
  VERIFY_TOOL_SPEC,
} from '../../functions/snapshot/verify-tool.js';

const read = (path: string): string =>
  readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');
const pkg = JSON.parse(read('package.json')) as { name: string; version: string };

/** The README's section on verifying snapshots: what a customer follows. */
function verifySection(): string {
  const readme = read('README.md');
  const start = readme.indexOf('## Verifying published snapshots');
  const end = readme.indexOf('\n## ', start + 1);
  expect(start).toBeGreaterThan(0);
  return readme.slice(start, end);
}

describe('the verify command the page and the README name (issue 15, point 4)', () => {
  it("runs the project's own repository at the release of this version, never a registry name", () => {
    expect(VERIFY_TOOL.tag).toBe(`v${pkg.version}`);
    expect(VERIFY_TOOL_SPEC).toBe(
      `git+https://github.com/policy-checker/policy-checker.git#v${pkg.version}`,
    );
    expect(POLICY_CHECK_COMMAND).toBe(`npx --yes --package=${VERIFY_TOOL_SPEC} policy-check`);
  });

  it('the README takes the same command, leads with openssl, and runs no package by bare name', () => {
    const section = verifySection();
    expect(section).toContain(`${POLICY_CHECK_COMMAND} verify`);
    expect(section.indexOf('openssl dgst -sha256 -verify')).toBeLessThan(
      section.indexOf(POLICY_CHECK_COMMAND),
    );
    // `npx -p policy-checker …` or `npx policy-check …` outside this repository runs whatever a
    // stranger publishes under that name.
    expect(section).not.toMatch(/npx (?:-p |--package[ =])?policy-check/);
    expect(section).not.toMatch(/^\s*policy-check verify/m);
  });
});
