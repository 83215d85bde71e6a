import {
  isEmptyDiff,
  type ChangedParty,
  type ComparedField,
  type ListedParty,
  type Severity,
  type ThirdPartyDiff,
} from '../../engine/index.js';
import { compareText } from './annotations.js';
import {
  GITHUB_TEXT_LIMIT,
  code,
  fitLines,
  link,
  md,
  num,
  plural,
  row,
  textKey,
  type Line,
} from './markdown.js';
import {
  SEVERITY_RANK,
  type CheckConclusion,
  type CheckMode,
  type FailOn,
  type FindingComparison,
  type PathFinding,
  type SeverityCounts,
} from './types.js';

export interface CheckOutputInput {
  mode: CheckMode;
  failOn: FailOn;
  conclusion: CheckConclusion;
  /** Every finding on the head commit. */
  findings: readonly PathFinding[];
  /** How many third parties the head lists. */
  thirdPartyCount: number;
  /** For a pull request: the comparison with the base (`compareWithBase`); null on a push. */
  comparison: FindingComparison | null;
  /** For a pull request: true when no base result was available, so everything counts as new. */
  baseMissing?: boolean;
  /** For a pull request with a base: how the third-party list changed. */
  thirdPartyDiff: ThirdPartyDiff | null;
  /** How many findings were annotated, and how many the cap left out. */
  annotated: number;
  omitted: number;
  omittedBySeverity?: SeverityCounts;
  annotationCap: number;
}

export interface CheckOutput {
  title: string;
  summary: string;
  text: string;
}

/** The rules whose findings say a third party lacks a field, and the column each fills. */
const MISSING_FIELD_RULES: Record<string, ComparedField> = {
  'purpose-required': 'purpose',
  'location-required': 'location',
  'gdpr-link-required': 'gdprLink',
};
const ICON: Record<Severity, string> = { error: '❌', warning: '⚠️', notice: 'ℹ️' };

/** Items in a short list of the summary, and rows in one of its tables. */
const LIST_ITEMS = 20;
const TABLE_ROWS = 50;
/** Character budgets of the summary's parts; together well under GitHub's 65,535. */
const BUDGET = {
  intro: 3_000,
  introduced: 9_000,
  fixed: 6_000,
  changes: 14_000,
  missing: 14_000,
  rules: 6_000,
  base: 8_000,
} as const;

/**
 * The check run's `output`: a title with the counts, a Markdown summary (what a pull request
 * introduces and fixes, how its third-party list changes, which third parties lack a field,
 * findings by rule, findings already on the base) and the full findings list as `text`. Both
 * stay within GitHub's 65,535 characters whatever the input; every value from the checked
 * repository is escaped.
 */
export function renderCheckOutput(input: CheckOutputInput): CheckOutput {
  const summary = fitLines(
    summaryLines(input).map((text) => ({ text, weight: 0 })),
    GITHUB_TEXT_LIMIT,
    'lines',
  );
  return { title: renderTitle(input), summary, text: renderText(input) };
}

/** `2 errors, 1 warning in 3 files · 19 third parties (1 new, 2 fixed)`. */
export function renderTitle(
  input: Pick<CheckOutputInput, 'mode' | 'findings' | 'thirdPartyCount' | 'comparison'>,
): string {
  const counts = countSeverities(input.findings);
  const kinds = (['error', 'warning', 'notice'] as const)
    .filter((s) => counts[s] > 0)
    .map((s) => plural(counts[s], s));
  const files = new Set(input.findings.map((f) => textKey(f.path))).size;
  const parties = plural(input.thirdPartyCount, 'third party', 'third parties');
  const found =
    kinds.length === 0 ? 'No problems' : `${kinds.join(', ')} in ${plural(files, 'file')}`;
  const delta =
    input.mode === 'pull_request' && input.comparison
      ? ` (${num(input.comparison.introduced.length)} new, ${num(input.comparison.fixed.length)} fixed)`
      : '';
  return `${found} · ${parties}${delta}`;
}

