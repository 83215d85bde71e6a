/**
 * The "Policy compliance" check run's output, as pure functions: findings compared with the
 * base by fingerprint, the conclusion, annotations in batches, and a title, summary and text
 * that fit GitHub's limits. The caller creates and updates the check run with them.
 */
import { diffThirdParties, type Report } from '../../engine/index.js';
import { buildAnnotations, chunk, DEFAULT_ANNOTATION_CAP } from './annotations.js';
import { compareWithBase } from './compare-findings.js';
import { decideConclusion } from './conclusion.js';
import { renderCheckOutput } from './summary.js';
import type {
  Annotation,
  CheckConclusion,
  CheckedResult,
  CheckMode,
  FailOn,
  PathFinding,
  PathParty,
} from './types.js';

export { compareWithBase } from './compare-findings.js';
export { changedLines } from './changed-lines.js';
export { decideConclusion, findingsThatDecide, type ConclusionInput } from './conclusion.js';
export {
  buildAnnotations,
  toAnnotation,
  chunk,
  ANNOTATIONS_PER_REQUEST,
  DEFAULT_ANNOTATION_CAP,
  type AnnotationOptions,
  type AnnotationResult,
  type FindingStatus,
} from './annotations.js';
export {
  renderCheckOutput,
  renderTitle,
  type CheckOutput,
  type CheckOutputInput,
} from './summary.js';
export {
  errorOutput,
  sanitiseErrorMessage,
  ERROR_CONCLUSION,
  type ErrorOutput,
  type ErrorContext,
} from './error-output.js';
export { GITHUB_TEXT_LIMIT, md as escapeMarkdown } from './markdown.js';
export type {
  Annotation,
  CheckConclusion,
  CheckedResult,
  CheckMode,
  FailOn,
  FindingComparison,
  PathFinding,
  PathParty,
} from './types.js';

export interface CheckRunOutputInput {
  /** The head commit: the engine's report, or a result (a `StoredResult` fits). */
  head: Report | CheckedResult;
  /**
   * The merge base: its stored result or a report computed for it; null when there is none
   * (then, in a pull request, every finding counts as introduced). Ignored on a push.
   */
  base: Report | CheckedResult | null;
  mode: CheckMode;
  /** `fail-on` from `.policy-checker.yml`; only a pull request reads it. */
  failOn: FailOn;
  /** Head lines changed by the pull request, per path (`changedLines`); null when unknown. */
  changedLines?: ReadonlyMap<string, ReadonlySet<number>> | null;
  /** At most this many annotations (default 500). */
  annotationCap?: number;
  /** From the engine's `buildAliasIndex`, so a renamed vendor is not "removed and added". */
  aliasIndex: ReadonlyMap<string, string>;
}

export interface CheckRunOutput {
  conclusion: CheckConclusion;
  title: string;
  summary: string;
  text: string;
  /**
   * Annotations in the order to send them, at most 50 per batch: one batch per create/update
   * request, each with the same title, summary and text (the API requires them alongside).
   */
  annotationBatches: Annotation[][];
  /** Findings left out of the annotations by the cap (the summary says how many). */
  omitted: number;
}

/** Everything the check function needs to complete the check run, from one head and its base. */
export function buildCheckRunOutput(input: CheckRunOutputInput): CheckRunOutput {
  const head = toResult(input.head);
  const pr = input.mode === 'pull_request';
  const base = pr && input.base ? toResult(input.base) : null;
  const comparison = pr ? compareWithBase(head.findings, base?.findings ?? null) : null;
  const conclusion = decideConclusion({
    mode: input.mode,
    failOn: input.failOn,
    head: head.findings,
    comparison,
  });
  const cap = input.annotationCap ?? DEFAULT_ANNOTATION_CAP;
  const { annotations, omitted, omittedBySeverity } = buildAnnotations(head.findings, {
    comparison,
    changedLines: pr ? (input.changedLines ?? null) : null,
    cap,
    failOn: input.failOn,
  });
  const thirdPartyDiff = base
    ? diffThirdParties(base.thirdParties, head.thirdParties, input.aliasIndex)
    : null;
  const output = renderCheckOutput({
    mode: input.mode,
    failOn: input.failOn,
    conclusion,
    findings: head.findings,
    thirdPartyCount: head.thirdParties.length,
    comparison,
    baseMissing: pr && base === null,
    thirdPartyDiff,
    annotated: annotations.length,
    omitted,
    omittedBySeverity,
    annotationCap: cap,
  });
  return { conclusion, ...output, annotationBatches: chunk(annotations), omitted };
}

/**
 * A report's findings and third parties, each with its file. A file that could not be read
 * (`file-unreadable`, `file-too-large`, `config-invalid`) becomes an error on its line 1, so
 * it is counted, annotated and fails the check like any error; its fingerprint is the rule and
 * the path, as a file has only one such error.
 */
export function reportToResult(report: Report): CheckedResult {
  const findings: PathFinding[] = [];
  const thirdParties: PathParty[] = [];
  for (const file of report.files) {
    for (const e of file.errors)
      findings.push({
        path: file.path,
        ruleId: e.ruleId,
        severity: 'error',
        message: e.message,
        line: 1,
        column: 1,
        endLine: 1,
        endColumn: 1,
        thirdParty: null,
        docsUrl: e.docsUrl ?? '',
        fingerprint: `file-error:${e.ruleId}:${file.path}`,
        related: [],
      });
    for (const f of file.findings) findings.push({ ...f, path: file.path });
    for (const p of file.thirdParties)
      thirdParties.push({
        name: p.name,
        purpose: p.purpose,
        location: p.location,
        gdprLink: p.gdprLink,
        file: file.path,
        line: p.line,
      });
  }
  return { findings, thirdParties };
}

function toResult(source: Report | CheckedResult): CheckedResult {
  return 'summary' in source && 'version' in source ? reportToResult(source) : source;
}
