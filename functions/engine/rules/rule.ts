import type { PolicyDocument, RelatedLocation, Severity, Span, ThirdParty } from '../model.js';
import type { LegalData } from '../legal/legal-data.js';

/** A rule as data: one YAML file under `policies/rules/`, or a custom rule in the config. */
export interface RuleDefinition {
  id: string;
  description: string;
  severity: Severity;
  rationale: string;
  type: string;
  params: Record<string, unknown>;
  /** Overrides the built-in docs URL (custom rules point at their own docs). */
  docsUrl?: string;
}

/** What a rule type reports; the runner adds rule id, severity, docs link and fingerprint. */
export interface RawFinding {
  span: Span;
  message: string;
  thirdParty?: string | null;
  /** Overrides the rule's severity for this finding (a fresh TODO is a notice). */
  severity?: Severity;
  related?: RelatedLocation[];
}

/** Facts about the world a rule may need: the engine itself never reads a clock or git. */
export interface RuleEnvironment {
  /** Today, `YYYY-MM-DD`. */
  now: string;
  /** Age in days of the line's last change (from blame), or undefined when unknown. */
  lineAge(path: string, line: number): number | undefined;
  /** The vendor-matching function every comparing rule uses. */
  vendorKeys(name: string): string[];
  /** The legal lists (EEA, adequacy decisions, transfer mechanisms, known processors). */
  legal: LegalData;
  /** The vendors listed at the baseline (base branch, last snapshot, `--since`), when there is one. */
  baseline?: Baseline;
}

/** What was listed before this change: new vendors are measured against it. */
export interface Baseline {
  /** How messages name it: "main", "the last snapshot", a git ref. */
  label: string;
  vendorKeys: ReadonlySet<string>;
}

export interface RuleContext<P> {
  document: PolicyDocument;
  params: P;
  rule: RuleDefinition;
  env: RuleEnvironment;
  report(finding: RawFinding): void;
}

/** A known service named in a document's text. */
export interface Mention {
  service: string;
  text: string;
  span: Span;
}

/** What the repository stage keeps of each document: enough to compare lists, no text. */
export interface DocumentSummary {
  path: string;
  thirdParties: ThirdParty[];
  mentions: Mention[];
}

/** A finding of the repository stage, placed in one of the documents. */
export interface RepositoryFinding extends RawFinding {
  path: string;
}

export interface RepositoryContext<P> {
  documents: readonly DocumentSummary[];
  params: P;
  rule: RuleDefinition;
  env: RuleEnvironment;
  report(finding: RepositoryFinding): void;
}

/** A rule type: the engine's code behind rules declared as data. */
export interface RuleType<P = Record<string, unknown>> {
  type: string;
  /** JSON Schema (draft 2020-12) of `params`, checked with ajv when the rule pack loads. */
  paramsSchema: object;
  /** Checks one document. */
  check?(context: RuleContext<P>): void;
  /** Checks all documents together, after every file (lists that must agree). */
  checkRepository?(context: RepositoryContext<P>): void;
}
