import type { Severity } from '../model.js';
import type { RuleDefinition } from '../rules/rule.js';

/** A finding waived on purpose, until a date. */
export interface Waiver {
  rule: string;
  file: string | null;
  thirdParty: string | null;
  reason: string;
  expires: string;
  /** Where the waiver stands in the config file, for `waiver-expired`. */
  line: number;
}

/** A rule's configuration: severity or off, and parameter overrides. */
export interface RuleSetting {
  severity?: Severity | 'off';
  params?: Record<string, unknown>;
}

/** `.policy-checker.yml`, validated and with defaults applied. */
export interface PolicyConfig {
  /** Path of the config file relative to the root, or null for the defaults. */
  path: string | null;
  files: string[];
  ignore: string[];
  structured: string[];
  rules: Record<string, RuleSetting>;
  /** The line of each rule's setting in the config file, for problems with it. */
  ruleLines: Record<string, number>;
  customRules: RuleDefinition[];
  waivers: Waiver[];
  maxFileSize: number;
  /** What fails a pull request: only the findings it introduces (`new`), or every finding (`all`). */
  failOn: 'new' | 'all';
  snapshot: SnapshotSettings;
  page: PageSettings;
  /**
   * An invalid config file's own settings, read as far as they go: checked for problems (a
   * misspelt rule id, wrong parameters) in the same run, never applied. Absent when valid.
   */
  rejected?: PolicyConfig;
}

/** How the default branch's list is published (`snapshot:` in the config file). */
export interface SnapshotSettings {
  /** A check that ends in `failure`: publish with the failing conclusion visible, or hold back. */
  onFailure: 'publish' | 'hold';
  /** The SHA-256 fingerprint of the signing key's public key that `verify` pins, when given. */
  keyFingerprint: string | null;
}

/** Optional branding of the public page published beside the snapshots (`page:` in the config file). */
export interface PageSettings {
  /** Shown in the page's title and heading instead of the repository's name. */
  companyName: string | null;
  /** An absolute https URL of a logo image; the page's Content-Security-Policy allows its origin. */
  logoUrl: string | null;
  /** `#rgb` or `#rrggbb`: the colour of the page's decorative rules (never of text). */
  accentColor: string | null;
}

/** Ids reported by the engine itself rather than by a rule of the pack; they can be configured too. */
export const ENGINE_RULE_IDS = [
  'markdown-recovered',
  'file-unreadable',
  'file-too-large',
  'config-invalid',
  'config-changed',
  'waiver-expired',
  'too-many-entries',
];

/** File names that say what they are: the default policy files. */
export const DEFAULT_FILES = [
  '**/*{subprocessor,sub-processor,sub_processor,third-part,third_part,thirdpart,vendor,privacy}*.{md,markdown,mdx,yml,yaml,json}',
];

/** Never policy files: dependencies, and this tool's own rule and schema files. */
export const DEFAULT_IGNORE = [
  '**/node_modules/**',
  '**/.git/**',
  '**/policies/rules/**',
  '**/policies/schemas/**',
  '**/*.schema.json',
];

/** 5 MiB: policy pages are far smaller; a larger file gets a clear error, not an out-of-memory crash. */
export const DEFAULT_MAX_FILE_SIZE = 5 * 1024 * 1024;

/** The configuration used when a repository has no config file. */
export function defaultConfig(): PolicyConfig {
  return {
    path: null,
    files: DEFAULT_FILES,
    ignore: DEFAULT_IGNORE,
    structured: [],
    rules: {},
    ruleLines: {},
    customRules: [],
    waivers: [],
    maxFileSize: DEFAULT_MAX_FILE_SIZE,
    failOn: 'new',
    snapshot: { onFailure: 'publish', keyFingerprint: null },
    page: { companyName: null, logoUrl: null, accentColor: null },
  };
}
