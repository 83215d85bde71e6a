import type { Finding, PolicyDocument, Severity, Span } from './model.js';
import type { RawFinding, RuleDefinition, RuleEnvironment } from './rules/rule.js';
import { RULE_TYPES } from './rule-types/index.js';
import { isSuppressed } from './extract/suppressions.js';
import { fingerprintAll } from './fingerprint.js';

/** A finding before it has its fingerprint. */
export type UnsignedFinding = Omit<Finding, 'fingerprint'>;

/** Builds the documentation link of a rule. */
export type DocsUrl = (rule: { id: string; docsUrl?: string }) => string;

function toFinding(
  ruleId: string,
  severity: Severity,
  raw: RawFinding,
  docsUrl: string,
): UnsignedFinding {
  const span: Span = raw.span;
  return {
    ruleId,
    severity: raw.severity ?? severity,
    message: raw.message,
    line: span.line,
    column: span.column,
    endLine: span.endLine,
    endColumn: span.endColumn,
    thirdParty: raw.thirdParty ?? null,
    docsUrl,
    related: raw.related ?? [],
  };
}

/** Runs every rule on one document, then keeps what no suppression or waiver covers. */
export function runRules(
  document: PolicyDocument,
  rules: readonly RuleDefinition[],
  env: RuleEnvironment,
  docsUrl: DocsUrl,
  engineSeverity: (id: string, fallback: Severity) => Severity | 'off',
  only?: readonly string[],
): UnsignedFinding[] {
  const findings: UnsignedFinding[] = [];
  for (const rule of rules) {
    const type = RULE_TYPES.get(rule.type);
    if (!type) continue;
    const url = docsUrl(rule);
    type.check?.({
      document,
      params: rule.params as never,
      rule,
      env,
      report: (raw) => findings.push(toFinding(rule.id, rule.severity, raw, url)),
    });
  }
  // Problems with the file itself come from the parser; they obey the config like any rule.
  const engineFinding = (id: string, fallback: Severity, raw: RawFinding): void => {
    const severity = engineSeverity(id, fallback);
    if (severity !== 'off' && (!only || only.includes(id)))
      findings.push(toFinding(id, severity, raw, docsUrl({ id })));
  };
  for (const problem of document.problems) engineFinding(problem.ruleId, problem.severity, problem);
  for (const r of document.recoveries)
    engineFinding('markdown-recovered', 'notice', { span: r.span, message: r.message });
  return findings.filter((f) => !isSuppressed(document.suppressions, f.ruleId, f.line));
}

/** Adds fingerprints, computed from rule, path, vendor and the flagged line's text. */
export function signFindings(
  path: string,
  lines: readonly string[],
  findings: readonly UnsignedFinding[],
  vendorKey: (name: string) => string,
): Finding[] {
  const prints = fingerprintAll(
    findings.map((f) => ({
      ruleId: f.ruleId,
      path,
      vendorKey: f.thirdParty ? vendorKey(f.thirdParty) : '',
      text: lines[f.line - 1] ?? f.message,
    })),
  );
  return findings.map((f, i) => ({ ...f, fingerprint: prints[i] as string }));
}

/** Findings in reading order. */
export function sortFindings<T extends UnsignedFinding>(findings: T[]): T[] {
  return findings.sort(
    (a, b) => a.line - b.line || a.column - b.column || a.ruleId.localeCompare(b.ruleId),
  );
}