function summaryLines(input: CheckOutputInput): string[] {
  const pr = input.mode === 'pull_request' && input.comparison !== null;
  const parts: string[] = [fitLines(introLines(input), BUDGET.intro, 'lines')];
  if (pr) {
    const { introduced, fixed } = input.comparison!;
    if (introduced.length > 0)
      parts.push(
        findingList(
          `### Introduced by this pull request (${num(introduced.length)})`,
          introduced,
          BUDGET.introduced,
        ),
      );
    if (fixed.length > 0)
      parts.push(
        findingList(
          `### Fixed by this pull request (${num(fixed.length)})`,
          fixed,
          BUDGET.fixed,
          true,
        ),
      );
    if (input.thirdPartyDiff && !isEmptyDiff(input.thirdPartyDiff))
      parts.push(changeTable(input.thirdPartyDiff));
  }
  const missing = missingFieldTable(input);
  if (missing) parts.push(missing);
  if (input.findings.length > 0) parts.push(ruleTable(input));
  if (pr && input.comparison!.unchanged.length > 0) {
    const onBase = input.comparison!.unchanged;
    const heading =
      input.failOn === 'new'
        ? `### Already on the base branch (${num(onBase.length)}): not failing this pull request`
        : `### Already on the base branch (${num(onBase.length)})`;
    parts.push(findingList(heading, onBase, BUDGET.base));
  }
  return parts.join('\n\n').split('\n');
}

function introLines(input: CheckOutputInput): Line[] {
  const lines: string[] = [];
  const pr = input.mode === 'pull_request' && input.comparison !== null;
  if (pr) {
    const { introduced, fixed, unchanged } = input.comparison!;
    const what =
      introduced.length === 0
        ? 'introduces no findings'
        : `introduces **${plural(introduced.length, 'finding')}** (${severityList(introduced)})`;
    const fixes = fixed.length === 0 ? 'fixes none' : `fixes **${num(fixed.length)}**`;
    lines.push(`This pull request ${what} and ${fixes}.`);
    if (input.baseMissing)
      lines.push(
        '',
        'No result was available for the base branch, so every finding counts as introduced.',
      );
    lines.push('', gateSentence(input.failOn, unchanged.length));
  } else {
    lines.push(
      input.findings.length === 0
        ? 'No findings on this commit.'
        : `This commit has ${plural(input.findings.length, 'finding')} (${severityList(input.findings)}). The check is judged on all of them.`,
    );
  }
  lines.push('', verdict(input));
  if (input.omitted > 0) {
    const by = input.omittedBySeverity ? ` (${severityList(null, input.omittedBySeverity)})` : '';
    lines.push(
      '',
      `> **Note:** ${num(input.annotated)} findings are annotated; ${num(input.omitted)} more${by} are not, ` +
        `as annotations stop at ${num(input.annotationCap)} per check run. The details below list findings by file.`,
    );
  }
  return lines.map((text) => ({ text, weight: 0 }));
}

function gateSentence(failOn: FailOn, onBase: number): string {
  if (failOn === 'all')
    return (
      'The conclusion counts every finding on the head commit (`fail-on: all`)' +
      (onBase > 0 ? `, including the ${num(onBase)} already on the base branch.` : '.')
    );
  return (
    'The conclusion counts only the findings this pull request introduces (`fail-on: new`)' +
    (onBase > 0
      ? `; the ${num(onBase)} already on the base branch are annotated but do not fail it.`
      : '.')
  );
}

function verdict(input: CheckOutputInput): string {
  const judgedNew = input.mode === 'pull_request' && input.failOn === 'new';
  if (input.conclusion === 'failure')
    return judgedNew
      ? '❌ **Failing**: this pull request introduces errors.'
      : '❌ **Failing**: there are errors.';
  if (input.conclusion === 'neutral')
    return judgedNew
      ? '⚠️ **Neutral**: this pull request introduces warnings, but no errors.'
      : '⚠️ **Neutral**: warnings only, no errors.';
  return judgedNew
    ? '✅ **Passing**: this pull request introduces no errors or warnings.'
    : '✅ **Passing**: no errors or warnings.';
}

function findingList(
  heading: string,
  findings: readonly PathFinding[],
  budget: number,
  fixed = false,
): string {
  const sorted = sortBySeverity(findings);
  const shown = sorted.slice(0, LIST_ITEMS);
  const lines: Line[] = [
    { text: heading, weight: 0 },
    { text: '', weight: 0 },
    ...shown.map((f) => ({ text: `- ${findingLine(f, fixed)}`, weight: 1 })),
  ];
  return fitLines(lines, budget, 'findings (see the details)', sorted.length - shown.length);
}

/** `❌ \`location-required\` · Mailgun · policies/a.md:12: message`; a fixed one is `✅ was error …`. */
function findingLine(f: PathFinding, fixed: boolean): string {
  const icon = fixed ? `✅ was ${f.severity}` : ICON[f.severity];
  const parts = [
    `${icon} ${link(code(f.ruleId, 80), f.docsUrl)}`,
    ...(f.thirdParty ? [md(f.thirdParty, 100)] : []),
    `${md(f.path, 150)}:${f.line}`,
  ];
  return `${parts.join(' · ')}: ${md(f.message, 300)}`;
}

