import type { PolicyDocument, Suppression } from './model.js';
import type { DocumentSummary, RuleDefinition, RuleEnvironment } from './rules/rule.js';
import { RULE_TYPES } from './rule-types/index.js';
import { findMentions } from './legal/find-mentions.js';
import { isSuppressed } from './extract/suppressions.js';
import type { DocsUrl, UnsignedFinding } from './run-rules.js';

interface Kept {
  summary: DocumentSummary;
  suppressions: Suppression[];
  /** The source lines findings can point at (entries, mentions), for fingerprints. */
  lines: string[];
}

/**
 * Collects what the repository-wide rules need from each document (its entries and the known
 * services it names, not its text), then runs those rules once every file is read.
 */
export class RepositoryStage {
  private readonly kept = new Map<string, Kept>();
  private readonly rules: RuleDefinition[];

  constructor(
    rules: readonly RuleDefinition[],
    private readonly env: RuleEnvironment,
    private readonly docsUrl: DocsUrl,
  ) {
    this.rules = rules.filter((r) => RULE_TYPES.get(r.type)?.checkRepository);
  }

  /** Remembers a document's summary; mentions are searched only when a rule will use them. */
  add(document: PolicyDocument): void {
    if (this.rules.length === 0) return;
    const wantsMentions = this.rules.some((r) => r.type === 'undeclared-service');
    const mentions = wantsMentions ? findMentions(document.lines, this.env.legal.processors) : [];
    const lines: string[] = [];
    for (const at of [
      ...document.thirdParties.map((p) => p.line),
      ...mentions.map((m) => m.span.line),
    ]) {
      lines[at - 1] = document.lines[at - 1] ?? '';
    }
    this.kept.set(document.path, {
      summary: { path: document.path, thirdParties: document.thirdParties, mentions },
      suppressions: document.suppressions,
      lines,
    });
  }

  /** Runs the repository rules: findings by path, suppressions applied, with the lines to sign them. */
  run(): Map<string, { findings: UnsignedFinding[]; lines: string[] }> {
    const out = new Map<string, { findings: UnsignedFinding[]; lines: string[] }>();
    const documents = [...this.kept.values()].map((k) => k.summary);
    for (const rule of this.rules) {
      const url = this.docsUrl(rule);
      RULE_TYPES.get(rule.type)?.checkRepository?.({
        documents,
        params: rule.params as never,
        rule,
        env: this.env,
        report: ({ path, span, message, thirdParty, severity, related }) => {
          const kept = this.kept.get(path);
          if (!kept || isSuppressed(kept.suppressions, rule.id, span.line)) return;
          const entry = out.get(path) ?? { findings: [], lines: kept.lines };
          entry.findings.push({
            ruleId: rule.id,
            severity: severity ?? rule.severity,
            message,
            ...span,
            thirdParty: thirdParty ?? null,
            docsUrl: url,
            related: related ?? [],
          });
          out.set(path, entry);
        },
      });
    }
    return out;
  }
}
