import picomatch from 'picomatch';
import type {
  FileError,
  FileProblem,
  FileReport,
  Finding,
  PolicyDocument,
  Report,
  SourceFile,
} from './model.js';
import { defaultConfig, type PolicyConfig, type Waiver } from './config/config.js';
import type { RulePack } from './rules/rule-pack.js';
import type { RuleEnvironment } from './rules/rule.js';
import { parseDocument } from './parse/parse-document.js';
import {
  runRules,
  signFindings,
  sortFindings,
  type DocsUrl,
  type UnsignedFinding,
} from './run-rules.js';
import { configureRules } from './config/configured-rules.js';
import { buildAliasIndex, vendorKeys } from './vendors/same-vendor.js';
import { summarise } from './report/summary.js';
import { reportedParty } from './report/reported-party.js';

/** A file the caller could not read: it is reported, not checked. */
export interface UnreadableInput {
  path: string;
  error: FileError;
}

export type CheckInput = SourceFile | UnreadableInput;

export interface CheckOptions {
  rulePack: RulePack;
  config?: PolicyConfig;
  /** Problems found in the config file itself (`config-invalid`), reported under its path. */
  configProblems?: FileProblem[];
  /** Today, `YYYY-MM-DD`: an input, so verdicts never change as the calendar moves. */
  now: string;
  /** Age in days of a line's last change (from blame); unknown when omitted. */
  lineAge?: (path: string, line: number) => number | undefined;
  /** Run only these rule ids (tests, `--rule`). */
  only?: string[];
  docsBaseUrl?: string;
  /** Called after each file, for progress on a terminal. */
  onProgress?: (done: number) => void;
}

/** Where rule documentation lives; findings link to it. */
export const DEFAULT_DOCS_BASE =
  'https://github.com/policy-checker/policy-checker/blob/main/docs/rules';

function waives(
  waiver: Waiver,
  path: string,
  finding: UnsignedFinding,
  sameVendor: (a: string, b: string) => boolean,
): boolean {
  if (waiver.rule !== finding.ruleId) return false;
  if (waiver.file && !picomatch.isMatch(path, waiver.file, { dot: true })) return false;
  if (
    waiver.thirdParty &&
    !(finding.thirdParty && sameVendor(waiver.thirdParty, finding.thirdParty))
  )
    return false;
  return true;
}

/** Checks policy files: parse, run the rules, apply suppressions and waivers, build the report. */
export function checkSources(inputs: readonly CheckInput[], options: CheckOptions): Report {
  const config = options.config ?? defaultConfig();
  const aliasIndex = buildAliasIndex(options.rulePack.aliases);
  const keysOf = (name: string): string[] => vendorKeys(name, aliasIndex);
  const sameVendor = (a: string, b: string): boolean =>
    keysOf(b).some((k) => keysOf(a).includes(k));
  const env: RuleEnvironment = {
    now: options.now,
    lineAge: options.lineAge ?? (() => undefined),
    vendorKeys: keysOf,
  };
  const base = options.docsBaseUrl ?? DEFAULT_DOCS_BASE;
  const docsUrl: DocsUrl = (rule) => rule.docsUrl ?? `${base}/${rule.id}.md`;
  const configured = configureRules(options.rulePack.rules, config);
  const rules = options.only
    ? configured.rules.filter((r) => options.only?.includes(r.id))
    : configured.rules;
  const active = config.waivers.filter((w) => w.expires >= options.now);
  const files: FileReport[] = inputs.map((input, index) => {
    options.onProgress?.(index);
    if ('error' in input) {
      const error = { ...input.error, docsUrl: docsUrl({ id: input.error.ruleId }) };
      return {
        path: input.path,
        format: null,
        thirdParties: [],
        todos: [],
        errors: [error],
        findings: [],
      };
    }
    const document: PolicyDocument = parseDocument(input, config.structured);
    const raw = runRules(
      document,
      rules,
      env,
      docsUrl,
      configured.engineSeverity,
      options.only,
    ).filter((f) => !active.some((w) => waives(w, input.path, f, sameVendor)));
    const findings: Finding[] = signFindings(
      input.path,
      document.lines,
      sortFindings(raw),
      (n) => keysOf(n)[0] ?? '',
    );
    return {
      path: input.path,
      format: document.format,
      thirdParties: document.thirdParties.map(reportedParty),
      todos: document.todos.map((t) => ({ line: t.line, text: t.text, due: t.due })),
      errors: [],
      findings,
    };
  });
  options.onProgress?.(inputs.length);
  const configReport = configFindings(
    config,
    [...(options.configProblems ?? []), ...configured.problems],
    options.now,
    docsUrl,
  );
  if (configReport) files.push(configReport);
  return { version: 1, files, summary: summarise(files) };
}

function configFindings(
  config: PolicyConfig,
  problems: readonly FileProblem[],
  now: string,
  docsUrl: DocsUrl,
): FileReport | null {
  const path = config.path;
  if (!path) return null;
  const raw: UnsignedFinding[] = problems.map((p) => ({
    ruleId: p.ruleId,
    severity: p.severity,
    message: p.message,
    ...p.span,
    thirdParty: null,
    docsUrl: docsUrl({ id: p.ruleId }),
    related: [],
  }));
  for (const w of config.waivers.filter((w) => w.expires < now)) {
    const target = [w.thirdParty, w.file].filter(Boolean).join(' in ') || 'every file';
    raw.push({
      ruleId: 'waiver-expired',
      severity: 'warning',
      message: `The waiver of ${w.rule} for ${target} expired on ${w.expires} (reason: ${w.reason}); fix the finding, or renew the waiver with a new date`,
      line: w.line,
      column: 1,
      endLine: w.line,
      endColumn: 1,
      thirdParty: w.thirdParty,
      docsUrl: docsUrl({ id: 'waiver-expired' }),
      related: [],
    });
  }
  if (raw.length === 0) return null;
  const findings = signFindings(path, [], sortFindings(raw), (n) => n.toLowerCase());
  return { path, format: 'yaml', thirdParties: [], todos: [], errors: [], findings };
}