function changeTable(diff: ThirdPartyDiff): string {
  const counts = [
    diff.added.length > 0 ? `${num(diff.added.length)} added` : null,
    diff.removed.length > 0 ? `${num(diff.removed.length)} removed` : null,
    diff.changed.length > 0 ? `${num(diff.changed.length)} changed` : null,
  ].filter((c) => c !== null);
  const rows: string[] = [];
  const value = (v: string | null | undefined): string => (v ? md(v, 120) : '*none*');
  const listed = (label: string, p: ListedParty): string =>
    row([label, md(p.name, 100), value(p.purpose), value(p.location), value(p.gdprLink)]);
  const changed = (c: ChangedParty): string => {
    const cell = (field: ComparedField): string => {
      const change = c.changes.find((x) => x.field === field);
      return change ? `${value(change.before)} → ${value(change.after)}` : '';
    };
    const name = c.previousName
      ? `${md(c.name, 100)} (was ${md(c.previousName, 100)})`
      : md(c.name, 100);
    return row(['Changed', name, cell('purpose'), cell('location'), cell('gdprLink')]);
  };
  const total = diff.added.length + diff.removed.length + diff.changed.length;
  for (const p of diff.added) {
    if (rows.length >= TABLE_ROWS) break;
    rows.push(listed('Added', p));
  }
  for (const p of diff.removed) {
    if (rows.length >= TABLE_ROWS) break;
    rows.push(listed('Removed', p));
  }
  for (const c of diff.changed) {
    if (rows.length >= TABLE_ROWS) break;
    rows.push(changed(c));
  }
  const lines: Line[] = [
    { text: '### Third-party list changes', weight: 0 },
    { text: '', weight: 0 },
    { text: `${counts.join(', ')}.`, weight: 0 },
    { text: '', weight: 0 },
    { text: row(['Change', 'Third party', 'Purpose', 'Location', 'GDPR link']), weight: 0 },
    { text: row(['---', '---', '---', '---', '---']), weight: 0 },
    ...rows.map((text) => ({ text, weight: 1 })),
  ];
  return fitLines(lines, BUDGET.changes, 'changes', total - rows.length);
}

interface MissingRow {
  path: string;
  name: string;
  line: number;
  fields: Partial<Record<ComparedField, { docsUrl: string; isNew: boolean }>>;
}

function missingFieldTable(input: CheckOutputInput): string | null {
  const introduced =
    input.mode === 'pull_request' && input.comparison ? new Set(input.comparison.introduced) : null;
  const rows = new Map<string, MissingRow>();
  for (const f of input.findings) {
    const field = MISSING_FIELD_RULES[f.ruleId];
    if (!field || !f.thirdParty) continue;
    const key = `${textKey(f.path)}\u0000${textKey(f.thirdParty)}`;
    const entry = rows.get(key) ?? { path: f.path, name: f.thirdParty, line: f.line, fields: {} };
    entry.line = Math.min(entry.line, f.line);
    entry.fields[field] = { docsUrl: f.docsUrl, isNew: introduced?.has(f) ?? false };
    rows.set(key, entry);
  }
  if (rows.size === 0) return null;
  const sorted = [...rows.values()].sort(
    (a, b) => compareText(a.path, b.path) || a.line - b.line || compareText(a.name, b.name),
  );
  const shown = sorted.slice(0, TABLE_ROWS);
  const cell = (r: MissingRow, field: ComparedField): string => {
    const missing = r.fields[field];
    if (!missing) return '✓';
    return `${link('missing', missing.docsUrl)}${missing.isNew ? ' (new)' : ''}`;
  };
  const lines: Line[] = [
    {
      text: `### Third parties with missing fields (${num(sorted.length)})`,
      weight: 0,
    },
    { text: '', weight: 0 },
    { text: row(['Third party', 'File', 'Purpose', 'Location', 'GDPR link']), weight: 0 },
    { text: row(['---', '---', '---', '---', '---']), weight: 0 },
    ...shown.map((r) => ({
      text: row([
        md(r.name, 100),
        `${md(r.path, 150)}:${r.line}`,
        cell(r, 'purpose'),
        cell(r, 'location'),
        cell(r, 'gdprLink'),
      ]),
      weight: 1,
    })),
  ];
  return fitLines(lines, BUDGET.missing, 'third parties', sorted.length - shown.length);
}

