import {
  renderGithubCommands,
  renderJson,
  renderSarif,
  renderText,
  type PolicyConfig,
  type Report,
} from '../../engine/index.js';
import { describeRules } from '../rule-descriptions.js';
import { collectFiles } from '../collect-files.js';
import { UsageError, type CliContext } from '../io.js';
import { textOptions } from '../text-options.js';
import { loadConfig } from '../load-config.js';
import { checkFiles } from '../check-files.js';
import { gitBaseline } from '../git-baseline.js';
import { progress } from '../progress.js';

const FORMATS = ['text', 'json', 'sarif', 'github'] as const;
export type Format = (typeof FORMATS)[number];

export interface CheckArgs {
  paths: string[];
  format: string;
  config?: string;
  now: string;
  rules?: string[];
  since?: string;
}

/** Where code scanning sends someone who wants to know what the tool is. */
const INFORMATION_URI = 'https://github.com/policy-checker/policy-checker';

/** The report in one of the CLI's formats, as `check --format` prints it (the Action uses it too). */
export function render(
  report: Report,
  format: Format,
  context: CliContext,
  meta: { version: string; config: PolicyConfig },
): string {
  if (format === 'json') return renderJson(report);
  if (format === 'github') return renderGithubCommands(report);
  if (format === 'sarif') {
    const rules = describeRules(meta.config.customRules);
    return renderSarif(report, {
      toolVersion: meta.version,
      informationUri: INFORMATION_URI,
      rules,
    });
  }
  return renderText(report, textOptions(context));
}

/** Exit code: 2 when any input could not be read, else 1 for error-level findings, else 0. */
export function exitCode(report: Report): number {
  if (
    report.files.some(
      (f) => f.errors.length > 0 || f.findings.some((x) => x.ruleId === 'config-invalid'),
    )
  )
    return 2;
  return report.summary.errors > 0 ? 1 : 0;
}

/** `policy-check check`: the files under the paths, checked and rendered. */
export function runCheck(args: CheckArgs, context: CliContext, version: string): number {
  if (!(FORMATS as readonly string[]).includes(args.format)) {
    throw new UsageError(`unknown format "${args.format}"; use one of ${FORMATS.join(', ')}`);
  }
  const root = context.cwd;
  const { config, problems } = loadConfig(root, args.config);
  const files = collectFiles(root, args.paths, config);
  if (files.length === 0) {
    // A wrong glob must not look like a clean run in CI.
    throw new UsageError(
      `no policy files found in ${args.paths.join(', ') || '.'}; name the files, or set "files" globs in .policy-checker.yml (policy-check init writes one)`,
    );
  }
  const baseline = args.since ? gitBaseline(root, files, args.since) : undefined;
  const job = { root, config, configProblems: problems, now: args.now, only: args.rules, baseline };
  const report = checkFiles(
    files,
    job,
    progress(context, args.format === 'text' ? files.length : 0),
  );
  context.stdout.write(render(report, args.format as Format, context, { version, config }));
  return exitCode(report);
}
