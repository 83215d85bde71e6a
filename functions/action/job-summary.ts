import type { CheckRunOutput } from '../github/check-output/index.js';

export interface JobSummaryInput {
  output: Pick<CheckRunOutput, 'conclusion' | 'title' | 'summary'>;
  /** The pull request and the commit it is compared with; null on a push. */
  pullRequest: { number: number | null; ref: string; comparedWith: string } | null;
  /** True when the clone has no full history, so `git blame` cannot date TODOs. */
  shallow: boolean;
}

const VERDICT = { success: '✅', neutral: '⚠️', failure: '❌' } as const;

/**
 * The job summary: the check run's Markdown summary (what a pull request introduces and fixes,
 * its third-party list changes against the base, findings by rule), under a heading that says
 * what was compared, and a note when a shallow clone hides TODO ages.
 */
export function jobSummary(input: JobSummaryInput): string {
  const { output, pullRequest } = input;
  const lines = [`## ${VERDICT[output.conclusion]} Policy compliance: ${output.title}`, ''];
  if (pullRequest) {
    const which =
      pullRequest.number === null ? 'This pull request' : `Pull request #${pullRequest.number}`;
    lines.push(
      `${which}, compared with \`${pullRequest.comparedWith.slice(0, 7)}\` on \`${pullRequest.ref.replaceAll('`', '')}\` and judged with that commit's \`.policy-checker.yml\`.`,
      '',
    );
  }
  if (input.shallow)
    lines.push(
      '> **Note:** this is a shallow clone, so the age of each TODO is unknown and stale ones are not found. ' +
        'Check out with `fetch-depth: 0` (actions/checkout) to date them.',
      '',
    );
  lines.push(output.summary, '');
  return lines.join('\n');
}