function ruleTable(input: CheckOutputInput): string {
  const pr = input.mode === 'pull_request' && input.comparison !== null;
  const introduced = pr ? new Set(input.comparison!.introduced) : null;
  const byRule = new Map<
    string,
    { ruleId: string; docsUrl: string; counts: SeverityCounts; isNew: number }
  >();
  for (const f of input.findings) {
    const key = textKey(f.ruleId);
    const entry = byRule.get(key) ?? {
      ruleId: f.ruleId,
      docsUrl: f.docsUrl,
      counts: { error: 0, warning: 0, notice: 0 },
      isNew: 0,
    };
    entry.counts[f.severity] += 1;
    if (introduced?.has(f)) entry.isNew += 1;
    byRule.set(key, entry);
  }
  const sorted = [...byRule.values()].sort(
    (x, y) =>
      y.counts.error - x.counts.error ||
      y.counts.warning - x.counts.warning ||
      y.counts.notice - x.counts.notice ||
      compareText(x.ruleId, y.ruleId),
  );
  const shown = sorted.slice(0, TABLE_ROWS);
  const header = ['Rule', 'Errors', 'Warnings', 'Notices', ...(pr ? ['New'] : [])];
  const lines: Line[] = [
    { text: '### Findings by rule', weight: 0 },
    { text: '', weight: 0 },
    { text: row(header), weight: 0 },
    { text: row(header.map(() => '---')), weight: 0 },
    ...shown.map((e) => ({
      text: row([
        link(code(e.ruleId, 80), e.docsUrl),
        num(e.counts.error),
        num(e.counts.warning),
        num(e.counts.notice),
        ...(pr ? [num(e.isNew)] : []),
      ]),
      weight: 1,
    })),
  ];
  return fitLines(lines, BUDGET.rules, 'rules', sorted.length - shown.length);
}

/** The full findings list, grouped by file, for `output.text`. */
function renderText(input: CheckOutputInput): string {
  if (input.findings.length === 0) return 'No findings.';
  const introduced =
    input.mode === 'pull_request' && input.comparison ? new Set(input.comparison.introduced) : null;
  const byPath = new Map<string, PathFinding[]>();
  for (const f of input.findings) {
    const key = textKey(f.path);
    const list = byPath.get(key);
    if (list) list.push(f);
    else byPath.set(key, [f]);
  }
  const groups = [...byPath.values()].sort((a, b) => compareText(a[0]!.path, b[0]!.path));
  const lines: Line[] = [];
  for (const group of groups) {
    const path = group[0]!.path;
    const findings = group
      .slice()
      .sort(
        (a, b) =>
          a.line - b.line ||
          a.column - b.column ||
          SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
          compareText(a.ruleId, b.ruleId),
      );
    if (lines.length > 0) lines.push({ text: '', weight: 0 });
    lines.push({ text: `### ${md(path, 300)} (${num(findings.length)})`, weight: 0 });
    lines.push({ text: '', weight: 0 });
    for (const f of findings) {
      const status = introduced ? (introduced.has(f) ? ' · new' : ' · on base') : '';
      const vendor = f.thirdParty ? ` · ${md(f.thirdParty, 200)}` : '';
      lines.push({
        text:
          `- ${ICON[f.severity]} **${f.severity}** ${f.line}:${f.column} ` +
          `${link(code(f.ruleId, 80), f.docsUrl)}${vendor}${status}: ${md(f.message, 1_000)}`,
        weight: 1,
      });
      for (const r of f.related.slice(0, 5))
        lines.push({
          text: `  - see ${md(r.path, 150)}:${r.line}: ${md(r.message, 200)}`,
          weight: 0,
        });
    }
  }
  return fitLines(lines, GITHUB_TEXT_LIMIT, 'findings');
}

function countSeverities(findings: readonly { severity: Severity }[]): SeverityCounts {
  const counts: SeverityCounts = { error: 0, warning: 0, notice: 0 };
  for (const f of findings) counts[f.severity] += 1;
  return counts;
}

/** `1 error, 2 warnings`, from findings or counts. */
function severityList(
  findings: readonly { severity: Severity }[] | null,
  counts: SeverityCounts = countSeverities(findings ?? []),
): string {
  return (['error', 'warning', 'notice'] as const)
    .filter((s) => counts[s] > 0)
    .map((s) => plural(counts[s], s))
    .join(', ');
}

function sortBySeverity(findings: readonly PathFinding[]): PathFinding[] {
  return [...findings].sort(
    (a, b) =>
      SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
      compareText(a.path, b.path) ||
      a.line - b.line ||
      compareText(a.ruleId, b.ruleId),
  );
}
