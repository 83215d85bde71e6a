import { seededRandom } from '../../functions/local/github-stand-in/index.js';
import type {
  StoredFinding,
  StoredParty,
  StoredResult,
} from '../../functions/store/stored-result.js';

/** Deterministic pseudo-random numbers, so a failing test fails the same way twice. */
export const seeded = seededRandom;

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 ';

/** Text gzip cannot shrink much, so a result's size is what the test says it is. */
export function noise(random: () => number, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += ALPHABET[Math.floor(random() * ALPHABET.length)];
  return out;
}

export function sha(n: number): string {
  return n.toString(16).padStart(40, '0');
}

export function finding(i: number, message: string): StoredFinding {
  return {
    ruleId: i % 2 ? 'location-required' : 'purpose-required',
    severity: i % 3 ? 'error' : 'warning',
    message,
    path: `policies/subprocessors-${i % 7}.md`,
    line: i + 1,
    column: 3,
    endLine: i + 2,
    endColumn: 40,
    thirdParty: i % 5 ? `Vendor ${i}` : null,
    docsUrl: 'https://example.com/docs/rules/location-required.md',
    fingerprint: `v1:${sha(i * 7919)}`,
    related: i % 4 ? [] : [{ path: 'policies/other.md', line: 3, column: 1, message: 'also here' }],
  };
}

export function party(i: number): StoredParty {
  return {
    name: `Vendor ${i}`,
    line: i * 3 + 1,
    endLine: i * 3 + 2,
    purpose: i % 3 ? 'email processing' : null,
    location: i % 2 ? 'United States' : null,
    countries: i % 2 ? ['US'] : [],
    gdprLink: `https://vendor${i}.example.com/gdpr`,
    links: [{ text: 'GDPR', url: `https://vendor${i}.example.com/gdpr` }],
    file: 'policies/subprocessors.md',
    ...(i % 4 === 0 ? { transfer: 'SCCs', dataCategories: ['email'] } : {}),
  };
}

/** A result completed `minute` minutes after a fixed start, with `findings` typical findings. */
export function result(
  overrides: Partial<StoredResult> & { minute?: number; findingCount?: number } = {},
): StoredResult {
  const { minute = 0, findingCount = 20, ...rest } = overrides;
  const completed = new Date(Date.UTC(2026, 0, 15, 12, minute, 0));
  const findings = Array.from({ length: findingCount }, (_, i) =>
    finding(i, `Vendor ${i} does not say where its data is hosted: add a location.`),
  );
  return {
    repo: 'acme/privacy-docs',
    sha: sha(minute + 1),
    ref: 'refs/heads/main',
    trigger: 'push',
    deliveryId: `delivery-${minute}`,
    pr: null,
    conclusion: 'failure',
    counts: { errors: 13, warnings: 7, notices: 0 },
    files: ['policies/subprocessors.md'],
    findings,
    thirdParties: Array.from({ length: 12 }, (_, i) => party(i)),
    configVersion: 'default',
    rulePackVersion: '1.4.0',
    checkRunId: 4242,
    timings: {
      startedAt: new Date(completed.getTime() - 1500).toISOString(),
      completedAt: completed.toISOString(),
      durationMs: 1500,
    },
    ...rest,
  };
}
