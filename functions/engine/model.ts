/**
 * The document model and report shapes shared by every part of the engine.
 * Positions are 1-based; `endColumn` is exclusive, as in unist and SARIF.
 */

export type Severity = 'error' | 'warning' | 'notice';
export type FileFormat = 'markdown' | 'yaml' | 'json';

/** A range in a source file. */
export interface Span {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** One source file handed to the engine. `path` is relative to the checked root, `/`-separated. */
export interface SourceFile {
  path: string;
  text: string;
  /** Overrides detection by extension (a `.txt` named on the command line is Markdown). */
  format?: FileFormat;
}

/** A link as the entry gives it. */
export interface EntryLink {
  text: string;
  url: string;
  line: number;
}

/** How a GDPR link was judged: the reason an entry has none is part of the message. */
export interface GdprLinkVerdict {
  /** The qualifying link, or null. */
  url: string | null;
  /** When url is null: what was found instead (e.g. `only a generic privacy policy link http://…`). */
  foundInstead: string | null;
}

/** Where a field's value came from, so messages can say "from the heading at line 4". */
export type FieldOrigin = 'entry' | 'group';

/** A third party (vendor, subprocessor) extracted from a policy file. */
export interface ThirdParty {
  name: string;
  /** Position of the name; `line`..`endLine` of the whole entry below. */
  position: Span;
  line: number;
  endLine: number;
  purpose: string | null;
  location: string | null;
  countries: string[];
  gdprLink: string | null;
  /** Why `gdprLink` is null, when the entry had links that did not qualify. */
  gdprLinkFoundInstead: string | null;
  links: EntryLink[];
  /** Which shape the entry came from. */
  shape: 'heading' | 'list' | 'table' | 'structured';
  origins: Partial<Record<'purpose' | 'location', FieldOrigin>>;
  /** The source lines of the entry's group (its heading, its lead-in line), which state fields for it. */
  groupLines?: { line: number; text: string }[];
  /** Structured-only fields (camelCase as in the schema). */
  transfer?: string | null;
  effective?: string | null;
  lastReviewed?: string | null;
  dataCategories?: string[];
}

/** A TODO / FIXME / TBD / XXX marker. */
export interface Todo {
  line: number;
  column: number;
  endColumn: number;
  marker: 'TODO' | 'FIXME' | 'TBD' | 'XXX';
  text: string;
  /** Its own due date, `TODO(2026-12-01)`, ISO date or null. */
  due: string | null;
}

/** A repair the Markdown reader made to broken input, reported as a `markdown-recovered` notice. */
export interface Recovery {
  span: Span;
  message: string;
}

/** An inline suppression comment: `policy-check-disable-next-line rule -- reason`. */
export interface Suppression {
  /** Rule ids it applies to; empty means every rule. */
  rules: string[];
  /** Inclusive line range it covers. */
  fromLine: number;
  toLine: number;
  reason: string | null;
}

/** A problem with the file itself rather than with a vendor (unparseable YAML, bad JSON). */
export interface FileProblem {
  ruleId: string;
  severity: Severity;
  message: string;
  span: Span;
}

/** A parsed structured value with a way back to source lines (for schema errors). */
export interface StructuredData {
  value: unknown;
  /** The span of the node at a JSON pointer (`/thirdParties/0/name`), or of its nearest ancestor. */
  spanAt(pointer: string): Span;
  /** The span of the key of a mapping entry at `pointer`, when there is one. */
  keySpanAt(pointer: string): Span | undefined;
  /** True when the file declares it follows this project's schema (`$schema`). */
  declaresSchema: boolean;
}

/** Everything the rules see about one file. */
export interface PolicyDocument {
  path: string;
  format: FileFormat;
  lineCount: number;
  /** The text split into lines (without terminators), for rules that look at raw text. */
  lines: readonly string[];
  thirdParties: ThirdParty[];
  todos: Todo[];
  recoveries: Recovery[];
  suppressions: Suppression[];
  problems: FileProblem[];
  structured: StructuredData | null;
}

/** A location related to a finding (the first listing of a duplicate, the other document). */
export interface RelatedLocation {
  path: string;
  line: number;
  column: number;
  message: string;
}

/** One finding, in the JSON report shape of DESIGN.md. */
export interface Finding {
  ruleId: string;
  severity: Severity;
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  thirdParty: string | null;
  docsUrl: string;
  fingerprint: string;
  related: RelatedLocation[];
}

/** A file-level read error (unreadable, binary, too large): the file could not be checked. */
export interface FileError {
  ruleId: 'file-unreadable' | 'file-too-large' | 'config-invalid';
  message: string;
  /** The rule's documentation; the engine fills it in. */
  docsUrl?: string;
}

/** A third party as the JSON report shows it: the entry's fields, links without their lines. */
export type ReportedThirdParty = Pick<
  ThirdParty,
  'name' | 'line' | 'endLine' | 'purpose' | 'location' | 'countries' | 'gdprLink'
> &
  Partial<Pick<ThirdParty, 'transfer' | 'effective' | 'lastReviewed' | 'dataCategories'>> & {
    links: { text: string; url: string }[];
  };

export interface FileReport {
  path: string;
  format: FileFormat | null;
  thirdParties: ReportedThirdParty[];
  todos: { line: number; text: string; due: string | null }[];
  errors: FileError[];
  findings: Finding[];
}

export interface ReportSummary {
  files: number;
  thirdParties: number;
  errors: number;
  warnings: number;
  notices: number;
}

/** Something about the whole run rather than a file (a shallow clone's missing history), said once. */
export interface ReportNote {
  id: string;
  severity: Severity;
  message: string;
}

/** The report: one object, rendered to text, JSON, SARIF, GitHub commands or a check run. */
export interface Report {
  version: 1;
  /** Said at the top of every rendering; absent when there is nothing to say. */
  notes?: ReportNote[];
  files: FileReport[];
  summary: ReportSummary;
  /** Which legal data judged it (`2026-12-08.3fa1c2d9`) and when that data was last reviewed. */
  legalData?: { version: string; reviewed: string };
}
