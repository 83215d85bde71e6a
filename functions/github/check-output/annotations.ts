import { clip, clipUtf8, short } from './markdown.js';
import {
  SEVERITY_RANK,
  type Annotation,
  type FailOn,
  type FindingComparison,
  type PathFinding,
  type SeverityCounts,
} from './types.js';

/** Annotations per check-run request: the API takes at most 50 in one `output`. */
export const ANNOTATIONS_PER_REQUEST = 50;
/** Annotations per check run unless the caller says otherwise. */
export const DEFAULT_ANNOTATION_CAP = 500;
/** The API's limit on `message` and `raw_details`: 64 KB. Counted in UTF-8 bytes to be safe. */
const FIELD_LIMIT_BYTES = 65_535;
/** Titles are one short line in GitHub's UI; the API documents no limit, so keep well inside any. */
const TITLE_LIMIT = 255;

const LEVEL = { error: 'failure', warning: 'warning', notice: 'notice' } as const;

/** Where a finding stands against the base: new in the pull request, already there, or unknown (a push). */
export type FindingStatus = 'new' | 'base' | null;

export interface AnnotationOptions {
  /** The comparison with the base (from `compareWithBase` on the same head findings), for a pull request. */
  comparison?: Pick<FindingComparison, 'introduced'> | null;
  /** Head lines the pull request added or modified, per path. */
  changedLines?: ReadonlyMap<string, ReadonlySet<number>> | null;
  /** At most this many annotations (default 500); the rest are counted, not annotated. */
  cap?: number;
  /** Says in the details whether a finding already on the base decides the conclusion. */
  failOn?: FailOn;
}

export interface AnnotationResult {
  /** In the order they should be sent. */
  annotations: Annotation[];
  /** How many findings were left out by the cap, in total and by severity. */
  omitted: number;
  omittedBySeverity: SeverityCounts;
}

/**
 * Turns findings into check-run annotations, most useful first: findings the pull request
 * introduces on lines it changed, then its other new findings, then the rest; within each
 * group errors before warnings before notices, then by path and position. Capped, with what
 * the cap left out counted.
 */
export function buildAnnotations(
  findings: readonly PathFinding[],
  options: AnnotationOptions = {},
): AnnotationResult {
  const cap = Math.max(0, Math.floor(options.cap ?? DEFAULT_ANNOTATION_CAP));
  const introduced = options.comparison ? new Set(options.comparison.introduced) : null;
  const statusOf = (f: PathFinding): FindingStatus =>
    introduced === null ? null : introduced.has(f) ? 'new' : 'base';
  const onChangedLine = (f: PathFinding): boolean => {
    const lines = options.changedLines?.get(f.path);
    if (!lines) return false;
    for (let line = f.line; line <= Math.max(f.line, f.endLine); line += 1)
      if (lines.has(line)) return true;
    return false;
  };
  const group = (f: PathFinding): number => {
    const status = statusOf(f);
    if (status === 'base') return 2;
    return status === 'new' && onChangedLine(f) ? 0 : 1;
  };
  const ranked = findings.map((f) => ({ f, group: group(f) }));
  ranked.sort(
    (a, b) =>
      a.group - b.group ||
      SEVERITY_RANK[a.f.severity] - SEVERITY_RANK[b.f.severity] ||
      compareText(a.f.path, b.f.path) ||
      a.f.line - b.f.line ||
      a.f.column - b.f.column ||
      compareText(a.f.ruleId, b.f.ruleId),
  );
  const kept = ranked.slice(0, cap);
  const omittedBySeverity: SeverityCounts = { error: 0, warning: 0, notice: 0 };
  for (const { f } of ranked.slice(cap)) omittedBySeverity[f.severity] += 1;
  return {
    annotations: kept.map(({ f }) => toAnnotation(f, statusOf(f), options.failOn ?? 'new')),
    omitted: ranked.length - kept.length,
    omittedBySeverity,
  };
}

/** One finding as an annotation. `status` is null outside a pull request. */
export function toAnnotation(
  f: PathFinding,
  status: FindingStatus = null,
  failOn: FailOn = 'new',
): Annotation {
  const startLine = Math.max(1, Math.floor(f.line) || 1);
  const endLine = Math.max(startLine, Math.floor(f.endLine) || startLine);
  // Columns only on one line: the API rejects them when start_line and end_line differ.
  const columns = startLine === endLine && f.column >= 1;
  const title = f.thirdParty
    ? `${short(f.ruleId, 100)} (${short(f.thirdParty, 150)})`
    : short(f.ruleId, 100);
  return {
    path: f.path,
    start_line: startLine,
    end_line: endLine,
    ...(columns
      ? { start_column: f.column, end_column: Math.max(f.column, f.endColumn || f.column) }
      : {}),
    annotation_level: LEVEL[f.severity],
    message: clipUtf8(f.message === '' ? f.ruleId : f.message, FIELD_LIMIT_BYTES),
    title: clip(title, TITLE_LIMIT),
    raw_details: clipUtf8(details(f, status, failOn), FIELD_LIMIT_BYTES),
  };
}

function details(f: PathFinding, status: FindingStatus, failOn: FailOn): string {
  const lines: string[] = [];
  if (status === 'new') lines.push('New in this pull request.');
  if (status === 'base')
    lines.push(
      failOn === 'new'
        ? 'Already on the base branch: it does not fail this pull request (fail-on: new).'
        : 'Already on the base branch (fail-on: all: it counts for this check all the same).',
    );
  if (f.docsUrl) lines.push(`Rule ${f.ruleId}: ${f.docsUrl}`);
  for (const r of f.related.slice(0, 20))
    lines.push(`Related: ${clip(r.path, 1_000)}:${r.line}:${r.column} ${clip(r.message, 2_000)}`);
  lines.push(`Fingerprint: ${f.fingerprint}`);
  return lines.join('\n');
}

/** Splits a list into consecutive batches of at most `size` (the API's 50 annotations per request). */
export function chunk<T>(items: readonly T[], size: number = ANNOTATIONS_PER_REQUEST): T[][] {
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`chunk size must be ≥ 1: ${size}`);
  const batches: T[][] = [];
  for (let i = 0; i < items.length; i += size) batches.push(items.slice(i, i + size));
  return batches;
}

/** Code-unit order: the same on every machine, unlike `localeCompare`. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
