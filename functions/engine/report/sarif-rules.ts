import type { ReportingDescriptor, Result } from 'sarif';
import type { Report, Severity } from '../model.js';

/** A rule as the SARIF renderer needs it, taken from the rule pack by the caller. */
export interface SarifRule {
  id: string;
  description: string;
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

/** Builds the rule table: the caller's rules in order, then any rule the report uses but they lack. */
export function buildRuleTable(rules: readonly SarifRule[], report: Report): RuleTable {
  const descriptors: ReportingDescriptor[] = [];
  const indexOf = new Map<string, number>();
  const add = (descriptor: ReportingDescriptor): void => {
    if (indexOf.has(descriptor.id)) return;
    indexOf.set(descriptor.id, descriptors.length);
    descriptors.push(descriptor);
  };
  for (const rule of rules) {
    add({
      id: rule.id,
      shortDescription: { text: rule.description },
      helpUri: rule.docsUrl,
      defaultConfiguration: { level: sarifLevel(rule.severity) },
    });
  }
  // Engine-made ids (file-unreadable, markdown-recovered) are not in the rule
  // pack; a bare descriptor still gives every result a ruleIndex, and a
  // finding's docsUrl gives consumers a link.
  for (const file of report.files) {
    for (const e of file.errors)
      add(e.docsUrl ? { id: e.ruleId, helpUri: e.docsUrl } : { id: e.ruleId });
    for (const f of file.findings)
      add(f.docsUrl ? { id: f.ruleId, helpUri: f.docsUrl } : { id: f.ruleId });
  }
  return { descriptors, indexOf };
}
