import type { ReportingDescriptor, Result } from 'sarif';
import type { Report, Severity } from '../model.js';

/** A rule as the SARIF renderer needs it, taken from the rule pack and its docs by the caller. */
export interface SarifRule {
  id: string;
  /** One sentence: `shortDescription`. */
  description: string;
  /** Why the rule exists (the rule file's rationale): `fullDescription`; the description when absent. */
  fullDescription?: string;
  /** The rule's documentation page as Markdown: `help.markdown`, which code scanning shows with an alert. */
  helpMarkdown?: string;
  docsUrl: string;
  severity: Severity;
}

/** `tool.driver.rules` and where each rule id sits in it (for `result.ruleIndex`). */
export interface RuleTable {
  descriptors: ReportingDescriptor[];
  indexOf: ReadonlyMap<string, number>;
}

/** Maps a severity to a SARIF level: SARIF has no "notice", its "note" is the same thing. */
export function sarifLevel(severity: Severity): Result.level {
  return severity === 'notice' ? 'note' : severity;
}

/**
 * A complete descriptor: GitHub code scanning requires shortDescription, fullDescription and
 * help.text on every rule (the SARIF Multitool's GH2012), and shows help.markdown with the alert.
 */
function descriptor(rule: SarifRule): ReportingDescriptor {
  const full = rule.fullDescription ?? rule.description;
  return {
    id: rule.id,
    shortDescription: { text: rule.description },
    fullDescription: { text: full },
    helpUri: rule.docsUrl,
    help: {
      text: `${full}\n\nDocumentation: ${rule.docsUrl}`,
      ...(rule.helpMarkdown ? { markdown: rule.helpMarkdown } : {}),
    },
    defaultConfiguration: { level: sarifLevel(rule.severity) },
  };
}

/** A rule the caller did not describe (a custom rule, a new engine id): its id and docs link say enough. */
function undescribed(
  id: string,
  severity: Severity,
  docsUrl: string | undefined,
): ReportingDescriptor {
  const text = `Findings of the policy-check rule ${id}.`;
  return {
    id,
    shortDescription: { text: `policy-check rule ${id}` },
    fullDescription: { text },
    // No empty helpUri: "" is not a URI (SARIF1002).
    ...(docsUrl ? { helpUri: docsUrl } : {}),
    help: { text: docsUrl ? `${text}\n\nDocumentation: ${docsUrl}` : text },
    defaultConfiguration: { level: sarifLevel(severity) },
  };
}

/** Builds the rule table: the caller's rules in order, then any rule the report uses but they lack. */
export function buildRuleTable(rules: readonly SarifRule[], report: Report): RuleTable {
  const descriptors: ReportingDescriptor[] = [];
  const indexOf = new Map<string, number>();
  const add = (d: ReportingDescriptor): void => {
    if (indexOf.has(d.id)) return;
    indexOf.set(d.id, descriptors.length);
    descriptors.push(d);
  };
  for (const rule of rules) add(descriptor(rule));
  // Ids the caller did not describe still get a complete descriptor, so every result has a
  // ruleIndex and code scanning takes the log.
  for (const file of report.files) {
    for (const e of file.errors) add(undescribed(e.ruleId, 'error', e.docsUrl));
    for (const f of file.findings) add(undescribed(f.ruleId, f.severity, f.docsUrl));
  }
  return { descriptors, indexOf };
}
