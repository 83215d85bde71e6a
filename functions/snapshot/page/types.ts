import type { PageSettings } from '../../engine/config/config.js';
import type { Severity } from '../../engine/index.js';
import type { ChangeSummary } from '../change-summary.js';
import type { Snapshot, SnapshotChanges } from '../snapshot.js';

/** The page's branding: `page:` in `.policy-checker.yml`; every field optional. */
export type PageBranding = Partial<PageSettings>;

/** A finding of the check that produced the snapshot, to mark the entry it is about. */
export interface PageFinding {
  /** The file, as the snapshot's `source.file`. */
  file: string;
  line: number;
  thirdParty?: string | null;
  ruleId: string;
  severity: Severity;
  message: string;
}

/** One published snapshot, for "What changed". */
export interface PageHistoryEntry {
  sequence: number;
  sha256: string;
  publishedAt: string;
  commit: string | null;
  conclusion: string;
  /** The snapshot's own changes, field by field, when its JSON is at hand. */
  changes?: SnapshotChanges | null;
  /** Else the summary kept beside it (index, feed); null when the list did not change. */
  summary: ChangeSummary | null;
}

export interface PageInput {
  /** The snapshot the page shows, as signed. */
  snapshot: Snapshot;
  /** SHA-256 (hex) of its published bytes. */
  sha256: string;
  /** Published snapshots up to this one, in any order; later ones are ignored. */
  history: readonly PageHistoryEntry[];
  /** `index.html` (the current list) or `<seq>.html` (this version, kept for ever). */
  role: 'index' | 'version';
  /** The style sheet beside the page (`pageStyle(branding).file`). */
  styleFile: string;
  branding?: PageBranding | null;
  /** The check's findings: entries with an error are marked with the reason. */
  findings?: readonly PageFinding[] | null;
  /**
   * `buildAliasIndex(loadRulePack().aliases)`: listings of one vendor under its aliases share
   * a row. Without it, names still meet across case, punctuation and legal suffixes.
   */
  aliasIndex?: ReadonlyMap<string, string>;
  /**
   * Where commits link to: `https://github.com/<owner>/<repo>` by default, null for a
   * `local/…` repository (a folder outside GitHub).
   */
  repositoryUrl?: string | null;
}
