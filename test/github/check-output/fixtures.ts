import type { Severity } from '../../../functions/engine/index.js';
import type { PathFinding, PathParty } from '../../../functions/github/check-output/index.js';

export const docs = (ruleId: string): string =>
  `https://policy-checker.example/docs/rules/${ruleId}.md`;

let counter = 0;

/** A finding with sensible defaults; the fingerprint is unique unless given. */
export function finding(
  f: Partial<PathFinding> & { ruleId?: string; severity?: Severity } = {},
): PathFinding {
  counter += 1;
  const ruleId = f.ruleId ?? 'location-required';
  const line = f.line ?? 1;
  return {
    path: 'policies/subprocessors.md',
    ruleId,
    severity: 'error',
    message: `${ruleId} finding ${counter}`,
    line,
    column: 1,
    endLine: line,
    endColumn: 10,
    thirdParty: null,
    docsUrl: docs(ruleId),
    fingerprint: `v1:test-${counter}`,
    related: [],
    ...f,
  };
}

export function party(
  name: string,
  purpose: string | null,
  location: string | null,
  gdprLink: string | null = `https://${name.toLowerCase().replace(/\W/g, '')}.example/dpa`,
  file = 'policies/subprocessors.md',
): PathParty {
  return { name, purpose, location, gdprLink, file };
}

/** `n` findings cycling through the severities, spread over files and lines. */
export function manyFindings(n: number, message = (i: number) => `problem ${i}`): PathFinding[] {
  const severities: Severity[] = ['notice', 'warning', 'error'];
  return Array.from({ length: n }, (_, i) =>
    finding({
      severity: severities[i % 3]!,
      path: `policies/file-${i % 7}.md`,
      line: 1 + i,
      message: message(i),
      fingerprint: `v1:many-${i}`,
    }),
  );
}
