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
import { configFindings } from './config/config-report.js';
import { RepositoryStage } from './repository-stage.js';
import { globMatcher } from './config/glob.js';
import { MAX_ENTRIES_PER_CHECK } from './config/limits.js';

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
  /** The same files at the baseline (a base branch, `--since <ref>`): new vendors are judged against it. */
  baseline?: { label: string; inputs: readonly CheckInput[] };
  /**
   * A pull request's own config file when it is not the one judging it (the base's is): its
   * problems (`config-invalid`, `config-changed`) are reported under its path.
   */
  proposedConfig?: { path: string; problems: FileProblem[] };
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
  if (waiver.file && !globMatcher(waiver.file)(path)) return false;
  if (
    waiver.thirdParty &&
    !(finding.thirdParty && sameVendor(waiver.thirdParty, finding.thirdParty))
  )
    return false;
  return true;
}

/** Checks one file at a time; `finish` adds the config file's findings and the summary. */
export interface Checker {
  checkFile(input: CheckInput): FileReport;
  finish(files: FileReport[]): Report;
}

/** Prepares everything a check shares (rules, aliases, waivers) once, for any number of files. */
export function createChecker(options: CheckOptions): Checker {
  const config = options.config ?? defaultConfig();
  const aliasIndex = buildAliasIndex(options.rulePack.aliases);
  const keysOf = (name: string): string[] => vendorKeys(name, aliasIndex);
  const sameVendor = (a: string, b: string): boolean =>
    keysOf(b).some((k) => keysOf(a).includes(k));
  const env: RuleEnvironment = {
    now: options.now,
    lineAge: options.lineAge ?? (() => undefined),
    vendorKeys: keysOf,
    legal: options.rulePack.legal,
    baseline: options.baseline && {
      label: options.baseline.label,
      vendorKeys: new Set(
        options.baseline.inputs.flatMap((input) =>
          'error' in input
            ? []
            : parseDocument(input, config.structured).thirdParties.flatMap((p) => keysOf(p.name)),
        ),
      ),
    },
  };
  const base = options.docsBaseUrl ?? DEFAULT_DOCS_BASE;
  const docsUrl: DocsUrl = (rule) => rule.docsUrl ?? `${base}/${rule.id}.md`;
  const configured = configureRules(options.rulePack.rules, config);
  const rules = options.only
    ? configured.rules.filter((r) => options.only?.includes(r.id))
    : configured.rules;
  const active = config.waivers.filter((w) => w.expires >= options.now);
  const waived = (path: string) => (f: UnsignedFinding) =>
    !active.some((w) => waives(w, path, f, sameVendor));
  const sign = (path: string, lines: readonly string[], raw: UnsignedFinding[]): Finding[] =>
    signFindings(path, lines, sortFindings(raw), (n) => keysOf(n)[0] ?? '');
  const repository = new RepositoryStage(rules, env, docsUrl);
  let entriesLeft = MAX_ENTRIES_PER_CHECK;

  const checkFile = (input: CheckInput): FileReport => {
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
    const parsed: PolicyDocument = parseDocument(input, config.structured);
    const { document, overLimit } = withinEntryLimit(parsed, entriesLeft, docsUrl);
    entriesLeft -= document.thirdParties.length;
    repository.add(document);
    const raw = runRules(document, rules, env, docsUrl, configured.engineSeverity, options.only);
    if (overLimit) raw.push(overLimit);
    const findings = sign(input.path, document.lines, raw.filter(waived(input.path)));
    return {
      path: input.path,
      format: document.format,
      thirdParties: document.thirdParties.map(reportedParty),
      todos: document.todos.map((t) => ({ line: t.line, text: t.text, due: t.due })),
      errors: [],
      findings,
    };
  };

  const finish = (checked: FileReport[]): Report => {
    const across = repository.run();
    const files = checked.map((file) => {
      const extra = across.get(file.path);
      if (!extra) return file;
      const signed = sign(file.path, extra.lines, extra.findings.filter(waived(file.path)));
      return { ...file, findings: sortFindings([...file.findings, ...signed]) };
    });
    const problems = [...(options.configProblems ?? []), ...configured.problems];
    const reports = [
      configFindings(config, problems, options.now, docsUrl),
      options.proposedConfig &&
        configFindings(
          { ...defaultConfig(), path: options.proposedConfig.path },
          options.proposedConfig.problems,
          options.now,
          docsUrl,
        ),
    ].filter((r): r is FileReport => Boolean(r));
    const all = [...files, ...mergeByPath(reports)];
    const legal = options.rulePack.legal.version;
    return {
      version: 1,
      files: all,
      summary: summarise(all),
      ...(legal.version === 'none' ? {} : { legalData: { ...legal } }),
    };
  };
  return { checkFile, finish };
}

/**
 * A document cut to the entries a check may still take (limits.ts): memory grows with every
 * entry, so past the limit the rest is not checked, and an error says so (fail closed).
 */
function withinEntryLimit(
  document: PolicyDocument,
  left: number,
  docsUrl: DocsUrl,
): { document: PolicyDocument; overLimit: UnsignedFinding | null } {
  if (document.thirdParties.length <= left) return { document, overLimit: null };
  const kept = Math.max(0, left);
  const first = document.thirdParties[kept]!;
  const dropped = document.thirdParties.length - kept;
  return {
    document: { ...document, thirdParties: document.thirdParties.slice(0, kept) },
    overLimit: {
      ruleId: 'too-many-entries',
      severity: 'error',
      message: `A check reads at most ${MAX_ENTRIES_PER_CHECK.toLocaleString('en-US')} third-party entries; the ${dropped.toLocaleString('en-US')} from here on (${first.name} and after) were not checked. Split the list across checks, or narrow files in .policy-checker.yml`,
      ...first.position,
      thirdParty: null,
      docsUrl: docsUrl({ id: 'too-many-entries' }),
      related: [],
    },
  };
}

/** The config reports of one path (the base's and the proposed file share a name) as one. */
function mergeByPath(reports: FileReport[]): FileReport[] {
  const byPath = new Map<string, FileReport>();
  for (const report of reports) {
    const seen = byPath.get(report.path);
    byPath.set(
      report.path,
      seen ? { ...seen, findings: sortFindings([...seen.findings, ...report.findings]) } : report,
    );
  }
  return [...byPath.values()];
}

/** Checks policy files: parse, run the rules, apply suppressions and waivers, build the report. */
export function checkSources(inputs: readonly CheckInput[], options: CheckOptions): Report {
  const checker = createChecker(options);
  const files = inputs.map((input, index) => {
    options.onProgress?.(index);
    return checker.checkFile(input);
  });
  options.onProgress?.(inputs.length);
  return checker.finish(files);
}
